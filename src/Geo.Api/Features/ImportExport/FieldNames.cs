using System.Text.Json;

namespace Geo.Api.Features.ImportExport;

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

    private static readonly Dictionary<string, string> CommonHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["名称"] = "name", ["机构名称"] = "name", ["小区名称"] = "name", ["地块名称"] = "name", ["场所名称"] = "name",
        ["统一社会信用代码"] = "credit_code", ["信用代码"] = "credit_code", ["地址"] = "address",
        ["核定托位"] = "approved_slots", ["托位数"] = "approved_slots", ["在托"] = "enrolled_slots", ["在托人数"] = "enrolled_slots",
        ["电话"] = "phone", ["联系电话"] = "phone", ["户数"] = "households", ["人口"] = "population", ["常住人口"] = "population",
        ["地块编码"] = "code", ["地块编号"] = "code", ["编码"] = "code", ["用地性质"] = "land_use", ["权属"] = "owner",
        ["经度"] = "lon", ["纬度"] = "lat", ["x坐标"] = "x", ["y坐标"] = "y",
    };

    private readonly Dictionary<string, string> _mapping;

    public FieldNames(IReadOnlyDictionary<string, string>? mapping = null) =>
        _mapping = new Dictionary<string, string>(mapping ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);

    public string Of(string header)
    {
        var trimmed = header.Trim().Trim('\uFEFF');
        if (_mapping.TryGetValue(trimmed, out var mapped))
        {
            return mapped.Trim();
        }

        if (CommonHeaders.TryGetValue(trimmed, out var common))
        {
            return common;
        }

        var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(trimmed.Replace(' ', '_').Replace('-', '_'));
        return snake.Replace("__", "_", StringComparison.Ordinal);
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
