using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;

namespace Geo.Bench.Siting;

/// <summary>
/// A deterministic synthetic city of about 20 × 20 km around 鼓楼 (Fuzhou): demand areas clustered around a
/// dozen centres plus a sparse background, candidate sites spread more evenly, a few existing institutions.
/// Synthetic: no real data.
/// </summary>
internal static class SyntheticCity
{
    internal const double CentreLon = 119.30;
    internal const double CentreLat = 26.08;
    private const double HalfSideMetres = 10_000;

    public static SitingProblem Create(int seed, int demandAreas = 5_000, int candidates = 1_000, int existing = 40)
    {
        var random = new Random(seed);
        var (perLon, perLat) = GroundDistance.MetresPerDegree(CentreLat);
        (double Lon, double Lat) At(double x, double y) =>
            (CentreLon + (Math.Clamp(x, -HalfSideMetres, HalfSideMetres) / perLon), CentreLat + (Math.Clamp(y, -HalfSideMetres, HalfSideMetres) / perLat));
        double Uniform() => (random.NextDouble() * 2 - 1) * HalfSideMetres;
        double Gaussian(double sigma) => sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        var centres = Enumerable.Range(0, 12).Select(_ => (X: Uniform() * 0.8, Y: Uniform() * 0.8, Sigma: 800 + random.NextDouble() * 1_700)).ToArray();
        var demand = new List<DemandPoint>(demandAreas);
        for (var i = 0; i < demandAreas; i++)
        {
            var (x, y) = random.NextDouble() < 0.8
                ? centres[random.Next(centres.Length)] is var c ? (c.X + Gaussian(c.Sigma), c.Y + Gaussian(c.Sigma)) : default
                : (Uniform(), Uniform());
            var (lon, lat) = At(x, y);
            var population = 300 + random.Next(4_000);
            var unmetPlaces = Math.Round(population / 1000.0 * (4 + random.NextDouble() * 6), 1);
            demand.Add(new DemandPoint($"R{i:D5}", lon, lat, unmetPlaces));
        }
        var sites = new List<CandidateSite>(candidates);
        for (var j = 0; j < candidates; j++)
        {
            var (x, y) = random.NextDouble() < 0.5
                ? centres[random.Next(centres.Length)] is var c ? (c.X + Gaussian(c.Sigma * 1.5), c.Y + Gaussian(c.Sigma * 1.5)) : default
                : (Uniform(), Uniform());
            var (lon, lat) = At(x, y);
            sites.Add(new CandidateSite($"P{j:D4}", lon, lat, 40 + (20 * random.Next(8))));
        }
        var institutions = Enumerable.Range(0, existing)
            .Select(k => At(Uniform(), Uniform()) is var p ? new ExistingSite($"E{k:D3}", p.Lon, p.Lat, 80) : null!)
            .ToList();
        return new SitingProblem(demand, sites, institutions);
    }
}
