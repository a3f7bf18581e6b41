using System.Collections.Concurrent;
using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Network;

/// <summary>
/// One walkable edge between two nodes of a <see cref="WalkingGraph"/>: walkable both ways (a one-way street
/// is one-way for vehicles only), <paramref name="LengthMetres"/> long on foot.
/// </summary>
/// <param name="From">Index of one end node.</param>
/// <param name="To">Index of the other end node.</param>
/// <param name="LengthMetres">The walking cost of the whole edge, metres (ground length of its shape, as imported).</param>
/// <param name="Shape">The vertices strictly between the two nodes (lon/lat), or null for a straight edge; used only to snap points.</param>
public sealed record WalkingEdge(int From, int To, double LengthMetres, IReadOnlyList<Coordinate>? Shape = null);

/// <summary>
/// A walking network as compact arrays, built once from plain inputs and then only read (safe to share
/// between threads): node coordinates, and each node's incident edges in compressed sparse rows (CSR) with
/// the node at their other end and their length in metres.
/// </summary>
/// <remarks>
/// Memory: 20 bytes per node, 48 bytes per edge (its ends and length, and the two directed half-edges of the
/// CSR), plus 16 bytes per shape vertex; the snapping index (built on first snap) adds about 40 bytes per
/// edge (its envelope and grid cells). See <see cref="ApproximateBytes"/>.
/// </remarks>
public sealed class WalkingGraph
{
    // Node coordinates.
    internal readonly double[] NodeLon;
    internal readonly double[] NodeLat;

    // Undirected edges as given.
    internal readonly int[] EdgeFrom;
    internal readonly int[] EdgeTo;
    internal readonly double[] EdgeLength;

    // Intermediate vertices of edge e: [ShapeStart[e], ShapeStart[e + 1]) of ShapeLon/ShapeLat.
    internal readonly int[] ShapeStart;
    internal readonly double[] ShapeLon;
    internal readonly double[] ShapeLat;

    // CSR adjacency: node u's half-edges are [AdjacencyStart[u], AdjacencyStart[u + 1]) of Adjacency, each the
    // node at the other end and the edge beside the length, so a search reads one cache line for all three.
    internal readonly int[] AdjacencyStart;
    internal readonly HalfEdge[] Adjacency;

    private EdgeSnapper? _snapper;

    // Searches kept for reuse: each holds arrays as long as the graph has nodes, which every analysis would
    // otherwise allocate anew (on the large-object heap, collected only with generation 2).
    private readonly ConcurrentBag<BoundedDijkstra> _searches = [];

    /// <exception cref="ArgumentException">A node outside lon/lat, an edge naming an unknown node, or a length that is negative or not finite.</exception>
    public WalkingGraph(IReadOnlyList<Coordinate> nodes, IReadOnlyList<WalkingEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(edges);
        var n = nodes.Count;
        NodeLon = new double[n];
        NodeLat = new double[n];
        for (var i = 0; i < n; i++)
        {
            var c = nodes[i] ?? throw new ArgumentException($"Node {i} is missing.", nameof(nodes));
            if (!(c.X >= -180 && c.X <= 180 && c.Y >= -90 && c.Y <= 90))
            {
                throw new ArgumentException($"Node {i} ({c.X}, {c.Y}) is not WGS-84 longitude/latitude in degrees.", nameof(nodes));
            }

            (NodeLon[i], NodeLat[i]) = (c.X, c.Y);
        }

        var m = edges.Count;
        EdgeFrom = new int[m];
        EdgeTo = new int[m];
        EdgeLength = new double[m];
        ShapeStart = new int[m + 1];
        var shapeLon = new List<double>();
        var shapeLat = new List<double>();
        var degree = new int[n + 1];
        for (var e = 0; e < m; e++)
        {
            var edge = edges[e] ?? throw new ArgumentException($"Edge {e} is missing.", nameof(edges));
            if ((uint)edge.From >= (uint)n || (uint)edge.To >= (uint)n)
            {
                throw new ArgumentException($"Edge {e} joins nodes {edge.From} and {edge.To}; the graph has nodes 0 to {n - 1}.", nameof(edges));
            }

            if (!double.IsFinite(edge.LengthMetres) || edge.LengthMetres < 0)
            {
                throw new ArgumentException($"Edge {e} is {edge.LengthMetres} m long; a length must be finite and 0 or more.", nameof(edges));
            }

            (EdgeFrom[e], EdgeTo[e], EdgeLength[e]) = (edge.From, edge.To, edge.LengthMetres);
            foreach (var v in edge.Shape ?? [])
            {
                shapeLon.Add(v.X);
                shapeLat.Add(v.Y);
            }

            ShapeStart[e + 1] = shapeLon.Count;
            if (edge.To != edge.From)
            {
                degree[edge.From]++;
                degree[edge.To]++;
            }
        }

        ShapeLon = [.. shapeLon];
        ShapeLat = [.. shapeLat];

        // Both directions of every edge; a loop (From == To) can never shorten a path, so it gets no half-edge.
        AdjacencyStart = new int[n + 1];
        for (var u = 0; u < n; u++)
        {
            AdjacencyStart[u + 1] = AdjacencyStart[u] + degree[u];
        }

        Adjacency = new HalfEdge[AdjacencyStart[n]];
        var next = AdjacencyStart[..n];
        for (var e = 0; e < m; e++)
        {
            var (u, v, length) = (EdgeFrom[e], EdgeTo[e], EdgeLength[e]);
            if (u == v)
            {
                continue;
            }

            Adjacency[next[u]++] = new HalfEdge(v, e, length);
            Adjacency[next[v]++] = new HalfEdge(u, e, length);
        }

        TotalLengthMetres = EdgeLength.Sum();
    }

