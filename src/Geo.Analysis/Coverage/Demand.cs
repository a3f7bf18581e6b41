using NetTopologySuite.Geometries;

namespace Geo.Analysis.Coverage;

/// <summary>Whether a residential area (居住区) is newly built or in the old, built-up city (老城区·已建成).</summary>
public enum AreaKind
{
    New = 0,
    Old = 1,
}

/// <summary>
/// Demand of one residential area (居住区 / 小区).
/// </summary>
/// <param name="Id">Stable identifier; results are ordered by it (ordinal).</param>
/// <param name="Location">A representative WGS-84 lon/lat point: the centroid of the area's polygon, or a point.</param>
/// <param name="Population">Residents.</param>
/// <param name="Kind">New or old area: selects the 托位 standard.</param>
/// <param name="SubdistrictCode">Code of the 街道/镇 the area lies in, when known.</param>
/// <param name="ChildrenUnder3Share">
/// Share of residents under 3 where this area's own figure is known; <c>null</c> takes
/// <see cref="CoverageOptions.DefaultChildrenUnder3Share"/>, the district's census figure.
/// </param>
public sealed record DemandArea(
    string Id,
    Point Location,
    double Population,
    AreaKind Kind,
    string? SubdistrictCode = null,
    double? ChildrenUnder3Share = null);

/// <summary>
/// 托位 per 1,000 residents a residential area must be able to reach: ≥ 10 in new areas (JGJ 39, 梅区府办〔2021〕4号),
/// ≥ 8 in old, built-up areas by 2025 (梅区府办〔2021〕4号). Each district may configure its own.
/// </summary>
public sealed record SlotStandard(double NewAreaPerThousand = 10, double OldAreaPerThousand = 8)
{
    public static SlotStandard Default { get; } = new();

    public double PerThousand(AreaKind kind) => kind == AreaKind.New ? NewAreaPerThousand : OldAreaPerThousand;

    /// <summary>Required 托位 = population / 1000 × the standard for the area's kind.</summary>
    public double RequiredSlots(double population, AreaKind kind) => population / 1000 * PerThousand(kind);
}
