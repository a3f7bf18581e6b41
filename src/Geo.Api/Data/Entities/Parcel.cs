namespace Geo.Api.Data.Entities;

/// <summary>地块: a candidate land parcel for childcare.</summary>
public sealed class Parcel : LocatedEntity
{
    /// <summary>The land bureau's parcel code; the stable key for imports.</summary>
    public required string Code { get; set; }

    public required MultiPolygon Boundary { get; set; }

    /// <summary>A point on the parcel's surface (derived).</summary>
    public Point Location { get; set; } = null!;

    /// <summary>Area on the ground, m² (derived).</summary>
    public double AreaM2 { get; set; }

    public LandUse LandUse { get; set; }

    public ParcelStatus Status { get; set; }

    public string? Owner { get; set; }

    /// <summary>Whether the parcel may be 划拨 (allocated free of charge) for childcare.</summary>
    public bool AllocationEligible { get; set; }

    /// <summary>The day the parcel was reserved for childcare (储备, or listed in the year's 年度用地计划).</summary>
    public DateOnly? ReservedOn { get; set; }
}
