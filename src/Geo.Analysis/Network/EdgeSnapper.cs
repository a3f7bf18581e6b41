using Geo.Analysis.Spatial;

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
/// Nearest-edge search over a uniform lon/lat grid of the edges' envelopes (each edge listed in every cell its
/// envelope overlaps), built once per graph. A point's search visits rings of cells outward from its own and
/// stops once the next ring cannot hold anything nearer than the best edge found; an edge is measured only when
/// its envelope could be nearer. Distance is exact to each candidate edge's segments in a local metric frame at
/// the point's latitude (below 1 cm per km, as <see cref="GroundDistance"/>); ties go to the lower edge index, so
/// snapping is deterministic. A point whose nearest edge is farther than ~100 km is measured, as before, only
/// against the edges within that search box, so that its distance can still be reported.
/// </summary>
/// <remarks>
/// Why a grid rather than an R-tree queried with the cap's box: the box around a point holds some fifty
/// street edges in a city, each measured, while the nearest is almost always in the point's own cell or the
/// next ring; the grid needs no locking, so many threads snap at once. Memory: 32 bytes per edge (its envelope),
/// 4 per cell and 4 per (cell, edge) entry; cells are sized for about two edges each.
/// </remarks>
internal sealed class EdgeSnapper
{
    // Beyond this a point is no part of the district's walking network, and its distance is not worth the search.
    private const double FarthestSearchMetres = 100_000;
    private const double EdgesPerCell = 2;
    private const int MaxCellsPerSide = 8192;

    private readonly WalkingGraph _graph;
    private readonly double[] _minLon;
    private readonly double[] _maxLon;
    private readonly double[] _minLat;
    private readonly double[] _maxLat;
    private readonly double _originLon;
    private readonly double _originLat;
    private readonly double _cellLon;
    private readonly double _cellLat;
    private readonly int _columns;
    private readonly int _rows;

    // Cell (x, y)'s edges, ascending: [_cellStart[y * _columns + x], _cellStart[… + 1]) of _cellEdges.
    private readonly int[] _cellStart;
    private readonly int[] _cellEdges;

    public EdgeSnapper(WalkingGraph graph)
    {
        _graph = graph;
        var m = graph.EdgeCount;
        (_minLon, _maxLon, _minLat, _maxLat) = (new double[m], new double[m], new double[m], new double[m]);
        double west = double.PositiveInfinity, east = double.NegativeInfinity, south = double.PositiveInfinity, north = double.NegativeInfinity;
        for (var e = 0; e < m; e++)
        {
            var (a, b) = (graph.EdgeFrom[e], graph.EdgeTo[e]);
            (_minLon[e], _maxLon[e]) = (Math.Min(graph.NodeLon[a], graph.NodeLon[b]), Math.Max(graph.NodeLon[a], graph.NodeLon[b]));
            (_minLat[e], _maxLat[e]) = (Math.Min(graph.NodeLat[a], graph.NodeLat[b]), Math.Max(graph.NodeLat[a], graph.NodeLat[b]));
            for (var k = graph.ShapeStart[e]; k < graph.ShapeStart[e + 1]; k++)
            {
                (_minLon[e], _maxLon[e]) = (Math.Min(_minLon[e], graph.ShapeLon[k]), Math.Max(_maxLon[e], graph.ShapeLon[k]));
                (_minLat[e], _maxLat[e]) = (Math.Min(_minLat[e], graph.ShapeLat[k]), Math.Max(_maxLat[e], graph.ShapeLat[k]));
            }

            (west, east, south, north) = (Math.Min(west, _minLon[e]), Math.Max(east, _maxLon[e]), Math.Min(south, _minLat[e]), Math.Max(north, _maxLat[e]));
        }

        // Square cells in metres at the middle latitude, about EdgesPerCell edges each.
        var (perLon, perLat) = m > 0 ? GroundDistance.MetresPerDegree((south + north) / 2) : (1, 1);
        var (width, height) = m > 0 ? (Math.Max((east - west) * perLon, 1), Math.Max((north - south) * perLat, 1)) : (1, 1);
        var side = Math.Max(Math.Sqrt(width * height * EdgesPerCell / Math.Max(m, 1)), 1);
        _columns = (int)Math.Clamp(Math.Ceiling(width / side), 1, MaxCellsPerSide);
        _rows = (int)Math.Clamp(Math.Ceiling(height / side), 1, MaxCellsPerSide);
        (_originLon, _originLat) = m > 0 ? (west, south) : (0, 0);
        _cellLon = Math.Max(east - west, 1e-9) / _columns;
        _cellLat = Math.Max(north - south, 1e-9) / _rows;

        // Two passes (count, then fill) into CSR; edges are visited in ascending order, so each cell's list is sorted.
        _cellStart = new int[_columns * _rows + 1];
        for (var pass = 0; pass < 2; pass++)
        {
            var next = pass == 0 ? _cellStart : _cellStart[..^1];
            for (var e = 0; e < m; e++)
            {
                var (x0, x1) = (Column(_minLon[e]), Column(_maxLon[e]));
                for (var y = Row(_minLat[e]); y <= Row(_maxLat[e]); y++)
                {
                    for (var x = x0; x <= x1; x++)
                    {
                        if (pass == 0)
                        {
                            _cellStart[y * _columns + x + 1]++;
                        }
                        else
                        {
                            _cellEdges![next[y * _columns + x]++] = e;
                        }
                    }
                }
            }

            if (pass == 0)
            {
                for (var c = 0; c < _columns * _rows; c++)
                {
                    _cellStart[c + 1] += _cellStart[c];
                }

                _cellEdges = new int[_cellStart[^1]];
            }
        }

        _cellEdges ??= [];
    }

