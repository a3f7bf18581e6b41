using System.Text.Json;

namespace Geo.Api.Features.ImportExport;

/// <summary>A file column and the field it was read as: by the caller's mapping, the vocabulary's headers, or its own name.</summary>
public sealed record ColumnField(string Column, string Field, string By);

/// <summary>
/// Turns the column names of a file into the layer's field names: the caller's mapping first, then the
/// headers Chinese spreadsheets commonly use, else the header in snake_case ("ApprovedSlots" → approved_slots).
/// </summary>
public sealed class FieldNames
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
