using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;
using static Geo.Analysis.Tests.Siting.OneParallel;

namespace Geo.Analysis.Tests.Siting;

public class ReachCoverageTests
{
    // Along one parallel, radius 300 m: E reaches D0 (200 m); C0 reaches D2 (100 m); C1 reaches D1 (100 m) and
    // not D2 (400 m); nothing reaches D3.
    private static readonly SitingProblem OnTheGround = new(
        [new("D0", Lon, Lat, 10), new("D1", East(500), Lat, 20), new("D2", East(1_000), Lat, 30), new("D3", East(3_000), Lat, 5)],
        [new("C0", East(1_100), Lat), new("C1", East(600), Lat)],
        [new("E", East(-200), Lat, 60)]);

    [Theory]
    [InlineData(new int[0], 10)]
    [InlineData(new[] { 0 }, 40)]
    [InlineData(new[] { 0, 1 }, 60)]
    public void Before_counts_the_existing_sites_reach_and_after_adds_the_new_sites(int[] opened, double after)
    {
        var reach = ReachCoverage.Compute(OnTheGround, 300, opened);
        Assert.Equal(new ReachTotals(4, 65, 10, after), reach);
    }

    [Fact]
    public void Matrix_costs_reach_inclusively_and_non_finite_or_negative_costs_do_not_reach()
    {
        // Radius 5. D0: existing NaN, C0 exactly 5, C1 ∞. D1: existing 6, C0 −1, C1 7. Only D0 via C0 is reached.
        var problem = new SitingProblem(
            [new("D0", 0, 0, 3), new("D1", 0, 0, 4)],
            [new("C0", 0, 0), new("C1", 0, 0)],
            [new("E", 0, 0, 10)],
            new SitingCostMatrix(
                new double[,] { { 5, double.PositiveInfinity }, { -1, 7 } },
                new double[,] { { double.NaN }, { 6 } }));

        Assert.Equal(new ReachTotals(2, 7, 0, 3), ReachCoverage.Compute(problem, 5, [0, 1]));
    }

    [Fact]
    public void Radius_and_site_indexes_are_guarded()
    {
        Assert.Throws<ArgumentException>(() => new ReachCoverage(OnTheGround, 0, []));
        Assert.Throws<ArgumentException>(() => new ReachCoverage(OnTheGround, 300, [2]));
        Assert.Throws<ArgumentException>(() => new ReachCoverage(OnTheGround, 300, [-1]));
    }
}
