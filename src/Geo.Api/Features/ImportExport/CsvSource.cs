using System.Globalization;
using System.Text;
using NetTopologySuite.IO;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Reads a CSV as Excel and Chinese statistical systems write it: comma (or tab, or semicolon) separated,
/// RFC 4180 quoting, UTF-8 with or without BOM, or GBK. Geometry comes from lon/lat or x/y columns, or a WKT column.
/// </summary>
public static class CsvSource
{
    private static readonly char[] Delimiters = [',', '\t', ';'];

    public static SourceData Read(byte[] bytes, Encoding encoding, FieldNames names)
    {
        string text;
        try
        {
            var start = bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            text = encoding.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(encoding.CodePage == 65001
                ? "The CSV is not valid UTF-8. Files saved by Excel in China are usually GBK: send encoding=gbk."
                : $"The CSV is not valid {encoding.WebName}: check the encoding parameter ({TextEncodings.Allowed}).");
        }

        var records = Parse(text);
        return FromRecords("csv", records, records.Select((_, i) => i + 1).ToList(), names);
    }

    /// <summary>Rows above the header (a sheet's title, its date) are skipped: the header is the first of these with coordinate columns.</summary>
    private const int HeaderSearchRows = 20;

    /// <summary>
    /// The rows of a table of text cells (a CSV, or a sheet of a workbook): the header is the first record whose
    /// columns name coordinates; each row keeps <paramref name="lines"/>' number, the spreadsheet's own.
    /// </summary>
    internal static SourceData FromRecords(string format, IReadOnlyList<List<string>> records, IReadOnlyList<int> lines, FieldNames names)
    {
        var start = Enumerable.Range(0, Math.Min(records.Count, HeaderSearchRows))
            .FirstOrDefault(r => GeometryColumns.Find(records[r].Select(h => names.Peek(h).Field).ToList()) is not null, -1);
        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace) && start < 0)
        {
            throw new ImportFileException($"The {Noun(format)} has no header line: the first line must name the columns.");
        }

        if (start < 0)
        {
            var first = records.First(r => !r.All(string.IsNullOrWhiteSpace));
            throw new ImportFileException(
                $"The {Noun(format)} has no coordinate columns: expected lon/lat (经度/纬度), x/y or wkt, found {string.Join(", ", first)}. " +
                "Name yours with mapping=, e.g. {\"jd\":\"lon\",\"wd\":\"lat\"}.");
        }

        var header = records[start].Select(names.Of).ToList();
        var geometry = GeometryColumns.Find(header)!;
        var rows = new List<SourceRow>(records.Count - start - 1);
        var wktReader = new WKTReader(GeoJsonSource.SourceFactory.GeometryServices);
        for (var r = start + 1; r < records.Count; r++)
        {
            var fields = records[r];
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue; // blank line
            }

            var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var c = 0; c < header.Count && c < fields.Count; c++)
            {
                if (!geometry.Uses(c) && header[c].Length > 0)
                {
                    attributes[header[c]] = string.IsNullOrWhiteSpace(fields[c]) ? null : fields[c].Trim();
                }
            }

            var number = lines[r];
            // A sheet's row ends at its last filled cell; a CSV line must have the header's every field.
            if (format == "csv" ? fields.Count != header.Count : fields.Skip(header.Count).Any(f => f.Length > 0))
            {
                rows.Add(new SourceRow(number, null, attributes,
                    RecordError: $"has {fields.Count} fields where the header has {header.Count} (an unquoted comma?)"));
                continue;
            }

            var (shape, error) = geometry.Read(fields, wktReader);
            rows.Add(new SourceRow(number, shape, attributes, GeometryError: error));
        }

        return new SourceData(format, rows, null, null, header.Where((h, c) => !geometry.Uses(c) && h.Length > 0).ToList());
    }

    private static string Noun(string format) => format == "csv" ? "CSV" : "sheet";

    /// <summary>RFC 4180 records; the delimiter is the one of comma, tab and semicolon the header line uses most.</summary>
    internal static List<List<string>> Parse(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var firstLine = end >= 0 ? text[..end] : text;
        var delimiter = Delimiters.OrderByDescending(d => firstLine.Count(c => c == d)).First();
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == delimiter)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }

    /// <summary>Where a CSV keeps its geometry: a pair of coordinate columns, or one WKT column.</summary>
    private sealed record GeometryColumns(int First, int Second, int Wkt, string FirstName, string SecondName)
    {
        public static GeometryColumns? Find(List<string> header)
        {
            int Index(string[] aliases) => header.FindIndex(h => aliases.Contains(h, StringComparer.OrdinalIgnoreCase));
            var (lon, lat) = (Index(FieldNames.Longitude), Index(FieldNames.Latitude));
            if (lon >= 0 && lat >= 0)
            {
                return new GeometryColumns(lon, lat, -1, header[lon], header[lat]);
            }

            var (x, y) = (Index(FieldNames.X), Index(FieldNames.Y));
            if (x >= 0 && y >= 0)
            {
                return new GeometryColumns(x, y, -1, header[x], header[y]);
            }

            var wkt = Index(FieldNames.Wkt);
            return wkt >= 0 ? new GeometryColumns(-1, -1, wkt, header[wkt], "") : null;
        }

        private static string Field(List<string> fields, int column) => column < fields.Count ? fields[column].Trim() : "";

        public bool Uses(int column) => column == First || column == Second || column == Wkt;

        public (Geometry?, string?) Read(List<string> fields, WKTReader wktReader)
        {
            if (Wkt >= 0)
            {
                var wkt = Field(fields, Wkt);
                if (wkt.Length == 0)
                {
                    return (null, $"{FirstName} is empty");
                }

                try
                {
                    return (wktReader.Read(wkt), null);
                }
                catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
                {
                    return (null, $"{FirstName} is not valid WKT ({e.Message})");
                }
            }

            var (a, b) = (Field(fields, First), Field(fields, Second));
            if (a.Length == 0 || b.Length == 0)
            {
                return (null, $"{FirstName}/{SecondName} are empty");
            }

            if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var first) || !double.IsFinite(first))
            {
                return (null, $"{FirstName} '{a}' is not a number");
            }

            if (!double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var second) || !double.IsFinite(second))
            {
                return (null, $"{SecondName} '{b}' is not a number");
            }

            return (GeoJsonSource.SourceFactory.CreatePoint(new Coordinate(first, second)), null);
        }
    }
}
