using System.Text.Json.Serialization;
using Geo.Analysis.Coverage;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Analysis;

public sealed record NursingRoomParametersOut(string District, string DistrictName, double NearbyM, double MinAreaM2,
    double BuildingAreaThresholdM2, double DailyVisitorThreshold, IReadOnlyList<VenueType> AlwaysRequired);

public sealed record PlaceLackingOut(string Name, VenueType PlaceType, IReadOnlyList<string> RequiredBecause,
    double? BuildingAreaM2, int? DailyVisitors, string? SubdistrictCode);

public sealed record RoomShortOut(string Name, string VenueName, VenueType VenueType, long? PublicPlaceId, double UsableAreaM2,
    bool BelowMinimumArea, IReadOnlyList<NursingRoomEquipment> MissingEquipment, string? SubdistrictCode);

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record PointCollection<T>([property: JsonPropertyOrder(1)] IReadOnlyList<GeoFeature<T>> Features)
{
    [JsonPropertyOrder(0)]
    public string Type => "FeatureCollection";
}

public sealed record NursingRoomResponse(
    NursingRoomParametersOut Parameters,
    PointCollection<PlaceLackingOut> PlacesLacking,
    PointCollection<RoomShortOut> NonCompliantRooms,
    int RequiredPlaces,
    int PlacesWithRoom,
    int Rooms,
    int CompliantRooms);

/// <summary>
/// The 母婴室 analysis on a district's rows. Places are required as the database derives requires_nursing_room:
/// any place over 10,000 m² or 10,000 visitors a day (国卫指导发〔2016〕63号), and every 乡镇卫生院 and 社区卫生服务中心
/// (seed plans); a place has a room when one is recorded at it or lies within nearby_m.
/// </summary>
public static class NursingRoomReport
{
    private static readonly HashSet<PublicPlaceType> AlwaysRequired = [PublicPlaceType.TownshipHealthCentre, PublicPlaceType.CommunityHealthCentre];

    public static NursingRoomOptions Options(double nearbyM, double minAreaM2) => new(
        NearbyMetres: nearbyM,
        MinimumAreaSquareMetres: minAreaM2,
        RequiredTypes: Enum.GetValues<PublicPlaceType>().ToHashSet(),
        AlwaysRequiredTypes: AlwaysRequired);

    public static NursingRoomCoverageResult Compute(IReadOnlyList<PlaceRow> places, IReadOnlyList<RoomRow> rooms, NursingRoomOptions options)
    {
        var withRoom = rooms.Where(r => r.PublicPlaceId is not null).Select(r => r.PublicPlaceId!.Value).ToHashSet();
        return NursingRoomCoverage.Compute(
            places.Select(p => new PublicPlaceSite(AreaRow.Key(p.Id), p.Location, PlaceType(p.Type),
                p.BuildingAreaM2 ?? 0, p.DailyVisitors ?? 0, withRoom.Contains(p.Id))),
            rooms.Select(r => new NursingRoomSite(AreaRow.Key(r.Id), r.Location, r.UsableAreaM2, Flags(r.Equipment))),
            options);
    }

    public static NursingRoomResponse Build(DistrictRules rules, IReadOnlyList<PlaceRow> places, IReadOnlyList<RoomRow> rooms, NursingRoomCoverageResult result)
    {
        var options = result.Parameters;
        var lacking = result.PlacesLacking.ToDictionary(p => p.PlaceId);
        var shortRooms = result.NonCompliantRooms.ToDictionary(r => r.RoomId);
        return new NursingRoomResponse(
            new NursingRoomParametersOut(rules.Code, rules.Name, options.NearbyMetres, options.MinimumAreaSquareMetres,
                options.BuildingAreaThreshold, options.DailyVisitorThreshold, [VenueType.TownshipHealthCentre, VenueType.CommunityHealthCentre]),
            new PointCollection<PlaceLackingOut>(places
                .Where(p => lacking.ContainsKey(AreaRow.Key(p.Id)))
                .Select(p => new GeoFeature<PlaceLackingOut>(p.Id, p.Location, new PlaceLackingOut(p.Name, p.Type,
                    Reasons(lacking[AreaRow.Key(p.Id)].RequiredBecause), p.BuildingAreaM2, p.DailyVisitors, p.SubdistrictCode)))
                .ToList()),
            new PointCollection<RoomShortOut>(rooms
                .Where(r => shortRooms.ContainsKey(AreaRow.Key(r.Id)))
                .Select(r => Room(r, shortRooms[AreaRow.Key(r.Id)]))
                .ToList()),
            result.RequiredPlaces,
            result.RequiredPlacesWithRoom,
            result.Rooms.Count,
            result.Rooms.Count(r => r.Compliant));
    }

    private static GeoFeature<RoomShortOut> Room(RoomRow r, NursingRoomAssessment a) => new(r.Id, r.Location, new RoomShortOut(
        r.Name, r.VenueName, r.VenueType, r.PublicPlaceId, r.UsableAreaM2, a.BelowMinimumArea,
        Enum.GetValues<NursingRoomEquipment>().Where(e => a.MissingEquipment.HasFlag(Flag(e))).ToList(), r.SubdistrictCode));

    private static List<string> Reasons(RoomRequirementReasons reasons) =>
        Enum.GetValues<RoomRequirementReasons>()
            .Where(r => r != RoomRequirementReasons.None && reasons.HasFlag(r))
            .Select(r => r switch
            {
                RoomRequirementReasons.LargeBuilding => "large_building",
                RoomRequirementReasons.HighFootfall => "high_footfall",
                _ => "type_always_required",
            })
            .ToList();

    private static PublicPlaceType PlaceType(VenueType type) => type switch
    {
        VenueType.TransportHub => PublicPlaceType.TransportHub,
        VenueType.Mall => PublicPlaceType.CommercialCentre,
        VenueType.Hospital => PublicPlaceType.Hospital,
        VenueType.TouristSite => PublicPlaceType.TouristSite,
        VenueType.TownshipHealthCentre => PublicPlaceType.TownshipHealthCentre,
        VenueType.CommunityHealthCentre => PublicPlaceType.CommunityHealthCentre,
        _ => PublicPlaceType.Other,
    };

    private static RoomEquipment Flags(IEnumerable<NursingRoomEquipment> items) =>
        items.Aggregate(RoomEquipment.None, (all, e) => all | Flag(e));

    private static RoomEquipment Flag(NursingRoomEquipment item) => item switch
    {
        NursingRoomEquipment.ChangingTable => RoomEquipment.ChangingTableWithStrap,
        NursingRoomEquipment.BasinHotWater => RoomEquipment.BasinWithHotWaterAndSoap,
        NursingRoomEquipment.Crib => RoomEquipment.Crib,
        NursingRoomEquipment.NursingChair => RoomEquipment.NursingChair,
        NursingRoomEquipment.Table => RoomEquipment.Table,
        NursingRoomEquipment.PowerSocket => RoomEquipment.PowerSocket,
        NursingRoomEquipment.CallDevice => RoomEquipment.CallDevice,
        NursingRoomEquipment.Bin => RoomEquipment.Bin,
        NursingRoomEquipment.LockableDoor => RoomEquipment.LockableDoorOrCurtain,
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "unknown equipment"),
    };
}
