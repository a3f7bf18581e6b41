using Geo.Analysis.Coverage;
using static Geo.Analysis.Tests.Coverage.CoverageFixtures;

namespace Geo.Analysis.Tests.Coverage;

public class CoverageAggregationTests
{
    private const double Tolerance = 1e-9;
    private const string Dongjie = "350102001";
    private const string Xijie = "350102002";
    private const string Wenquan = "350102003";

    /// <summary>
    /// The hand-computed town of <see cref="TwoStepFloatingCatchmentTests"/> split into two 街道, with a third empty.
    /// <code>
    /// 街道 1: A (2000, new) + B (1000, old); X 40 托位, 普惠 and 规范化
    ///   population 3000, required 20 + 8 = 28, accessible 26.667 + 20.833 = 47.5, gap 0
    ///   托位/千人 40 / 3000 · 1000 = 13.333; local standard 28 / 3000 · 1000 = 9.333 → both met
    /// 街道 2: C (3000, new) + D (500, old); Y 30 托位, 示范
    ///   population 3500, required 30 + 4 = 34, accessible 22.5, gap 7.5 + 4 = 11.5
    ///   托位/千人 30 / 3500 · 1000 = 8.571; local standard 34 / 3.5 = 9.714 → national met, local not
    ///   children under 3 unserved: D, 500 · 0.0281 = 14.05
    /// District: population 6500, required 62, accessible 70, gap 11.5, 托位/千人 70 / 6.5 = 10.769
    ///   (local standard 62 / 6.5 = 9.538), 普惠 share 40 / 70 = 0.5714
    /// </code>
    /// </summary>
    private static DistrictCoverage HandDistrict()
    {
        DemandArea[] areas =
        [
            Area("A", Wkt("POINT (119.300 26.080)"), 2000, AreaKind.New, Dongjie),
            Area("B", Wkt("POINT (119.304 26.080)"), 1000, AreaKind.Old, Dongjie),
            Area("C", Wkt("POINT (119.308 26.080)"), 3000, AreaKind.New, Xijie),
            Area("D", Wkt("POINT (119.350 26.120)"), 500, AreaKind.Old, Xijie),
        ];
        CareProvider[] institutions =
        [
            Operating("X", Wkt("POINT (119.302 26.080)"), 40, ProviderTraits.Affordable | ProviderTraits.Standardised, Dongjie),
            Operating("Y", Wkt("POINT (119.306 26.080)"), 30, ProviderTraits.Demonstration, Xijie),
        ];
        return CoverageAggregation.Aggregate(CoverageAnalysis.Compute(areas, institutions, GulouOptions), [Wenquan, Dongjie]);
    }

    [Fact]
    public void Subdistricts_and_district_are_summed_by_hand()
    {
        var district = HandDistrict();

        Assert.Equal([Dongjie, Xijie, Wenquan], district.Subdistricts.Select(s => s.Code));
        var (one, two, empty) = (district.Subdistricts[0], district.Subdistricts[1], district.Subdistricts[2]);

        Assert.Equal(3000, one.Summary.Population);
        Assert.Equal(84.3, one.Summary.ChildrenUnder3, 1e-9);
        Assert.Equal(28, one.Summary.RequiredSlots, Tolerance);
        Assert.Equal(47.5, one.Summary.AccessibleSlots, 1e-9);
        Assert.Equal(0, one.Summary.Gap, Tolerance);
        Assert.Equal(13.333_333_333, one.Summary.SlotsPerThousand!.Value, 1e-6);
        Assert.Equal(9.333_333_333, one.Summary.RequiredPerThousand!.Value, 1e-6);
        Assert.Equal(1.0, one.Summary.AffordableShare);
        Assert.True(one.MeetsNationalTarget);
        Assert.True(one.MeetsLocalStandard);
        Assert.True(one.MeetsInstitutionTarget);

        Assert.Equal(11.5, two.Summary.Gap, 1e-9);
        Assert.Equal(8.571_428_571, two.Summary.SlotsPerThousand!.Value, 1e-6);
        Assert.Equal(9.714_285_714, two.Summary.RequiredPerThousand!.Value, 1e-6);
        Assert.True(two.MeetsNationalTarget);
        Assert.False(two.MeetsLocalStandard);
        Assert.Equal(14.05, two.Summary.UnservedChildrenUnder3, 1e-9);
        Assert.Equal(0.0, two.Summary.AffordableShare);

        Assert.Equal(0, empty.Summary.Institutions);
        Assert.Null(empty.Summary.SlotsPerThousand);
        Assert.False(empty.MeetsInstitutionTarget);

        var all = district.Summary;
        Assert.Equal(6500, all.Population);
        Assert.Equal(62, all.RequiredSlots, Tolerance);
        Assert.Equal(70, all.AccessibleSlots, 1e-9);
        Assert.Equal(11.5, all.Gap, 1e-9);
        Assert.Equal(10.769_230_769, all.SlotsPerThousand!.Value, 1e-6);
        Assert.Equal(0.571_428_571, all.AffordableShare!.Value, 1e-6);
        Assert.Equal(1, all.StandardisedInstitutions);
        Assert.Equal(1, all.DemonstrationInstitutions);
        Assert.True(district.MeetsNationalTarget);
        Assert.True(district.MeetsLocalStandard);
    }

    [Fact]
    public void Targets_report_current_required_and_shortfall()
    {
        var targets = CoverageTargets.Evaluate(HandDistrict(), [.. DatedTarget.Meijiang, .. DatedTarget.Huancui]);

        Assert.Equal(6, targets.Count);
        var national = targets[0];
        Assert.Equal(4.5, national.Required);
        Assert.Equal(10.769_230_769, national.Current, 1e-6);
        Assert.True(national.Met);
        Assert.Equal(0, national.Shortfall);
        Assert.Contains("4.5", national.Source, StringComparison.Ordinal);

        Assert.Equal(9.538_461_538, targets[1].Required, 1e-6);
        Assert.True(targets[1].Met);

        var subdistricts = targets[2];
        Assert.Equal(2, subdistricts.Current);
        Assert.Equal(3, subdistricts.Required);
        Assert.False(subdistricts.Met);
        Assert.Equal(1, subdistricts.Shortfall);

        // Dated targets by due date: 规范化 2022 (1 of 2), 示范 2023 (1 of 1), 规范化 2025 (1 of 6).
        Assert.Equal([new DateOnly(2022, 12, 31), new DateOnly(2023, 12, 31), new DateOnly(2025, 12, 31)], targets.Skip(3).Select(t => t.DueDate!.Value));
        Assert.Equal([1.0, 0.0, 5.0], targets.Skip(3).Select(t => t.Shortfall));
        Assert.Equal([false, true, false], targets.Skip(3).Select(t => t.Met));
    }
}
