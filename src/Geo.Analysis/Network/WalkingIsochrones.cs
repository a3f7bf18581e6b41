using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Network;

/// <summary>The area within one walking cut-off of a point: a (multi)polygon in lon/lat.</summary>
public sealed record WalkingIsochrone(double CutoffMetres, Geometry Area, double ReachedStreetMetres);

/// <summary>
/// Walking isochrones of a point (5, 10, 15 minutes …): the parts of the street network reachable within each
/// cut-off, widened into polygons a map can fill.
/// </summary>
/// <remarks>
/// <para>
/// Method. The point is snapped as in <see cref="NetworkCatchments"/> (its snap distance counts); one
/// <see cref="BoundedDijkstra"/> to the largest cut-off gives every node's cost. For a cut-off C, an edge (u, v)
/// of length ℓ is reached from u for C − d(u) and from v for C − d(v): the whole edge when the two reaches meet,
/// else a piece at each reached end (on the snapped edge, also the stretch either side of the snapped position).
/// The pieces are cut from the edges' shapes, drawn in a local metric frame at the point's latitude, buffered by
/// <c>halfWidthMetres</c> (default 40 m: a street and the buildings on it) and turned back into lon/lat.
/// </para>
/// <para>
/// Guarantees. Every reached piece of street is inside its polygon and nothing farther than the half-width from
/// one is; the polygons are nested (a larger cut-off holds a smaller one). Cost: the search (on a pooled search of the
/// graph), a pass over the reached nodes' edges, and the buffer of the reached pieces (O(k log k) for k segments). An unreachable point (beyond the snap cap) has empty areas.
/// </para>
/// </remarks>
public static class WalkingIsochrones
{
    public const double DefaultHalfWidthMetres = 40;

    /// <exception cref="ArgumentException">No cut-off, or a cut-off or half-width that is negative or not finite.</exception>
    public static IReadOnlyList<WalkingIsochrone> Compute(WalkingGraph graph, Point origin, IReadOnlyList<double> cutoffsMetres,
        double snapCapMetres = NetworkCatchments.DefaultSnapCapMetres, double halfWidthMetres = DefaultHalfWidthMetres)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(cutoffsMetres);
        if (cutoffsMetres.Count == 0 || cutoffsMetres.Any(c => !double.IsFinite(c) || c < 0))
        {
            throw new ArgumentException("Give one or more cut-offs, each a finite number of metres, 0 or more.", nameof(cutoffsMetres));
        }

