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
/// Share of residents under 3, usually the district's census figure (see <see cref="CensusChildShare"/>);
/// <c>null</c> takes <see cref="CoverageOptions.DefaultChildrenUnder3Share"/>.
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

/// <summary>Share of the population under 3, estimated from the 2020 census age shares.</summary>
public static class CensusChildShare
{
    /// <summary>鼓楼区 (350102), census 2020: 0.0071 + ½ · 0.042 = 0.0281.</summary>
    public const double Gulou2020 = 0.0071 + 0.5 * 0.042;

    /// <summary>环翠区 (371002), census 2020: 0.0077 + ½ · 0.0491.</summary>
    public const double Huancui2020 = 0.0077 + 0.5 * 0.0491;

    /// <summary>梅江区 (441402), census 2020: 0.0086 + ½ · 0.0506.</summary>
    public const double Meijiang2020 = 0.0086 + 0.5 * 0.0506;

    /// <summary>
    /// share(age 0) + ½ · share(ages 1–4): all of age 0, and half of ages 1–4 as a proxy for ages 1–2
    /// (the census publishes 1–4 as one band).
    /// </summary>
    public static double FromCensus(double shareAge0, double shareAges1To4) => shareAge0 + 0.5 * shareAges1To4;
}
