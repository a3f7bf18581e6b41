using Geo.Analysis.Spatial;
using NetTopologySuite.Index.Strtree;

namespace Geo.Analysis.Siting;

/// <summary>
/// The sparse reach structure of a problem at one radius, built once: for each demand point the candidates
/// within reach (cost ≤ radius, sorted by cost), the reverse lists per candidate, and the nearest existing site.
/// </summary>
/// <remarks>
/// Ground distances use an STR-tree over the sites and <see cref="GroundDistance.SearchBox"/> as prefilter, so
/// the build is about O(n log m) plus the number of pairs within reach, never demand × candidates.
/// </remarks>
internal sealed class SitingNetwork
{
    public int DemandCount { get; }
    public int CandidateCount { get; }
    public double Radius { get; }

    // Demand → candidates within reach, sorted by (cost, candidate).
    public int[] DemandStart { get; }
    public int[] DemandSite { get; }
    public double[] DemandCost { get; }

    // Candidate → demand points within reach, by demand index.
    public int[] SiteStart { get; }
    public int[] SiteDemand { get; }
    public double[] SiteCost { get; }

    /// <summary>Cost to the nearest existing site within reach; +∞ when none.</summary>
    public double[] ExistingCost { get; }

    /// <summary>Index of that existing site; −1 when none.</summary>
    public int[] ExistingNearest { get; }

    private SitingNetwork(int demandCount, int candidateCount, double radius, List<(int Site, double Cost)>[] arcs,
        double[] existingCost, int[] existingNearest)
    {
        DemandCount = demandCount;
        CandidateCount = candidateCount;
        Radius = radius;
        ExistingCost = existingCost;
        ExistingNearest = existingNearest;

        DemandStart = new int[demandCount + 1];
        var arcCount = 0;
        for (var i = 0; i < demandCount; i++)
        {
            DemandStart[i] = arcCount;
            arcCount += arcs[i].Count;
        }
        DemandStart[demandCount] = arcCount;
        DemandSite = new int[arcCount];
        DemandCost = new double[arcCount];
        var degree = new int[candidateCount];
        for (var i = 0; i < demandCount; i++)
        {
            var list = arcs[i];
            list.Sort((a, b) => a.Cost != b.Cost ? a.Cost.CompareTo(b.Cost) : a.Site.CompareTo(b.Site));
            for (var k = 0; k < list.Count; k++)
            {
                DemandSite[DemandStart[i] + k] = list[k].Site;
                DemandCost[DemandStart[i] + k] = list[k].Cost;
                degree[list[k].Site]++;
            }
        }

        SiteStart = new int[candidateCount + 1];
        for (var j = 0; j < candidateCount; j++)
        {
            SiteStart[j + 1] = SiteStart[j] + degree[j];
        }
        SiteDemand = new int[arcCount];
        SiteCost = new double[arcCount];
        var fill = (int[])SiteStart.Clone();
        for (var i = 0; i < demandCount; i++)
        {
            for (var a = DemandStart[i]; a < DemandStart[i + 1]; a++)
            {
                var slot = fill[DemandSite[a]]++;
                SiteDemand[slot] = i;
                SiteCost[slot] = DemandCost[a];
            }
        }
    }

    public int ArcCount => DemandSite.Length;

    public bool IsReachable(int demand) =>
        DemandStart[demand + 1] > DemandStart[demand] || ExistingNearest[demand] >= 0;

    public static SitingNetwork Build(SitingProblem problem, double radius, CancellationToken cancellationToken)
    {
        var demandCount = problem.Demand.Count;
        var arcs = new List<(int Site, double Cost)>[demandCount];
        var existingCost = new double[demandCount];
        var existingNearest = new int[demandCount];
        Array.Fill(existingCost, double.PositiveInfinity);
        Array.Fill(existingNearest, -1);

        if (problem.Costs is { } matrix)
        {
            for (var i = 0; i < demandCount; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var list = arcs[i] = [];
                for (var j = 0; j < problem.Candidates.Count; j++)
                {
                    var cost = matrix.ToCandidates[i, j];
                    if (Reaches(cost, radius))
                    {
                        list.Add((j, cost));
                    }
                }
                for (var e = 0; e < problem.Existing.Count; e++)
                {
                    var cost = matrix.ToExisting![i, e];
                    if (Reaches(cost, radius) && cost < existingCost[i])
                    {
                        existingCost[i] = cost;
                        existingNearest[i] = e;
                    }
                }
            }
        }
        else
        {
            var candidates = Index(problem.Candidates.Select(c => (c.Lon, c.Lat)));
            var existing = Index(problem.Existing.Select(e => (e.Lon, e.Lat)));
            for (var i = 0; i < demandCount; i++)
            {
                if ((i & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var d = problem.Demand[i];
                var box = GroundDistance.SearchBox(d.Lon, d.Lat, radius);
                var list = arcs[i] = [];
                foreach (var j in candidates.Query(box))
                {
                    var c = problem.Candidates[j];
                    var cost = GroundDistance.Metres(d.Lon, d.Lat, c.Lon, c.Lat);
                    if (cost <= radius)
                    {
                        list.Add((j, cost));
                    }
                }
                foreach (var e in existing.Query(box))
                {
                    var s = problem.Existing[e];
                    var cost = GroundDistance.Metres(d.Lon, d.Lat, s.Lon, s.Lat);
                    if (cost <= radius && (cost < existingCost[i] || (cost == existingCost[i] && e < existingNearest[i])))
                    {
                        existingCost[i] = cost;
                        existingNearest[i] = e;
                    }
                }
            }
        }
        return new SitingNetwork(demandCount, problem.Candidates.Count, radius, arcs, existingCost, existingNearest);
    }

    /// <summary>Inclusive reach; a non-finite or negative cost is unreachable (<see cref="SitingCostMatrix"/>).</summary>
    internal static bool Reaches(double cost, double radius) => double.IsFinite(cost) && cost >= 0 && cost <= radius;

    private static STRtree<int> Index(IEnumerable<(double Lon, double Lat)> points)
    {
        var tree = new STRtree<int>();
        var k = 0;
        foreach (var (lon, lat) in points)
        {
            tree.Insert(new NetTopologySuite.Geometries.Envelope(lon, lon, lat, lat), k++);
        }
        tree.Build();
        return tree;
    }
}