    public int NodeCount => NodeLon.Length;

    public int EdgeCount => EdgeFrom.Length;

    public double TotalLengthMetres { get; }

    /// <summary>Bytes held by the graph's arrays (and by its snapping index once built).</summary>
    public long ApproximateBytes =>
        NodeCount * 20L + EdgeCount * 48L + ShapeLon.Length * 16L + (_snapper?.ApproximateBytes ?? 0);

    public Coordinate Node(int node) => new(NodeLon[node], NodeLat[node]);

    /// <summary>Edge <paramref name="edge"/>'s end nodes and walking length, metres.</summary>
    public (int From, int To, double LengthMetres) Edge(int edge) => (EdgeFrom[edge], EdgeTo[edge], EdgeLength[edge]);

    /// <summary>
    /// Shortest walking metres from <paramref name="source"/> to every node within <paramref name="cutoffMetres"/>
    /// (inclusive), nearest first. See <see cref="BoundedDijkstra"/>.
    /// </summary>
    public IReadOnlyList<NodeCost> Reach(int source, double cutoffMetres)
    {
        if ((uint)source >= (uint)NodeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, $"The graph has nodes 0 to {NodeCount - 1}.");
        }

        return WithSearch(search =>
        {
            search.Run([new NodeCost(source, 0)], cutoffMetres);
            return search.Reached();
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a search over this graph taken from its pool (one per concurrent caller,
    /// at most <see cref="PooledSearches"/> kept), and gives the search back afterwards.
    /// </summary>
    internal T WithSearch<T>(Func<BoundedDijkstra, T> work)
    {
        var search = _searches.TryTake(out var pooled) ? pooled : new BoundedDijkstra(this);
        try
        {
            return work(search);
        }
        finally
        {
            if (_searches.Count < PooledSearches)
            {
                _searches.Add(search);
            }
        }
    }

    private static int PooledSearches => 2 * Environment.ProcessorCount;

    /// <summary>Where a point joins the network: its nearest edge, within <paramref name="capMetres"/>.</summary>
    public Snap Snap(Point point, double capMetres = NetworkCatchments.DefaultSnapCapMetres)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Snapper.Snap(point.X, point.Y, capMetres);
    }

    /// <summary>
    /// Builds the snapping index now rather than on the first snap, so that a graph shared between threads is
    /// complete (and its <see cref="ApproximateBytes"/> final) before anyone uses it.
    /// </summary>
    public void BuildSnapIndex() => _ = Snapper;

    // Two threads may both build it; one index wins and the other is dropped, both being equal.
    internal EdgeSnapper Snapper => LazyInitializer.EnsureInitialized(ref _snapper, () => new EdgeSnapper(this));
}

/// <summary>A node and its walking cost from the source, metres.</summary>
public readonly record struct NodeCost(int Node, double Metres);

/// <summary>One direction of an edge in a node's adjacency: the node it leads to, the edge, and its length in metres (16 bytes: the edge fills what would be padding).</summary>
internal readonly record struct HalfEdge(int Target, int Edge, double Length);
