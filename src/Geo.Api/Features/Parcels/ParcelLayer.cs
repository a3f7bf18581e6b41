using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Parcels;

public record ParcelInput
{
    [Required] public string? Code { get; init; }
    [Required] public string? Name { get; init; }
    [Required] public LandUse? LandUse { get; init; }
    [Required] public ParcelStatus? Status { get; init; }
    public string? Owner { get; init; }
    public bool AllocationEligible { get; init; }
    /// <summary>The day the parcel was reserved for childcare; only with status reserve.</summary>
    public DateOnly? ReservedOn { get; init; }
}

public sealed record ParcelProperties : ParcelInput
{
    [Required] public double AreaM2 { get; init; }
    [Required] public string? SubdistrictCode { get; init; }
    [Required] public string? DistrictCode { get; init; }
    public required string DataSource { get; init; }
    public required string SourceCrs { get; init; }
    [Required] public DateTimeOffset UpdatedAt { get; init; }
    [Required] public uint Version { get; init; }
}

public sealed record ParcelFilter
{
    [FromQuery(Name = "land_use")] public string? LandUse { get; init; }
    [FromQuery(Name = "status")] public string? Status { get; init; }
    [FromQuery(Name = "min_area_m2")] public double? MinAreaM2 { get; init; }
}

public sealed class ParcelLayer : Layer<Parcel, ParcelInput, ParcelProperties, ParcelFilter>
{
    public override string Route => "parcels";


    public override string Tag => "Parcels 地块";
    public override GeometryKind Kind => GeometryKind.MultiPolygon;
    public override string EditPolicy => Policies.LandOfficer;
    public override string? ReadPolicy => Policies.ParcelReader; // never shown to the public
    public override Expression<Func<Parcel, Geometry>> IndexedGeometry => p => p.Boundary;
    public override Geometry GeometryOf(Parcel entity) => entity.Boundary;

    protected override Expression<Func<Parcel, bool>> TextMatch(string pattern) =>
        p => EF.Functions.ILike(p.Name, pattern) || EF.Functions.ILike(p.Code, pattern);

    public override ParcelProperties ToOutput(Parcel p) => new()
    {
        Code = p.Code,
        Name = p.Name,
        LandUse = p.LandUse,
        Status = p.Status,
        Owner = p.Owner,
        AllocationEligible = p.AllocationEligible,
        ReservedOn = p.ReservedOn,
        AreaM2 = p.AreaM2,
        SubdistrictCode = p.SubdistrictCode,
        DistrictCode = p.DistrictCode,
        DataSource = p.DataSource,
        SourceCrs = p.SourceCrs,
        UpdatedAt = p.UpdatedAt,
        Version = p.Version,
    };

    public override void Validate(ParcelInput input, Geometry? geometry, ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(input.Code), "code", "is required (the land bureau's parcel code)");
        errors.Length(input.Code, "code", 64);
        errors.Name(input.Name);
        errors.Present(input.LandUse, "land_use");
        errors.Present(input.Status, "status");
        errors.Length(input.Owner, "owner", 200);
        errors.Require(input.ReservedOn is null || input.Status is ParcelStatus.Reserve, "reserved_on",
            "储备日期只用于状态为储备的地块（reserved_on goes with status reserve）");
    }

    public override Parcel Create(Geometry geometry, ParcelInput input)
    {
        var parcel = new Parcel { Code = input.Code!.Trim(), Boundary = (MultiPolygon)geometry };
        Apply(parcel, geometry, input);
        return parcel;
    }

    public override void Apply(Parcel p, Geometry geometry, ParcelInput input)
    {
        p.Boundary = (MultiPolygon)geometry;
        p.Location = geometry.InteriorPoint; // replaced by the database's ST_PointOnSurface
        p.Location.SRID = Wgs84.Srid;
        p.Code = input.Code!.Trim();
        p.Name = input.Name!.Trim();
        p.LandUse = input.LandUse!.Value;
        p.Status = input.Status!.Value;
        p.Owner = input.Owner;
        p.AllocationEligible = input.AllocationEligible;
        p.ReservedOn = input.ReservedOn;
    }

    public override IQueryable<Parcel> Filter(IQueryable<Parcel> query, ParcelFilter f, ValidationErrors errors)
    {
        if (errors.Word<LandUse>(f.LandUse, "land_use") is { } use)
        {
            query = query.Where(p => p.LandUse == use);
        }

        if (errors.Word<ParcelStatus>(f.Status, "status") is { } status)
        {
            query = query.Where(p => p.Status == status);
        }

        if (f.MinAreaM2 is { } min)
        {
            errors.Require(min >= 0, "min_area_m2", "must be 0 or more");
            query = query.Where(p => p.AreaM2 >= min);
        }

        return query;
    }
}
