using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;
using static Geo.Analysis.Tests.Coverage.CoverageFixtures;

namespace Geo.Analysis.Tests.Coverage;

/// <summary>Properties that hold for every instance, checked over random towns with fixed seeds.</summary>
public class CoverageInvariantTests
{
    public static TheoryData<int, string> SeedsAndDecays()
    {
        var data = new TheoryData<int, string>();
        foreach (var seed in new[] { 1, 2, 3, 42, 2025 })
        {
            foreach (var decay in new[] { "step", "gaussian", "bands" })
            {
                data.Add(seed, decay);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndDecays))]
    public void Total_accessible_slots_equal_the_supply_of_institutions_with_demand_in_reach(int seed, string decay)
    {
        var (areas, institutions) = RandomTown(seed);

        var result = CoverageAnalysis.Compute(areas, institutions, Options(decay));

        var servingSupply = result.Institutions.Where(i => i.Serves).Sum(i => (double)i.ApprovedSlots);
        Assert.InRange(servingSupply, 1, double.MaxValue);
        Assert.Equal(servingSupply, result.TotalAccessibleSlots, servingSupply * 1e-12);
        Assert.Equal(result.TotalApprovedSlots - result.IdleSlots, servingSupply, 1e-9);
    }

    [Theory]
    [MemberData(nameof(SeedsAndDecays))]
    public void Adding_an_institution_never_lowers_any_areas_accessibility(int seed, string decay)
    {
        var (areas, institutions) = RandomTown(seed);
        var random = new Random(seed + 1000);
        var before = CoverageAnalysis.Compute(areas, institutions, Options(decay));
        var raised = 0;

        for (var trial = 0; trial < 5; trial++)
        {
            var added = Operating($"new{trial}", Offset(random.NextDouble() * 3000, random.NextDouble() * 3000), random.Next(1, 100));
            var after = CoverageAnalysis.Compute(areas, [.. institutions, added], Options(decay));

            for (var i = 0; i < before.Areas.Count; i++)
            {
                Assert.Equal(before.Areas[i].AreaId, after.Areas[i].AreaId);
                Assert.True(
                    after.Areas[i].Accessibility >= before.Areas[i].Accessibility - 1e-15,
                    $"{before.Areas[i].AreaId}: {before.Areas[i].Accessibility} fell to {after.Areas[i].Accessibility}");
                Assert.True(after.Areas[i].Gap <= before.Areas[i].Gap + 1e-9);
                raised += after.Areas[i].Accessibility > before.Areas[i].Accessibility ? 1 : 0;
            }
        }

        Assert.True(raised > 0, "no trial reached any demand; the property was not exercised");
    }

