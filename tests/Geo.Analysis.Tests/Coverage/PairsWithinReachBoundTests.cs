using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Tests.Coverage;

public sealed class PairsWithinReachBoundTests
{
    [Fact]
    public void The_bound_holds_every_pair_within_the_radius_and_excludes_rows_of_latitude_beyond_it()
    {
        var random = new Random(7);
        Point At() => Wgs84.Point(119.3 + random.NextDouble() * 0.1, 26.0 + random.NextDouble() * 0.1);
        var areas = Enumerable.Range(0, 400).Select(_ => At()).ToList();
        var institutions = Enumerable.Range(0, 60).Select(_ => At()).ToList();
        var radius = new CatchmentRadius(1000);

        var bound = CoverageAnalysis.PairsWithinReachBound(areas, institutions, radius);

        var exact = institutions.Sum(i => areas.Count(a => GroundDistance.Metres(a.Coordinate, i.Coordinate) <= 1000));
        Assert.InRange(bound, exact, (long)areas.Count * institutions.Count / 2); // 1 km of an 11 km band: far below all pairs
        var far = new List<Point> { Wgs84.Point(119.3, 30.0) };
        Assert.Equal(0, CoverageAnalysis.PairsWithinReachBound(areas, far, radius));
        Assert.Equal(400L * 60, CoverageAnalysis.PairsWithinReachBound(areas, institutions, new CatchmentRadius(1e7)));
    }
}
