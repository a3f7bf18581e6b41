using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Geo.Analysis.Tests.Coverage;

/// <summary>Small builders shared by the coverage tests.</summary>
internal static class CoverageFixtures
{
    // 福州 鼓楼, near 五一广场.
    public const double BaseLon = 119.30;
    public const double BaseLat = 26.08;

    /// <summary>
    /// 鼓楼区 (350102), 第七次全国人口普查 2020 (data/census-2020-counties.csv): age 0 0.0071, ages 1–4 0.042, so
    /// 0.0071 + ½ · 0.042 = 0.0281 children under 3 per resident.
    /// </summary>
    public const double GulouShareUnder3 = 0.0071 + 0.5 * 0.042;

    /// <summary>The domain's defaults, with the census share of 鼓楼, where these tests are drawn.</summary>
    public static CoverageOptions GulouOptions { get; } = new() { DefaultChildrenUnder3Share = GulouShareUnder3 };

    private static readonly WKTReader Reader = new(Wgs84.Factory.GeometryServices);

    public static Point Wkt(string wkt) => (Point)Reader.Read(wkt);

    /// <summary>A point <paramref name="east"/> and <paramref name="north"/> metres from the base point.</summary>
    public static Point Offset(double east, double north)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(BaseLat);
        return Wgs84.Point(BaseLon + east / perLon, BaseLat + north / perLat);
    }

    public static DemandArea Area(string id, Point at, double population, AreaKind kind = AreaKind.New, string? subdistrict = null) =>
        new(id, at, population, kind, subdistrict);

    public static CareProvider Operating(string id, Point at, int slots, ProviderTraits more = ProviderTraits.None, string? subdistrict = null) =>
        new(id, at, slots, ProviderTraits.Operating | more, subdistrict);

    /// <summary>
    /// A random town of <paramref name="areas"/> areas and <paramref name="institutions"/> institutions in a
    /// 3 km × 3 km square, in four 街道; some institutions not operating, some areas empty.
    /// </summary>
    public static (List<DemandArea> Areas, List<CareProvider> Institutions) RandomTown(int seed, int areas = 200, int institutions = 40)
    {
        var random = new Random(seed);
        var a = new List<DemandArea>(areas);
        for (var i = 0; i < areas; i++)
        {
            var population = random.Next(10) == 0 ? 0 : random.Next(100, 6000);
            a.Add(new DemandArea(
                $"A{i:D4}",
                Offset(random.NextDouble() * 3000, random.NextDouble() * 3000),
                population,
                random.Next(2) == 0 ? AreaKind.New : AreaKind.Old,
                $"3501020{random.Next(4):D2}",
                random.Next(3) == 0 ? 0.02 + random.NextDouble() * 0.02 : null));
        }

        var s = new List<CareProvider>(institutions);
        for (var j = 0; j < institutions; j++)
        {
            var status = (ProviderTraits)random.Next(32);
            if (random.Next(5) != 0)
            {
                status |= ProviderTraits.Operating;
            }

            s.Add(new CareProvider(
                $"I{j:D3}",
                Offset(random.NextDouble() * 3000, random.NextDouble() * 3000),
                random.Next(10) == 0 ? 0 : random.Next(10, 150),
                status,
                $"3501020{random.Next(5):D2}"));
        }

        return (a, s);
    }

    public static List<T> Shuffled<T>(IEnumerable<T> items, int seed)
    {
        var list = items.ToList();
        var random = new Random(seed);
        for (var k = list.Count - 1; k > 0; k--)
        {
            var m = random.Next(k + 1);
            (list[k], list[m]) = (list[m], list[k]);
        }

        return list;
    }
}