    /// <summary>Bytes held by the index's arrays.</summary>
    public long ApproximateBytes => _minLon.Length * 32L + _cellStart.Length * 4L + _cellEdges.Length * 4L;

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

        // The widest box a search reaches: from the cap (at least a metre, so that a zero cap still finds the
        // edge a point lies on) doubled until it passes the farthest search.
        var widest = Math.Max(capMetres, 1.0);
        while (widest < FarthestSearchMetres)
        {
            widest *= 2;
        }

        var (perLon, perLat) = GroundDistance.MetresPerDegree(lat);
        var (edge, distance) = NearestByRings(lon, lat, perLon, perLat, widest);
        if (edge < 0 || distance > widest)
        {
            (edge, distance) = NearestInBox(lon, lat, perLon, perLat, widest);
        }

        if (edge < 0)
        {
            return new Snap(-1, 0, double.PositiveInfinity, false);
        }

        var (_, along, total) = Project(edge, lon, lat, perLon, perLat, measureAlong: true);
        var offset = total > 0 ? along / total * _graph.EdgeLength[edge] : 0;
        return new Snap(edge, Math.Min(offset, _graph.EdgeLength[edge]), distance, distance <= capMetres);
    }

    /// <summary>The nearest edge (lowest index among equals), or -1 when none lies within <paramref name="farthest"/>.</summary>
    private (int Edge, double Distance) NearestByRings(double lon, double lat, double perLon, double perLat, double farthest)
    {
        var (cx, cy) = (CellOf(lon, _originLon, _cellLon), CellOf(lat, _originLat, _cellLat));
        var ringMetres = Math.Min(_cellLon * perLon, _cellLat * perLat);
        var (best, bestDistance) = (-1, double.PositiveInfinity);

        // Rings before the grid's own cells are empty; ring k's cells are at least (k − 1) cells away.
        var first = Math.Max(0, Math.Max(Math.Max(-cx, cx - (_columns - 1)), Math.Max(-cy, cy - (_rows - 1))));
        for (var k = first; ; k++)
        {
            var bound = (k - 1) * ringMetres;
            if (bound > Slack(Math.Min(bestDistance, farthest)) || k > first + _columns + _rows)
            {
                return (best, bestDistance);
            }

            for (var y = Math.Max(cy - k, 0); y <= Math.Min(cy + k, _rows - 1); y++)
            {
                if (Math.Abs(y - cy) == k)
                {
                    for (var x = Math.Max(cx - k, 0); x <= Math.Min(cx + k, _columns - 1); x++)
                    {
                        Consider(y * _columns + x, lon, lat, perLon, perLat, null, ref best, ref bestDistance);
                    }

                    continue;
                }

                // Between its top and bottom rows a ring is its two side cells.
                if (cx - k >= 0 && cx - k < _columns)
                {
                    Consider(y * _columns + cx - k, lon, lat, perLon, perLat, null, ref best, ref bestDistance);
                }

                if (cx + k >= 0 && cx + k < _columns)
                {
                    Consider(y * _columns + cx + k, lon, lat, perLon, perLat, null, ref best, ref bestDistance);
                }
            }
        }
    }

    /// <summary>The nearest among the edges whose envelopes meet the box that holds every point within <paramref name="radius"/>.</summary>
    private (int Edge, double Distance) NearestInBox(double lon, double lat, double perLon, double perLat, double radius)
    {
        var box = GroundDistance.SearchBox(lon, lat, radius);
        var (best, bestDistance) = (-1, double.PositiveInfinity);
        for (var y = Row(box.MinY); y <= Row(box.MaxY); y++)
        {
            for (var x = Column(box.MinX); x <= Column(box.MaxX); x++)
            {
                Consider(y * _columns + x, lon, lat, perLon, perLat, box, ref best, ref bestDistance);
            }
        }

        return (best, bestDistance);
    }

    private void Consider(int cell, double lon, double lat, double perLon, double perLat, NetTopologySuite.Geometries.Envelope? box,
        ref int best, ref double bestDistance)
    {
        // A cell farther than the best edge holds nothing nearer: any nearer point of an edge lies in a nearer cell,
        // and the edge is listed there too.
        var (west, south) = (_originLon + cell % _columns * _cellLon, _originLat + cell / _columns * _cellLat);
        var toCellX = Math.Max(Math.Max(west - lon, lon - (west + _cellLon)), 0) * perLon;
        var toCellY = Math.Max(Math.Max(south - lat, lat - (south + _cellLat)), 0) * perLat;
        if (toCellX * toCellX + toCellY * toCellY > Squared(Slack(bestDistance)))
        {
            return;
        }

        for (var k = _cellStart[cell]; k < _cellStart[cell + 1]; k++)
        {
            var e = _cellEdges[k];
            if (box is not null && (_maxLon[e] < box.MinX || _minLon[e] > box.MaxX || _maxLat[e] < box.MinY || _minLat[e] > box.MaxY))
            {
                continue;
            }

            // The envelope in the point's frame: nothing on the edge can be nearer than it.
            var dx = Math.Max(Math.Max(_minLon[e] - lon, lon - _maxLon[e]), 0) * perLon;
            var dy = Math.Max(Math.Max(_minLat[e] - lat, lat - _maxLat[e]), 0) * perLat;
            if (Math.Sqrt(dx * dx + dy * dy) > Slack(bestDistance))
            {
                continue;
            }

            var (distance, _, _) = Project(e, lon, lat, perLon, perLat, measureAlong: false);
            if (distance < bestDistance || (distance == bestDistance && e < best))
            {
                (best, bestDistance) = (e, distance);
            }
        }
    }

    private static double Squared(double v) => v * v;

    /// <summary>A bound widened by rounding, so that an edge exactly as near as the best is never pruned.</summary>
    private static double Slack(double metres) => metres + 1e-9 * (1 + metres);

    /// <summary>
    /// Distance to edge <paramref name="e"/> and, when asked, the ground metres along its shape to the nearest
    /// position and its whole length; the distance alone needs no trigonometry.
    /// </summary>
    private (double Distance, double Along, double Total) Project(int e, double lon, double lat, double perLon, double perLat, bool measureAlong)
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
            var segment = measureAlong ? GroundDistance.Metres(ax, ay, bx, by) : 0;
            if (distance < bestDistance)
            {
                (bestDistance, bestAlong) = (distance, walked + t * segment);
            }

            walked += segment;
            (ax, ay) = (bx, by);
        }

        return (bestDistance, bestAlong, walked);
    }

    private int Column(double lon) => Math.Clamp(CellOf(lon, _originLon, _cellLon), 0, _columns - 1);

    private int Row(double lat) => Math.Clamp(CellOf(lat, _originLat, _cellLat), 0, _rows - 1);

    // Saturates far outside the grid, so that rings and clamps stay in int range.
    private static int CellOf(double value, double origin, double cell) => (int)Math.Clamp(Math.Floor((value - origin) / cell), -1e8, 1e8);
}
