using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Geo.Api.Domain;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.NursingRooms;

public record NursingRoomInput
{
    [Required] public string? Name { get; init; }
    [Required] public string? VenueName { get; init; }
    [Required] public VenueType? VenueType { get; init; }
    public long? PublicPlaceId { get; init; }
    [Required] public double? UsableAreaM2 { get; init; }
    public List<NursingRoomEquipment> Equipment { get; init; } = [];
    public string? OpeningHours { get; init; }
    public string? AccessNotes { get; init; }
    public DateOnly? OpenedOn { get; init; }
}

public sealed record NursingRoomProperties : NursingRoomInput
{
    /// <summary>Required equipment the room lacks (国卫指导发〔2016〕63号).</summary>
    [Required] public List<NursingRoomEquipment> MissingEquipment { get; init; } = [];
    /// <summary>At least the minimum usable area and all the required equipment.</summary>
    [Required] public bool Compliant { get; init; }
    [Required] public string? SubdistrictCode { get; init; }
    [Required] public string? DistrictCode { get; init; }
    public required string DataSource { get; init; }
    public required string SourceCrs { get; init; }
    [Required] public DateTimeOffset UpdatedAt { get; init; }
    [Required] public uint Version { get; init; }
}

public sealed record NursingRoomFilter
{
    [FromQuery(Name = "venue_type")] public string? VenueType { get; init; }
    /// <summary>true: rooms with every required item of equipment; false: rooms lacking some.</summary>
    [FromQuery(Name = "equipment_complete")] public bool? EquipmentComplete { get; init; }
    /// <summary>Rooms that have this item (one word, or several separated by commas: all of them).</summary>
    [FromQuery(Name = "equipment")] public string? Equipment { get; init; }
    /// <summary>Open at this local time: "2026-11-23T19:30" (China Standard Time).</summary>
    [FromQuery(Name = "open_at")] public string? OpenAt { get; init; }
}

public sealed class NursingRoomLayer : Layer<NursingRoom, NursingRoomInput, NursingRoomProperties, NursingRoomFilter>
{
    /// <summary>Minimum usable area of a 母婴室 in m² (国卫指导发〔2016〕63号).</summary>
    public const double MinimumAreaM2 = 10;

    public override string Route => "nursing-rooms";


    public override string Tag => "Nursing rooms 母婴室";
    public override GeometryKind Kind => GeometryKind.Point;
    public override Expression<Func<NursingRoom, Geometry>> IndexedGeometry => r => r.Location;
    public override Geometry GeometryOf(NursingRoom entity) => entity.Location;

    public static List<NursingRoomEquipment> Missing(IEnumerable<NursingRoomEquipment> present) =>
        Enum.GetValues<NursingRoomEquipment>().Except(present).ToList();

    public override NursingRoomProperties ToOutput(NursingRoom r)
    {
        var missing = Missing(r.Equipment);
        return new()
        {
            Name = r.Name,
            VenueName = r.VenueName,
            VenueType = r.VenueType,
            PublicPlaceId = r.PublicPlaceId,
            UsableAreaM2 = r.UsableAreaM2,
            Equipment = r.Equipment,
            OpeningHours = r.OpeningHours,
            AccessNotes = r.AccessNotes,
            OpenedOn = r.OpenedOn,
            MissingEquipment = missing,
            Compliant = missing.Count == 0 && r.UsableAreaM2 >= MinimumAreaM2,
            SubdistrictCode = r.SubdistrictCode,
            DistrictCode = r.DistrictCode,
            DataSource = r.DataSource,
            SourceCrs = r.SourceCrs,
            UpdatedAt = r.UpdatedAt,
            Version = r.Version,
        };
    }

    public override void Validate(NursingRoomInput input, Geometry? geometry, ValidationErrors errors)
    {
        errors.Name(input.Name);
        errors.Name(input.VenueName, "venue_name");
        errors.Present(input.VenueType, "venue_type");
        errors.Present(input.UsableAreaM2, "usable_area_m2");
        errors.Require(input.UsableAreaM2 is null or (> 0 and < 10_000), "usable_area_m2", "must be greater than 0 and less than 10,000 m²");
        errors.Require(input.Equipment.Distinct().Count() == input.Equipment.Count, "equipment", "must not repeat an item");
        errors.OpeningHoursText(input.OpeningHours);
        errors.Length(input.AccessNotes, "access_notes", 500);
    }

    public override NursingRoom Create(Geometry geometry, NursingRoomInput input)
    {
        var room = new NursingRoom { Location = (Point)geometry };
        Apply(room, geometry, input);
        return room;
    }

    public override void Apply(NursingRoom r, Geometry geometry, NursingRoomInput input)
    {
        r.Location = (Point)geometry;
        r.Name = input.Name!.Trim();
        r.VenueName = input.VenueName!.Trim();
        r.VenueType = input.VenueType!.Value;
        r.PublicPlaceId = input.PublicPlaceId;
        r.UsableAreaM2 = input.UsableAreaM2!.Value;
        r.Equipment = input.Equipment;
        r.OpeningHours = input.OpeningHours;
        r.AccessNotes = input.AccessNotes;
        r.OpenedOn = input.OpenedOn;
    }

    public override IQueryable<NursingRoom> Filter(IQueryable<NursingRoom> query, NursingRoomFilter f, ValidationErrors errors)
    {
        if (errors.Word<VenueType>(f.VenueType, "venue_type") is { } venue)
        {
            query = query.Where(r => r.VenueType == venue);
        }

        var all = Enum.GetValues<NursingRoomEquipment>().ToList();
        if (f.EquipmentComplete is { } complete)
        {
            query = complete ? query.Where(r => all.All(e => r.Equipment.Contains(e))) : query.Where(r => !all.All(e => r.Equipment.Contains(e)));
        }

        if (f.Equipment is { } wanted)
        {
            foreach (var word in wanted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (errors.Word<NursingRoomEquipment>(word, "equipment") is { } item)
                {
                    query = query.Where(r => r.Equipment.Contains(item));
                }
            }
        }

        if (f.OpenAt is not null && !DateTime.TryParse(f.OpenAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add("open_at", "must be a local date and time such as 2026-11-23T19:30");
        }

        return query;
    }

    public override bool HasInMemoryFilter(NursingRoomFilter filter) => filter.OpenAt is not null;

    public override bool FilterInMemory(NursingRoom room, NursingRoomFilter filter)
    {
        var at = DateTime.Parse(filter.OpenAt!, CultureInfo.InvariantCulture);
        return room.OpeningHours is not null && OpeningHours.TryParse(room.OpeningHours, out var hours, out _) && hours!.IsOpenAt(at);
    }
}
