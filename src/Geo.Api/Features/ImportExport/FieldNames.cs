using System.Text.Json;

namespace Geo.Api.Features.ImportExport;

/// <summary>A file column and the field it was read as: by the caller's mapping, the vocabulary's headers, or its own name.</summary>
public sealed record ColumnField(string Column, string Field, string By);

/// <summary>
/// Turns the column names of a file into the layer's field names: the caller's mapping first, then the
/// headers Chinese spreadsheets commonly use, else the header in snake_case ("ApprovedSlots" → approved_slots).
/// </summary>
public sealed partial class FieldNames
{
    /// <summary>Headers that name a coordinate or a geometry, whatever the layer.</summary>
    public static readonly string[] Longitude = ["lon", "lng", "long", "longitude"];
    public static readonly string[] Latitude = ["lat", "latitude"];
    public static readonly string[] X = ["x", "easting"];
    public static readonly string[] Y = ["y", "northing"];
    public static readonly string[] Wkt = ["wkt", "geometry_wkt", "the_geom", "geom"];

    private readonly Dictionary<string, string> _mapping;

    public FieldNames(IReadOnlyDictionary<string, string>? mapping = null) =>
        _mapping = new Dictionary<string, string>(mapping ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, ColumnField> _taken = new(StringComparer.Ordinal);

    /// <summary>Which column was read as which field, and why (mapping, vocabulary, name), in the order first seen.</summary>
    public IReadOnlyList<ColumnField> Taken => [.. _taken.Values];

    /// <summary>The field of a header, recorded in <see cref="Taken"/>.</summary>
    public string Of(string header)
    {
        var taken = Peek(header);
        _taken.TryAdd(taken.Column, taken);
        return taken.Field;
    }

    /// <summary>The field a header would be read as, without recording it (to look for the header row).</summary>
    public ColumnField Peek(string header)
    {
        var trimmed = header.Trim().Trim('\uFEFF');
        var (field, how) = _mapping.TryGetValue(trimmed, out var mapped) ? (mapped.Trim(), "mapping")
            : SpreadsheetVocabulary.FieldOf(trimmed) is { } known ? (known, "vocabulary")
            : (JsonNamingPolicy.SnakeCaseLower.ConvertName(trimmed.Replace(' ', '_').Replace('-', '_')).Replace("__", "_", StringComparison.Ordinal), "name");
        return new ColumnField(trimmed, field, how);
    }

    /// <summary>A DBF field name holds 10 bytes: GDAL, QGIS and ArcGIS cut longer names there (approved_slots → approved_s).</summary>
    public const int DbfNameBytes = 10;

    /// <summary>
    /// The columns of a file that are names cut to a DBF's 10 bytes, column → field, in the file's column order.
    /// A cut name is the start of a field or of one of its Chinese headers (统一社会信用代码 → 统一社会信 in GBK,
    /// 统一社 in UTF-8); a name GDAL made unique (monthly__1: the first 8 characters, "_1") is the start before
    /// its number. Where several fields share the start, columns take them in the layer's field order, as GDAL
    /// cut them in the order it wrote them (monthly_fe → monthly_fee_min, monthly__1 → monthly_fee_max).
    /// Only a name that fills the 10 bytes in UTF-8 or GBK counts as cut, so a short header never matches by chance.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Untruncated(IReadOnlyList<string> columns, IReadOnlyList<string> fields)
    {
        var taken = new HashSet<string>(columns.Where(fields.Contains), StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in columns.Where(c => !fields.Contains(c)).Distinct())
        {
            var filled = System.Text.Encoding.UTF8.GetByteCount(column) >= DbfNameBytes - 2
                || column.Sum(c => c < 0x80 ? 1 : 2) >= DbfNameBytes - 1; // GBK: two bytes a Chinese character
            if (!filled || column.Length < 3)
            {
                continue;
            }

            var start = GdalUnique().Match(column) is { Success: true } unique ? column[..unique.Index] : column;
            var field = fields.FirstOrDefault(f => !taken.Contains(f) && (
                (f.Length > start.Length && f.StartsWith(start, StringComparison.OrdinalIgnoreCase)) ||
                (SpreadsheetVocabulary.Headers.TryGetValue(f, out var headers) && headers.Any(h => h.Length > start.Length && h.StartsWith(start, StringComparison.Ordinal)))));
            if (field is not null)
            {
                taken.Add(field);
                result[column] = field;
            }
        }

        return result;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"_\d+$")]
    private static partial System.Text.RegularExpressions.Regex GdalUnique();

    /// <summary>Parses the `mapping` parameter: a JSON object of file column → field name.</summary>
    public static IReadOnlyDictionary<string, string>? ParseMapping(string? json, Http.ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var map = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            if (map is not null && map.Values.All(v => !string.IsNullOrWhiteSpace(v)))
            {
                return map;
            }
        }
        catch (JsonException)
        {
        }

        errors.Add("mapping", "must be a JSON object of file column → field name, e.g. {\"机构名称\":\"name\",\"托位\":\"approved_slots\"}");
        return null;
    }
}
