using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;
using static Geo.Analysis.Tests.Coverage.CoverageFixtures;

namespace Geo.Analysis.Tests.Coverage;

public class TwoStepFloatingCatchmentTests
{
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Five points on a parallel at 26.08° N, 0.002° of longitude (≈ 200 m) apart: A X B Y C, and D far away.
    /// Catchment 300 m, step decay. X reaches A and B (200 m each); Y reaches B and C; A–Y, C–X are ≈ 600 m.
    /// <code>
    /// Step 1: R_X = 40 / (2000 + 1000) = 0.013 333…   R_Y = 30 / (1000 + 3000) = 0.0075
    /// Step 2: A_A = R_X = 0.013 333…  → accessible 26.667, 13.333 /千人, required 2000/1000·10 = 20 → covered
    ///         A_B = R_X + R_Y = 0.020 833… → accessible 20.833, required 1000/1000·8 = 8          → covered
    ///         A_C = R_Y = 0.0075     → accessible 22.5,   7.5 /千人, required 30, gap 7.5      → under-supplied
    ///         A_D = 0                → accessible 0,      required 500/1000·8 = 4, gap 4      → unserved
    /// Total accessible 26.667 + 20.833 + 22.5 = 70 = 40 + 30.
    /// </code>
    /// </summary>
    [Fact]
    public void Hand_computed_case_along_a_parallel()
    {
        DemandArea[] areas =
        [
            Area("A", Wkt("POINT (119.300 26.080)"), 2000, AreaKind.New),
            Area("B", Wkt("POINT (119.304 26.080)"), 1000, AreaKind.Old),
            Area("C", Wkt("POINT (119.308 26.080)"), 3000, AreaKind.New),
            Area("D", Wkt("POINT (119.350 26.120)"), 500, AreaKind.Old),
        ];
        CareProvider[] institutions =
        [
            Operating("X", Wkt("POINT (119.302 26.080)"), 40),
            Operating("Y", Wkt("POINT (119.306 26.080)"), 30),
        ];

        var result = CoverageAnalysis.Compute(areas, institutions, GulouOptions);

        var (a, b, c, d) = (result.Areas[0], result.Areas[1], result.Areas[2], result.Areas[3]);
        Assert.Equal(["A", "B", "C", "D"], result.Areas.Select(x => x.AreaId));
        Assert.Equal(40.0 / 3000, result.Institutions[0].SlotsPerResident, Tolerance);
        Assert.Equal(30.0 / 4000, result.Institutions[1].SlotsPerResident, Tolerance);

        Assert.Equal(40.0 / 3000, a.Accessibility, Tolerance);
        Assert.Equal(26.666_666_666_7, a.AccessibleSlots, 1e-6);
        Assert.Equal(13.333_333_333_3, a.AccessiblePerThousand, 1e-6);
        Assert.Equal(20, a.RequiredSlots, Tolerance);
        Assert.Equal(0, a.Gap, Tolerance);
        Assert.Equal(CoverageClass.Covered, a.Class);
        Assert.Equal(1, a.InstitutionsInReach);
        Assert.Equal(200, a.NearestCost!.Value, 1.0);

        Assert.Equal(20.833_333_333_3, b.AccessibleSlots, 1e-6);
        Assert.Equal(8, b.RequiredSlots, Tolerance);
        Assert.Equal(2, b.InstitutionsInReach);
        Assert.Equal(CoverageClass.Covered, b.Class);

        Assert.Equal(22.5, c.AccessibleSlots, 1e-6);
        Assert.Equal(7.5, c.AccessiblePerThousand, 1e-6);
        Assert.Equal(30, c.RequiredSlots, Tolerance);
        Assert.Equal(7.5, c.Gap, 1e-6);
        Assert.Equal(CoverageClass.UnderSupplied, c.Class);

        Assert.Equal(0, d.AccessibleSlots);
        Assert.Equal(4, d.Gap, Tolerance);
        Assert.Equal(CoverageClass.Unserved, d.Class);
        Assert.Null(d.NearestCost);

        Assert.Equal(70, result.TotalAccessibleSlots, 1e-6);
        Assert.Equal(7.5 + 4, result.TotalGap, 1e-6);
        Assert.Equal(500 * GulouShareUnder3, result.UnservedChildrenUnder3, Tolerance);
    }

