using System.Globalization;
using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Geo.Api.Reference;

/// <summary>
/// What TuoyuGeo knows about any administrative unit of China from its adcode alone: name, level, parent chain,
/// census figures, 街道 and boundary, read from the national reference files shipped in data/ (see its README).
/// </summary>
/// <remarks>
/// The census is published per county-level unit (2,990 rows, development zones included), so a city's and a
/// province's figures are the sums of their rows, with population-weighted age shares. The chain follows the
/// code (2 digits of province, 4 of city) with two exceptions the data force: municipalities (北京, 天津, 上海,
/// 重庆) have no city level, NBS's 110100 "市辖区" being a grouping and not a unit; and 省直辖县级 units
/// (仙桃 429004, 海南's 4690xx …) sit directly under their province. Tables are read once, on load; the
/// boundary files (≈ 600 kB) only when a boundary is first asked for.
/// </remarks>
public sealed class NationalReference
{
    public const string CensusFile = "census-2020-counties.csv";

    public static IReadOnlyList<string> SubdistrictFiles { get; } =
        ["subdistricts-seed-districts.csv", "subdistricts-jilin-seed-cities.csv"];

    public static IReadOnlyList<string> BoundaryFiles { get; } =
    [
        "boundaries-fuzhou-districts.gcj02.geojson",
        "boundaries-meizhou-districts.gcj02.geojson",
        "boundaries-weihai-districts.gcj02.geojson",
        "boundaries-jilin-province.gcj02.geojson",
        "boundaries-changchun-districts.gcj02.geojson",
        "boundaries-jilincity-districts.gcj02.geojson",
    ];

    /// <summary>The folder the build copies data/ to.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "data");

    private static readonly HashSet<string> MunicipalityPrefixes = ["11", "12", "31", "50"];
    private const string DirectlyAdministeredSuffix = "直辖县级行政区划";

