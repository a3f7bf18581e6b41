using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Geo.Analysis.Coverage;

/// <summary>Kinds of public place; the listed ones must have a 母婴室 once large or busy enough.</summary>
public enum PublicPlaceType
{
    Other = 0,
    TransportHub = 1,
    CommercialCentre = 2,
    Hospital = 3,
    TouristSite = 4,

    /// <summary>乡镇卫生院.</summary>
    TownshipHealthCentre = 5,

    /// <summary>社区卫生服务中心.</summary>
    CommunityHealthCentre = 6,
}

/// <summary>A public place that may need a 母婴室.</summary>
/// <param name="HasOnSiteRoom">The place reports a 母婴室 of its own.</param>
public sealed record PublicPlaceSite(
    string Id,
    Point Location,
    PublicPlaceType Type,
    double BuildingAreaSquareMetres,
    double DailyVisitors,
    bool HasOnSiteRoom);

/// <summary>Equipment of a 母婴室 (国卫指导发〔2016〕63号); combine with <c>|</c>.</summary>
[Flags]
public enum RoomEquipment
{
    None = 0,
    ChangingTableWithStrap = 1,
    BasinWithHotWaterAndSoap = 2,
    Crib = 4,
    NursingChair = 8,
    Table = 16,
    PowerSocket = 32,
    CallDevice = 64,
    Bin = 128,
    LockableDoorOrCurtain = 256,

    /// <summary>Everything a 母婴室 must have.</summary>
    Required = ChangingTableWithStrap | BasinWithHotWaterAndSoap | Crib | NursingChair | Table | PowerSocket | CallDevice | Bin | LockableDoorOrCurtain,
}

/// <summary>A 母婴室 with its usable area and equipment.</summary>
public sealed record NursingRoomSite(string Id, Point Location, double UsableAreaSquareMetres, RoomEquipment Equipment);

/// <summary>Why a place must have a 母婴室.</summary>
[Flags]
public enum RoomRequirementReasons
{
    None = 0,

    /// <summary>Building area above the threshold.</summary>
    LargeBuilding = 1,

    /// <summary>Daily visitors above the threshold.</summary>
    HighFootfall = 2,

    /// <summary>The type must have a room whatever its size (e.g. 社区卫生服务中心 in the seed plans).</summary>
    TypeAlwaysRequired = 4,
}

/// <summary>Rules of the 母婴室 analysis (国卫指导发〔2016〕63号 unless a district sets its own).</summary>
/// <param name="NearbyMetres">
/// A room this close (ground metres, inclusive) to a place's point serves it. Default 50 m: a place's point is its
/// entrance or centroid, so 50 m keeps to the same building or its forecourt, e.g. a room in the metro concourse
/// under a station entrance; a room across the street serves no one with a crying baby inside.
/// </param>
/// <param name="MinimumAreaSquareMetres">Minimum usable area of a room (10 m²; some provinces allow 6 m² in 5,000–10,000 m² venues).</param>
/// <param name="BuildingAreaThreshold">A listed place larger than this (strictly) must have a room.</param>
/// <param name="DailyVisitorThreshold">A listed place with more daily visitors than this (strictly) must have a room.</param>
/// <param name="RequiredTypes">Listed types; null = transport hubs, commercial centres, hospitals, tourist sites, 乡镇卫生院, 社区卫生服务中心.</param>
/// <param name="AlwaysRequiredTypes">
/// Types that must have a room whatever their size or footfall; null = none. The seed plans ask for rooms in every
/// 镇卫生院 and 社区卫生服务中心 ("普遍建立母婴室"), which is how the database derives <c>requires_nursing_room</c>.
/// </param>
public sealed record NursingRoomOptions(
    double NearbyMetres = 50,
    double MinimumAreaSquareMetres = 10,
    double BuildingAreaThreshold = 10_000,
    double DailyVisitorThreshold = 10_000,
    IReadOnlySet<PublicPlaceType>? RequiredTypes = null,
    IReadOnlySet<PublicPlaceType>? AlwaysRequiredTypes = null)
{
    public static NursingRoomOptions Default { get; } = new();

    public static IReadOnlySet<PublicPlaceType> ListedTypes { get; } = new HashSet<PublicPlaceType>
    {
        PublicPlaceType.TransportHub,
        PublicPlaceType.CommercialCentre,
        PublicPlaceType.Hospital,
        PublicPlaceType.TouristSite,
        PublicPlaceType.TownshipHealthCentre,
        PublicPlaceType.CommunityHealthCentre,
    };

    public IReadOnlySet<PublicPlaceType> EffectiveRequiredTypes => RequiredTypes ?? ListedTypes;

    public RoomRequirementReasons RequirementFor(PublicPlaceSite place)
    {
        ArgumentNullException.ThrowIfNull(place);
        var reasons = AlwaysRequiredTypes?.Contains(place.Type) == true
            ? RoomRequirementReasons.TypeAlwaysRequired
            : RoomRequirementReasons.None;
        if (!EffectiveRequiredTypes.Contains(place.Type))
        {
            return reasons;
        }

        if (place.BuildingAreaSquareMetres > BuildingAreaThreshold)
        {
            reasons |= RoomRequirementReasons.LargeBuilding;
        }

        if (place.DailyVisitors > DailyVisitorThreshold)
        {
            reasons |= RoomRequirementReasons.HighFootfall;
        }

        return reasons;
    }
}

