using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using Geo.Analysis.Coverage;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Features.WalkingNetwork;

namespace Geo.Bench.Network;

/// <summary>
/// Walking catchments on a synthetic city street graph, measured beside pgRouting in the same run:
/// <c>dotnet run -c Release --project bench/Geo.Bench -- network [connection string] [grid side] [areas] [institutions] [cut-off m]</c>.
/// </summary>
/// <remarks>
/// The city is a jittered square grid of streets 80 m apart with 3 % of its blocks' sides missing (synthetic, no
/// real place): a side of 324 nodes gives about 203,000 edges. It is stored through the import's own
/// <see cref="NetworkStore"/> in a database of its own (migrated, district 990301), read back as the service
/// reads it (timed), then:
/// <list type="number">
/// <item>ours: <see cref="NetworkCatchments"/> (snapping every place, one bounded Dijkstra per institution) and
/// 2SFCA on the resulting cost matrix, on one thread, best of five after a warm-up;</item>
/// <item>the same searches in both engines: from each institution's nearest node to the cut-off, our
/// <see cref="BoundedDijkstra"/> against one <c>pgr_drivingDistance</c> call with all the start nodes on the
/// stored edges (undirected), checked to reach the same nodes at the same costs (to 1e-6 m);</item>
/// <item>the same catchments in both engines: ours against pgRouting on the edges split at every place where ours
/// snapped it (one <c>pgr_drivingDistance</c> call), checked to give the same pairs at the same costs.</item>
/// </list>
/// </remarks>
public static class NetworkBench
{
    internal const string District = "990301";
    private const string City = "990300";
    internal const double Spacing = 80;
    internal const double BaseLon = 119.30;
    internal const double BaseLat = 26.08;

    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args.Length > 1 ? args[1] : "Host=127.0.0.1;Port=55432;Database=tuoyu_bench_network;Username=tuoyu;Password=tuoyu";
        var side = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 324;
        var areaCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10_000;
        var institutionCount = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2_000;
        var cutoff = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 1_000;
        var log = Console.Out;

        var (ways, built, areas, institutions) = SyntheticStreets(side, areaCount, institutionCount);
        log.WriteLine(FormattableString.Invariant(
            $"Synthetic street grid: {built.Nodes.Count:N0} nodes, {built.Edges.Count:N0} edges, {built.TotalLengthMetres / 1000:N0} km; {areaCount:N0} areas, {institutionCount:N0} institutions, cut-off {cutoff} m."));

        // Stored as an import stores it, read back as the service reads it.
        var options = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(options, connectionString);
        await EnsureDatabaseAsync(connectionString);
        await using var db = new TuoyuDbContext(options.Options);
        await db.Database.MigrateAsync();
        if (!await db.Districts.AnyAsync(d => d.Code == District))
        {
            db.Districts.Add(new District { Code = City, Name = "合成市（路网基准）", Level = DistrictLevel.City, DataSource = "bench (synthetic)" });
            db.Districts.Add(new District { Code = District, Name = "合成区（路网基准）", Level = DistrictLevel.District, ParentCode = City, DataSource = "bench (synthetic)" });
            await db.SaveChangesAsync();
        }

        var clock = Stopwatch.StartNew();
        var stored = await db.StreetNetworks.AsNoTracking().SingleOrDefaultAsync(n => n.DistrictCode == District);
        if (stored is null || stored.EdgeCount != built.Edges.Count || stored.NodeCount != built.Nodes.Count)
        {
            var source = new NetworkSourceData("bench", "EPSG:4326", ways, ways.Count, new Dictionary<string, int>());
            await NetworkStore.ReplaceAsync(db, District, built, source, "synthetic-grid", CancellationToken.None);
            log.WriteLine($"Stored (binary COPY, one transaction): {clock.ElapsedMilliseconds:N0} ms.");
        }

