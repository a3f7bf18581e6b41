using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;
using static Geo.Analysis.Tests.Siting.OneParallel;

namespace Geo.Analysis.Tests.Siting;

public class ParcelPriorityTests
{
    private static readonly DemandPoint[] Demand =
    [
        new("R1", East(100), Lat, 70),
        new("R2", East(250), Lat, 56),
        new("R3", East(2_000), Lat, 30),
        new("R4", East(5_000), Lat, 500),
        new("R5", East(5_100), Lat, 0),
    ];

    private static readonly Parcel[] Parcels =
    [
        new("p-low", "350102-004", East(2_050), Lat, 1_200, LandUseClass.CommercialService, ParcelStatus.LowEfficiency, false),
        new("p-reserve", "350102-003", East(5_000), Lat, 3_000, LandUseClass.ResidentialServiceFacility, ParcelStatus.Reserve, true),
        new("p-idle", "350102-001", Lon, Lat, 2_400, LandUseClass.Education, ParcelStatus.Idle, true),
        new("p-small", "350102-005", East(5_050), Lat, 300, LandUseClass.SocialWelfare, ParcelStatus.Idle, true),
        new("p-industry", "350102-006", East(4_950), Lat, 5_000, LandUseClass.Industrial, ParcelStatus.Idle, true),
        new("p-sold", "350102-007", East(5_020), Lat, 4_000, LandUseClass.Education, ParcelStatus.Transferred, false),
    ];

    [Fact]
    public void Ranking_puts_compatible_adequate_idle_land_first_and_transferred_land_out()
    {
        var ranked = ParcelPriority.Rank(Parcels, Demand);
        // p-reserve has the most unmet demand but is 储备: idle/low-efficiency land comes first.
        Assert.Equal(["p-idle", "p-low", "p-reserve", "p-small", "p-industry"], ranked.Select(r => r.Parcel.Id));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(r => r.Rank));
        Assert.DoesNotContain(ranked, r => r.Parcel.Status == ParcelStatus.Transferred);
    }

    [Fact]
    public void Transferred_land_can_be_listed_last()
    {
        var ranked = ParcelPriority.Rank(Parcels, Demand, new ParcelPriorityOptions { IncludeTransferred = true });
        Assert.Equal("p-sold", ranked[^1].Parcel.Id);
        Assert.Contains("已出让", ranked[^1].Explanation);
        Assert.Equal(0, ranked[^1].Score.Status);
    }

    [Fact]
    public void Each_rank_is_explained_in_one_sentence_with_its_numbers()
    {
        var ranked = ParcelPriority.Rank(Parcels, Demand);
        Assert.Equal(
            "第1位：闲置用地（教育用地），300米内未满足托位需求约 126 个（2 个居住区），面积 2,400 m²，按每托位 9 m² 建筑面积可容纳约 266 个托位，可划拨。",
            ranked[0].Explanation);
        Assert.EndsWith("小于最小用地面积 400 m²，排在面积达标地块之后。", ranked[3].Explanation);
        Assert.Contains("工业用地", ranked[4].Explanation);
        Assert.Contains("不属于可设托育的用地类型", ranked[4].Explanation);
    }

    [Fact]
    public void Score_components_follow_the_stated_rules()
    {
        var ranked = ParcelPriority.Rank(Parcels, Demand).ToDictionary(r => r.Parcel.Id);
        var reserve = ranked["p-reserve"];
        Assert.Equal(500, reserve.UnmetDemand);
        Assert.Equal(1, reserve.DemandPointsWithin); // R5 has no unmet demand
        Assert.Equal(50, reserve.Score.Demand, 9);
        Assert.Equal(126.0 / 500 * 50, ranked["p-idle"].Score.Demand, 9);
        Assert.Equal(20, ranked["p-idle"].Score.LandUse);
        Assert.Equal(0, ranked["p-industry"].Score.LandUse);
        Assert.Equal(15, ranked["p-idle"].Score.Status);
        Assert.Equal(5, ranked["p-reserve"].Score.Status);
        Assert.Equal(266, ranked["p-idle"].EstimatedPlaces);            // floor(2400 × 1 / 9)
        Assert.Equal(10, ranked["p-idle"].Score.Size, 9);               // 266 places ≥ min(126, 80)
        Assert.Equal(133, ranked["p-low"].EstimatedPlaces);
        Assert.Equal(10, ranked["p-low"].Score.Size, 9);                // 133 places ≥ min(30 unmet, 80)
        Assert.Equal(0, ranked["p-small"].Score.Size);                  // below 400 m²
        Assert.Equal(5, ranked["p-idle"].Score.Allocation);
        Assert.Equal(0, ranked["p-low"].Score.Allocation);
        Assert.Equal(reserve.Score.Demand + 20 + 5 + 10 + 5, reserve.Score.Total, 9);
    }

    [Fact]
    public void The_size_rule_is_a_parameter()
    {
        var strict = new ParcelPriorityOptions { BuildingAreaPerPlace = 10, MinimumSiteArea = 2_500 };
        var idle = ParcelPriority.Rank(Parcels, Demand, strict).Single(r => r.Parcel.Id == "p-idle");
        Assert.Equal(240, idle.EstimatedPlaces);
        Assert.False(idle.SizeAdequate);
        Assert.Equal(0, idle.Score.Size);
    }

    [Fact]
    public void Ranking_is_deterministic_whatever_the_input_order()
    {
        var forward = ParcelPriority.Rank(Parcels, Demand).Select(r => r.Parcel.Id);
        var backward = ParcelPriority.Rank([.. Parcels.Reverse()], [.. Demand.Reverse()]).Select(r => r.Parcel.Id);
        Assert.Equal(forward, backward);
    }
}
