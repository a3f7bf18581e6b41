using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;
using static Geo.Analysis.Tests.Siting.OneParallel;

namespace Geo.Analysis.Tests.Siting;

public class CandidateGridTests
{
    private static readonly DemandPoint[] TwoAreas =
    [
        new("A", Lon, Lat, 12),
        new("B", East(1_000), Lat, 8),
        new("served", East(5_000), Lat, 0),
    ];

    [Fact]
    public void Cells_are_the_lattice_positions_within_the_radius_of_an_under_served_point()
    {
        // The box spans A–B (1,000 m; the served point is left out), one row: columns = ⌈1000 / 400⌉ + 1 = 4, at
        // 0, 400, 800 and 1,200 m. Within 300 m of A or B: 0 (A, 0 m), 800 (B, 200 m), 1,200 (B, 200 m); 400 m is
        // 400 m from A and 600 m from B.
        var grid = CandidateGrid.Compute(TwoAreas, spacingMetres: 400, radiusMetres: 300, maxCells: 100);

        Assert.False(grid.Exceeded);
        Assert.Equal(4, grid.LatticeSize);
        Assert.Equal([0, 2, 3], grid.Cells.Select(c => c.Column));
        Assert.All(grid.Cells, c => Assert.Equal(0, c.Row));
        Assert.Equal(800, GroundDistance.Metres(Lon, Lat, grid.Cells[1].Lon, grid.Cells[1].Lat), 6);
        Assert.Equal(Lat, grid.Cells[2].Lat, 12);
    }

    [Fact]
    public void More_cells_than_allowed_is_exceeded_and_yields_none()
    {
        // The three cells above, with two allowed.
        var grid = CandidateGrid.Compute(TwoAreas, 400, 300, maxCells: 2);
        Assert.True(grid.Exceeded);
        Assert.Empty(grid.Cells);
    }

    [Fact]
    public void A_lattice_larger_than_twenty_per_allowed_cell_is_refused_before_the_scan()
    {
        // 10 km at 50 m: ⌈10000 / 50⌉ + 1 = 201 positions, more than 20 × 5.
        var grid = CandidateGrid.Compute([new("A", Lon, Lat, 1), new("B", East(10_000), Lat, 1)], 50, 300, maxCells: 5);
        Assert.True(grid.Exceeded);
        Assert.Equal(201, grid.LatticeSize);
        Assert.Empty(grid.Cells);
    }

    [Fact]
    public void No_under_served_demand_gives_an_empty_grid_that_exceeds_nothing()
    {
        var grid = CandidateGrid.Compute([new("served", Lon, Lat, 0)], 200, 300, 10);
        Assert.False(grid.Exceeded);
        Assert.Empty(grid.Cells);
        Assert.Equal(0, grid.LatticeSize);
    }

    [Fact]
    public void Spacing_radius_and_limit_are_guarded()
    {
        Assert.Throws<ArgumentException>(() => new CandidateGrid(TwoAreas, 0, 300, 10));
        Assert.Throws<ArgumentException>(() => new CandidateGrid(TwoAreas, 200, double.NaN, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CandidateGrid(TwoAreas, 200, 300, 0));
    }
}
