using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;

namespace Geo.Bench.Coverage;

/// <summary>
/// A deterministic synthetic city, 20 km × 20 km around 福州 鼓楼 (synthetic data, not real places): residential areas
/// and institutions half spread evenly, half gathered around eight centres, in twelve 街道 bands. A wider side gives
/// a sparser city of the same shape (centres and clusters scaled with it).
/// </summary>
public static class SyntheticCity
{
    /// <summary>
    /// The under-3 share of the district the city is drawn around, 鼓楼区 (350102), 第七次全国人口普查 2020:
    /// 0.0071 (age 0) + ½ · 0.042 (ages 1–4) = 0.0281.
    /// </summary>
    public const double ShareUnder3 = 0.0071 + 0.5 * 0.042;

    private const double CentreLon = 119.30;
    private const double CentreLat = 26.08;
    private const double DefaultSideMetres = 20_000;

    public static (List<DemandArea> Areas, List<CareProvider> Institutions) Generate(int areas, int institutions, int seed, double sideMetres = DefaultSideMetres)
    {
        var random = new Random(seed);
        var city = new City(sideMetres / 2, sideMetres / DefaultSideMetres);
        var centres = Enumerable.Range(0, 8)
            .Select(_ => (X: Uniform(random, -7000 * city.Scale, 7000 * city.Scale), Y: Uniform(random, -7000 * city.Scale, 7000 * city.Scale)))
            .ToArray();

        var a = new List<DemandArea>(areas);
        for (var i = 0; i < areas; i++)
        {
            var (x, y) = Place(random, centres, city);
            a.Add(new DemandArea(
                $"R{i:D5}",
                Point(x, y),
                random.Next(300, 8000),
                random.Next(3) == 0 ? AreaKind.New : AreaKind.Old,
                Subdistrict(x, city)));
        }

        var s = new List<CareProvider>(institutions);
        for (var j = 0; j < institutions; j++)
        {
            var (x, y) = Place(random, centres, city);
            var status = ProviderTraits.Operating;
            status |= random.Next(10) < 8 ? ProviderTraits.Filed : ProviderTraits.None;
            status |= random.Next(10) < 4 ? ProviderTraits.Affordable : ProviderTraits.None;
            status |= random.Next(50) == 0 ? ProviderTraits.Standardised : ProviderTraits.None;
            s.Add(new CareProvider($"T{j:D4}", Point(x, y), random.Next(20, 160), status, Subdistrict(x, city)));
        }

        return (a, s);
    }

    private static (double X, double Y) Place(Random random, (double X, double Y)[] centres, City city)
    {
        var half = city.HalfSide;
        if (random.Next(2) == 0)
        {
            return (Uniform(random, -half, half), Uniform(random, -half, half));
        }

        // Box–Muller around a centre, σ = 1.5 km in the 20 km city, clamped to the city.
        var (cx, cy) = centres[random.Next(centres.Length)];
        var r = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * 1500 * city.Scale;
        var t = 2 * Math.PI * random.NextDouble();
        return (Math.Clamp(cx + r * Math.Cos(t), -half, half), Math.Clamp(cy + r * Math.Sin(t), -half, half));
    }

    private static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    private static string Subdistrict(double x, City city) => $"3501020{(int)((x + city.HalfSide) / (2 * city.HalfSide) * 11.999):D2}";

    private static NetTopologySuite.Geometries.Point Point(double east, double north)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(CentreLat);
        return Wgs84.Point(CentreLon + east / perLon, CentreLat + north / perLat);
    }

    /// <summary>Half the city's side in metres, and its side against the 20 km city's (1 for that city).</summary>
    private readonly record struct City(double HalfSide, double Scale);
}