    [Theory]
    [MemberData(nameof(SeedsAndDecays))]
    public void Shuffling_the_inputs_changes_nothing(int seed, string decay)
    {
        var (areas, institutions) = RandomTown(seed);

        var ordered = CoverageAnalysis.Compute(areas, institutions, Options(decay));
        var shuffled = CoverageAnalysis.Compute(Shuffled(areas, seed), Shuffled(institutions, seed + 1), Options(decay));

        // Bit for bit: records of plain values compare every field exactly.
        Assert.Equal(ordered.Areas, shuffled.Areas);
        Assert.Equal(ordered.Institutions, shuffled.Institutions);
        Assert.Equal(ordered.Parameters, shuffled.Parameters);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    public void Shuffling_a_cost_matrix_changes_nothing(int seed)
    {
        var (areas, institutions) = RandomTown(seed, areas: 60, institutions: 15);
        var random = new Random(seed);
        var entries = (from a in areas from s in institutions where random.Next(3) > 0 select new TravelCost(a.Id, s.Id, random.Next(0, 30))).ToList();

        CoverageResult Run(IEnumerable<TravelCost> costs) => CoverageAnalysis.Compute(
            areas,
            institutions,
            GulouOptions with { Catchment = new TravelCostCatchment(new TravelCostMatrix(CostUnit.Minutes, costs), 15), Decay = DistanceDecay.Gaussian });

        Assert.Equal(Run(entries).Areas, Run(Shuffled(entries, seed)).Areas);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(42)]
    public void Subdistrict_totals_add_up_to_the_district(int seed)
    {
        var (areas, institutions) = RandomTown(seed);
        areas[0] = areas[0] with { SubdistrictCode = null };
        var result = CoverageAnalysis.Compute(areas, institutions, Options("step"));

        var district = CoverageAggregation.Aggregate(result, ["350102009"]);

        var parts = district.Subdistricts.Select(s => s.Summary).ToList();
        var whole = district.Summary;
        Assert.Null(district.Subdistricts[^1].Code);
        Assert.Contains(district.Subdistricts, s => s.Code == "350102009" && !s.MeetsInstitutionTarget);
        Assert.Equal(whole.ResidentialAreas, parts.Sum(p => p.ResidentialAreas));
        Assert.Equal(whole.Population, parts.Sum(p => p.Population), 1e-6);
        Assert.Equal(whole.ChildrenUnder3, parts.Sum(p => p.ChildrenUnder3), 1e-6);
        Assert.Equal(whole.RequiredSlots, parts.Sum(p => p.RequiredSlots), 1e-6);
        Assert.Equal(whole.AccessibleSlots, parts.Sum(p => p.AccessibleSlots), 1e-6);
        Assert.Equal(whole.Gap, parts.Sum(p => p.Gap), 1e-6);
        Assert.Equal(whole.UnservedChildrenUnder3, parts.Sum(p => p.UnservedChildrenUnder3), 1e-6);
        Assert.Equal(whole.Institutions, parts.Sum(p => p.Institutions));
        Assert.Equal(whole.ApprovedSlots, parts.Sum(p => p.ApprovedSlots));
        Assert.Equal(whole.AffordableSlots, parts.Sum(p => p.AffordableSlots));
        Assert.Equal(whole.StandardisedInstitutions, parts.Sum(p => p.StandardisedInstitutions));
        Assert.Equal(result.TotalGap, whole.Gap, 1e-6);
        Assert.Equal(result.TotalAccessibleSlots, whole.AccessibleSlots, 1e-6);
        Assert.Equal(result.UnservedChildrenUnder3, whole.UnservedChildrenUnder3, 1e-6);
    }

    [Theory]
    [MemberData(nameof(SeedsAndDecays))]
    public void The_ground_search_links_exactly_the_pairs_a_full_matrix_of_ground_distances_links(int seed, string decay)
    {
        var (town, institutions) = RandomTown(seed);
        // Areas sharing a point, one on an institution, and a few across China (strips far apart, most of them empty).
        List<DemandArea> areas =
        [
            .. town,
            .. town.Take(10).Select(a => a with { Id = a.Id + "-twin" }),
            Area("on-institution", institutions[0].Location, 900),
            Area("harbin", Wkt("POINT (126.63 45.75)"), 1200),
            Area("urumqi", Wkt("POINT (87.62 43.83)"), 800),
            Area("sanya", Wkt("POINT (109.51 18.25)"), 700),
        ];
        var options = Options(decay);
        var matrix = new TravelCostMatrix(CostUnit.GroundMetres, [.. areas.SelectMany(a => institutions.Select(i => new TravelCost(
            a.Id, i.Id, GroundDistance.Metres(a.Location.X, a.Location.Y, i.Location.X, i.Location.Y))))]);

        var searched = CoverageAnalysis.Compute(areas, institutions, options);
        var full = CoverageAnalysis.Compute(areas, institutions, options with { Catchment = new TravelCostCatchment(matrix, options.Catchment.Cutoff) });

        Assert.Contains(searched.Areas, a => a.InstitutionsInReach > 1);
        for (var i = 0; i < full.Areas.Count; i++)
        {
            var (s, f) = (searched.Areas[i], full.Areas[i]);
            Assert.Equal(f.AreaId, s.AreaId);
            Assert.Equal(f.InstitutionsInReach, s.InstitutionsInReach);
            Assert.Equal(f.NearestCost, s.NearestCost);
            Assert.Equal(f.Accessibility, s.Accessibility, Math.Abs(f.Accessibility) * 1e-12);
        }

        for (var j = 0; j < full.Institutions.Count; j++)
        {
            var (s, f) = (searched.Institutions[j], full.Institutions[j]);
            Assert.Equal(f.AreasInReach, s.AreasInReach);
            Assert.Equal(f.WeightedDemand, s.WeightedDemand, f.WeightedDemand * 1e-12);
        }
    }

    private static CoverageOptions Options(string decay) => decay switch
    {
        "step" => GulouOptions with { Catchment = CatchmentRadius.TenMinuteWalk },
        "gaussian" => GulouOptions with { Catchment = CatchmentRadius.TenMinuteWalk, Decay = DistanceDecay.Gaussian },
        "bands" => GulouOptions with { Catchment = CatchmentRadius.FifteenMinuteWalk, Decay = DistanceDecay.WalkingBands },
        _ => throw new ArgumentOutOfRangeException(nameof(decay)),
    };
}