    [Fact]
    public void A_facility_exactly_at_the_radius_is_within_reach_and_one_just_beyond_is_not()
    {
        var area = Offset(0, 0);
        var institution = Offset(300, 0);
        var metres = GroundDistance.Metres(area.Coordinate, institution.Coordinate);
        Assert.Equal(300, metres, 1e-6);
        DemandArea[] areas = [Area("A", area, 1000)];
        CareProvider[] institutions = [Operating("X", institution, 12)];

        var atRadius = CoverageAnalysis.Compute(areas, institutions, GulouOptions with { Catchment = new CatchmentRadius(metres) });
        var justShort = CoverageAnalysis.Compute(areas, institutions, GulouOptions with { Catchment = new CatchmentRadius(metres - 1e-6) });

        Assert.Equal(12, atRadius.Areas[0].AccessibleSlots, Tolerance);
        Assert.Equal(CoverageClass.Covered, atRadius.Areas[0].Class);
        Assert.Equal(CoverageClass.Unserved, justShort.Areas[0].Class);
        Assert.Equal(0, justShort.Areas[0].AccessibleSlots);
        Assert.Equal(12, justShort.IdleSlots);
    }

    /// <summary>
    /// Harbin, Sanya, Kashgar and Fuzhou in one run: around each, an institution 999 m east (in reach) and one
    /// 1,001 m north (out of reach), each with its own 托位, so each area reaches exactly its east neighbour.
    /// </summary>
    [Fact]
    public void Catchments_hold_anywhere_in_China()
    {
        (string Name, double Lon, double Lat)[] cities = [("harbin", 126.63, 45.75), ("sanya", 109.51, 18.25), ("kashgar", 75.99, 39.47), ("fuzhou", 119.30, 26.08)];
        var areas = new List<DemandArea>();
        var institutions = new List<CareProvider>();
        for (var c = 0; c < cities.Length; c++)
        {
            var (name, lon, lat) = cities[c];
            var (perLon, perLat) = GroundDistance.MetresPerDegree(lat);
            areas.Add(Area(name, Wgs84.Point(lon, lat), 1000));
            institutions.Add(Operating($"{name}-east", Wgs84.Point(lon + 999 / perLon, lat), 10 + c));
            institutions.Add(Operating($"{name}-north", Wgs84.Point(lon, lat + 1001 / perLat), 100));
        }

        var result = CoverageAnalysis.Compute(areas, institutions, GulouOptions with { Catchment = CatchmentRadius.FifteenMinuteWalk });

        foreach (var area in result.Areas)
        {
            var c = Array.FindIndex(cities, x => x.Name == area.AreaId);
            Assert.Equal(1, area.InstitutionsInReach);
            Assert.Equal(999, area.NearestCost!.Value, 1e-3);
            Assert.Equal(10 + c, area.AccessibleSlots, Tolerance);
        }
    }

    [Fact]
    public void A_cost_equal_to_the_cutoff_is_within_reach()
    {
        var matrix = new TravelCostMatrix(CostUnit.Minutes, [new("A", "X", 15.0), new("B", "X", 15.000_001)]);
        DemandArea[] areas = [Area("A", Offset(0, 0), 1000), Area("B", Offset(0, 0), 1000)];
        CareProvider[] institutions = [Operating("X", Offset(0, 0), 10)];

        var result = CoverageAnalysis.Compute(areas, institutions, GulouOptions with { Catchment = new TravelCostCatchment(matrix, 15) });

        // Only A counts: R_X = 10 / 1000, so A reaches all 10 托位 and B none.
        Assert.Equal(10, result.Areas[0].AccessibleSlots, Tolerance);
        Assert.Equal(15, result.Areas[0].NearestCost);
        Assert.Equal(CoverageClass.Unserved, result.Areas[1].Class);
        Assert.Equal(CostUnit.Minutes, result.Parameters.CostUnit);
        Assert.True(result.Parameters.FromTravelCostMatrix);
    }

