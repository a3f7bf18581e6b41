using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Geo.Analysis.Network;

/// <summary>
/// Where a point joins the walking network. Reachable when its nearest edge lies within the cap; then
/// walking from it costs <see cref="SnapMetres"/> to the edge plus the way along the edge to either end.
/// </summary>
/// <param name="Edge">The nearest edge, or -1 when the graph has none.</param>
/// <param name="OffsetMetres">Cost along the edge from its From node to the snapped position (0 … its length).</param>
/// <param name="SnapMetres">Ground distance from the point to the edge; +∞ when the graph has no edge.</param>
/// <param name="WithinCap">False: too far from any walkable edge, unreachable on foot.</param>
public readonly record struct Snap(int Edge, double OffsetMetres, double SnapMetres, bool WithinCap);

/// <summary>
/// Nearest-edge search: an STR-tree of the edges' lon/lat envelopes, queried with a box that holds every
/// point within the cap (<see cref="GroundDistance.SearchBox"/>), then the exact ground distance to each
/// candidate edge's segments in a local metric frame at the point's latitude (below 1 cm per km, as
/// <see cref="GroundDistance"/>). A point beyond the cap is searched for in doubling boxes so that its
/// distance can be reported. Ties go to the lower edge index, so snapping is deterministic.
/// </summary>
internal sealed class EdgeSnapper
{
    // Beyond this a point is no part of the district's walking network, and its distance is not worth the search.
    private const double FarthestSearchMetres = 100_000;

    private readonly WalkingGraph _graph;
    private readonly STRtree<int> _index = new();
    private readonly List<int> _found = [];

    public EdgeSnapper(WalkingGraph graph)
    {
        _graph = graph;
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            var box = new Envelope(graph.NodeLon[graph.EdgeFrom[e]], graph.NodeLon[graph.EdgeTo[e]],
                graph.NodeLat[graph.EdgeFrom[e]], graph.NodeLat[graph.EdgeTo[e]]);
            for (var k = graph.ShapeStart[e]; k < graph.ShapeStart[e + 1]; k++)
            {
                box.ExpandToInclude(graph.ShapeLon[k], graph.ShapeLat[k]);
            }

            _index.Insert(box, e);
        }

        _index.Build();
    }

    public Snap Snap(double lon, double lat, double capMetres)
    {
        if (!double.IsFinite(capMetres) || capMetres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capMetres), capMetres, "The snap cap must be a finite number of metres, 0 or more.");
        }

        if (_graph.EdgeCount == 0)
        {
            return new Snap(-1, 0, double.PositiveInfinity, false);
        }

        // At least a metre, so that a zero cap still finds the edge a point lies on.
        for (var radius = Math.Max(capMetres, 1.0); ; radius *= 2)
        {
            if (Nearest(lon, lat, radius) is { } best && (best.SnapMetres <= radius || radius >= FarthestSearchMetres))
            {
                return best with { WithinCap = best.SnapMetres <= capMetres };
            }

            if (radius >= FarthestSearchMetres)
            {
                return new Snap(-1, 0, double.PositiveInfinity, false);
            }
        }
    }

    private Snap? Nearest(double lon, double lat, double radius)
    {
        lock (_found)
        {
            _found.Clear();
            _index.Query(GroundDistance.SearchBox(lon, lat, radius), new Collect(_found));
            _found.Sort();
            Snap? best = null;
            var (perLon, perLat) = GroundDistance.MetresPerDegree(lat);
            foreach (var e in _found)
            {
                var (distance, along, total) = Project(e, lon, lat, perLon, perLat);
                if (best is null || distance < best.Value.SnapMetres)
                {
                    var offset = total > 0 ? along / total * _graph.EdgeLength[e] : 0;
                    best = new Snap(e, Math.Min(offset, _graph.EdgeLength[e]), distance, true);
                }
            }

            return best;
        }
    }

    /// <summary>Distance to edge <paramref name="e"/> and the ground metres along its shape to the nearest position.</summary>
    private (double Distance, double Along, double Total) Project(int e, double lon, double lat, double perLon, double perLat)
    {
        var g = _graph;
        var (ax, ay) = (g.NodeLon[g.EdgeFrom[e]], g.NodeLat[g.EdgeFrom[e]]);
        double bestDistance = double.PositiveInfinity, bestAlong = 0, walked = 0;
        var last = g.ShapeStart[e + 1];
        for (var k = g.ShapeStart[e]; k <= last; k++)
        {
            var (bx, by) = k < last ? (g.ShapeLon[k], g.ShapeLat[k]) : (g.NodeLon[g.EdgeTo[e]], g.NodeLat[g.EdgeTo[e]]);

            // The segment a→b and the point in metres about the point itself.
            var (x1, y1) = ((ax - lon) * perLon, (ay - lat) * perLat);
            var (x2, y2) = ((bx - lon) * perLon, (by - lat) * perLat);
            var (dx, dy) = (x2 - x1, y2 - y1);
            var lengthSquared = dx * dx + dy * dy;
            var t = lengthSquared > 0 ? Math.Clamp(-(x1 * dx + y1 * dy) / lengthSquared, 0, 1) : 0;
            var (px, py) = (x1 + t * dx, y1 + t * dy);
            var distance = Math.Sqrt(px * px + py * py);
            var segment = GroundDistance.Metres(ax, ay, bx, by);
            if (distance < bestDistance)
            {
                (bestDistance, bestAlong) = (distance, walked + t * segment);
            }

            walked += segment;
            (ax, ay) = (bx, by);
        }

        return (bestDistance, bestAlong, walked);
    }

    private sealed class Collect(List<int> found) : NetTopologySuite.Index.IItemVisitor<int>
    {
        public void VisitItem(int item) => found.Add(item);
    }
}
