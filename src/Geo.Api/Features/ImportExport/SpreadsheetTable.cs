using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using NetTopologySuite.IO;
using Geo.Analysis.Coordinates;

namespace Geo.Api.Features.ImportExport;

/// <summary>The language of a spreadsheet export: Chinese headers and words for people, the API's own for machines.</summary>
public enum SheetLanguage { Zh, En }

/// <summary>
/// Features as the rows of a spreadsheet (CSV or .xlsx): id, then lon/lat (x/y when projected) when every
/// feature is a point, else WKT, then the properties. In Chinese the headers and words come from
/// <see cref="SpreadsheetVocabulary"/>, so an export reads back through the same table. Text that a
/// spreadsheet would run as a formula (=, +, -, @) is written behind an apostrophe.
/// </summary>
public sealed class SpreadsheetTable
{
    private SpreadsheetTable(IReadOnlyList<string> fields, IReadOnlyList<string> headers, IReadOnlyList<object?[]> rows) =>
        (Fields, Headers, Rows) = (fields, headers, rows);

    public IReadOnlyList<string> Fields { get; }

    public IReadOnlyList<string> Headers { get; }

    /// <summary>Cells as string, long, double or bool (numbers stay numbers for the .xlsx), null when empty.</summary>
    public IReadOnlyList<object?[]> Rows { get; }

    public static SpreadsheetTable Of(IReadOnlyList<ExportFeature> features, Crs crs, GeometryKind kind, SheetLanguage language)
    {
        var columns = features.SelectMany(f => f.Properties.Select(p => p.Key)).Distinct().ToList();
        var points = kind == GeometryKind.Point || kind == GeometryKind.PointOrMultiPolygon && features.Count > 0 && features.All(f => f.Geometry is Point);
        var place = !points ? (string[])["wkt"] : crs.IsProjected ? ["x", "y"] : ["lon", "lat"];
        List<string> fields = ["id", .. place, .. columns];
        var headers = fields.Select(f => language == SheetLanguage.Zh && SpreadsheetVocabulary.Headers.TryGetValue(f, out var h) ? h[0] : f).ToList();
        var wkt = new WKTWriter { MaxCoordinatesPerLine = int.MaxValue };
        var rows = features.Select(feature =>
        {
            var geometry = crs.FromWgs84(feature.Geometry);
            object?[] at = points ? [geometry.Coordinate.X, geometry.Coordinate.Y] : [wkt.Write(geometry)];
            return (object?[])[feature.Id, .. at, .. columns.Select(c => Cell(c, feature.Properties[c], language))];
        }).ToList();
        return new SpreadsheetTable(fields, headers, rows);
    }

    /// <summary>A cell a spreadsheet shows as written: text that would start a formula goes behind an apostrophe.</summary>
    public static string Neutralised(string text) =>
        text.Length > 0 && AttributeCoercion.FormulaStarts.Contains(text[0]) ? "'" + text : text;

    public byte[] Csv()
    {
        var text = new System.Text.StringBuilder().AppendRow(Headers);
        foreach (var row in Rows)
        {
            text.AppendRow(row.Select(CsvCell));
        }

        return CsvText.Utf8WithBom(text);
    }

    /// <summary>One sheet, its header row frozen, coordinates and areas with number formats.</summary>
    public byte[] Xlsx(string sheetName)
    {
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            FreezeColumnCount = 0,
            EnableAutoWidth = true,
            FastMode = true, // auto width needs it: the sheet is written to a seekable MemoryStream
            DynamicColumns = Fields.Select((f, i) => Format(f) is { } format ? new DynamicExcelColumn(Headers[i]) { Format = format } : null)
                .OfType<DynamicExcelColumn>().ToArray(),
        };
        var stream = new MemoryStream();
        stream.SaveAs(Rows.Select(row => (IDictionary<string, object?>)Headers.Select((h, i) => (h, row[i])).ToDictionary(p => p.h, p => p.Item2)),
            sheetName: sheetName, excelType: ExcelType.XLSX, configuration: configuration);
        return stream.ToArray();
    }

    private static string? Format(string field) => field switch
    {
        "lon" or "lat" => "0.000000",
        "x" or "y" => "0.000",
        _ when field.EndsWith("_m2", StringComparison.Ordinal) || field.EndsWith("_m", StringComparison.Ordinal) => "#,##0.0",
        _ => null,
    };

    private static string CsvCell(object? cell) => cell switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static object? Cell(string field, JsonNode? node, SheetLanguage language)
    {
        var zh = language == SheetLanguage.Zh;
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                return Neutralised(!zh ? text
                    : field == "data_source" ? SpreadsheetVocabulary.DataSource(text)
                    : SpreadsheetVocabulary.ChineseOf(field, text) ?? text);
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                var flag = value.GetValue<bool>();
                return zh ? (flag ? "是" : "否") : flag;
            case JsonValue value when value.TryGetValue<long>(out var whole):
                return whole;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                return value.GetValue<double>();
            case JsonArray array when array.All(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String):
                var words = array.Select(e => e!.GetValue<string>()).Select(w => zh ? SpreadsheetVocabulary.ChineseOf(field, w) ?? w : w);
                return Neutralised(string.Join(zh ? "、" : ",", words));
            default:
                return Neutralised(node.ToJsonString());
        }
    }
}
