using Geo.Analysis.Coverage;
using static Geo.Analysis.Tests.Coverage.CoverageFixtures;

namespace Geo.Analysis.Tests.Coverage;

public class NursingRoomCoverageTests
{
    private static readonly PublicPlaceSite[] Places =
    [
        new("P1-station", Offset(0, 0), PublicPlaceType.TransportHub, 12_000, 5_000, HasOnSiteRoom: false),
        new("P2-mall", Offset(1000, 0), PublicPlaceType.CommercialCentre, 8_000, 15_000, HasOnSiteRoom: false),
        new("P3-hospital", Offset(2000, 0), PublicPlaceType.Hospital, 10_000, 10_000, HasOnSiteRoom: false),
        new("P4-office", Offset(3000, 0), PublicPlaceType.Other, 50_000, 50_000, HasOnSiteRoom: false),
        new("P5-clinic", Offset(4000, 0), PublicPlaceType.CommunityHealthCentre, 11_000, 200, HasOnSiteRoom: true),
    ];

    private static readonly NursingRoomSite[] Rooms =
    [
        new("R1", Offset(0, 40), 12, RoomEquipment.Required),
        new("R2", Offset(1060, 0), 8, RoomEquipment.Required & ~(RoomEquipment.Crib | RoomEquipment.CallDevice)),
        new("R3", Offset(4000, 0), 10, RoomEquipment.Required),
    ];

    [Fact]
    public void Places_that_must_have_a_room_follow_type_and_strict_thresholds()
    {
        var result = NursingRoomCoverage.Compute(Places, Rooms);
        var byId = result.Places.ToDictionary(p => p.PlaceId);

        Assert.Equal(RoomRequirementReasons.LargeBuilding, byId["P1-station"].RequiredBecause);
        Assert.Equal(RoomRequirementReasons.HighFootfall, byId["P2-mall"].RequiredBecause);
        Assert.False(byId["P3-hospital"].MustHaveRoom); // exactly 10,000 m² and 10,000 visitors: not "超过"
        Assert.False(byId["P4-office"].MustHaveRoom); // not a listed type
        Assert.True(byId["P5-clinic"].MustHaveRoom);
        Assert.Equal(3, result.RequiredPlaces);
    }

    [Fact]
    public void Types_the_district_always_requires_need_a_room_whatever_their_size()
    {
        var clinic = new PublicPlaceSite("P6-small-clinic", Offset(5000, 0), PublicPlaceType.CommunityHealthCentre, 2_500, 300, HasOnSiteRoom: false);
        var always = new HashSet<PublicPlaceType> { PublicPlaceType.CommunityHealthCentre };

        var byDefault = NursingRoomCoverage.Compute([clinic], []);
        var seedRule = NursingRoomCoverage.Compute([clinic], [], new NursingRoomOptions(AlwaysRequiredTypes: always));

        Assert.False(byDefault.Places[0].MustHaveRoom);
        Assert.Equal(RoomRequirementReasons.TypeAlwaysRequired, seedRule.Places[0].RequiredBecause);
        Assert.Equal(["P6-small-clinic"], seedRule.PlacesLacking.Select(p => p.PlaceId));
    }

    [Fact]
    public void A_room_within_50_metres_serves_a_place_and_one_at_60_does_not()
    {
        var result = NursingRoomCoverage.Compute(Places, Rooms);
        var byId = result.Places.ToDictionary(p => p.PlaceId);

        Assert.Equal("R1", byId["P1-station"].NearestRoomId);
        Assert.Equal(40, byId["P1-station"].NearestRoomMetres!.Value, 1e-3);
        Assert.Null(byId["P2-mall"].NearestRoomId);
        Assert.True(byId["P5-clinic"].HasRoom);
        Assert.Equal(["P2-mall"], result.PlacesLacking.Select(p => p.PlaceId));
        Assert.Equal(2, result.RequiredPlacesWithRoom);

        var wider = NursingRoomCoverage.Compute(Places, Rooms, new NursingRoomOptions(NearbyMetres: 61));
        Assert.Empty(wider.PlacesLacking);
    }

    [Fact]
    public void Rooms_below_the_minimum_area_or_missing_equipment_are_listed()
    {
        var result = NursingRoomCoverage.Compute(Places, Rooms);

        var r2 = Assert.Single(result.NonCompliantRooms);
        Assert.Equal("R2", r2.RoomId);
        Assert.True(r2.BelowMinimumArea);
        Assert.Equal(RoomEquipment.Crib | RoomEquipment.CallDevice, r2.MissingEquipment);
        Assert.False(result.Rooms.Single(r => r.RoomId == "R3").BelowMinimumArea); // exactly 10 m² is enough

        var provincial = NursingRoomCoverage.Compute(Places, Rooms, new NursingRoomOptions(MinimumAreaSquareMetres: 6));
        Assert.False(provincial.Rooms.Single(r => r.RoomId == "R2").BelowMinimumArea);
    }

    [Fact]
    public void The_room_target_joins_the_district_targets()
    {
        var rooms = NursingRoomCoverage.Compute(Places, Rooms);
        var district = CoverageAggregation.Aggregate(CoverageAnalysis.Compute([Area("A", Offset(0, 0), 1000, subdistrict: "350102001")], [], GulouOptions));

        var target = CoverageTargets.Evaluate(district, nursingRooms: rooms)[^1];

        Assert.Equal(2, target.Current);
        Assert.Equal(3, target.Required);
        Assert.Equal(1, target.Shortfall);
        Assert.Contains("63号", target.Source, StringComparison.Ordinal);
    }
}
