using Geo.Analysis.Spatial;

namespace Geo.Analysis.Coverage;

/// <summary>
/// A sparse uniform grid over lon/lat points, with cells half a search radius wide: the candidates of a radius
/// query are the points inside its <see cref="GroundDistance.SearchBox"/>, found in the cells it touches. Built once in
/// O(n log n); only occupied cells are stored, so points spread over all of China cost no more than a town.
/// </summary>
internal sealed class LonLatGrid
{
    // Cells no smaller than about 10 cm keep the integer cell coordinates in range.
    private const double MinimumCellDegrees = 1e-6;

    private readonly double _cellLon;
    private readonly double _cellLat;
    private readonly Dictionary<long, (int Start, int End)> _cells;
    private readonly int[] _points;
    private readonly double[] _lon;
    private readonly double[] _lat;

    /// <param name="lon">Longitudes of the points, in degrees.</param>
    /// <param name="lat">Latitudes of the points, in degrees.</param>
    /// <param name="radiusMetres">The radius queries will use; it sets the cell size.</param>
    public LonLatGrid(double[] lon, double[] lat, double radiusMetres)
    {
        var midLat = lat.Length == 0 ? 0 : (lat.Min() + lat.Max()) / 2;
        var box = GroundDistance.SearchBox(0, midLat, radiusMetres);
        // Cells of half a radius make the touched cells cover about 6 r², against the box's 4 r² and the circle's π r².
        _cellLon = Math.Max(box.Width / 4, MinimumCellDegrees);
        _cellLat = Math.Max(box.Height / 4, MinimumCellDegrees);
        _lon = lon;
        _lat = lat;

        var keys = new long[lon.Length];
        _points = new int[lon.Length];
        for (var i = 0; i < lon.Length; i++)
        {
            keys[i] = Key(CellX(lon[i]), CellY(lat[i]));
            _points[i] = i;
        }

        // Sorting by (cell, point) keeps each cell's points in index order, so queries are deterministic.
        Array.Sort(keys, _points);
        _cells = [];
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            Array.Sort(_points, start, end - start);
            _cells.Add(keys[start], (start, end));
            start = end;
        }
    }

    /// <summary>Adds to <paramref name="found"/> every point inside the search box of (lon, lat, radius), by cell.</summary>
    public void Candidates(double lon, double lat, double radiusMetres, List<int> found)
    {
        var box = GroundDistance.SearchBox(lon, lat, radiusMetres);
        int x0 = CellX(box.MinX), x1 = CellX(box.MaxX), y0 = CellY(box.MinY), y1 = CellY(box.MaxY);
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                if (_cells.TryGetValue(Key(x, y), out var cell))
                {
                    for (var k = cell.Start; k < cell.End; k++)
                    {
                        var p = _points[k];
                        if (box.MinX <= _lon[p] && _lon[p] <= box.MaxX && box.MinY <= _lat[p] && _lat[p] <= box.MaxY)
                        {
                            found.Add(p);
                        }
                    }
                }
            }
        }
    }

    private static long Key(int x, int y) => ((long)x << 32) | (uint)y;

    private int CellX(double lon) => (int)Math.Floor(lon / _cellLon);

    private int CellY(double lat) => (int)Math.Floor(lat / _cellLat);
}