        if (!double.IsFinite(halfWidthMetres) || halfWidthMetres <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(halfWidthMetres), halfWidthMetres, "The half-width must be a finite number of metres above 0.");
        }

        var snap = graph.Snap(origin, snapCapMetres);
        if (!snap.WithinCap)
        {
            return [.. cutoffsMetres.Select(c => new WalkingIsochrone(c, Wgs84.Factory.CreatePolygon(), 0))];
        }

        var (u0, v0, length0) = graph.Edge(snap.Edge);
        var budget = Math.Max(0, cutoffsMetres.Max() - snap.SnapMetres);
        return graph.WithSearch<IReadOnlyList<WalkingIsochrone>>(search =>
        {
            search.Run([new NodeCost(u0, snap.OffsetMetres), new NodeCost(v0, length0 - snap.OffsetMetres)], budget);
            var incident = IncidentEdges(graph, search, snap.Edge);
            return [.. cutoffsMetres.Select(cutoff => Isochrone(graph, search, snap, incident, cutoff, origin, halfWidthMetres))];
        });
    }

    /// <summary>The snapped edge, then every edge with a reached end in ascending order: only they can hold a reached piece.</summary>
    private static List<int> IncidentEdges(WalkingGraph graph, BoundedDijkstra search, int snapped)
    {
        var incident = new HashSet<int>();
        foreach (var (node, _) in search.ReachedNodes)
        {
            for (var k = graph.AdjacencyStart[node]; k < graph.AdjacencyStart[node + 1]; k++)
            {
                incident.Add(graph.Adjacency[k].Edge);
            }
        }

        incident.Remove(snapped);
        return [snapped, .. incident.Order()];
    }

    private static WalkingIsochrone Isochrone(WalkingGraph graph, BoundedDijkstra search, Snap snap, List<int> incident, double cutoff,
        Point origin, double halfWidthMetres)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(origin.Y);
        var local = new GeometryFactory();
        var c = cutoff - snap.SnapMetres;
        var pieces = new List<LineString>();
        var streetMetres = 0.0;
        foreach (var e in incident)
        {
            var (from, to, length) = graph.Edge(e);
            var intervals = new List<(double Start, double End)>();
            var fromReach = c - search.Cost(from);
            var toReach = c - search.Cost(to);
            if (fromReach > 0)
            {
                intervals.Add((0, Math.Min(length, fromReach)));
            }

            if (toReach > 0)
            {
                intervals.Add((Math.Max(0, length - toReach), length));
            }

            if (e == snap.Edge && c > 0)
            {
                intervals.Add((Math.Max(0, snap.OffsetMetres - c), Math.Min(length, snap.OffsetMetres + c)));
            }

            foreach (var (start, end) in Merge(intervals))
            {
                streetMetres += end - start;
                pieces.Add(Piece(graph, e, start, end, origin, perLon, perLat, local));
            }
        }

        var area = pieces.Count == 0
            ? local.CreatePoint(new Coordinate(0, 0)).Buffer(Math.Min(halfWidthMetres, Math.Max(0, cutoff)))
            : local.BuildGeometry(pieces).Buffer(halfWidthMetres);
        return new WalkingIsochrone(cutoff, ToLonLat(area, origin, perLon, perLat), streetMetres);
    }

    private static IEnumerable<(double Start, double End)> Merge(List<(double Start, double End)> intervals)
    {
        intervals.Sort();
        for (var k = 0; k < intervals.Count;)
        {
            var (start, end) = intervals[k++];
            while (k < intervals.Count && intervals[k].Start <= end)
            {
                end = Math.Max(end, intervals[k++].End);
            }

            if (end > start)
            {
                yield return (start, end);
            }
        }
    }

    /// <summary>The stretch [start, end] metres along edge e, in the local frame (metres east/north of the origin).</summary>
    private static LineString Piece(WalkingGraph g, int e, double start, double end, Point origin, double perLon, double perLat, GeometryFactory local)
    {
        var shape = new List<Coordinate> { g.Node(g.EdgeFrom[e]) };
        for (var k = g.ShapeStart[e]; k < g.ShapeStart[e + 1]; k++)
        {
            shape.Add(new Coordinate(g.ShapeLon[k], g.ShapeLat[k]));
        }

        shape.Add(g.Node(g.EdgeTo[e]));
        var xy = shape.Select(c => new Coordinate((c.X - origin.X) * perLon, (c.Y - origin.Y) * perLat)).ToArray();
        var total = 0.0;
        for (var k = 1; k < xy.Length; k++)
        {
            total += xy[k].Distance(xy[k - 1]);
        }

        // Costs run along the edge's stored length; the drawing scales them onto its shape.
        var scale = g.EdgeLength[e] > 0 ? total / g.EdgeLength[e] : 0;
        var indexed = new NetTopologySuite.LinearReferencing.LengthIndexedLine(local.CreateLineString(xy));
        var piece = indexed.ExtractLine(start * scale, end * scale);
        return piece as LineString ?? local.CreateLineString([xy[0], xy[0]]);
    }

    private static Geometry ToLonLat(Geometry area, Point origin, double perLon, double perLat)
    {
        var copy = area.Copy();
        copy.Apply(new LonLatFilter(origin.X, origin.Y, perLon, perLat));
        copy.GeometryChanged();
        return Wgs84.Factory.CreateGeometry(copy);
    }

    private sealed class LonLatFilter(double lon0, double lat0, double perLon, double perLat) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            seq.SetX(i, lon0 + seq.GetX(i) / perLon);
            seq.SetY(i, lat0 + seq.GetY(i) / perLat);
        }
    }
}
