using Geo.Analysis.Coverage;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;
using static Geo.Analysis.Tests.Coverage.CoverageFixtures;

namespace Geo.Analysis.Tests.Network;

/// <summary>Hand-built street networks, in metres east and north of a point in 鼓楼; expected costs worked out here.</summary>
public class WalkingNetworkTests
{
    // Lengths come from lon/lat through GroundDistance; a few hundred metres of street differ from the
    // metre grid they were drawn on by millimetres.
    private const double Drawn = 0.02;
    private const double Exact = 1e-9;

    private static Coordinate At(double east, double north) => Offset(east, north).Coordinate;

    /// <summary>Ways drawn as polylines in metres; each way a list of (east, north), sharing vertices by position.</summary>
    private static BuiltNetwork Streets(params (string Kind, (double E, double N)[] Line)[] ways) =>
        WalkingNetworkBuilder.Build(ways.Select((w, k) =>
        {
            var vertices = w.Line.Select(p => At(p.E, p.N)).ToArray();
            return new WalkingWay(WalkingNetworkBuilder.CoordinateKeys(vertices), vertices, w.Kind, k + 1);
        }));

    private static NetworkPlace Place(string id, double east, double north) => new(id, Offset(east, north));

    private static double? CostBetween(WalkingGraph graph, NetworkPlace from, NetworkPlace to, double cutoff) =>
        NetworkCatchments.Compute(graph, [from], [to], WalkingCutoff.InMetres(cutoff)).Catchments[0].Demand is [var only] ? only.Metres : null;

    /// <summary>
    /// A river along north = 50 between the banks' streets (north = 0 and north = 100), crossed by one bridge
    /// at east = 650. A and B face each other 100 m apart: on foot 650 + 100 + 650 = 1,400 m.
    /// </summary>
    [Fact]
    public void River_crossed_by_one_bridge_is_1400_m_on_foot_for_100_m_in_a_line()
    {
        var network = Streets(
            ("residential", [(0, 0), (650, 0)]),
            ("footway", [(650, 0), (650, 100)]), // the bridge
            ("residential", [(650, 100), (0, 100)]));
        var graph = network.ToGraph();
        var (a, b) = (Place("A", 0, 0), Place("B", 0, 100));

        Assert.Equal(100, GroundDistance.Metres(a.Location.Coordinate, b.Location.Coordinate), 0.01);
        Assert.Equal(1400, CostBetween(graph, a, b, 2000)!.Value, Drawn);
        Assert.Null(CostBetween(graph, a, b, 1000)); // within 1 km in a line, far outside on foot
        Assert.Equal(3, graph.EdgeCount);
        Assert.Equal(1400, graph.TotalLengthMetres, Drawn);
    }

    /// <summary>
    /// Without the bridge's shared vertex, the banks are two islands: B is unreachable from A at any cut-off,
    /// though both snap to the network.
    /// </summary>
    [Fact]
    public void Disconnected_islands_do_not_reach_each_other()
    {
        var network = Streets(
            ("residential", [(0, 0), (650, 0)]),
            ("residential", [(650, 100), (0, 100)]),
            ("residential", [(0, 100), (-300, 100)]));
        var graph = network.ToGraph();
        var (a, b) = (Place("A", 10, 0), Place("B", 10, 100));

        Assert.Null(CostBetween(graph, a, b, 100_000));
        var result = NetworkCatchments.Compute(graph, [a], [b, Place("A2", 600, 0)], WalkingCutoff.InMetres(100_000));
        Assert.Equal(["A2"], result.Catchments[0].Demand.Select(d => d.DemandId));
        Assert.Empty(result.Unreachable); // on the network, only not connected
        Assert.Equal(2, graph.Reach(0, 100_000).Count); // the south bank's two nodes
    }

