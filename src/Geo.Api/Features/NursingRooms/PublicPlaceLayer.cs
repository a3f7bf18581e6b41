using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.NursingRooms;

public record PublicPlaceInput
{
    [Required] public string? Name { get; init; }
    [Required] public VenueType? PlaceType { get; init; }
    public double? BuildingAreaM2 { get; init; }
    public int? DailyVisitors { get; init; }
}

public sealed record PublicPlaceProperties : PublicPlaceInput
{
    /// <summary>Whether the place must have a 母婴室 (area or footfall over 10,000, or a health centre).</summary>
    [Required] public bool RequiresNursingRoom { get; init; }
    [Required] public string? SubdistrictCode { get; init; }
    [Required] public string? DistrictCode { get; init; }
    public required string DataSource { get; init; }
    public required string SourceCrs { get; init; }
    [Required] public DateTimeOffset UpdatedAt { get; init; }
    [Required] public uint Version { get; init; }
}

public sealed record PublicPlaceFilter
{
    [FromQuery(Name = "place_type")] public string? PlaceType { get; init; }
    [FromQuery(Name = "requires_nursing_room")] public bool? RequiresNursingRoom { get; init; }
}

public sealed class PublicPlaceLayer : Layer<PublicPlace, PublicPlaceInput, PublicPlaceProperties, PublicPlaceFilter>
{
    public override string Route => "public-places";


    public override string Tag => "Public places 公共场所";
    public override GeometryKind Kind => GeometryKind.Point;
    public override Expression<Func<PublicPlace, Geometry>> IndexedGeometry => p => p.Location;
    public override Geometry GeometryOf(PublicPlace entity) => entity.Location;

    public override PublicPlaceProperties ToOutput(PublicPlace p) => new()
    {
        Name = p.Name,
        PlaceType = p.PlaceType,
        BuildingAreaM2 = p.BuildingAreaM2,
        DailyVisitors = p.DailyVisitors,
        RequiresNursingRoom = p.RequiresNursingRoom,
        SubdistrictCode = p.SubdistrictCode,
        DistrictCode = p.DistrictCode,
        DataSource = p.DataSource,
        SourceCrs = p.SourceCrs,
        UpdatedAt = p.UpdatedAt,
        Version = p.Version,
    };

    public override void Validate(PublicPlaceInput input, Geometry? geometry, ValidationErrors errors)
    {
        errors.Name(input.Name);
        errors.Present(input.PlaceType, "place_type");
        errors.Require(input.BuildingAreaM2 is null or (> 0 and < 10_000_000), "building_area_m2", "must be greater than 0 and less than 10,000,000 m²");
        errors.Require(input.DailyVisitors is null or >= 0, "daily_visitors", "must be 0 or more");
    }

    public override PublicPlace Create(Geometry geometry, PublicPlaceInput input)
    {
        var place = new PublicPlace { Location = (Point)geometry };
        Apply(place, geometry, input);
        return place;
    }

    public override void Apply(PublicPlace p, Geometry geometry, PublicPlaceInput input)
    {
        p.Location = (Point)geometry;
        p.Name = input.Name!.Trim();
        p.PlaceType = input.PlaceType!.Value;
        p.BuildingAreaM2 = input.BuildingAreaM2;
        p.DailyVisitors = input.DailyVisitors;
    }

    public override IQueryable<PublicPlace> Filter(IQueryable<PublicPlace> query, PublicPlaceFilter f, ValidationErrors errors)
    {
        if (errors.Word<VenueType>(f.PlaceType, "place_type") is { } type)
        {
            query = query.Where(p => p.PlaceType == type);
        }

        if (f.RequiresNursingRoom is { } required)
        {
            query = query.Where(p => p.RequiresNursingRoom == required);
        }

        return query;
    }
}