/// <summary>A public place assessed.</summary>
/// <param name="NearestRoomId">Nearest room within <see cref="NursingRoomOptions.NearbyMetres"/>, if any.</param>
/// <param name="Lacking">Must have a room but has none on site or nearby.</param>
public sealed record PublicPlaceAssessment(
    string PlaceId,
    PublicPlaceType Type,
    RoomRequirementReasons RequiredBecause,
    bool HasOnSiteRoom,
    string? NearestRoomId,
    double? NearestRoomMetres)
{
    public bool MustHaveRoom => RequiredBecause != RoomRequirementReasons.None;

    public bool HasRoom => HasOnSiteRoom || NearestRoomId is not null;

    public bool Lacking => MustHaveRoom && !HasRoom;
}

/// <summary>A 母婴室 assessed against the minimum area and the required equipment.</summary>
public sealed record NursingRoomAssessment(string RoomId, bool BelowMinimumArea, RoomEquipment MissingEquipment)
{
    public bool Compliant => !BelowMinimumArea && MissingEquipment == RoomEquipment.None;
}

/// <summary>The 母婴室 analysis, places and rooms ordered by id, with the rules used.</summary>
public sealed record NursingRoomCoverageResult(
    NursingRoomOptions Parameters,
    IReadOnlyList<PublicPlaceAssessment> Places,
    IReadOnlyList<NursingRoomAssessment> Rooms)
{
    public int RequiredPlaces { get; } = Places.Count(p => p.MustHaveRoom);

    public int RequiredPlacesWithRoom { get; } = Places.Count(p => p.MustHaveRoom && p.HasRoom);

    public IReadOnlyList<PublicPlaceAssessment> PlacesLacking { get; } = [.. Places.Where(p => p.Lacking)];

    public IReadOnlyList<NursingRoomAssessment> NonCompliantRooms { get; } = [.. Rooms.Where(r => !r.Compliant)];
}

/// <summary>
/// Which public places must have a 母婴室 and lack one, and which rooms fall short of the standard.
/// </summary>
/// <remarks>
/// A listed place (<see cref="NursingRoomOptions.RequiredTypes"/>) must have a room when its building area or its
/// daily visitors exceed the thresholds (strictly, as the rule says "超过"). It has one when it reports one on site
/// or a room lies within <see cref="NursingRoomOptions.NearbyMetres"/> on the ground; any room counts here, and
/// whether it meets the standard is assessed separately (usable area ≥ minimum, all of
/// <see cref="RoomEquipment.Required"/>). Rooms are indexed once in an STR-tree.
/// </remarks>
public sealed class NursingRoomCoverage
{
    private readonly PublicPlaceSite[] _places;
    private readonly NursingRoomSite[] _rooms;
    private readonly NursingRoomOptions _options;
    private NursingRoomCoverageResult? _result;

    public static NursingRoomCoverageResult Compute(
        IEnumerable<PublicPlaceSite> places, IEnumerable<NursingRoomSite> rooms, NursingRoomOptions? options = null) =>
        new NursingRoomCoverage(places, rooms, options ?? NursingRoomOptions.Default).Compute();

    public NursingRoomCoverage(IEnumerable<PublicPlaceSite> places, IEnumerable<NursingRoomSite> rooms, NursingRoomOptions options)
    {
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(options);
        if (!double.IsFinite(options.NearbyMetres) || options.NearbyMetres < 0)
        {
            throw new ArgumentException($"NearbyMetres must be finite and 0 or more; got {options.NearbyMetres}.", nameof(options));
        }

        _places = [.. places.OrderBy(p => p.Id, StringComparer.Ordinal)];
        _rooms = [.. rooms.OrderBy(r => r.Id, StringComparer.Ordinal)];
        EnsureDistinct(_places.Select(p => p.Id), nameof(places));
        EnsureDistinct(_rooms.Select(r => r.Id), nameof(rooms));
        _options = options;
    }

    public NursingRoomCoverageResult Compute() => _result ??= Run();

    private NursingRoomCoverageResult Run()
    {
        var index = new STRtree<int>();
        for (var r = 0; r < _rooms.Length; r++)
        {
            index.Insert(_rooms[r].Location.EnvelopeInternal, r);
        }

        index.Build();
        var places = new PublicPlaceAssessment[_places.Length];
        for (var p = 0; p < _places.Length; p++)
        {
            var place = _places[p];
            var at = place.Location.Coordinate;
            int? nearest = null;
            var nearestMetres = double.PositiveInfinity;
            foreach (var r in index.Query(GroundDistance.SearchBox(at.X, at.Y, _options.NearbyMetres)))
            {
                var metres = GroundDistance.Metres(at, _rooms[r].Location.Coordinate);

                // Ties go to the lower id, so the answer does not depend on the tree's order.
                if (metres <= _options.NearbyMetres && (metres < nearestMetres || (metres == nearestMetres && r < nearest)))
                {
                    nearest = r;
                    nearestMetres = metres;
                }
            }

            places[p] = new PublicPlaceAssessment(
                place.Id,
                place.Type,
                _options.RequirementFor(place),
                place.HasOnSiteRoom,
                nearest is { } n ? _rooms[n].Id : null,
                nearest is null ? null : nearestMetres);
        }

        var rooms = _rooms
            .Select(r => new NursingRoomAssessment(
                r.Id,
                r.UsableAreaSquareMetres < _options.MinimumAreaSquareMetres,
                RoomEquipment.Required & ~r.Equipment))
            .ToArray();
        return new NursingRoomCoverageResult(_options, places, rooms);
    }

    private static void EnsureDistinct(IEnumerable<string> sortedIds, string paramName)
    {
        string? previous = null;
        foreach (var id in sortedIds)
        {
            if (string.IsNullOrEmpty(id) || id == previous)
            {
                throw new ArgumentException($"Ids must be non-empty and unique; '{id}' is not.", paramName);
            }

            previous = id;
        }
    }
}
