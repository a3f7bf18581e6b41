using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Network;

/// <summary>A place that joins the walking network at its point: a residential area, an institution, a candidate.</summary>
public sealed record NetworkPlace(string Id, Point Location);

/// <summary>
/// A walking cut-off: metres on foot, or minutes at a walking speed. GB 50180-2018's life circles are 5, 10
/// and 15 minutes; at the default 1.2 m/s they are 360, 720 and 1,080 m.
/// </summary>
public sealed record WalkingCutoff
{
    public const double DefaultSpeedMetresPerSecond = 1.2;

    private WalkingCutoff(double metres, double speed, CostUnit unit) => (Metres, SpeedMetresPerSecond, Unit) = (metres, speed, unit);

    /// <summary>The cut-off in metres on foot.</summary>
    public double Metres { get; }

    public double SpeedMetresPerSecond { get; }

    /// <summary>The unit the caller gave: <see cref="CostUnit.NetworkMetres"/> or <see cref="CostUnit.Minutes"/>.</summary>
    public CostUnit Unit { get; }

    public static WalkingCutoff InMetres(double metres, double speedMetresPerSecond = DefaultSpeedMetresPerSecond)
    {
        EnsureFinite(metres, nameof(metres));
        EnsureSpeed(speedMetresPerSecond);
        return new WalkingCutoff(metres, speedMetresPerSecond, CostUnit.NetworkMetres);
    }

    public static WalkingCutoff InMinutes(double minutes, double speedMetresPerSecond = DefaultSpeedMetresPerSecond)
    {
        EnsureFinite(minutes, nameof(minutes));
        EnsureSpeed(speedMetresPerSecond);
        return new WalkingCutoff(minutes * 60 * speedMetresPerSecond, speedMetresPerSecond, CostUnit.Minutes);
    }

    public double Minutes(double metres) => metres / SpeedMetresPerSecond / 60;

    private static void EnsureFinite(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "A walking cut-off must be finite and 0 or more.");
        }
    }

    private static void EnsureSpeed(double speed)
    {
        if (!double.IsFinite(speed) || speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "A walking speed must be a finite number of metres per second, above 0.");
        }
    }
}

/// <summary>
/// Walking catchments on the street network: for each facility, the demand points it reaches on foot within
/// the cut-off, with the walking cost of each.
/// </summary>
/// <remarks>
/// <para>
/// Method. Every place is snapped to its nearest walkable edge (<see cref="WalkingGraph.Snap"/>); a place
/// farther than the snap cap (default 200 m) is unreachable on foot and is listed with its distance. From a
/// facility snapped s_f metres from edge (u, v) at offset t, a <see cref="BoundedDijkstra"/> run starts at u
/// with s_f + t and at v with s_f + (ℓ − t), cut off at C − s_f. A demand point snapped s_d metres from edge
/// (a, b) at offset o then costs s_f + min(d(a) + o, d(b) + ℓ − o) + s_d, or s_f + |t − o| + s_d along a
/// shared edge when that is shorter; it is in the catchment when its cost is at most C (inclusive).
/// </para>
/// <para>
/// Guarantees. Costs are exact shortest walking distances on the graph plus both snap distances, symmetric
/// in facility and demand; a pair beyond the cut-off or on another island of the network is absent. Inputs
/// are ordered by id (ordinal) and each catchment by demand id, so results do not depend on input order.
/// Cost: snapping a few grid cells per place on the index built once per graph (<see cref="EdgeSnapper"/>), then
/// one bounded Dijkstra per facility, so O(m · r log r) for m facilities each reaching r nodes; independent of
/// the graph's size beyond the cut-off.
/// </para>
/// </remarks>
public sealed class NetworkCatchments
{
    public const double DefaultSnapCapMetres = 200;

    private readonly WalkingGraph _graph;
    private readonly NetworkPlace[] _facilities;
    private readonly NetworkPlace[] _demand;
    private readonly WalkingCutoff _cutoff;
    private readonly double _snapCap;
    private NetworkCatchmentResult? _result;

    public static NetworkCatchmentResult Compute(
        WalkingGraph graph, IEnumerable<NetworkPlace> facilities, IEnumerable<NetworkPlace> demand, WalkingCutoff cutoff,
        double snapCapMetres = DefaultSnapCapMetres) =>
        new NetworkCatchments(graph, facilities, demand, cutoff, snapCapMetres).Compute();

