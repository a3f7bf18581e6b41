using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;

namespace Geo.Analysis.Tests.Siting;

/// <summary>
/// Small seeded instances near 鼓楼 and an independent brute-force optimum for each model, computed from the
/// raw ground distances (not from the library's reach structure).
/// </summary>
internal static class SmallInstances
{
    public const double Radius = 800;

    public static SitingProblem Create(int seed, int demand = 30, int candidates = 10, int existing = 2, bool capacities = false)
    {
        var random = new Random(seed);
        double Lon() => 119.28 + (random.NextDouble() * 0.03);
        double Lat() => 26.06 + (random.NextDouble() * 0.027);
        var d = Enumerable.Range(0, demand)
            .Select(i => new DemandPoint($"D{i}", Lon(), Lat(), random.Next(1, 50), random.Next(5, 40))).ToList();
        var c = Enumerable.Range(0, candidates)
            .Select(j => new CandidateSite($"C{j}", Lon(), Lat(), capacities ? random.Next(20, 90) : null)).ToList();
        var e = Enumerable.Range(0, existing).Select(k => new ExistingSite($"E{k}", Lon(), Lat(), 60)).ToList();
        return new SitingProblem(d, c, e);
    }

    public static double Cost(SitingProblem p, int i, int j) =>
        GroundDistance.Metres(p.Demand[i].Lon, p.Demand[i].Lat, p.Candidates[j].Lon, p.Candidates[j].Lat);

    public static double ExistingCost(SitingProblem p, int i) =>
        p.Existing.Select(e => GroundDistance.Metres(p.Demand[i].Lon, p.Demand[i].Lat, e.Lon, e.Lat))
            .Where(x => x <= Radius).DefaultIfEmpty(double.PositiveInfinity).Min();

    public static IEnumerable<int[]> Subsets(int n, int maxSize)
    {
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (int.PopCount(mask) <= maxSize)
            {
                yield return Enumerable.Range(0, n).Where(j => (mask & (1 << j)) != 0).ToArray();
            }
        }
    }

    public static double MaximalCoveringOptimum(SitingProblem p, int sites) =>
        Subsets(p.Candidates.Count, sites).Max(s =>
            Enumerable.Range(0, p.Demand.Count).Where(i => s.Any(j => Cost(p, i, j) <= Radius)).Sum(i => p.Demand[i].Weight));

    public static double SetCoveringOptimum(SitingProblem p)
    {
        var required = Enumerable.Range(0, p.Demand.Count)
            .Where(i => p.Demand[i].Weight > 0 && Enumerable.Range(0, p.Candidates.Count).Any(j => Cost(p, i, j) <= Radius)).ToList();
        return Subsets(p.Candidates.Count, p.Candidates.Count)
            .Where(s => required.All(i => s.Any(j => Cost(p, i, j) <= Radius)))
            .Min(s => s.Length);
    }

    public static double PMedianOptimum(SitingProblem p, int sites)
    {
        var reachable = Enumerable.Range(0, p.Demand.Count)
            .Where(i => ExistingCost(p, i) <= Radius || Enumerable.Range(0, p.Candidates.Count).Any(j => Cost(p, i, j) <= Radius)).ToList();
        return Subsets(p.Candidates.Count, sites).Min(s => reachable.Sum(i =>
            p.Demand[i].Weight * s.Select(j => Cost(p, i, j)).Where(x => x <= Radius).Append(ExistingCost(p, i)).Append(Radius).Min()));
    }

    public static double CapacitatedOptimum(SitingProblem p, int sites) =>
        Subsets(p.Candidates.Count, sites).Max(s => MaxFlow(p, s));

    /// <summary>Ford–Fulkerson on source → demand (places) → open site (capacity) → sink.</summary>
    private static double MaxFlow(SitingProblem p, int[] open)
    {
        var n = p.Demand.Count;
        var m = open.Length;
        var size = n + m + 2;
        var source = n + m;
        var sink = n + m + 1;
        var cap = new double[size, size];
        for (var i = 0; i < n; i++)
        {
            cap[source, i] = p.Demand[i].Places;
            for (var k = 0; k < m; k++)
            {
                if (Cost(p, i, open[k]) <= Radius)
                {
                    cap[i, n + k] = double.PositiveInfinity;
                }
            }
        }
        for (var k = 0; k < m; k++)
        {
            cap[n + k, sink] = p.Candidates[open[k]].Capacity ?? double.PositiveInfinity;
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
                    if (parent[v] < 0 && cap[u, v] > 1e-12)
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
                push = Math.Min(push, cap[parent[v], v]);
            }
            for (var v = sink; v != source; v = parent[v])
            {
                cap[parent[v], v] -= push;
                cap[v, parent[v]] += push;
            }
            flow += push;
        }
    }
}
