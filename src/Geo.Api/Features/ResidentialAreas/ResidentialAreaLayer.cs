using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.ResidentialAreas;

/// <summary>
/// A new area's obligation to deliver a childcare facility with its housing (staff only): edited with the area, or
/// alone through /api/housing-delivery.
/// </summary>
public record ObligationInput
{
    /// <summary>The housing's handover day (住宅交付).</summary>
    public DateOnly? HandoverOn { get; init; }
    /// <summary>The institution that is the area's childcare facility, by id.</summary>
    public long? FacilityInstitutionId { get; init; }
    /// <summary>The parcel the facility is planned on, by the land bureau's code.</summary>
    public string? FacilityParcelCode { get; init; }
    /// <summary>托位 the facility provides; without it, the linked institution's approved 托位.</summary>
    public int? FacilitySlots { get; init; }
    public FacilityStatus? FacilityStatus { get; init; }
    /// <summary>The day the facility was delivered; required with, and only with, facility_status delivered.</summary>
    public DateOnly? FacilityDeliveredOn { get; init; }
}

public record ResidentialAreaInput : ObligationInput
{
    [Required] public string? Name { get; init; }
    /// <summary>Residents; when absent, derived from households × persons per household.</summary>
    public int? Population { get; init; }
    public int? Households { get; init; }
    [Required] public ResidentialKind? Kind { get; init; }
    public int? CompletionYear { get; init; }
}

public sealed record ResidentialAreaProperties : ResidentialAreaInput
{
    [Required] public bool PopulationIsEstimated { get; init; }
    [Required] public double? AreaM2 { get; init; }
    [Required] public string? SubdistrictCode { get; init; }
    [Required] public string? DistrictCode { get; init; }
    public required string DataSource { get; init; }
    public required string SourceCrs { get; init; }
    [Required] public DateTimeOffset UpdatedAt { get; init; }
    [Required] public uint Version { get; init; }
}

public sealed record ResidentialAreaFilter
{
    /// <summary>new (新建) or old (老城区·已建成).</summary>
    [FromQuery(Name = "kind")] public string? Kind { get; init; }
}

/// <summary>居住区: polygons, or points where only a statistical list exists; both are demand.</summary>
public sealed class ResidentialAreaLayer : Layer<ResidentialArea, ResidentialAreaInput, ResidentialAreaProperties, ResidentialAreaFilter>
{
    /// <summary>Persons per household when only households are known: 2.62, the national average of the 2020 census.</summary>
    public const double PersonsPerHousehold = 2.62;

    public override string Route => "residential-areas";


    public override string Tag => "Residential areas 居住区";
    public override GeometryKind Kind => GeometryKind.PointOrMultiPolygon;
    public override Expression<Func<ResidentialArea, Geometry>> IndexedGeometry => a => a.Location;
    public override Geometry GeometryOf(ResidentialArea entity) => (Geometry?)entity.Boundary ?? entity.Location;

    /// <summary>The obligation is the planners' working record, not the public's: the public sees the area only.</summary>
    public override ResidentialAreaProperties ForCaller(ClaimsPrincipal user, ResidentialAreaProperties output) => user.IsStaff() ? output : output with
    {
        HandoverOn = null, FacilityInstitutionId = null, FacilityParcelCode = null, FacilitySlots = null, FacilityStatus = null, FacilityDeliveredOn = null,
    };

    public override ResidentialAreaProperties ToOutput(ResidentialArea a) => new()
    {
        Name = a.Name,
        Population = a.Population,
        Households = a.Households,
        Kind = a.Kind,
        CompletionYear = a.CompletionYear,
        HandoverOn = a.HandoverOn,
        FacilityInstitutionId = a.FacilityInstitutionId,
        FacilityParcelCode = a.FacilityParcelCode,
        FacilitySlots = a.FacilitySlots,
        FacilityStatus = a.FacilityStatus,
        FacilityDeliveredOn = a.FacilityDeliveredOn,
        PopulationIsEstimated = a.PopulationIsEstimated,
        AreaM2 = a.AreaM2,
        SubdistrictCode = a.SubdistrictCode,
        DistrictCode = a.DistrictCode,
        DataSource = a.DataSource,
        SourceCrs = a.SourceCrs,
        UpdatedAt = a.UpdatedAt,
        Version = a.Version,
    };