    /// <exception cref="ArgumentException">Duplicate or empty ids, a missing or non-lon/lat location, or a negative snap cap.</exception>
    public NetworkCatchments(
        WalkingGraph graph, IEnumerable<NetworkPlace> facilities, IEnumerable<NetworkPlace> demand, WalkingCutoff cutoff,
        double snapCapMetres = DefaultSnapCapMetres)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(cutoff);
        if (!double.IsFinite(snapCapMetres) || snapCapMetres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(snapCapMetres), snapCapMetres, "The snap cap must be a finite number of metres, 0 or more.");
        }

        _graph = graph;
        _facilities = Places(facilities, nameof(facilities));
        _demand = Places(demand, nameof(demand));
        _cutoff = cutoff;
        _snapCap = snapCapMetres;
    }

    /// <summary>The catchments; computed on first call and kept.</summary>
    public NetworkCatchmentResult Compute() => _result ??= Run();

    private NetworkCatchmentResult Run()
    {
        var snapper = _graph.Snapper;
        // Places are visited in Hilbert order (see HilbertCurve): the next one's grid cells and streets are mostly
        // those the last one read, still in the processor's cache; in id order each starts cold elsewhere in the city.
        var (demandOrder, facilityOrder) = (InHilbertOrder(_demand), InHilbertOrder(_facilities));
        var demandSnaps = SnapAll(snapper, _demand, demandOrder);
        var facilitySnaps = SnapAll(snapper, _facilities, facilityOrder);
        var reached = _graph.WithSearch(search => Search(search, demandSnaps, demandOrder, facilitySnaps, facilityOrder));
        var catchments = new FacilityCatchment[_facilities.Length];
        for (var j = 0; j < _facilities.Length; j++)
        {
            catchments[j] = new FacilityCatchment(_facilities[j].Id,
                [.. reached[j].Select(p => new DemandCost(_demand[p.Demand].Id, p.Metres, _cutoff.Minutes(p.Metres)))]);
        }

        var unreachable = new List<UnreachablePlace>();
        AddUnreachable(unreachable, _facilities, facilitySnaps, PlaceRole.Facility);
        AddUnreachable(unreachable, _demand, demandSnaps, PlaceRole.Demand);
        return new NetworkCatchmentResult(_cutoff, _snapCap, catchments, unreachable)
        {
            ByDemand = ByDemand(reached),
        };
    }

    /// <summary>Each facility's demand points within the cut-off (index, metres), ascending by index, i.e. by id.</summary>
    private (int Demand, double Metres)[][] Search(BoundedDijkstra search, Snap[] demandSnaps, int[] demandOrder, Snap[] facilitySnaps, int[] facilityOrder)
    {
        var atNode = new DemandAtNodes(_graph, demandSnaps, demandOrder, search);
        try
        {
            var gather = new Gather(_graph, search, atNode, demandSnaps, _cutoff.Metres);
            var reached = new (int Demand, double Metres)[_facilities.Length][];
            foreach (var j in facilityOrder)
            {
                reached[j] = gather.Catchment(j, facilitySnaps[j]);
            }

            return reached;
        }
        finally
        {
            atNode.Release();
        }
    }

    /// <summary>
    /// One facility's catchment at a time, with buffers kept across facilities. A method of its own, called once per
    /// facility, so that the runtime compiles it fully optimised after a few facilities. As the body of the loop over them,
    /// one process in five ran 1.7× slower in all its repetitions; most likely that loop ran only in the code its on-stack
    /// replacement produced (inferred from the timings, not shown; docs/benchmarks.md).
    /// </summary>
    private sealed class Gather(WalkingGraph graph, BoundedDijkstra search, DemandAtNodes atNode, Snap[] demandSnaps, double cutoff)
    {
        // Per demand point, the cheapest way found from the current facility to its snapped position (metres along the
        // network, snap distances not yet added), valid where its stamp is the facility's index.
        private readonly double[] _along = new double[demandSnaps.Length];
        private readonly int[] _stamp = NewStamps(demandSnaps.Length);
        private readonly List<int> _found = [];

        private static int[] NewStamps(int count)
        {
            var stamps = new int[count];
            Array.Fill(stamps, -1);
            return stamps;
        }

        /// <summary>Facility <paramref name="j"/>'s demand points within the cut-off (index, metres), ascending by index, i.e. by id.</summary>
        public (int Demand, double Metres)[] Catchment(int j, Snap f)
        {
            _found.Clear();
            if (f.WithinCap && f.SnapMetres <= cutoff)
            {
                var length = graph.EdgeLength[f.Edge];
                search.Run([new NodeCost(graph.EdgeFrom[f.Edge], f.OffsetMetres), new NodeCost(graph.EdgeTo[f.Edge], length - f.OffsetMetres)], cutoff - f.SnapMetres);
                foreach (var (node, metres) in search.ReachedNodes)
                {
                    var (first, end) = atNode.At(node);
                    for (var k = first; k < end; k++)
                    {
                        Offer(j, atNode.Demand[k], metres + atNode.Metres[k]);
                    }
                }

                // Along the facility's own edge, without passing a node.
                var (from, to) = atNode.OnEdge(f.Edge);
                for (var k = from; k < to; k++)
                {
                    var i = atNode.ByEdge[k];
                    Offer(j, i, Math.Abs(f.OffsetMetres - demandSnaps[i].OffsetMetres));
                }
            }

            // Demand is ordered by id, so its indices give the catchment's order.
            _found.Sort();
            var pairs = new List<(int Demand, double Metres)>(_found.Count);
            foreach (var i in _found)
            {
                var cost = f.SnapMetres + _along[i] + demandSnaps[i].SnapMetres;
                if (cost <= cutoff)
                {
                    pairs.Add((i, cost));
                }
            }

            return [.. pairs];
        }

        private void Offer(int j, int i, double metres)
        {
            if (_stamp[i] != j)
            {
                (_stamp[i], _along[i]) = (j, metres);
                _found.Add(i);
            }
            else if (metres < _along[i])
            {
                _along[i] = metres;
            }
        }
    }

    /// <summary>
    /// The demand points a search can reach from each node: a point snapped to edge (a, b) at offset o is listed
    /// under a with o and under b with ℓ − o, in compact rows for the nodes that have any (a node's row number is
    /// kept in the search's node marks, -1 elsewhere, and cleared by <see cref="Release"/>); and the points by
    /// edge, for a facility on the same edge. Sized by the demand, not by the graph.
    /// </summary>
    private sealed class DemandAtNodes
    {
        private readonly BoundedDijkstra _search;
        private readonly List<int> _nodes = [];
        private readonly int[] _start;
        private readonly int[] _edgeOf;

        /// <param name="order">The points in the order their rows are laid out (nearby points' rows side by side).</param>
        public DemandAtNodes(WalkingGraph graph, Snap[] snaps, int[] order, BoundedDijkstra search)
        {
            _search = search;
            var within = order.Where(i => snaps[i].WithinCap).ToArray();
            var counts = new List<int>();
            foreach (var i in within)
            {
                var e = snaps[i].Edge;
                Count(graph.EdgeFrom[e], counts);
                Count(graph.EdgeTo[e], counts);
            }

            _start = new int[counts.Count + 1];
            for (var k = 0; k < counts.Count; k++)
            {
                _start[k + 1] = _start[k] + counts[k];
            }

            (Demand, Metres) = (new int[_start[^1]], new double[_start[^1]]);
            var next = _start[..^1];
            foreach (var i in within)
            {
                var (e, offset) = (snaps[i].Edge, snaps[i].OffsetMetres);
                var (a, b) = (search.Mark(graph.EdgeFrom[e]), search.Mark(graph.EdgeTo[e]));
                (Demand[next[a]], Metres[next[a]++]) = (i, offset);
                (Demand[next[b]], Metres[next[b]++]) = (i, graph.EdgeLength[e] - offset);
            }

            // By edge: a facility finds the points on its own edge by bisection.
            ByEdge = within;
            _edgeOf = [.. within.Select(i => snaps[i].Edge)];
            Array.Sort(_edgeOf, ByEdge);
        }

        public int[] Demand { get; }

        public double[] Metres { get; }

        /// <summary>The demand points within the snap cap, ordered by the edge they snapped to.</summary>
        public int[] ByEdge { get; }

        /// <summary>The range of <see cref="Demand"/> and <see cref="Metres"/> listed under <paramref name="node"/>.</summary>
        public (int Start, int End) At(int node) => _search.Mark(node) is var row and >= 0 ? (_start[row], _start[row + 1]) : (0, 0);

        /// <summary>The range of <see cref="ByEdge"/> snapped to <paramref name="edge"/>.</summary>
        public (int Start, int End) OnEdge(int edge)
        {
            var first = Array.BinarySearch(_edgeOf, edge);
            if (first < 0)
            {
                return (0, 0);
            }

            var (start, end) = (first, first + 1);
            while (start > 0 && _edgeOf[start - 1] == edge)
            {
                start--;
            }

            while (end < _edgeOf.Length && _edgeOf[end] == edge)
            {
                end++;
            }

            return (start, end);
        }

        /// <summary>Clears the node marks this index set, so the search's next user finds them all -1.</summary>
        public void Release()
        {
            foreach (var node in _nodes)
            {
                _search.Mark(node) = -1;
            }
        }

        private void Count(int node, List<int> counts)
        {
            ref var row = ref _search.Mark(node);
            if (row < 0)
            {
                row = counts.Count;
                _nodes.Add(node);
                counts.Add(0);
            }

            counts[row]++;
        }
    }

    /// <summary>The pairs by demand point then facility (both in id order): the order a cost matrix keeps.</summary>
    private TravelCost[] ByDemand((int Demand, double Metres)[][] reached)
    {
        var start = new int[_demand.Length + 1];
        foreach (var pairs in reached)
        {
            foreach (var (i, _) in pairs)
            {
                start[i + 1]++;
            }
        }

        for (var i = 0; i < _demand.Length; i++)
        {
            start[i + 1] += start[i];
        }

        var entries = new TravelCost[start[^1]];
        for (var j = 0; j < reached.Length; j++)
        {
            foreach (var (i, metres) in reached[j])
            {
                entries[start[i]++] = new TravelCost(_demand[i].Id, _facilities[j].Id,
                    _cutoff.Unit == CostUnit.Minutes ? _cutoff.Minutes(metres) : metres);
            }
        }

        return entries;
    }

    private static int[] InHilbertOrder(NetworkPlace[] places) =>
        HilbertCurve.Order([.. places.Select(p => p.Location.X)], [.. places.Select(p => p.Location.Y)]);

    private Snap[] SnapAll(EdgeSnapper snapper, NetworkPlace[] places, int[] order)
    {
        var snaps = new Snap[places.Length];
        foreach (var i in order)
        {
            snaps[i] = snapper.Snap(places[i].Location.X, places[i].Location.Y, _snapCap);
        }

        return snaps;
    }

    private static void AddUnreachable(List<UnreachablePlace> into, NetworkPlace[] places, Snap[] snaps, PlaceRole role)
    {
        for (var i = 0; i < places.Length; i++)
        {
            if (!snaps[i].WithinCap)
            {
                into.Add(new UnreachablePlace(places[i].Id, role,
                    double.IsPositiveInfinity(snaps[i].SnapMetres) ? null : snaps[i].SnapMetres));
            }
        }
    }

    private static NetworkPlace[] Places(IEnumerable<NetworkPlace> places, string paramName)
    {
        ArgumentNullException.ThrowIfNull(places, paramName);
        var sorted = places.ToArray();
        foreach (var p in sorted)
        {
            ArgumentNullException.ThrowIfNull(p, paramName);
            if (string.IsNullOrEmpty(p.Id))
            {
                throw new ArgumentException("Every place needs a non-empty id.", paramName);
            }

            if (p.Location is null || p.Location.IsEmpty || !(p.Location.X >= -180 && p.Location.X <= 180 && p.Location.Y >= -90 && p.Location.Y <= 90))
            {
                throw new ArgumentException($"The location of '{p.Id}' is missing or not WGS-84 longitude/latitude.", paramName);
            }
        }

        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Id, b.Id));
        for (var k = 1; k < sorted.Length; k++)
        {
            if (sorted[k].Id == sorted[k - 1].Id)
            {
                throw new ArgumentException($"The id '{sorted[k].Id}' appears more than once.", paramName);
            }
        }

        return sorted;
    }
}

