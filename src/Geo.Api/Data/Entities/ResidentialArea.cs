namespace Geo.Api.Data.Entities;

/// <summary>居住区 / 小区: where the demand for 托位 lives.</summary>
public sealed class ResidentialArea : LocatedEntity
{
    /// <summary>The area's outline, when known; statistical lists often give only a point.</summary>
    public MultiPolygon? Boundary { get; set; }

    /// <summary>The demand point: the point given, or a point on the surface of the boundary (derived).</summary>
    public Point Location { get; set; } = null!;

    public double? AreaM2 { get; set; }

    public int Population { get; set; }

    public int? Households { get; set; }

    /// <summary>True when the population was derived from households × persons per household.</summary>
    public bool PopulationIsEstimated { get; set; }

    public ResidentialKind Kind { get; set; }

    public int? CompletionYear { get; set; }

    // A new area's obligation (与住宅同步验收、同步交付使用): the childcare facility planned with the housing.
    // The facility is referenced, not constrained by a foreign key: a file of areas may name a facility imported
    // after it, and a reference that finds nothing is reported as a missing facility (HousingDelivery).

    /// <summary>The day the housing is (or was) handed over, 住宅交付.</summary>
    public DateOnly? HandoverOn { get; set; }

    /// <summary>The institution that is the area's facility, by id.</summary>
    public long? FacilityInstitutionId { get; set; }

    /// <summary>The parcel the facility is planned on, by the land bureau's code.</summary>
    public string? FacilityParcelCode { get; set; }

    /// <summary>托位 the facility provides as planned; without it, a linked institution's approved 托位.</summary>
    public int? FacilitySlots { get; set; }

    public FacilityStatus? FacilityStatus { get; set; }

    /// <summary>The day the facility was delivered (交付使用); set with <see cref="FacilityStatus"/> delivered.</summary>
    public DateOnly? FacilityDeliveredOn { get; set; }
}