    public override void Validate(ResidentialAreaInput input, Geometry? geometry, ValidationErrors errors)
    {
        errors.Name(input.Name);
        errors.Present(input.Kind, "kind");
        errors.Require(input.Population is not null || input.Households is not null, "population",
            "is required unless households is given (population = households × persons per household)");
        errors.Require(input.Population is null or (>= 0 and <= 1_000_000), "population", "must be between 0 and 1,000,000");
        errors.Require(input.Households is null or (>= 0 and <= 500_000), "households", "must be between 0 and 500,000");
        errors.Require(input.CompletionYear is null or (>= 1900 and <= 2100), "completion_year", "must be between 1900 and 2100");
        ValidateObligation(input, input.Kind, errors);
    }

    /// <summary>The obligation's rules, shared with the housing-delivery endpoint that edits only the obligation.</summary>
    public static void ValidateObligation(ObligationInput input, ResidentialKind? kind, ValidationErrors errors)
    {
        var any = input.HandoverOn is not null || input.FacilityInstitutionId is not null || input.FacilityParcelCode is not null
            || input.FacilitySlots is not null || input.FacilityStatus is not null || input.FacilityDeliveredOn is not null;
        if (any && kind is ResidentialKind.Old)
        {
            errors.Add("kind", "配建义务只属于新建居住区（an obligation to deliver a facility with the housing belongs to a new area: kind new）");
        }

        errors.Require(input.FacilitySlots is null or (>= 0 and <= 10_000), "facility_slots", "应在 0 到 10000 之间（must be between 0 and 10,000）");
        errors.Length(input.FacilityParcelCode, "facility_parcel_code", 64);
        errors.Require(input.FacilityInstitutionId is null or > 0, "facility_institution_id", "应为机构编号（must be an institution's id）");
        var facility = input.FacilityInstitutionId is not null || !string.IsNullOrWhiteSpace(input.FacilityParcelCode);
        errors.Require(input.FacilityStatus is null || facility, "facility_status",
            "需先指明配建设施：facility_institution_id 或 facility_parcel_code（a status needs the facility it is of）");
        errors.Require((input.FacilityDeliveredOn is not null) == (input.FacilityStatus == Data.Entities.FacilityStatus.Delivered),
            input.FacilityDeliveredOn is null ? "facility_delivered_on" : "facility_status",
            "设施交付日期与状态“已交付”须同时填写（facility_delivered_on goes with, and only with, facility_status delivered）");
    }

    public override ResidentialArea Create(Geometry geometry, ResidentialAreaInput input)
    {
        var area = new ResidentialArea();
        Apply(area, geometry, input);
        return area;
    }

    public override void Apply(ResidentialArea a, Geometry geometry, ResidentialAreaInput input)
    {
        a.Boundary = geometry as MultiPolygon;
        // The database derives the point of a polygon (ST_PointOnSurface); a point is the demand point itself.
        a.Location = geometry as Point ?? geometry.InteriorPoint;
        a.Location.SRID = Wgs84.Srid;
        a.Name = input.Name!.Trim();
        a.Households = input.Households;
        a.PopulationIsEstimated = input.Population is null;
        a.Population = input.Population ?? (int)Math.Round(input.Households!.Value * PersonsPerHousehold);
        a.Kind = input.Kind!.Value;
        a.CompletionYear = input.CompletionYear;
        ApplyObligation(a, input);
    }

    public static void ApplyObligation(ResidentialArea a, ObligationInput input)
    {
        a.HandoverOn = input.HandoverOn;
        a.FacilityInstitutionId = input.FacilityInstitutionId;
        a.FacilityParcelCode = string.IsNullOrWhiteSpace(input.FacilityParcelCode) ? null : input.FacilityParcelCode.Trim();
        a.FacilitySlots = input.FacilitySlots;
        a.FacilityStatus = input.FacilityStatus;
        a.FacilityDeliveredOn = input.FacilityDeliveredOn;
    }

    public override IQueryable<ResidentialArea> Filter(IQueryable<ResidentialArea> query, ResidentialAreaFilter f, ValidationErrors errors)
    {
        if (errors.Word<ResidentialKind>(f.Kind, "kind") is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }

        return query;
    }
}
