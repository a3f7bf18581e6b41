namespace Geo.Analysis.Network;

/// <summary>
/// Shortest walking costs from one or more sources over a <see cref="WalkingGraph"/>, stopped at a cut-off.
/// </summary>
/// <remarks>
/// <para>
/// Method: Dijkstra's algorithm with an indexed binary heap (each node at most once in it, its key lowered in
/// place when a cheaper path is found, so no stale entries are popped); a multi-source run seeds each source
/// with its own starting cost (e.g. the snap distance plus the way along the edge to each end), so one run
/// gives every node's cost from the nearest source. The search settles nodes in order of cost and stops
/// when the next one is beyond the cut-off.
/// </para>
/// <para>
/// Guarantees: each reported cost is the exact minimum over paths (edge lengths are non-negative), summed in
/// path order in double precision, as pgRouting's pgr_dijkstraCost sums them; every node with a cost at most
/// the cut-off is reported and no other. Cost O(h log r) for r nodes reached and h half-edges scanned.
/// The instance reuses its arrays between runs, resetting only what the previous run touched, so many
/// bounded runs on one graph cost what they reach, not the graph's size. Not thread-safe: one per thread.
/// </para>
/// </remarks>
public sealed class BoundedDijkstra
{
    // A node's place in the heap while it is queued; these two mark the others.
    private const int Unseen = -1;
    private const int Settled = -2;

    private readonly WalkingGraph _graph;
    private readonly double[] _cost;
    private readonly int[] _slot;
    private readonly List<int> _touched = [];
    private readonly List<NodeCost> _reached = [];
    private int[]? _nodeSlots;

    // The heap as parallel arrays, sized for every node once so that a run never grows them: a node is in it
    // at most once.
    private readonly double[] _heapCost;
    private readonly int[] _heapNode;

    public BoundedDijkstra(WalkingGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        _cost = new double[graph.NodeCount];
        Array.Fill(_cost, double.PositiveInfinity);
        _slot = new int[graph.NodeCount];
        Array.Fill(_slot, Unseen);
        _heapCost = new double[graph.NodeCount];
        _heapNode = new int[graph.NodeCount];
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
        var count = 0;
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

            Relax(node, start, cutoffMetres, ref count);
        }

        var (first, adjacency) = (_graph.AdjacencyStart, _graph.Adjacency);
        while (count > 0)
        {
            var (u, cost) = (_heapNode[0], _heapCost[0]);
            PopMinimum(ref count);
            _slot[u] = Settled;
            _reached.Add(new NodeCost(u, cost));
            for (int k = first[u], end = first[u + 1]; k < end; k++)
            {
                var next = adjacency[k];
                Relax(next.Target, cost + next.Length, cutoffMetres, ref count);
            }
        }
    }

    /// <summary>The cost of <paramref name="node"/> in the last run, metres; +∞ when beyond the cut-off.</summary>
    public double Cost(int node) => _slot[node] == Settled ? _cost[node] : double.PositiveInfinity;

    /// <summary>The nodes the last run reached, nearest first.</summary>
    public IReadOnlyList<NodeCost> Reached() => [.. _reached];

    internal List<NodeCost> ReachedNodes => _reached;

    /// <summary>
    /// One int per node, all -1 between uses, for a caller that indexes the nodes it works on beside a search (see
    /// <see cref="NetworkCatchments"/>): it must set them back to -1 before it gives the search up. Made on first use.
    /// </summary>
    internal int[] NodeSlots => _nodeSlots ??= NewSlots(_graph.NodeCount);

    private static int[] NewSlots(int count)
    {
        var slots = new int[count];
        Array.Fill(slots, -1);
        return slots;
    }

    private void Relax(int node, double cost, double cutoff, ref int count)
    {
        // Settled nodes hold their final cost, which no later path undercuts (lengths are non-negative).
        if (cost > cutoff || cost >= _cost[node])
        {
            return;
        }

        var slot = _slot[node];
        if (slot == Unseen)
        {
            _touched.Add(node);
            slot = count++;
        }

        _cost[node] = cost;

        // Up towards the root while the parent is dearer.
        var (heapCost, heapNode, slots) = (_heapCost, _heapNode, _slot);
        while (slot > 0)
        {
            var parent = (slot - 1) >> 1;
            var parentCost = heapCost[parent];
            if (parentCost <= cost)
            {
                break;
            }

            var parentNode = heapNode[parent];
            (heapCost[slot], heapNode[slot], slots[parentNode]) = (parentCost, parentNode, slot);
            slot = parent;
        }

        (heapCost[slot], heapNode[slot], slots[node]) = (cost, node, slot);
    }

    private void PopMinimum(ref int count)
    {
        var last = --count;
        if (last == 0)
        {
            return;
        }

        // The last entry sinks from the root to where both children are no cheaper.
        var (heapCost, heapNode, slots) = (_heapCost, _heapNode, _slot);
        var (node, cost) = (heapNode[last], heapCost[last]);
        var slot = 0;
        while (true)
        {
            var child = 2 * slot + 1;
            if (child >= last)
            {
                break;
            }

            var childCost = heapCost[child];
            if (child + 1 < last && heapCost[child + 1] < childCost)
            {
                childCost = heapCost[++child];
            }

            if (childCost >= cost)
            {
                break;
            }

            var childNode = heapNode[child];
            (heapCost[slot], heapNode[slot], slots[childNode]) = (childCost, childNode, slot);
            slot = child;
        }

        (heapCost[slot], heapNode[slot], slots[node]) = (cost, node, slot);
    }

    private void Reset()
    {
        foreach (var node in _touched)
        {
            _cost[node] = double.PositiveInfinity;
            _slot[node] = Unseen;
        }

        _touched.Clear();
        _reached.Clear();
    }
}
