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
}
