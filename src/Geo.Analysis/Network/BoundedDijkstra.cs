namespace Geo.Analysis.Network;

/// <summary>
/// Shortest walking costs from one or more sources over a <see cref="WalkingGraph"/>, stopped at a cut-off.
/// </summary>
/// <remarks>
/// <para>
/// Method: Dijkstra's algorithm with a binary heap and lazy deletion; a multi-source run seeds each source
/// with its own starting cost (e.g. the snap distance plus the way along the edge to each end), so one run
/// gives every node's cost from the nearest source. The search settles nodes in order of cost and stops
/// when the next one is beyond the cut-off.
/// </para>
/// <para>
/// Guarantees: each reported cost is the exact minimum over paths (edge lengths are non-negative), summed in
/// path order in double precision, as pgRouting's pgr_dijkstraCost sums them; every node with a cost at most
/// the cut-off is reported and no other. Cost O((r + h) log h) for r nodes reached and h half-edges scanned.
/// The instance reuses its arrays between runs, resetting only what the previous run touched, so many
/// bounded runs on one graph cost what they reach, not the graph's size. Not thread-safe: one per thread.
/// </para>
/// </remarks>
public sealed class BoundedDijkstra
{
    private readonly WalkingGraph _graph;
    private readonly double[] _cost;
    private readonly bool[] _settled;
    private readonly List<int> _touched = [];
    private readonly PriorityQueue<int, double> _queue = new();
    private readonly List<NodeCost> _reached = [];

    public BoundedDijkstra(WalkingGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        _cost = new double[graph.NodeCount];
        Array.Fill(_cost, double.PositiveInfinity);
        _settled = new bool[graph.NodeCount];
    }

    /// <summary>Runs from <paramref name="sources"/> (node, starting metres) to <paramref name="cutoffMetres"/>; read the result with <see cref="Cost"/> or <see cref="Reached"/>.</summary>
    /// <exception cref="ArgumentException">An unknown node, or a starting cost or cut-off that is negative or not a number.</exception>
    public void Run(IEnumerable<NodeCost> sources, double cutoffMetres)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (double.IsNaN(cutoffMetres) || cutoffMetres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoffMetres), cutoffMetres, "The cut-off must be 0 or more metres.");
        }

        Reset();
        foreach (var (node, start) in sources)
        {
            if ((uint)node >= (uint)_graph.NodeCount)
            {
                throw new ArgumentException($"Source node {node} is not in the graph (nodes 0 to {_graph.NodeCount - 1}).", nameof(sources));
            }

            if (double.IsNaN(start) || start < 0)
            {
                throw new ArgumentException($"Source node {node} starts at {start} m; a starting cost must be 0 or more.", nameof(sources));
            }

            Relax(node, start, cutoffMetres);
        }

        var (start0, target, length) = (_graph.AdjacencyStart, _graph.AdjacencyTarget, _graph.AdjacencyLength);
        while (_queue.TryDequeue(out var u, out var cost))
        {
            if (_settled[u] || cost > _cost[u])
            {
                continue; // a stale entry: u was reached more cheaply since
            }

            _settled[u] = true;
            _reached.Add(new NodeCost(u, cost));
            for (var k = start0[u]; k < start0[u + 1]; k++)
            {
                Relax(target[k], cost + length[k], cutoffMetres);
            }
        }
    }

    /// <summary>The cost of <paramref name="node"/> in the last run, metres; +∞ when beyond the cut-off.</summary>
    public double Cost(int node) => _settled[node] ? _cost[node] : double.PositiveInfinity;

    /// <summary>The nodes the last run reached, nearest first.</summary>
    public IReadOnlyList<NodeCost> Reached() => [.. _reached];

    internal List<NodeCost> ReachedNodes => _reached;

    private void Relax(int node, double cost, double cutoff)
    {
        if (cost > cutoff || cost >= _cost[node])
        {
            return;
        }

        if (double.IsPositiveInfinity(_cost[node]))
        {
            _touched.Add(node);
        }

        _cost[node] = cost;
        _queue.Enqueue(node, cost);
    }

    private void Reset()
    {
        foreach (var node in _touched)
        {
            _cost[node] = double.PositiveInfinity;
            _settled[node] = false;
        }

        _touched.Clear();
        _reached.Clear();
        _queue.Clear();
    }
}
