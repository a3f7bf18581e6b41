using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Network;

/// <summary>
/// One walkable way as read from a source: its vertices in lon/lat, each with a key that is the same wherever
/// two ways share the vertex (an OSM node id; for line files, the rounded coordinate).
/// </summary>
/// <param name="Kind">What the way is (footway, steps, residential, …), kept on its edges.</param>
/// <param name="SourceId">The way's id in the source (OSM way id, feature number), kept on its edges.</param>
public sealed record WalkingWay(IReadOnlyList<long> VertexKeys, IReadOnlyList<Coordinate> Vertices, string Kind, long SourceId);

/// <summary>A node of a built network: its source key and position.</summary>
public readonly record struct NetworkNode(long Key, Coordinate Location);

/// <summary>An edge of a built network: its end nodes (indexes), ground length, full shape and the way it came from.</summary>
public sealed record NetworkEdge(int From, int To, double LengthMetres, Coordinate[] Coordinates, string Kind, long SourceId);

/// <summary>A walking network split into nodes and edges, ready to be stored or turned into a <see cref="WalkingGraph"/>.</summary>
public sealed record BuiltNetwork(IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges)
{
    public double TotalLengthMetres => Edges.Sum(e => e.LengthMetres);

    public WalkingGraph ToGraph() => new(
        [.. Nodes.Select(n => n.Location)],
        [.. Edges.Select(e => new WalkingEdge(e.From, e.To, e.LengthMetres, e.Coordinates[1..^1]))]);
}

/// <summary>
/// Splits walkable ways into a routable network: a way is cut at every vertex it shares with another way (or
/// with itself) and at its ends, and each piece between two such nodes becomes an edge whose length is the
/// ground length of its shape (<see cref="GroundDistance"/>, summed vertex to vertex).
/// </summary>
/// <remarks>
/// Ways meet only where the data say so: two ways that cross without a shared vertex (a bridge over a river
/// path, a footway under a road) stay apart, as OSM models them. Repeated consecutive vertices are dropped;
/// a piece that shrinks to one point is no edge. Nodes are numbered in the order they are first met and
/// edges in way order, so the same input gives the same network. Cost O(total vertices).
/// </remarks>
public static class WalkingNetworkBuilder
{
    // About 1 cm at China's latitudes: line-file vertices within it are one node.
    private const double KeyResolutionDegrees = 1e-7;

    public static BuiltNetwork Build(IEnumerable<WalkingWay> ways)
    {
        ArgumentNullException.ThrowIfNull(ways);
        var list = ways.ToList();
        var uses = new Dictionary<long, int>();
        foreach (var way in list)
        {
            if (way.VertexKeys.Count != way.Vertices.Count)
            {
                throw new ArgumentException($"Way {way.SourceId} has {way.VertexKeys.Count} keys for {way.Vertices.Count} vertices.", nameof(ways));
            }

            for (var k = 0; k < way.VertexKeys.Count; k++)
            {
                // Ends count twice so that they are always nodes.
                var weight = k == 0 || k == way.VertexKeys.Count - 1 ? 2 : 1;
                uses[way.VertexKeys[k]] = uses.GetValueOrDefault(way.VertexKeys[k]) + weight;
            }
        }

        var nodes = new List<NetworkNode>();
        var nodeIndex = new Dictionary<long, int>();
        var edges = new List<NetworkEdge>();
        int NodeOf(long key, Coordinate at)
        {
            if (!nodeIndex.TryGetValue(key, out var index))
            {
                nodeIndex.Add(key, index = nodes.Count);
                nodes.Add(new NetworkNode(key, at.Copy()));
            }

            return index;
        }

        foreach (var way in list)
        {
            var piece = new List<Coordinate>();
            long? previousKey = null;
            var from = -1;
            for (var k = 0; k < way.Vertices.Count; k++)
            {
                var key = way.VertexKeys[k];
                if (key == previousKey)
                {
                    continue;
                }

                previousKey = key;
                piece.Add(way.Vertices[k]);
                if (uses[key] < 2)
                {
                    continue;
                }

                var node = NodeOf(key, way.Vertices[k]);
                if (from >= 0 && piece.Count >= 2)
                {
                    edges.Add(new NetworkEdge(from, node, Length(piece), [.. piece.Select(c => c.Copy())], way.Kind, way.SourceId));
                }

                from = node;
                piece.Clear();
                piece.Add(way.Vertices[k]);
            }
        }

        return new BuiltNetwork(nodes, edges);
    }

    /// <summary>Keys for a line file's vertices: equal for vertices within about a centimetre.</summary>
    public static long[] CoordinateKeys(IReadOnlyList<Coordinate> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        var keys = new long[vertices.Count];
        for (var k = 0; k < keys.Length; k++)
        {
            var x = (long)Math.Round((vertices[k].X + 180) / KeyResolutionDegrees);
            var y = (long)Math.Round((vertices[k].Y + 90) / KeyResolutionDegrees);
            keys[k] = x * 2_000_000_000L + y;
        }

        return keys;
    }

    private static double Length(List<Coordinate> piece)
    {
        var total = 0.0;
        for (var k = 1; k < piece.Count; k++)
        {
            total += GroundDistance.Metres(piece[k - 1], piece[k]);
        }

        return total;
    }
}