    /// <summary>
    /// A cul-de-sac runs north 200 m from the main street at east = 0; its end is 20 m from a house on a back
    /// lane (north = 220) with no way through. From the cul-de-sac's end to the lane's house: back 200 m, 300 m
    /// east, 220 m north up the lane, 300 m west: 1,020 m.
    /// </summary>
    [Fact]
    public void Cul_de_sac_has_no_way_through()
    {
        var network = Streets(
            ("residential", [(-100, 0), (0, 0), (300, 0)]),
            ("living_street", [(0, 0), (0, 200)]), // the cul-de-sac
            ("service", [(300, 0), (300, 220), (0, 220)]));
        var graph = network.ToGraph();
        var end = Place("end", 0, 200);
        var house = Place("house", 0, 220);

        Assert.Equal(200 + 300 + 220 + 300, CostBetween(graph, end, house, 2000)!.Value, Drawn);
        Assert.Equal(4 + 1, graph.NodeCount); // (-100,0), (0,0), (300,0), (0,200), and the lane's far end
        Assert.Equal(4, graph.EdgeCount);    // the main street split at the cul-de-sac's mouth
    }

    /// <summary>Steps are walkable: a 30 m flight up a slope beats the 400 m road around it.</summary>
    [Fact]
    public void Steps_are_a_walkable_short_cut()
    {
        var network = Streets(
            ("residential", [(0, 0), (200, 0), (200, 30)]),
            ("residential", [(200, 30), (0, 30)]),
            ("steps", [(0, 0), (0, 30)]));
        var graph = network.ToGraph();

        Assert.Equal(30, CostBetween(graph, Place("low", 0, 0), Place("high", 0, 30), 1000)!.Value, Drawn);
        Assert.Contains(network.Edges, e => e.Kind == "steps");
    }

    /// <summary>An edge given once, From → To (a one-way street as drawn), is walked both ways at the same cost.</summary>
    [Fact]
    public void One_way_street_is_walkable_both_ways()
    {
        var graph = new WalkingGraph([At(0, 0), At(250, 0)], [new WalkingEdge(0, 1, 250)]);

        Assert.Equal(250, graph.Reach(0, 1000).Single(r => r.Node == 1).Metres, Exact);
        Assert.Equal(250, graph.Reach(1, 1000).Single(r => r.Node == 0).Metres, Exact);
    }

    /// <summary>
    /// A point 30 m off a 400 m street at 100 m along it, another 40 m off at 350 m: 30 + 250 + 40 = 320 m
    /// along the shared edge; the snap adds to the cost; 250 m off the street is beyond the 200 m cap.
    /// </summary>
    [Fact]
    public void Snapping_adds_the_distance_to_the_edge_and_caps_it()
    {
        var graph = Streets(("residential", [(0, 0), (400, 0)])).ToGraph();
        var snap = graph.Snap(Offset(100, 30));
        Assert.Equal(30, snap.SnapMetres, 0.01);
        Assert.Equal(100, snap.OffsetMetres, Drawn);
        Assert.True(snap.WithinCap);

        var result = NetworkCatchments.Compute(graph,
            [Place("X", 100, 30)], [Place("near", 350, -40), Place("far", 200, 250)], WalkingCutoff.InMetres(1000));
        Assert.Equal(320, result.Catchments[0].Demand.Single().Metres, Drawn);
        var far = Assert.Single(result.Unreachable);
        Assert.Equal(("far", PlaceRole.Demand), (far.Id, far.Role));
        Assert.Equal(250, far.SnapMetres!.Value, 0.01);

        // A cap of 300 m lets it in: 30 + 100 + 250 = 380 m.
        var wider = NetworkCatchments.Compute(graph, [Place("X", 100, 30)], [Place("far", 200, 250)], WalkingCutoff.InMetres(1000), 300);
        Assert.Equal(380, wider.Catchments[0].Demand.Single().Metres, Drawn);
    }

