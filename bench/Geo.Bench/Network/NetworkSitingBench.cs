using System.Diagnostics;
using System.Globalization;
using Geo.Analysis.Network;
using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.WalkingNetwork;

namespace Geo.Bench.Network;

/// <summary>
/// Maximal covering (MCLP) on walking-network costs, heuristic against the proven optimum:
/// <c>dotnet run -c Release --project bench/Geo.Bench -- network-mclp [seeds] [time limit s]</c>.
/// </summary>
/// <remarks>
/// The siting bench's synthetic city (5,000 demand areas, 1,000 candidates, 40 existing sites, p = 20, 1,000 m;
/// <see cref="Siting.SyntheticCity"/>) moved onto the network bench's street grid (324 × 324 nodes, about 203,000
/// edges), its centre on the grid's. The costs are those the service hands the solver for distance = network
/// (<see cref="WalkingDistance.SitingCosts"/>: snapping, then a bounded Dijkstra per site); the graph is built in
/// memory, as the service holds it once loaded. The exact solver (SCIP through OR-Tools) is warm-started by the
/// heuristic and proves optimality within the time limit.
/// </remarks>
public static class NetworkSitingBench
{
    private const int Side = 324;
    private const double Radius = 1_000;
    private const int NewSites = 20;

    public static int Run(string[] args)
    {
        var seeds = args.Length > 1 ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [1, 2, 3];
        var limit = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 600);
        var log = Console.Out;

        var graph = WalkingNetworkBuilder.Build(NetworkBench.StreetGrid(Side, new Random(15))).ToGraph();
        graph.BuildSnapIndex();
        var network = new WalkingDistance(DistanceMeasure.Network, new DistrictNetwork(NetworkBench.District, 1, graph, TimeSpan.Zero));
        log.WriteLine(FormattableString.Invariant($"Street grid: {graph.NodeCount:N0} nodes, {graph.EdgeCount:N0} edges; p = {NewSites}, {Radius} m on foot."));
        log.WriteLine("| seed | network costs ms | pairs within 1,000 m | heuristic ms (CPU ms) | heuristic covered | exact ms | proved? | optimum | gap |");
        log.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var worst = 0.0;
        foreach (var seed in seeds)
        {
            var problem = OnTheGrid(Siting.SyntheticCity.Create(seed));
            var clock = Stopwatch.StartNew();
            var costs = network.SitingCosts(problem, Radius)!;
            var costMs = clock.Elapsed.TotalMilliseconds;
            var pairs = costs.ToCandidates.Cast<double>().Count(double.IsFinite);
            problem = problem with { Costs = costs };

            var cpu = CpuClock.Thread();
            clock.Restart();
            var heuristic = LocationAllocation.Solve(problem, new SitingRequest(SitingModel.MaximalCovering, SitingMethod.Heuristic, Radius, NewSites));
            var heuristicMs = clock.Elapsed.TotalMilliseconds;
            var heuristicCpu = (CpuClock.Thread() - cpu).TotalMilliseconds;
            clock.Restart();
            var exact = LocationAllocation.Solve(problem,
                new SitingRequest(SitingModel.MaximalCovering, SitingMethod.Exact, Radius, NewSites) { TimeLimit = limit });
            var exactMs = clock.Elapsed.TotalMilliseconds;
            var gap = Math.Abs(exact.Objective - heuristic.Objective) / Math.Max(Math.Abs(exact.Objective), 1);
            worst = Math.Max(worst, exact.ProvedOptimal ? gap : double.PositiveInfinity);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {seed} | {costMs:F0} | {pairs:N0} | {heuristicMs:F0} ({heuristicCpu:F0}) | {heuristic.Objective:F1} | {exactMs:F0} | {(exact.ProvedOptimal ? "yes" : "no")} | {exact.Objective:F1} | {gap:P2} |"));
        }

        return worst <= 0.01 ? 0 : 1;
    }

    /// <summary>The city moved so that its centre is the grid's: every place lies among the streets.</summary>
    private static SitingProblem OnTheGrid(SitingProblem city)
    {
        var centre = NetworkBench.At((Side - 1) * NetworkBench.Spacing / 2, (Side - 1) * NetworkBench.Spacing / 2);
        var (dLon, dLat) = (centre.X - Siting.SyntheticCity.CentreLon, centre.Y - Siting.SyntheticCity.CentreLat);
        return city with
        {
            Demand = [.. city.Demand.Select(d => d with { Lon = d.Lon + dLon, Lat = d.Lat + dLat })],
            Candidates = [.. city.Candidates.Select(c => c with { Lon = c.Lon + dLon, Lat = c.Lat + dLat })],
            Existing = [.. city.Existing.Select(e => e with { Lon = e.Lon + dLon, Lat = e.Lat + dLat })],
        };
    }
}
