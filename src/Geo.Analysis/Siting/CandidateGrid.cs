using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Siting;

/// <summary>One cell centre of a <see cref="CandidateGrid"/>: its row and column from the south-west corner, and where it is.</summary>
public sealed record GridCell(int Row, int Column, double Lon, double Lat);

/// <summary>
/// The cells of a candidate grid, or none when the grid would exceed the cell limit (<see cref="Exceeded"/>);
/// a grid over no under-served demand is empty without exceeding anything.
/// </summary>
/// <param name="LatticeSize">Columns × rows of the lattice over the demand's bounding box (0 when there is no demand).</param>
public sealed record CandidateGridResult(IReadOnlyList<GridCell> Cells, bool Exceeded, long LatticeSize);

/// <summary>
/// Candidate sites where no parcel or planner's point is given: centres of a regular grid over the demand points
/// with positive weight (the under-served ones), kept when such a point lies within the radius of the centre.
/// </summary>
/// <remarks>
/// <para>Method: the lattice starts at the south-west corner of the under-served points' bounding box and steps
/// <c>spacing</c> ground metres east and north, converted to degrees once at the box's mid-latitude
/// (<see cref="GroundDistance.MetresPerDegree"/>); it covers the box with one extra row and column. Reach is
/// measured like the solver's, <see cref="GroundDistance.Metres(double, double, double, double)"/> ≤ radius.</para>
/// <para>Guarantees: every cell reaches at least one under-served point; cells are ordered by row, then column,
/// each a fixed lattice position, so the same demand gives the same grid. A lattice larger than
/// <c>20 × maxCells</c> is refused before it is scanned, and a scan stops as soon as it keeps more than
/// <c>maxCells</c>; either way the result is <see cref="CandidateGridResult.Exceeded"/> with no cells.</para>
/// <para>Cost: O(rows × columns) lattice positions, each tested against the points within the radius through an
/// STR-tree built once over the n under-served points (O(n log n)).</para>
/// </remarks>
public sealed class CandidateGrid
{
    /// <summary>Lattice positions scanned per cell allowed: a sparse demand may leave most positions empty.</summary>
    public const int LatticePerCell = 20;

    private readonly List<DemandPoint> _underServed;
    private readonly double _spacingMetres;
    private readonly double _radiusMetres;
    private readonly int _maxCells;
    private CandidateGridResult? _result;

    /// <summary>The grid over <paramref name="demand"/>; see the instance.</summary>
    public static CandidateGridResult Compute(IEnumerable<DemandPoint> demand, double spacingMetres, double radiusMetres, int maxCells) =>
        new CandidateGrid(demand, spacingMetres, radiusMetres, maxCells).Compute();

    /// <exception cref="ArgumentException">Spacing or radius is not a positive finite number, or maxCells &lt; 1.</exception>
    public CandidateGrid(IEnumerable<DemandPoint> demand, double spacingMetres, double radiusMetres, int maxCells)
    {
        ArgumentNullException.ThrowIfNull(demand);
        if (!(double.IsFinite(spacingMetres) && spacingMetres > 0) || !(double.IsFinite(radiusMetres) && radiusMetres > 0))
        {
            throw new ArgumentException($"Spacing {spacingMetres} m and radius {radiusMetres} m must be positive and finite.", nameof(spacingMetres));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxCells, 1);
        _underServed = [.. demand.Where(d => d.Weight > 0)];
        _spacingMetres = spacingMetres;
        _radiusMetres = radiusMetres;
        _maxCells = maxCells;
    }

    public CandidateGridResult Compute() => _result ??= Build();

    private CandidateGridResult Build()
    {
        if (_underServed.Count == 0)
        {
            return new CandidateGridResult([], false, 0);
        }

        var box = new Envelope();
        _underServed.ForEach(p => box.ExpandToInclude(p.Lon, p.Lat));
        var (perLon, perLat) = GroundDistance.MetresPerDegree(box.Centre.Y);
        var (stepLon, stepLat) = (_spacingMetres / perLon, _spacingMetres / perLat);
        var columns = (int)Math.Ceiling(box.Width / stepLon) + 1;
        var rows = (int)Math.Ceiling(box.Height / stepLat) + 1;
        var lattice = (long)columns * rows;
        if (lattice > (long)_maxCells * LatticePerCell)
        {
            return new CandidateGridResult([], true, lattice);
        }

        var index = new NetTopologySuite.Index.Strtree.STRtree<DemandPoint>();
        _underServed.ForEach(p => index.Insert(new Envelope(p.Lon, p.Lon, p.Lat, p.Lat), p));
        index.Build();
        var cells = new List<GridCell>();
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var (lon, lat) = (box.MinX + column * stepLon, box.MinY + row * stepLat);
                if (index.Query(GroundDistance.SearchBox(lon, lat, _radiusMetres))
                    .Any(p => GroundDistance.Metres(lon, lat, p.Lon, p.Lat) <= _radiusMetres))
                {
                    cells.Add(new GridCell(row, column, lon, lat));
                    if (cells.Count > _maxCells)
                    {
                        return new CandidateGridResult([], true, lattice);
                    }
                }
            }
        }

        return new CandidateGridResult(cells, false, lattice);
    }
}
