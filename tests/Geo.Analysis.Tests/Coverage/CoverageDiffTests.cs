using Geo.Analysis.Coverage;
using static Geo.Analysis.Tests.Coverage.CoverageFixtures;

namespace Geo.Analysis.Tests.Coverage;

public class CoverageDiffTests
{
    /// <summary>
    /// The hand-computed town, then a scenario adding Z (10 托位) at D, which no one else reaches:
    /// D goes from 0 to 10 托位 (20 /千人), its gap from 4 to 0 and its class from unserved to covered;
    /// nothing else moves. Totals: accessible 70 → 80, gap 11.5 → 7.5, unserved children 14.05 → 0.
    /// </summary>
    [Fact]
    public void A_new_institution_is_seen_in_the_areas_it_reaches_and_in_the_totals()
    {
        DemandArea[] areas =
        [
            Area("A", Wkt("POINT (119.300 26.080)"), 2000, AreaKind.New),
            Area("B", Wkt("POINT (119.304 26.080)"), 1000, AreaKind.Old),
            Area("C", Wkt("POINT (119.308 26.080)"), 3000, AreaKind.New),
            Area("D", Wkt("POINT (119.350 26.120)"), 500, AreaKind.Old),
        ];
        CareProvider[] today = [Operating("X", Wkt("POINT (119.302 26.080)"), 40), Operating("Y", Wkt("POINT (119.306 26.080)"), 30)];
        CareProvider[] scenario = [.. today, Operating("Z", Wkt("POINT (119.350 26.120)"), 10)];

        var diff = CoverageDiff.Compare(CoverageAnalysis.Compute(areas, today, GulouOptions), CoverageAnalysis.Compute(areas, scenario, GulouOptions));

        var d = diff.Areas.Single(a => a.AreaId == "D");
        Assert.Equal(20, d.AccessiblePerThousandChange, 1e-9);
        Assert.Equal(-4, d.GapChange, 1e-9);
        Assert.Equal(CoverageClass.Unserved, d.ClassBefore);
        Assert.Equal(CoverageClass.Covered, d.ClassAfter);
        Assert.All(diff.Areas.Where(a => a.AreaId != "D"), a => Assert.Equal(0, a.AccessiblePerThousandChange));
        Assert.Equal(70, diff.AccessibleSlotsBefore, 1e-9);
        Assert.Equal(80, diff.AccessibleSlotsAfter, 1e-9);
        Assert.Equal(-4, diff.GapChange, 1e-9);
        Assert.Equal(14.05, diff.UnservedChildrenUnder3Before, 1e-9);
        Assert.Equal(0, diff.UnservedChildrenUnder3After);
        Assert.Equal(1, diff.AreasImproved);
        Assert.Equal(0, diff.AreasWorsened);
    }

    [Fact]
    public void An_area_on_one_side_only_counts_as_zero_on_the_other()
    {
        var before = CoverageAnalysis.Compute([Area("A", Offset(0, 0), 1000)], [], GulouOptions);
        var after = CoverageAnalysis.Compute([Area("A", Offset(0, 0), 1000), Area("N", Offset(0, 0), 2000)], [], GulouOptions);

        var diff = CoverageDiff.Compare(before, after);

        var added = diff.Areas.Single(a => a.AreaId == "N");
        Assert.Null(added.ClassBefore);
        Assert.Equal(20, added.GapChange, 1e-9);
        Assert.Equal(1, diff.AreasWorsened);
    }
}