        var loads = new List<double>();
        WalkingGraph graph = null!;
        for (var run = 0; run < 3; run++)
        {
            clock.Restart();
            graph = (await NetworkStore.LoadGraphAsync(db, District, CancellationToken.None))!;
            var read = clock.Elapsed.TotalMilliseconds;
            graph.BuildSnapIndex();
            loads.Add(clock.Elapsed.TotalMilliseconds);
            log.WriteLine(FormattableString.Invariant($"Graph loaded from PostGIS: {read:N0} ms, with its snapping index {clock.Elapsed.TotalMilliseconds:N0} ms."));
        }

        log.WriteLine(FormattableString.Invariant($"Graph memory: {graph.ApproximateBytes / 1048576.0:N1} MB (arrays and snapping index, WalkingGraph.ApproximateBytes)."));

        (double Wall, double Cpu, double CatchmentsCpu) CatchmentsAnd2Sfca(out int pairs) => OursOnce(graph, areas, institutions, cutoff, out pairs);

        // Snapping alone: the first pass compiles it, the best of three after it is the figure.
        var snapping = Enumerable.Range(0, 4).Select(_ =>
        {
            var (watch, cpu) = (Stopwatch.StartNew(), CpuClock.Thread());
            foreach (var place in areas.Select(a => a.Location).Concat(institutions.Select(i => i.Location)))
            {
                graph.Snap(place);
            }

            return (Wall: watch.Elapsed.TotalMilliseconds, Cpu: (CpuClock.Thread() - cpu).TotalMilliseconds);
        }).Skip(1).ToList();
        log.WriteLine(FormattableString.Invariant(
            $"Snapping {areaCount + institutionCount:N0} places alone (best of 3): {snapping.Min(r => r.Wall):N1} ms, CPU {snapping.Min(r => r.Cpu):N1} ms."));
        CatchmentsAnd2Sfca(out _);
        var runs = Enumerable.Range(0, 5).Select(_ => CatchmentsAnd2Sfca(out _)).ToList();
        var (ours, oursCpu) = (runs.Min(r => r.Wall), runs.Min(r => r.Cpu));
        CatchmentsAnd2Sfca(out var pairCount);
        log.WriteLine(FormattableString.Invariant(
            $"Ours, network catchments + 2SFCA (one thread, best of 5): {ours:N1} ms, CPU {oursCpu:N1} ms (catchments alone CPU {runs.Min(r => r.CatchmentsCpu):N1} ms); {pairCount:N0} area–institution pairs."));