    /// <summary>
    /// The snapping grid finds what a scan of every edge finds: the nearest edge (the lower index of two equal
    /// ones), its distance and the offset along it, for places on, between and well outside the streets, with
    /// shaped edges, edges repeated exactly, and one long edge spanning many cells.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Snapping_finds_the_nearest_edge_as_a_scan_of_every_edge(int seed)
    {
        var random = new Random(seed);
        var nodes = Enumerable.Range(0, 300).Select(_ => At(random.NextDouble() * 3000, random.NextDouble() * 3000)).ToList();
        var edges = new List<WalkingEdge>();
        for (var k = 0; k < 400; k++)
        {
            var (a, b) = (random.Next(nodes.Count), random.Next(nodes.Count));
            var shape = k % 3 == 0 ? new[] { At(random.NextDouble() * 3000, random.NextDouble() * 3000) } : null;
            edges.Add(new WalkingEdge(a, b, 100 + random.NextDouble() * 900, shape));
            if (k % 50 == 0)
            {
                edges.Add(edges[^1]);
            }
        }

        nodes.Add(At(-2000, -2000));
        edges.Add(new WalkingEdge(nodes.Count - 1, 0, 5000));
        var graph = new WalkingGraph(nodes, edges);

        for (var k = 0; k < 500; k++)
        {
            var p = Offset(random.NextDouble() * 9000 - 3000, random.NextDouble() * 9000 - 3000);
            var snap = graph.Snap(p, capMetres: 150);
            var (lon, lat) = (p.X, p.Y);
            var (perLon, perLat) = GroundDistance.MetresPerDegree(lat);
            var scanned = Enumerable.Range(0, edges.Count).Select(e =>
            {
                var line = new[] { graph.Node(edges[e].From) }.Concat(edges[e].Shape ?? []).Append(graph.Node(edges[e].To))
                    .Select(c => new Coordinate((c.X - lon) * perLon, (c.Y - lat) * perLat)).ToArray();
                return (Edge: e, Metres: new LineString(line).Distance(new Point(0, 0)));
            }).OrderBy(c => c.Metres).ThenBy(c => c.Edge).First();

            Assert.Equal(scanned.Metres, snap.SnapMetres, 1e-6);
            // An edge repeated exactly ties exactly: the lower index wins. Any other tie is one of rounding.
            Assert.True(snap.Edge == scanned.Edge || (edges[snap.Edge] != edges[scanned.Edge] && Math.Abs(snap.SnapMetres - scanned.Metres) < 1e-9),
                $"place {k}: edge {snap.Edge}, the scan's {scanned.Edge}");
            Assert.Equal(scanned.Metres <= 150, snap.WithinCap);
            Assert.InRange(snap.OffsetMetres, 0, graph.Edge(snap.Edge).LengthMetres);
        }
    }

    /// <summary>A 400 m walk at 1.2 m/s is 5.56 minutes: inside a 6-minute cut-off (432 m), outside a 5-minute one (360 m).</summary>
    [Fact]
    public void Cut_off_in_minutes_uses_the_walking_speed()
    {
        var graph = Streets(("residential", [(0, 0), (400, 0)])).ToGraph();
        var (x, y) = (Place("X", 0, 0), Place("Y", 400, 0));

        var six = NetworkCatchments.Compute(graph, [x], [y], WalkingCutoff.InMinutes(6));
        Assert.Equal(400 / 1.2 / 60, six.Catchments[0].Demand.Single().Minutes, 1e-4);
        Assert.Empty(NetworkCatchments.Compute(graph, [x], [y], WalkingCutoff.InMinutes(5)).Catchments[0].Demand);
        Assert.Single(NetworkCatchments.Compute(graph, [x], [y], WalkingCutoff.InMinutes(5, speedMetresPerSecond: 1.4)).Catchments[0].Demand);
    }

    /// <summary>Bounded Dijkstra agrees with Floyd–Warshall on random graphs, and reports exactly the nodes within the cut-off.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Bounded_dijkstra_equals_all_pairs_shortest_paths(int seed)
    {
        var random = new Random(seed);
        const int n = 40;
        var nodes = Enumerable.Range(0, n).Select(_ => At(random.NextDouble() * 2000, random.NextDouble() * 2000)).ToArray();
        var edges = Enumerable.Range(0, 90).Select(_ => new WalkingEdge(random.Next(n), random.Next(n), Math.Round(random.NextDouble() * 500, 1))).ToArray();
        var graph = new WalkingGraph(nodes, edges);
        var all = AllPairs(n, edges);

        var search = new BoundedDijkstra(graph);
        const double cutoff = 654.321; // off the 0.1 m grid of the lengths, so no sum lands on it
        for (var s = 0; s < n; s++)
        {
            search.Run([new NodeCost(s, 0)], cutoff);
            var reached = search.Reached();
            Assert.Equal(reached.Select(r => r.Metres).Order(), reached.Select(r => r.Metres)); // nearest first
            for (var t = 0; t < n; t++)
            {
                var expected = all[s, t] <= cutoff ? all[s, t] : double.PositiveInfinity;
                Assert.Equal(expected, search.Cost(t), 1e-9);
            }
        }
    }