    // GCJ-02 is not EPSG:4326; SRID 0 keeps a shipped geometry from passing for WGS-84 by accident.
    private static readonly GeometryFactory Gcj02Factory =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(PrecisionModels.Floating), 0);

    private readonly string _folder;
    private readonly Dictionary<string, ReferenceUnit> _units;
    private readonly Dictionary<string, List<ReferenceSubdistrict>> _subdistricts;
    private readonly Lazy<Dictionary<string, ReferenceBoundary>> _boundaries;

    private NationalReference(string folder, Dictionary<string, ReferenceUnit> units, Dictionary<string, List<ReferenceSubdistrict>> subdistricts)
    {
        _folder = folder;
        _units = units;
        _subdistricts = subdistricts;
        _boundaries = new Lazy<Dictionary<string, ReferenceBoundary>>(ReadBoundaries);
    }

    /// <summary>Reads the census and 街道 tables from <paramref name="folder"/> (default: data/ next to the binary).</summary>
    /// <exception cref="InvalidDataException">A file lacks a column or holds a malformed row.</exception>
    public static NationalReference Load(string? folder = null)
    {
        folder ??= DefaultFolder;
        var units = ReadCensus(Path.Combine(folder, CensusFile));
        var subdistricts = SubdistrictFiles
            .SelectMany(f => ReadTable(Path.Combine(folder, f), ["code", "name", "district_adcode"]))
            .Select(r => new ReferenceSubdistrict(r[0], r[1], r[2]))
            .GroupBy(s => s.DistrictAdcode)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Code, StringComparer.Ordinal).ToList());
        return new NationalReference(folder, units, subdistricts);
    }

    /// <summary>All units known: provinces, cities and county-level units.</summary>
    public IEnumerable<ReferenceUnit> Units => _units.Values;

    /// <summary>The unit with this 6-digit adcode, or null when the reference data do not know it.</summary>
    public ReferenceUnit? Find(string adcode) => _units.GetValueOrDefault(adcode);

    /// <summary>The unit and its ancestors, province first (province → city → district); empty when unknown.</summary>
    public IReadOnlyList<ReferenceUnit> Chain(string adcode)
    {
        var chain = new List<ReferenceUnit>();
        for (var unit = Find(adcode); unit is not null; unit = unit.ParentAdcode is { } parent ? Find(parent) : null)
        {
            chain.Insert(0, unit);
        }
        return chain;
    }

    /// <summary>The units directly below this one, by adcode.</summary>
    public IReadOnlyList<ReferenceUnit> Children(string adcode) =>
        _units.Values.Where(u => u.ParentAdcode == adcode).OrderBy(u => u.Adcode, StringComparer.Ordinal).ToList();

    /// <summary>The 街道/镇/乡 of a county-level unit, by code; empty where none are shipped.</summary>
    public IReadOnlyList<ReferenceSubdistrict> Subdistricts(string adcode) =>
        _subdistricts.TryGetValue(adcode, out var list) ? list : [];

    /// <summary>The shipped boundary (GCJ-02) of the unit, or null where none is shipped.</summary>
    public ReferenceBoundary? Boundary(string adcode) => _boundaries.Value.GetValueOrDefault(adcode);

    private static Dictionary<string, ReferenceUnit> ReadCensus(string path)
    {
        var rows = ReadTable(path, ["adcode", "name", "province", "city", "population", "share_age_0", "share_age_1_4"]);
        var units = new Dictionary<string, ReferenceUnit>(StringComparer.Ordinal);
        var sums = new Dictionary<string, CensusSum>(StringComparer.Ordinal);
        var names = new Dictionary<string, (string Name, DistrictLevel Level, string? Parent)>(StringComparer.Ordinal);

        foreach (var row in rows)
        {
            var (adcode, name, provinceName, cityName) = (row[0], row[1], row[2], row[3]);
            if (adcode.Length != 6 || !adcode.All(char.IsAsciiDigit))
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: adcode \"{adcode}\" is not 6 digits");
            }
            var census = ParseCensus(row, path);
            var province = adcode[..2] + "0000";
            var city = adcode[..4] + "00";
            var hasCity = !MunicipalityPrefixes.Contains(adcode[..2]) && !cityName.EndsWith(DirectlyAdministeredSuffix, StringComparison.Ordinal);
            names[province] = (provinceName, DistrictLevel.Province, null);
            Add(sums, province, census);

            if (adcode == city)
            {
                // 东莞, 中山, 儋州, 嘉峪关: a city without districts, tabulated as one row named "市辖区".
                units[adcode] = new ReferenceUnit(adcode, cityName, DistrictLevel.City, province, census);
                continue;
            }
            if (hasCity)
            {
                names[city] = (cityName, DistrictLevel.City, province);
                Add(sums, city, census);
            }
            units[adcode] = new ReferenceUnit(adcode, name, DistrictLevel.District, hasCity ? city : province, census,
                IsDevelopmentZone: adcode[4] == '7');
        }

        foreach (var (adcode, (name, level, parent)) in names)
        {
            units[adcode] = new ReferenceUnit(adcode, name, level, parent, sums.GetValueOrDefault(adcode)?.Figures);
        }
        return units;
    }

    private static CensusFigures? ParseCensus(string[] row, string path)
    {
        if (row[4].Length == 0 && row[5].Length == 0 && row[6].Length == 0)
        {
            return null;
        }
        try
        {
            return new CensusFigures(
                long.Parse(row[4], NumberStyles.None, CultureInfo.InvariantCulture),
                double.Parse(row[5], NumberStyles.Float, CultureInfo.InvariantCulture),
                double.Parse(row[6], NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: the census figures of {row[0]} are not numbers", e);
        }
    }

    private static void Add(Dictionary<string, CensusSum> sums, string adcode, CensusFigures? census)
    {
        if (census is null)
        {
            return;
        }
        if (!sums.TryGetValue(adcode, out var sum))
        {
            sums[adcode] = sum = new CensusSum();
        }
        sum.Population += census.Population;
        sum.Age0 += census.Population * census.ShareAge0;
        sum.Age1To4 += census.Population * census.ShareAge1To4;
        sum.Rows++;
    }

    private sealed class CensusSum
    {
        public long Population;
        public double Age0;
        public double Age1To4;
        public int Rows;

        public CensusFigures Figures => new(Population, Age0 / Population, Age1To4 / Population, Rows);
    }

    /// <summary>Rows of a plain CSV (no quoting: the shipped tables have no commas in their fields), header checked.</summary>
    private static List<string[]> ReadTable(string path, string[] header)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var file = Path.GetFileName(path);
        if (lines.Count == 0 || !lines[0].Split(',').SequenceEqual(header))
        {
            throw new InvalidDataException($"{file}: expected the header {string.Join(',', header)}");
        }
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var bad = rows.FindIndex(r => r.Length != header.Length);
        return bad < 0 ? rows : throw new InvalidDataException($"{file}: line {bad + 2} has {rows[bad].Length} fields, not {header.Length}");
    }

    private Dictionary<string, ReferenceBoundary> ReadBoundaries()
    {
        var options = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory(Gcj02Factory) } };
        var boundaries = new Dictionary<string, ReferenceBoundary>(StringComparer.Ordinal);
        foreach (var file in BoundaryFiles)
        {
            var collection = JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(Path.Combine(_folder, file)), options)
                ?? throw new InvalidDataException($"{file} is not a GeoJSON FeatureCollection");
            foreach (var feature in collection)
            {
                var adcode = Convert.ToString(feature.Attributes["adcode"], CultureInfo.InvariantCulture)!;
                var geometry = feature.Geometry switch
                {
                    MultiPolygon m => m,
                    Polygon p => Gcj02Factory.CreateMultiPolygon([p]),
                    var g => throw new InvalidDataException($"{file}: {adcode} is a {g.GeometryType}, not a polygon"),
                };
                boundaries[adcode] = new ReferenceBoundary(adcode, (string)feature.Attributes["name"], geometry, file);
            }
        }
        return boundaries;
    }
}
