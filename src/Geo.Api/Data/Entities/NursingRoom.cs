namespace Geo.Api.Data.Entities;

/// <summary>母婴室: a nursing / baby-care room in a public place or workplace.</summary>
public sealed class NursingRoom : LocatedEntity
{
    public string VenueName { get; set; } = "";

    public VenueType VenueType { get; set; }

    /// <summary>The public place the room is in, when it is one we track.</summary>
    public long? PublicPlaceId { get; set; }

    public required Point Location { get; set; }

    public double UsableAreaM2 { get; set; }

    public List<NursingRoomEquipment> Equipment { get; set; } = [];

    public string? OpeningHours { get; set; }

    public string? AccessNotes { get; set; }

    /// <summary>The day the room opened; null when unknown (then it counts on every day).</summary>
    public DateOnly? OpenedOn { get; set; }
}

/// <summary>A public place that may have to have a 母婴室.</summary>
public sealed class PublicPlace : LocatedEntity
{
    public VenueType PlaceType { get; set; }

    public required Point Location { get; set; }

    public double? BuildingAreaM2 { get; set; }

    public int? DailyVisitors { get; set; }

    /// <summary>
    /// Whether the place must have a 母婴室 (computed by the database): building area over 10,000 m² or daily
    /// footfall over 10,000 (国卫指导发〔2016〕63号), or a 乡镇卫生院 / 社区卫生服务中心 (seed plans).
    /// </summary>
    public bool RequiresNursingRoom { get; private set; }
}