    /// <summary>
    /// Catchments equal the definition worked out pair by pair: for every facility and demand point, the snap
    /// distances plus the cheaper of the four ways between their edges' ends (all-pairs shortest paths) or the way
    /// along a shared edge, kept when at most the cut-off; several points share edges, and one edge is a loop. The
    /// cost matrix handed to 2SFCA holds the same pairs, ordered by area then facility, in minutes when the
    /// cut-off was given in minutes.
    /// </summary>
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Catchments_equal_the_pairwise_definition_and_their_matrix_is_ordered(int seed)
    {
        var random = new Random(seed);
        const int n = 30;
        var nodes = Enumerable.Range(0, n).Select(_ => At(random.NextDouble() * 1500, random.NextDouble() * 1500)).ToArray();
        var edges = Enumerable.Range(0, 60).Select(_ => (random.Next(n), random.Next(n)))
            .Select(e => new WalkingEdge(e.Item1, e.Item2, GroundDistance.Metres(nodes[e.Item1].X, nodes[e.Item1].Y, nodes[e.Item2].X, nodes[e.Item2].Y)))
            .Append(new WalkingEdge(0, 0, 0))
            .ToArray();
        var graph = new WalkingGraph(nodes, edges);
        var all = AllPairs(n, edges);
        NetworkPlace Anywhere(string id) => Place(id, random.NextDouble() * 1500, random.NextDouble() * 1500);
        var facilities = Enumerable.Range(0, 12).Select(k => Anywhere($"f{k:D2}")).ToArray();
        var demand = Enumerable.Range(0, 40).Select(k => Anywhere($"d{k:D2}")).ToArray();
        var cutoff = WalkingCutoff.InMinutes(10); // 720 m at 1.2 m/s

        var result = NetworkCatchments.Compute(graph, facilities, demand, cutoff);

        var expected = new List<(string Facility, string Demand, double Metres)>();
        foreach (var f in facilities)
        {
            var fs = graph.Snap(f.Location);
            foreach (var d in demand)
            {
                var ds = graph.Snap(d.Location);
                if (!fs.WithinCap || !ds.WithinCap)
                {
                    continue;
                }

                var (fa, fb, fl) = graph.Edge(fs.Edge);
                var (da, db, dl) = graph.Edge(ds.Edge);
                double[] fromF = [fs.OffsetMetres, fl - fs.OffsetMetres];
                double[] toD = [ds.OffsetMetres, dl - ds.OffsetMetres];
                int[] fEnds = [fa, fb], dEnds = [da, db];
                var along = double.PositiveInfinity;
                for (var x = 0; x < 2; x++)
                {
                    for (var y = 0; y < 2; y++)
                    {
                        along = Math.Min(along, fromF[x] + all[fEnds[x], dEnds[y]] + toD[y]);
                    }
                }

                if (fs.Edge == ds.Edge)
                {
                    along = Math.Min(along, Math.Abs(fs.OffsetMetres - ds.OffsetMetres));
                }

                var cost = fs.SnapMetres + along + ds.SnapMetres;
                if (cost <= cutoff.Metres)
                {
                    expected.Add((f.Id, d.Id, cost));
                }
            }
        }

        var found = result.Catchments.SelectMany(c => c.Demand.Select(d => (c.FacilityId, d.DemandId, d.Metres))).ToList();
        Assert.True(expected.Count > 20, $"only {expected.Count} pairs: the case tests too little");
        Assert.Equal(expected.Select(e => (e.Facility, e.Demand)), found.Select(p => (p.FacilityId, p.DemandId)));
        Assert.All(expected.Zip(found), pair => Assert.Equal(pair.First.Metres, pair.Second.Metres, 1e-9));

        var matrix = result.ToTravelCostMatrix();
        Assert.Equal(CostUnit.Minutes, matrix.Unit);
        Assert.Equal(
            expected.OrderBy(e => e.Demand, StringComparer.Ordinal).ThenBy(e => e.Facility, StringComparer.Ordinal)
                .Select(e => (e.Demand, e.Facility, Math.Round(cutoff.Minutes(e.Metres), 9))),
            matrix.Entries.Select(e => (e.AreaId, e.InstitutionId, Math.Round(e.Cost, 9))));
    }

