using Geo.Analysis.Spatial;
using Geo.Api.Data.Entities;

namespace Geo.Api.Tests.Siting;

/// <summary>
/// A small district written straight to the database (residential areas as points, institutions), and an
/// independent brute-force reckoning of its gaps (2SFCA with a step decay) and of the siting optima.
/// </summary>
internal sealed class SitingWorld
{
    public const string DistrictCode = "350102";
    public const double StandardNew = 10;
    public const double StandardOld = 8;

    public List<(string Name, double Lon, double Lat, int Population, bool IsNew)> Areas { get; } = [];
    public List<(double Lon, double Lat, int Slots)> Institutions { get; } = [];
    public List<(string Id, double Lon, double Lat, int Capacity)> Points { get; } = [];

    /// <summary>Areas, institutions and candidate points scattered over about 2 × 2 km of 鼓楼.</summary>
    public static SitingWorld Random(int seed, int areas, int points, int institutions)
    {
        var random = new Random(seed);
        double Lon() => 119.29 + (random.NextDouble() * 0.02);
        double Lat() => 26.07 + (random.NextDouble() * 0.018);
        var world = new SitingWorld();
        for (var i = 0; i < areas; i++)
        {
            world.Areas.Add(($"小区{i}", Lon(), Lat(), random.Next(800, 6000), random.Next(2) == 0));
        }

        for (var k = 0; k < institutions; k++)
        {
            world.Institutions.Add((Lon(), Lat(), random.Next(20, 60)));
        }

        for (var j = 0; j < points; j++)
        {
            world.Points.Add(($"P{j}", Lon(), Lat(), random.Next(15, 70)));
        }

        return world;
    }

    public async Task SaveAsync(ApiFixture fixture)
    {
        await using var db = fixture.CreateDbContext();
        db.Districts.Add(new District
        {
            Code = DistrictCode,
            Name = "鼓楼区（测试）",
            Level = DistrictLevel.District,
            Boundary = Wgs84.Factory.CreateMultiPolygon([(NetTopologySuite.Geometries.Polygon)Wgs84.Factory.ToGeometry(
                new NetTopologySuite.Geometries.Envelope(119.2, 119.4, 26.0, 26.2))]),
            SlotsPerThousandNew = StandardNew,
            SlotsPerThousandOld = StandardOld,
            ShareUnder3 = 0.028,
        });
        await db.SaveChangesAsync();
        db.ResidentialAreas.AddRange(Areas.Select(a => new ResidentialArea
        {
            Name = a.Name,
            Location = Wgs84.Point(a.Lon, a.Lat),
            Population = a.Population,
            Kind = a.IsNew ? ResidentialKind.New : ResidentialKind.Old,
        }));
        db.Institutions.AddRange(Institutions.Select((s, k) => new Institution
        {
            Name = $"机构{k}",
            Location = Wgs84.Point(s.Lon, s.Lat),
            ApprovedSlots = s.Slots,
            Status = InstitutionStatus.Operating,
            FilingStatus = FilingStatus.Filed,
            Nature = InstitutionNature.NonProfit,
            ServiceTypes = [ServiceType.FullDay],
        }));
        await db.SaveChangesAsync();
    }

    public object[] PointsJson() => [.. Points.Select(p => new { id = p.Id, lon = p.Lon, lat = p.Lat, capacity = p.Capacity })];

    public double Required(int i) => Areas[i].Population / 1000.0 * (Areas[i].IsNew ? StandardNew : StandardOld);

    /// <summary>Gap per area by 2SFCA with a step decay over <paramref name="radius"/>, for the given supply.</summary>
    public double[] Gaps(double radius, IEnumerable<(double Lon, double Lat, int Slots)> supply)
    {
        var accessible = new double[Areas.Count];
        foreach (var s in supply)
        {
            var reached = Enumerable.Range(0, Areas.Count).Where(i => Metres(Areas[i].Lon, Areas[i].Lat, s.Lon, s.Lat) <= radius).ToList();
            var residents = reached.Sum(i => (double)Areas[i].Population);
            foreach (var i in reached)
            {
                accessible[i] += s.Slots / residents * Areas[i].Population;
            }
        }

        return [.. Enumerable.Range(0, Areas.Count).Select(i => Math.Max(0, Required(i) - accessible[i]))];
    }

    /// <summary>MCLP optimum: the most gap within the radius of at most p of the points.</summary>
    public double MaximalCoveringOptimum(double radius, int p)
    {
        var gaps = Gaps(radius, Institutions);
        return Subsets(Points.Count, p).Max(s => Covered(s, radius, gaps));
    }

    public double Covered(IEnumerable<int> chosen, double radius, double[] gaps) =>
        Enumerable.Range(0, Areas.Count).Where(i => chosen.Any(j => Reaches(j, i, radius))).Sum(i => gaps[i]);

    /// <summary>Capacitated optimum: the most gap that at most p points can serve within their capacities (max flow per subset).</summary>
    public double CapacitatedOptimum(double radius, int p)
    {
        var gaps = Gaps(radius, Institutions);
        return Subsets(Points.Count, p).Max(s => MaxFlow(s, radius, gaps));
    }

    public bool Reaches(int point, int area, double radius) =>
        Metres(Areas[area].Lon, Areas[area].Lat, Points[point].Lon, Points[point].Lat) <= radius;

    private double MaxFlow(int[] open, double radius, double[] gaps)
    {
        // Source → area (gap) → open point within reach (∞) → sink (capacity); Edmonds–Karp.
        var n = Areas.Count;
        var size = n + open.Length + 2;
        var (source, sink) = (size - 2, size - 1);
        var capacity = new double[size, size];
        for (var i = 0; i < n; i++)
        {
            capacity[source, i] = gaps[i];
            for (var k = 0; k < open.Length; k++)
            {
                capacity[i, n + k] = Reaches(open[k], i, radius) ? double.PositiveInfinity : 0;
            }
        }

        for (var k = 0; k < open.Length; k++)
        {
            capacity[n + k, sink] = Points[open[k]].Capacity;
        }

        var flow = 0.0;
        while (true)
        {
            var parent = Enumerable.Repeat(-1, size).ToArray();
            parent[source] = source;
            var queue = new Queue<int>([source]);
            while (queue.Count > 0 && parent[sink] < 0)
            {
                var u = queue.Dequeue();
                for (var v = 0; v < size; v++)
                {
                    if (parent[v] < 0 && capacity[u, v] > 1e-12)
                    {
                        parent[v] = u;
                        queue.Enqueue(v);
                    }
                }
            }

            if (parent[sink] < 0)
            {
                return flow;
            }

            var push = double.PositiveInfinity;
            for (var v = sink; v != source; v = parent[v])
            {
                push = Math.Min(push, capacity[parent[v], v]);
            }

            for (var v = sink; v != source; v = parent[v])
            {
                capacity[parent[v], v] -= push;
                capacity[v, parent[v]] += push;
            }

            flow += push;
        }
    }

    public static double Metres(double lon1, double lat1, double lon2, double lat2) => GroundDistance.Metres(lon1, lat1, lon2, lat2);

    public static IEnumerable<int[]> Subsets(int n, int maxSize)
    {
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (int.PopCount(mask) <= maxSize)
            {
                yield return [.. Enumerable.Range(0, n).Where(j => (mask & (1 << j)) != 0)];
            }
        }
    }

    /// <summary>Candidate ids of the chosen sites in a run's answer.</summary>
    public static List<string> SiteIds(JsonNode result) =>
        [.. result["sites"]!["features"]!.AsArray().Select(f => f!["properties"]!["candidate_id"]!.GetValue<string>())];
}
