using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using Geo.Analysis.Coordinates;
using Geo.Analysis.Spatial;
using Geo.Api.Reference;

namespace Geo.Api.Demo;

/// <summary>The real inputs of the demo district, read from data/ (each file's licence sits beside it).</summary>
public sealed record DemoSources(
    string DistrictCode,
    string DistrictName,
    MultiPolygon DistrictBoundaryGcj02,
    MultiPolygon DistrictBoundary,
    int Population,
    double ShareAge0,
    double ShareAge1To4,
    IReadOnlyList<(string Code, string Name)> Subdistricts,
    IReadOnlyList<(string Code, string Name, string SubdistrictCode)> Communities,
    IReadOnlyList<(string Name, string Lines, Point Location)> MetroStations)
{
    public const string GulouAdcode = "350102";

    /// <summary>Children under 3 as a share of the population (domain.md).</summary>
    public double ShareUnder3 => CensusFigures.UnderThreeShare(ShareAge0, ShareAge1To4);

    public static string DataFolder => Path.Combine(AppContext.BaseDirectory, "data");

    public static DemoSources Read(string adcode = GulouAdcode, string? folder = null)
    {
        folder ??= DataFolder;
        var (name, boundaryGcj) = ReadBoundary(Path.Combine(folder, "boundaries-fuzhou-districts.gcj02.geojson"), adcode);
        var boundary = (MultiPolygon)Crs.Gcj02.ToWgs84(boundaryGcj);

        var census = ReadCsv(Path.Combine(folder, "census-2020-seed-districts.csv")).Single(r => r["adcode"] == adcode);
        var subdistricts = ReadCsv(Path.Combine(folder, "subdistricts-seed-districts.csv"))
            .Where(r => r["district_adcode"] == adcode)
            .Select(r => (r["code"], r["name"]))
            .OrderBy(s => s.Item1, StringComparer.Ordinal)
            .ToList();
        var subdistrictCodes = subdistricts.Select(s => s.Item1).ToHashSet();
        var communities = ReadCsv(Path.Combine(folder, "communities-gulou.csv"))
            .Where(r => subdistrictCodes.Contains(r["subdistrict_code"]))
            .Select(r => (r["code"], r["name"], r["subdistrict_code"]))
            .OrderBy(c => c.Item1, StringComparer.Ordinal)
            .ToList();

        return new DemoSources(adcode, name, boundaryGcj, boundary,
            int.Parse(census["population"], CultureInfo.InvariantCulture),
            double.Parse(census["share_age_0"], CultureInfo.InvariantCulture),
            double.Parse(census["share_age_1_4"], CultureInfo.InvariantCulture),
            subdistricts, communities,
            ReadStations(Path.Combine(folder, "fuzhou-metro-stations.wgs84.geojson"), boundary));
    }

    private static JsonSerializerOptions GeoJson { get; } = new() { Converters = { new GeoJsonConverterFactory(Wgs84.Factory) } };

    private static (string Name, MultiPolygon Boundary) ReadBoundary(string path, string adcode)
    {
        var collection = JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(path), GeoJson)
            ?? throw new InvalidDataException($"{path} is not a GeoJSON FeatureCollection");
        var feature = collection.FirstOrDefault(f => Convert.ToString(f.Attributes["adcode"], CultureInfo.InvariantCulture) == adcode)
            ?? throw new InvalidDataException($"{path} has no district {adcode}");
        var geometry = feature.Geometry switch
        {
            MultiPolygon m => m,
            Polygon p => Wgs84.Factory.CreateMultiPolygon([p]),
            var g => throw new InvalidDataException($"district {adcode} is a {g.GeometryType}, not a polygon"),
        };
        return ((string)feature.Attributes["name"], geometry);
    }

    /// <summary>Stations inside the boundary, one per name (interchanges appear once per line in the file).</summary>
    private static List<(string, string, Point)> ReadStations(string path, MultiPolygon boundary)
    {
        var collection = JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(path), GeoJson)
            ?? throw new InvalidDataException($"{path} is not a GeoJSON FeatureCollection");
        return collection
            .Where(f => f.Geometry is Point p && boundary.Covers(p))
            .GroupBy(f => (string)f.Attributes["name"])
            .Select(g => (g.Key,
                string.Join("、", g.Select(f => ((string)f.Attributes["line"]).Replace(" ", "", StringComparison.Ordinal)).Distinct()),
                (Point)g.First().Geometry))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        return lines.Skip(1)
            .Select(l => l.Split(','))
            .Select(cells => header.Select((h, i) => (h, cells[i])).ToDictionary(p => p.h, p => p.Item2))
            .ToList();
    }
}
