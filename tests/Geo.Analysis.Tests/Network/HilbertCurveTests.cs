using Geo.Analysis.Spatial;

namespace Geo.Analysis.Tests.Network;

public sealed class HilbertCurveTests
{
    [Fact]
    public void The_first_steps_fill_the_corner_square_one_neighbour_at_a_time()
    {
        // The curve's first 4^k steps fill the 2^k × 2^k corner, each step to a cell sharing a side with the last.
        const int side = 16;
        var cells = new (int X, int Y)[side * side];
        var seen = new bool[side * side];
        for (var x = 0; x < side; x++)
        {
            for (var y = 0; y < side; y++)
            {
                var key = HilbertCurve.Key(x, y);
                Assert.InRange(key, 0, side * side - 1);
                Assert.False(seen[key], $"Cells share the key {key}.");
                (seen[key], cells[key]) = (true, (x, y));
            }
        }

        for (var k = 1; k < cells.Length; k++)
        {
            Assert.Equal(1, Math.Abs(cells[k].X - cells[k - 1].X) + Math.Abs(cells[k].Y - cells[k - 1].Y));
        }
    }

    [Fact]
    public void Order_is_a_permutation_that_keeps_neighbours_on_the_curve_together()
    {
        var random = new Random(3);
        var lon = Enumerable.Range(0, 2_000).Select(_ => 119.2 + random.NextDouble() * 0.2).ToArray();
        var lat = Enumerable.Range(0, 2_000).Select(_ => 26.0 + random.NextDouble() * 0.2).ToArray();

        var order = HilbertCurve.Order(lon, lat);

        Assert.Equal(Enumerable.Range(0, 2_000), order.Order());
        double Step(IReadOnlyList<int> visit) =>
            Enumerable.Range(1, visit.Count - 1).Sum(k => Math.Abs(lon[visit[k]] - lon[visit[k - 1]]) + Math.Abs(lat[visit[k]] - lat[visit[k - 1]]));

        // In index order a step crosses a third of the box on average; along the curve a few hundredths.
        Assert.True(Step(order) * 10 < Step(Enumerable.Range(0, 2_000).ToArray()), $"{Step(order)} against {Step(Enumerable.Range(0, 2_000).ToArray())}");
        Assert.Throws<ArgumentOutOfRangeException>(() => HilbertCurve.Key(1 << HilbertCurve.Bits, 0));
        Assert.Empty(HilbertCurve.Order([], []));
    }
}