    private static double[,] AllPairs(int n, IEnumerable<WalkingEdge> edges)
    {
        var all = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                all[i, j] = i == j ? 0 : double.PositiveInfinity;
            }
        }

        foreach (var e in edges.Where(e => e.From != e.To))
        {
            all[e.From, e.To] = all[e.To, e.From] = Math.Min(all[e.From, e.To], e.LengthMetres);
        }

        for (var k = 0; k < n; k++)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    all[i, j] = Math.Min(all[i, j], all[i, k] + all[k, j]);
                }
            }
        }

        return all;
    }

    /// <summary>Catchments do not depend on input order, and feed 2SFCA as a travel-cost matrix.</summary>
    [Fact]
    public void Catchments_are_order_independent_and_feed_two_step_floating_catchment()
    {
        var graph = Streets(
            ("residential", [(0, 0), (500, 0), (1000, 0)]),
            ("residential", [(500, 0), (500, 600)])).ToGraph();
        NetworkPlace[] facilities = [Place("F1", 0, 10), Place("F2", 500, 590)];
        NetworkPlace[] areas = [Place("a", 100, 0), Place("b", 500, 300), Place("c", 900, -20)];

        var forward = NetworkCatchments.Compute(graph, facilities, areas, WalkingCutoff.InMetres(900));
        var backward = NetworkCatchments.Compute(graph, facilities.Reverse(), areas.Reverse(), WalkingCutoff.InMetres(900));
        Assert.Equal(
            forward.Catchments.SelectMany(c => c.Demand.Select(d => (c.FacilityId, d.DemandId, d.Metres))),
            backward.Catchments.SelectMany(c => c.Demand.Select(d => (c.FacilityId, d.DemandId, d.Metres))));

        // F1 reaches a (10 + 100) and b (10 + 500 + 300) but not c (10 + 900 + 20); F2 reaches b (10 + 290) only.
        Assert.Equal(["a", "b"], forward.Catchments[0].Demand.Select(d => d.DemandId));
        Assert.Equal(810, forward.Catchments[0].Demand[1].Metres, Drawn);
        Assert.Equal(["b"], forward.Catchments[1].Demand.Select(d => d.DemandId));

        DemandArea[] residential = [.. areas.Select(a => Area(a.Id, a.Location, 1000))];
        CareProvider[] institutions = [Operating("F1", facilities[0].Location, 20), Operating("F2", facilities[1].Location, 10)];
        var coverage = CoverageAnalysis.Compute(residential, institutions,
            GulouOptions with { Catchment = new TravelCostCatchment(forward.ToTravelCostMatrix(), forward.MaxCost) });

        // F1: 20 / 2000 residents = 0.01; F2: 10 / 1000 = 0.01; b gets both.
        Assert.Equal([0.01, 0.02, 0.0], coverage.Areas.Select(a => Math.Round(a.Accessibility, 12)));
        Assert.Equal(CostUnit.NetworkMetres, coverage.Parameters.CostUnit);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_reason()
    {
        Assert.Throws<ArgumentException>(() => new WalkingGraph([At(0, 0)], [new WalkingEdge(0, 1, 10)]));
        Assert.Throws<ArgumentException>(() => new WalkingGraph([At(0, 0), At(1, 0)], [new WalkingEdge(0, 1, -1)]));
        Assert.Throws<ArgumentException>(() => new WalkingGraph([new Coordinate(500, 0)], []));
        var graph = new WalkingGraph([At(0, 0), At(10, 0)], [new WalkingEdge(0, 1, 10)]);
        Assert.Throws<ArgumentException>(() => new NetworkCatchments(graph, [Place("F", 0, 0), Place("F", 1, 0)], [], WalkingCutoff.InMetres(300)));
        Assert.Throws<ArgumentOutOfRangeException>(() => WalkingCutoff.InMinutes(5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.Reach(2, 100));
    }

    [Fact]
    public void A_network_without_edges_reports_every_place_unreachable_without_a_distance()
    {
        var graph = new WalkingGraph([], []);
        var result = NetworkCatchments.Compute(graph, [Place("F", 0, 0)], [Place("a", 0, 0)], WalkingCutoff.InMetres(300));

        Assert.Equal([("F", (double?)null), ("a", null)], result.Unreachable.Select(u => (u.Id, u.SnapMetres)));
        Assert.Empty(result.Catchments[0].Demand);
    }
}
