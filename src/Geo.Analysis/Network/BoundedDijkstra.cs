using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
/// The instance reuses its arrays between runs, resetting only what the previous run reached, so many
/// bounded runs on one graph cost what they reach, not the graph's size. Not thread-safe: one per thread.
/// </para>
/// <para>
/// Layout, for speed: a node's cost, its place in the heap and the caller's mark (<see cref="Mark"/>) share one
/// 16-byte entry, so relaxing an edge reads one cache line of the node's state; the heap's arrays are indexed
/// without bounds checks, their indices being below the heap's count by construction.
/// </para>
/// </remarks>
public sealed class BoundedDijkstra
{
    // A node's place in the heap while it is queued; these two mark the others.
    private const int Unseen = -1;
    private const int Settled = -2;

    private readonly WalkingGraph _graph;
    private readonly NodeState[] _state;
    private readonly List<NodeCost> _reached = [];
    private readonly List<NodeCost> _sources = [];

    // The heap as parallel arrays, sized for every node once so that a run never grows them: a node is in it
    // at most once.
    private readonly double[] _heapCost;
    private readonly int[] _heapNode;

    public BoundedDijkstra(WalkingGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        _state = new NodeState[graph.NodeCount];
        Array.Fill(_state, new NodeState(double.PositiveInfinity, Unseen, -1));
        _heapCost = new double[graph.NodeCount];
        _heapNode = new int[graph.NodeCount];
    }

    /// <summary>Runs from <paramref name="sources"/> (node, starting metres) to <paramref name="cutoffMetres"/>; read the result with <see cref="Cost"/> or <see cref="Reached"/>.</summary>
    /// <exception cref="ArgumentException">An unknown node, or a starting cost or cut-off that is negative or not a number.</exception>
    public void Run(IEnumerable<NodeCost> sources, double cutoffMetres)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources.Clear();
        _sources.AddRange(sources);
        Run(CollectionsMarshal.AsSpan(_sources), cutoffMetres);
    }

    /// <summary>As <see cref="Run(IEnumerable{NodeCost}, double)"/>, from a span of sources.</summary>
    public void Run(ReadOnlySpan<NodeCost> sources, double cutoffMetres)
    {
        if (double.IsNaN(cutoffMetres) || cutoffMetres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoffMetres), cutoffMetres, "The cut-off must be 0 or more metres.");
        }

        // Checked before any is queued, so that a bad one leaves no node half-visited.
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
        }

        Reset();
        var count = 0;
        foreach (var (node, start) in sources)
        {
            Relax(node, start, cutoffMetres, ref count);
        }

        // Every node queued costs at most the cut-off and is settled before the heap empties, so the nodes reached
        // are exactly the nodes this run touched (which Reset relies on).
        var (first, adjacency) = (_graph.AdjacencyStart, _graph.Adjacency);
        while (count > 0)
        {
            var (u, cost) = (_heapNode[0], _heapCost[0]);
            PopMinimum(ref count);
            _state[u].HeapSlot = Settled;
            _reached.Add(new NodeCost(u, cost));
            for (int k = first[u], end = first[u + 1]; k < end; k++)
            {
                var next = adjacency[k];
                Relax(next.Target, cost + next.Length, cutoffMetres, ref count);
            }
        }
    }

    /// <summary>The cost of <paramref name="node"/> in the last run, metres; +∞ when beyond the cut-off.</summary>
    public double Cost(int node) => _state[node].HeapSlot == Settled ? _state[node].Cost : double.PositiveInfinity;

    /// <summary>The nodes the last run reached, nearest first.</summary>
    public IReadOnlyList<NodeCost> Reached() => [.. _reached];

    internal List<NodeCost> ReachedNodes => _reached;

    /// <summary>
    /// One int per node, -1 between uses, kept beside the node's state for a caller that indexes the nodes it works on
    /// alongside the search (see <see cref="NetworkCatchments"/>): reading it for a node just settled costs no cache
    /// miss. The caller must set every mark it set back to -1 before it gives the search up.
    /// </summary>
    internal ref int Mark(int node) => ref _state[node].Mark;

    private void Relax(int node, double cost, double cutoff, ref int count)
    {
        // Settled nodes hold their final cost, which no later path undercuts (lengths are non-negative).
        ref var state = ref _state[node];
        if (cost > cutoff || cost >= state.Cost)
        {
            return;
        }

        var slot = state.HeapSlot;
        if (slot == Unseen)
        {
            slot = count++;
        }

        state.Cost = cost;

        // Up towards the root while the parent is dearer.
        ref var heapCost = ref MemoryMarshal.GetArrayDataReference(_heapCost);
        ref var heapNode = ref MemoryMarshal.GetArrayDataReference(_heapNode);
        while (slot > 0)
        {
            var parent = (slot - 1) >> 1;
            var parentCost = Unsafe.Add(ref heapCost, parent);
            if (parentCost <= cost)
            {
                break;
            }

            var parentNode = Unsafe.Add(ref heapNode, parent);
            Unsafe.Add(ref heapCost, slot) = parentCost;
            Unsafe.Add(ref heapNode, slot) = parentNode;
            _state[parentNode].HeapSlot = slot;
            slot = parent;
        }

        Unsafe.Add(ref heapCost, slot) = cost;
        Unsafe.Add(ref heapNode, slot) = node;
        state.HeapSlot = slot;
    }

    private void PopMinimum(ref int count)
    {
        var last = --count;
        if (last == 0)
        {
            return;
        }

        // The last entry sinks from the root to where both children are no cheaper.
        ref var heapCost = ref MemoryMarshal.GetArrayDataReference(_heapCost);
        ref var heapNode = ref MemoryMarshal.GetArrayDataReference(_heapNode);
        var (node, cost) = (Unsafe.Add(ref heapNode, last), Unsafe.Add(ref heapCost, last));
        var slot = 0;
        while (true)
        {
            var child = 2 * slot + 1;
            if (child >= last)
            {
                break;
            }

            var childCost = Unsafe.Add(ref heapCost, child);
            if (child + 1 < last && Unsafe.Add(ref heapCost, child + 1) < childCost)
            {
                childCost = Unsafe.Add(ref heapCost, ++child);
            }

            if (childCost >= cost)
            {
                break;
            }

            var childNode = Unsafe.Add(ref heapNode, child);
            Unsafe.Add(ref heapCost, slot) = childCost;
            Unsafe.Add(ref heapNode, slot) = childNode;
            _state[childNode].HeapSlot = slot;
            slot = child;
        }

        Unsafe.Add(ref heapCost, slot) = cost;
        Unsafe.Add(ref heapNode, slot) = node;
        _state[node].HeapSlot = slot;
    }

    private void Reset()
    {
        foreach (var (node, _) in _reached)
        {
            ref var state = ref _state[node];
            (state.Cost, state.HeapSlot) = (double.PositiveInfinity, Unseen);
        }

        _reached.Clear();
    }

    // The caller's mark fills what would be padding after the cost and heap slot.
    private struct NodeState(double cost, int heapSlot, int mark)
    {
        public double Cost = cost;
        public int HeapSlot = heapSlot;
        public int Mark = mark;
    }
}