    [Theory]
    [InlineData(0, 1000, 1.0)]
    [InlineData(150, 300, 0.701_366_573_239_004_4)] // (e^(−1/8) − e^(−1/2)) / (1 − e^(−1/2))
    [InlineData(240, 300, 0.304_009_398_225_781_1)] // (e^(−0.32) − e^(−1/2)) / (1 − e^(−1/2))
    [InlineData(300, 300, 0.0)]
    [InlineData(301, 300, 0.0)]
    public void Gaussian_weights_follow_Dai(double cost, double cutoff, double expected) =>
        Assert.Equal(expected, DistanceDecay.Gaussian.Weight(cost, cutoff), 1e-12);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(300, 1.0)]
    [InlineData(300.001, 0.68)]
    [InlineData(500, 0.68)]
    [InlineData(999, 0.22)]
    [InlineData(1000, 0.22)]
    [InlineData(1000.001, 0.0)]
    public void Walking_bands_are_inclusive_at_each_bound(double cost, double expected) =>
        Assert.Equal(expected, DistanceDecay.WalkingBands.Weight(cost, 1000), 1e-12);

    /// <summary>
    /// Gaussian 2SFCA over a matrix in network metres, cut-off 300: a1 at 150 (W = 0.701 366 6), a2 at 0 (W = 1).
    /// <code>
    /// Σ W·P = 0.701 366 6 · 1000 + 1 · 2000 = 2701.366 573;  R_X = 20 / 2701.366 573 = 0.007 403 660
    /// a1: A = 0.701 366 6 · R_X = 0.005 192 680 → 5.192 680 托位;  a2: A = R_X → 14.807 320 托位;  sum 20
    /// </code>
    /// </summary>
    [Fact]
    public void Gaussian_two_step_over_a_cost_matrix()
    {
        var matrix = TravelCostMatrix.FromDense(CostUnit.NetworkMetres, ["a1", "a2"], ["X"], new double[,] { { 150 }, { 0 } });
        DemandArea[] areas = [Area("a1", Offset(0, 0), 1000), Area("a2", Offset(0, 0), 2000)];
        CareProvider[] institutions = [Operating("X", Offset(0, 0), 20)];

        var result = CoverageAnalysis.Compute(
            areas, institutions, GulouOptions with { Catchment = new TravelCostCatchment(matrix, 300), Decay = DistanceDecay.Gaussian });

        Assert.Equal(2701.366_573_239, result.Institutions[0].WeightedDemand, 1e-6);
        Assert.Equal(0.007_403_660_131_923, result.Institutions[0].SlotsPerResident, 1e-12);
        Assert.Equal(5.192_679_736_153, result.Areas[0].AccessibleSlots, 1e-9);
        Assert.Equal(14.807_320_263_847, result.Areas[1].AccessibleSlots, 1e-9);
        Assert.Equal(7.403_660_131_923, result.Areas[1].AccessiblePerThousand, 1e-9);
    }

    /// <summary>
    /// Walking bands over a matrix, cut-off 1000: a1 at 300 (W 1), a2 at 500 (W 0.68), a3 at 1000 (W 0.22),
    /// a4 at 1000.5 (out), a5 unreachable (NaN). 1000 residents each, 19 托位:
    /// Σ W·P = 1000 + 680 + 220 = 1900, R = 0.01 → a1 10, a2 6.8, a3 2.2 托位.
    /// </summary>
    [Fact]
    public void Multi_step_over_a_cost_matrix_with_unreachable_pairs()
    {
        string[] ids = ["a1", "a2", "a3", "a4", "a5"];
        var matrix = TravelCostMatrix.FromDense(
            CostUnit.NetworkMetres,
            ids,
            ["X"],
            new double[,] { { 300 }, { 500 }, { 1000 }, { 1000.5 }, { double.NaN } });
        var areas = ids.Select(id => Area(id, Offset(0, 0), 1000));
        CareProvider[] institutions = [Operating("X", Offset(5000, 5000), 19)];

        var result = CoverageAnalysis.Compute(
            areas, institutions, GulouOptions with { Catchment = new TravelCostCatchment(matrix, 1000), Decay = DistanceDecay.WalkingBands });

        Assert.Equal([10, 6.8, 2.2, 0, 0], result.Areas.Select(a => Math.Round(a.AccessibleSlots, 9)));
        Assert.Equal(
            [CoverageClass.Covered, CoverageClass.UnderSupplied, CoverageClass.UnderSupplied, CoverageClass.Unserved, CoverageClass.Unserved],
            result.Areas.Select(a => a.Class));
        Assert.Equal(3, result.Institutions[0].AreasInReach);
    }

    [Fact]
    public void Ground_and_matrix_paths_agree_when_the_matrix_holds_ground_distances()
    {
        var (areas, institutions) = RandomTown(seed: 7);
        var entries = from a in areas
                      from s in institutions
                      select new TravelCost(a.Id, s.Id, GroundDistance.Metres(a.Location.Coordinate, s.Location.Coordinate));
        var matrix = new TravelCostMatrix(CostUnit.NetworkMetres, entries);

        var ground = CoverageAnalysis.Compute(areas, institutions, GulouOptions with { Catchment = new CatchmentRadius(500) });
        var fromMatrix = CoverageAnalysis.Compute(areas, institutions, GulouOptions with { Catchment = new TravelCostCatchment(matrix, 500) });

        Assert.Contains(ground.Areas, a => a.Class == CoverageClass.Unserved);
        Assert.Contains(ground.Areas, a => a.Class == CoverageClass.Covered);
        Assert.Equal(ground.Areas.Select(a => a.Accessibility), fromMatrix.Areas.Select(a => a.Accessibility));
        Assert.Equal(ground.Areas.Select(a => a.Class), fromMatrix.Areas.Select(a => a.Class));
    }

    [Fact]
    public void Supply_filter_selects_filed_or_affordable_institutions()
    {
        DemandArea[] areas = [Area("A", Offset(0, 0), 1000)];
        CareProvider[] institutions =
        [
            Operating("filed", Offset(100, 0), 10, ProviderTraits.Filed),
            Operating("affordable", Offset(0, 100), 20, ProviderTraits.Affordable),
            new("closed", Offset(50, 0), 40, ProviderTraits.Filed | ProviderTraits.Affordable),
        ];

        double Slots(SupplyFilter filter) =>
            CoverageAnalysis.Compute(areas, institutions, GulouOptions with { Supply = filter }).Areas[0].AccessibleSlots;

        Assert.Equal(30, Slots(SupplyFilter.Default), Tolerance);
        Assert.Equal(10, Slots(SupplyFilter.PublicFacing), Tolerance);
        Assert.Equal(20, Slots(new SupplyFilter(AffordableOnly: true)), Tolerance);
        Assert.Equal(70, Slots(new SupplyFilter(OperatingOnly: false)), Tolerance);
    }

    [Fact]
    public void Children_under_3_use_the_area_share_or_the_census_default()
    {
        Assert.Equal(0.0281, GulouShareUnder3, 1e-12);
        DemandArea[] areas =
        [
            Area("A", Offset(0, 0), 1000),
            new("B", Offset(0, 0), 2000, AreaKind.Old, ChildrenUnder3Share: 0.03),
        ];

        var result = CoverageAnalysis.Compute(areas, [], GulouOptions);

        Assert.Equal(28.1, result.Areas[0].ChildrenUnder3, Tolerance);
        Assert.Equal(60, result.Areas[1].ChildrenUnder3, Tolerance);
        Assert.Equal(16, result.Areas[1].RequiredSlots, Tolerance);
    }

    [Fact]
    public void A_configured_slot_standard_sets_required_places()
    {
        DemandArea[] areas = [Area("A", Offset(0, 0), 2500, AreaKind.New), Area("B", Offset(0, 0), 2500, AreaKind.Old)];

        var result = CoverageAnalysis.Compute(areas, [], GulouOptions with { Standard = new SlotStandard(12, 6) });

        Assert.Equal(30, result.Areas[0].RequiredSlots, Tolerance);
        Assert.Equal(15, result.Areas[1].RequiredSlots, Tolerance);
        Assert.Equal(new SlotStandard(12, 6), result.Parameters.Standard);
    }

    [Fact]
    public void Invalid_inputs_are_refused_with_a_reason()
    {
        DemandArea[] twice = [Area("A", Offset(0, 0), 1), Area("A", Offset(1, 0), 1)];
        var duplicate = Assert.Throws<ArgumentException>(() => CoverageAnalysis.Compute(twice, [], GulouOptions));
        Assert.Contains("'A'", duplicate.Message, StringComparison.Ordinal);

        var projected = Assert.Throws<ArgumentException>(() =>
            CoverageAnalysis.Compute([Area("A", Wgs84.Point(13_280_000, 3_010_000), 1)], [], GulouOptions));
        Assert.Contains("longitude/latitude", projected.Message, StringComparison.Ordinal);

        var shortBands = GulouOptions with { Catchment = CatchmentRadius.FifteenMinuteWalk, Decay = DistanceDecay.MultiStep(new DecayBand(300, 1)) };
        Assert.Throws<ArgumentException>(() => CoverageAnalysis.Compute([], [], shortBands));

        var unknown = new TravelCostMatrix(CostUnit.Minutes, [new("A", "nowhere", 1)]);
        Assert.Throws<ArgumentException>(() =>
            CoverageAnalysis.Compute([Area("A", Offset(0, 0), 1)], [], GulouOptions with { Catchment = new TravelCostCatchment(unknown, 10) }));

        Assert.Throws<ArgumentException>(() => new TravelCostMatrix(CostUnit.Minutes, [new("A", "X", 1), new("A", "X", 2)]));
        Assert.Throws<ArgumentException>(() => new TravelCostMatrix(CostUnit.Minutes, [new("A", "X", -1)]));
    }
}