public enum PlaceRole
{
    Facility = 0,
    Demand = 1,
}

/// <summary>A demand point in a facility's walking catchment and its cost, snap distances included.</summary>
public readonly record struct DemandCost(string DemandId, double Metres, double Minutes);

/// <summary>The demand points within the cut-off of one facility, ordered by demand id.</summary>
public sealed record FacilityCatchment(string FacilityId, IReadOnlyList<DemandCost> Demand);

/// <summary>A place farther than the snap cap from every walkable edge: unreachable on foot.</summary>
/// <param name="SnapMetres">Its distance to the nearest edge; null when the network has none near (100 km).</param>
public sealed record UnreachablePlace(string Id, PlaceRole Role, double? SnapMetres);

/// <summary>What <see cref="NetworkCatchments"/> found: a catchment per facility (by id) and the places off the network.</summary>
public sealed record NetworkCatchmentResult(
    WalkingCutoff Cutoff, double SnapCapMetres, IReadOnlyList<FacilityCatchment> Catchments, IReadOnlyList<UnreachablePlace> Unreachable)
{
    public int PairCount => Catchments.Sum(c => c.Demand.Count);

    /// <summary>
    /// The catchments as a travel-cost matrix for <see cref="CoverageAnalysis"/> (2SFCA on walking costs), in
    /// network metres or in minutes as the cut-off was given; pair it with a <see cref="TravelCostCatchment"/>
    /// of <see cref="MaxCost"/>.
    /// </summary>
    public TravelCostMatrix ToTravelCostMatrix() => new(Cutoff.Unit, ByDemand ?? Catchments.SelectMany(c => c.Demand.Select(d =>
        new TravelCost(d.DemandId, c.FacilityId, Cutoff.Unit == CostUnit.Minutes ? d.Minutes : d.Metres))));

    /// <summary>The same pairs already in the matrix's order (demand id, then facility id), when computed here.</summary>
    internal IReadOnlyList<TravelCost>? ByDemand { get; init; }

    /// <summary>The cut-off in the matrix's unit.</summary>
    public double MaxCost => Cutoff.Unit == CostUnit.Minutes ? Cutoff.Minutes(Cutoff.Metres) : Cutoff.Metres;
}