        // The same searches in both engines: each institution's nearest node, to the cut-off.
        var starts = NearestNodes(graph, institutions);
        var search = new BoundedDijkstra(graph);
        var searchRuns = Enumerable.Range(0, 3).Select(_ =>
        {
            var (watch, cpu) = (Stopwatch.StartNew(), CpuClock.Thread());
            foreach (var s in starts)
            {
                search.Run([new NodeCost(s, 0)], cutoff);
            }

            return (Wall: watch.Elapsed.TotalMilliseconds, Cpu: (CpuClock.Thread() - cpu).TotalMilliseconds);
        }).ToList();
        var ourReach = new Dictionary<(int, int), double>();
        foreach (var s in starts)
        {
            search.Run([new NodeCost(s, 0)], cutoff);
            foreach (var (node, metres) in search.ReachedNodes)
            {
                ourReach[(s, node)] = metres;
            }
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        int backend;
        await using (var pid = new NpgsqlCommand("SELECT pg_backend_pid()", connection))
        {
            backend = (int)(await pid.ExecuteScalarAsync())!;
        }

        await using var command = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
            SELECT from_v, node, agg_cost FROM pgr_drivingDistance(
              '{EdgesSql}', @starts, {cutoff}, directed => false)
            """), connection) { CommandTimeout = 3600 };
        command.Parameters.AddWithValue("starts", starts.Select(s => (long)s + 1).ToArray());
        var backendCpu = CpuClock.Process(backend);
        clock.Restart();
        var rows = 0;
        var worst = 0.0;
        var missing = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                var key = ((int)reader.GetInt64(0) - 1, (int)reader.GetInt64(1) - 1);
                if (ourReach.TryGetValue(key, out var metres))
                {
                    worst = Math.Max(worst, Math.Abs(metres - reader.GetDouble(2)));
                }
                else
                {
                    missing++;
                }
            }
        }

        var pgRouting = clock.Elapsed.TotalMilliseconds;
        var pgRoutingCpu = (CpuClock.Process(backend) - backendCpu).TotalMilliseconds;
        var (bounded, boundedCpu) = (searchRuns.Min(r => r.Wall), searchRuns.Min(r => r.Cpu));
        log.WriteLine(FormattableString.Invariant(
            $"Same searches, {starts.Length:N0} start nodes to {cutoff} m: ours {bounded:N1} ms, CPU {boundedCpu:N1} ms (best of 3); pgr_drivingDistance {pgRouting:N0} ms, its backend's CPU {pgRoutingCpu:N0} ms (one call); ratio {pgRouting / bounded:N1}×, CPU {pgRoutingCpu / boundedCpu:N1}×."));
        log.WriteLine(FormattableString.Invariant(
            $"Agreement: pgRouting {rows:N0} node costs, ours {ourReach.Count:N0}; {missing} pgRouting rows not reached by ours; largest difference {worst:E1} m."));
        var nodesAgree = missing == 0 && rows == ourReach.Count && worst <= 1e-6;

        var (catchments, catchmentsCpu, pairsAgree) = await PgRoutingCatchmentsAsync(connection, backend, graph, areas, institutions, cutoff, log);
        log.WriteLine(FormattableString.Invariant(
            $"pgRouting's catchments against our whole catchments + 2SFCA: {catchments / ours:N1}×, CPU {catchmentsCpu / oursCpu:N1}×."));
        return nodesAgree && pairsAgree ? 0 : 1;
    }

    /// <summary>
    /// Ours alone, in process (no database, no pgRouting): the graph built from the same synthetic city as
    /// <see cref="RunAsync"/>, then many runs of catchments + 2SFCA and of the bare searches, with the median and
    /// best processor time of each, so a change to the search can be judged on a busy machine:
    /// <c>network-ours [runs] [grid side] [areas] [institutions] [cut-off m]</c>.
    /// </summary>
    public static int RunInProcess(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 21;
        var side = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 324;
        var areaCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10_000;
        var institutionCount = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2_000;
        var cutoff = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 1_000;
        var (_, built, areas, institutions) = SyntheticStreets(side, areaCount, institutionCount);
        var graph = built.ToGraph();
        graph.BuildSnapIndex();
        Console.WriteLine(FormattableString.Invariant(
            $"Synthetic street grid in memory: {graph.NodeCount:N0} nodes, {graph.EdgeCount:N0} edges; {areaCount:N0} areas, {institutionCount:N0} institutions, cut-off {cutoff} m; {runs} runs after a warm-up."));

        OursOnce(graph, areas, institutions, cutoff, out var pairs);
        var whole = Enumerable.Range(0, runs).Select(_ => OursOnce(graph, areas, institutions, cutoff, out _)).ToList();
        var starts = NearestNodes(graph, institutions);
        var search = new BoundedDijkstra(graph);
        var settled = 0L;
        var searches = Enumerable.Range(0, runs + 1).Select(_ =>
        {
            var cpu = CpuClock.Thread();
            settled = 0;
            foreach (var s in starts)
            {
                search.Run([new NodeCost(s, 0)], cutoff);
                settled += search.ReachedNodes.Count;
            }

            return (CpuClock.Thread() - cpu).TotalMilliseconds;
        }).Skip(1).ToList();

        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        Console.WriteLine(FormattableString.Invariant(
            $"Catchments + 2SFCA, CPU: median {Median(whole.Select(r => r.Cpu)):N1} ms, best {whole.Min(r => r.Cpu):N1} ms (catchments alone median {Median(whole.Select(r => r.CatchmentsCpu)):N1} ms); {pairs:N0} pairs."));
        Console.WriteLine(FormattableString.Invariant(
            $"Searches alone, {starts.Length:N0} start nodes, {settled:N0} nodes settled, CPU: median {Median(searches):N1} ms, best {searches.Min():N1} ms ({Median(searches) * 1e6 / settled:N0} ns per settled node)."));
        return 0;
    }

    /// <summary>Each institution's nearest node, each once: where the bare searches start.</summary>
    private static int[] NearestNodes(WalkingGraph graph, IEnumerable<CareProvider> institutions) => institutions.Select(i =>
    {
        var snap = graph.Snap(i.Location);
        var (from, to, length) = graph.Edge(snap.Edge);
        return snap.OffsetMetres <= length / 2 ? from : to;
    }).Distinct().ToArray();

    /// <summary>The synthetic city of both benches: its streets, and areas and institutions at random on it (seed 15).</summary>
    private static (List<WalkingWay> Ways, BuiltNetwork Built, List<DemandArea> Areas, List<CareProvider> Institutions) SyntheticStreets(
        int side, int areaCount, int institutionCount)
    {
        var random = new Random(15);
        var ways = StreetGrid(side, random);
        var built = WalkingNetworkBuilder.Build(ways);
        var extent = (side - 1) * Spacing;
        Point Anywhere()
        {
            var c = At(random.NextDouble() * extent, random.NextDouble() * extent);
            return Wgs84.Point(c.X, c.Y);
        }

        var areas = Enumerable.Range(0, areaCount).Select(k => new DemandArea($"a{k}", Anywhere(), 500 + random.Next(4000), AreaKind.Old)).ToList();
        var institutions = Enumerable.Range(0, institutionCount)
            .Select(k => new CareProvider($"i{k}", Anywhere(), 20 + random.Next(130), ProviderTraits.Operating)).ToList();
        return (ways, built, areas, institutions);
    }

    /// <summary>Ours, end to end: snapping, bounded Dijkstra per institution, 2SFCA on the cost matrix.</summary>
    private static (double Wall, double Cpu, double CatchmentsCpu) OursOnce(
        WalkingGraph graph, IReadOnlyList<DemandArea> areas, IReadOnlyList<CareProvider> institutions, double cutoff, out int pairs)
    {
        var (watch, cpu) = (Stopwatch.StartNew(), CpuClock.Thread());
        var reach = NetworkCatchments.Compute(graph, institutions.Select(i => new NetworkPlace(i.Id, i.Location)),
            areas.Select(a => new NetworkPlace(a.Id, a.Location)), WalkingCutoff.InMetres(cutoff));
        var catchmentsCpu = (CpuClock.Thread() - cpu).TotalMilliseconds;
        var coverage = CoverageAnalysis.Compute(areas, institutions,
            new CoverageOptions
            {
                Catchment = new TravelCostCatchment(reach.ToTravelCostMatrix(), reach.MaxCost),
                DefaultChildrenUnder3Share = Coverage.SyntheticCity.ShareUnder3,
            });
        pairs = reach.PairCount;
        GC.KeepAlive(coverage);
        return (watch.Elapsed.TotalMilliseconds, (CpuClock.Thread() - cpu).TotalMilliseconds, catchmentsCpu);
    }

    // Node numbers for places joined to the network in pgRouting's copy of it, above every stored node.
    private const long PlaceNode = 1_000_000_000;

    // The stored edges as pgRouting reads them: walkable both ways.
    private const string EdgesSql =
        $"SELECT id, source, target, length_m AS cost, length_m AS reverse_cost FROM street_edges WHERE district_code = ''{District}''";

    /// <summary>
    /// The catchments computed by pgRouting: every place joins the network where ours snapped it (edge, fraction
    /// along it); SQL splits each edge at the places on it into a graph of its own, one <c>pgr_drivingDistance</c>
    /// call from all the institutions' nodes gives each the places it reaches, and SQL adds both snap distances and
    /// keeps the pairs within the cut-off. Checked pair by pair against ours; both statements are timed.
    /// </summary>
    /// <remarks>
    /// Not <c>pgr_withPointsDD</c>, which does this itself: on this graph (pgRouting 3.4, undirected, driving side
    /// both) it reaches some places only from one end of their edge and so reports longer walks than the shortest
    /// (e.g. 671.1 m for a pair whose shortest walk through the same nodes, by <c>pgr_dijkstraCost</c>, is 593.7 m),
    /// 191 pairs fewer in all. pgRouting takes one distance for all its starting points, so it searches to the full
    /// cut-off from each institution, where ours stops at the cut-off less the institution's snap distance (a few
    /// metres here, at most 200): a little more work for pgRouting, the same pairs.
    /// </remarks>
    private static async Task<(double Wall, double Cpu, bool Agree)> PgRoutingCatchmentsAsync(
        NpgsqlConnection connection, int backend, WalkingGraph graph, IReadOnlyList<DemandArea> areas,
        IReadOnlyList<CareProvider> institutions, double cutoff, TextWriter log)
    {
        var reach = NetworkCatchments.Compute(graph, institutions.Select(i => new NetworkPlace(i.Id, i.Location)),
            areas.Select(a => new NetworkPlace(a.Id, a.Location)), WalkingCutoff.InMetres(cutoff));
        var ours = reach.Catchments.SelectMany(c => c.Demand.Select(d => (c.FacilityId, d.DemandId, d.Metres)))
            .ToDictionary(p => (p.FacilityId, p.DemandId), p => p.Metres);

        // Points: institutions first (pid 1 …), then areas, each with our snap; a point's node is PlaceNode + pid.
        var places = institutions.Select(i => (i.Id, i.Location)).Concat(areas.Select(a => (a.Id, a.Location))).ToList();
        await using (var create = new NpgsqlCommand(
            "DROP TABLE IF EXISTS bench_points; CREATE TEMP TABLE bench_points (pid bigint PRIMARY KEY, place text, edge_id bigint, fraction float8, snap_m float8)",
            connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY bench_points FROM STDIN (FORMAT BINARY)"))
        {
            for (var k = 0; k < places.Count; k++)
            {
                var snap = graph.Snap(places[k].Location);
                var length = graph.Edge(snap.Edge).LengthMetres;
                await copy.StartRowAsync();
                await copy.WriteAsync((long)k + 1);
                await copy.WriteAsync(places[k].Id);
                await copy.WriteAsync((long)snap.Edge + 1);
                await copy.WriteAsync(length > 0 ? snap.OffsetMetres / length : 0.0);
                await copy.WriteAsync(snap.SnapMetres);
            }

            await copy.CompleteAsync();
        }

        // Each edge with places on it becomes its pieces between its ends and those places, in order along it.
        await using var split = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS bench_split;
            CREATE TEMP TABLE bench_split AS
            WITH cut AS (SELECT DISTINCT edge_id FROM bench_points),
            ends AS (
              SELECT e.id AS edge_id, 0::float8 AS fraction, e.source AS node, e.length_m
              FROM street_edges e JOIN cut ON cut.edge_id = e.id WHERE e.district_code = '{District}'
              UNION ALL
              SELECT e.id, 1, e.target, e.length_m FROM street_edges e JOIN cut ON cut.edge_id = e.id WHERE e.district_code = '{District}'
              UNION ALL
              SELECT p.edge_id, p.fraction, {PlaceNode} + p.pid, e.length_m
              FROM bench_points p JOIN street_edges e ON e.id = p.edge_id AND e.district_code = '{District}'),
            pieces AS (
              SELECT lag(node) OVER w AS source, node AS target, (fraction - lag(fraction) OVER w) * length_m AS cost
              FROM ends WINDOW w AS (PARTITION BY edge_id ORDER BY fraction, node))
            SELECT id, source, target, length_m AS cost FROM street_edges
            WHERE district_code = '{District}' AND id NOT IN (SELECT edge_id FROM cut)
            UNION ALL
            SELECT {PlaceNode} + row_number() OVER (), source, target, cost FROM pieces WHERE source IS NOT NULL
            """, connection) { CommandTimeout = 3600 };
        await using var command = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
            SELECT f.place, d.place, f.snap_m + dd.agg_cost + d.snap_m
            FROM pgr_drivingDistance('SELECT id, source, target, cost, cost AS reverse_cost FROM bench_split', @starts, {cutoff},
                                     directed => false) dd
            JOIN bench_points f ON f.pid = dd.from_v - {PlaceNode}
            JOIN bench_points d ON d.pid = dd.node - {PlaceNode}
            WHERE d.pid > {institutions.Count} AND f.snap_m + dd.agg_cost + d.snap_m <= {cutoff}
            """), connection) { CommandTimeout = 3600 };
        command.Parameters.AddWithValue("starts", Enumerable.Range(1, institutions.Count).Select(k => PlaceNode + k).ToArray());
        var backendCpu = CpuClock.Process(backend);
        var clock = Stopwatch.StartNew();
        await split.ExecuteNonQueryAsync();
        var splitting = clock.Elapsed.TotalMilliseconds;
        var (rows, missing, worst) = (0, 0, 0.0);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                if (ours.TryGetValue((reader.GetString(0), reader.GetString(1)), out var metres))
                {
                    worst = Math.Max(worst, Math.Abs(metres - reader.GetDouble(2)));
                }
                else
                {
                    missing++;
                }
            }
        }

        var (wall, cpu) = (clock.Elapsed.TotalMilliseconds, (CpuClock.Process(backend) - backendCpu).TotalMilliseconds);
        log.WriteLine(FormattableString.Invariant(
            $"Same catchments, {institutions.Count:N0} institutions and {areas.Count:N0} areas to {cutoff} m: pgRouting {wall:N0} ms (splitting the edges at the places {splitting:N0} ms, then pgr_drivingDistance in one call), its backend's CPU {cpu:N0} ms; {rows:N0} pairs, ours {ours.Count:N0}; {missing} not ours; largest difference {worst:E1} m."));
        return (wall, cpu, missing == 0 && rows == ours.Count && worst <= 1e-6);
    }

    /// <summary>The position <paramref name="east"/> and <paramref name="north"/> metres from the grid's corner.</summary>
    internal static Coordinate At(double east, double north)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(BaseLat);
        return new Coordinate(BaseLon + east / perLon, BaseLat + north / perLat);
    }

    /// <summary>
    /// The synthetic city's streets: a side × side grid of nodes <see cref="Spacing"/> apart from (BaseLon, BaseLat),
    /// jittered ±15 m, each block side missing with probability 3 %, as ways of two vertices.
    /// </summary>
    internal static List<WalkingWay> StreetGrid(int side, Random random)
    {
        var vertices = new Coordinate[side * side];
        for (var i = 0; i < side; i++)
        {
            for (var j = 0; j < side; j++)
            {
                vertices[i * side + j] = At(i * Spacing + (random.NextDouble() - 0.5) * 30, j * Spacing + (random.NextDouble() - 0.5) * 30);
            }
        }

        var ways = new List<WalkingWay>();
        for (var i = 0; i < side; i++)
        {
            for (var j = 0; j < side; j++)
            {
                var id = i * side + j;
                foreach (var next in new[] { i + 1 < side ? id + side : -1, j + 1 < side ? id + 1 : -1 })
                {
                    if (next >= 0 && random.NextDouble() >= 0.03)
                    {
                        ways.Add(new WalkingWay([id, next], [vertices[id], vertices[next]], "residential", ways.Count + 1));
                    }
                }
            }
        }

        return ways;
    }

    private static async Task EnsureDatabaseAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        int backend;
        await using (var pid = new NpgsqlCommand("SELECT pg_backend_pid()", connection))
        {
            backend = (int)(await pid.ExecuteScalarAsync())!;
        }

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @d", connection);
        exists.Parameters.AddWithValue("d", target.Database!);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }
}
