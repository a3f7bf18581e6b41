using NetTopologySuite.Geometries;

namespace Geo.Analysis.Coverage;

/// <summary>What is true of a care provider (托育机构) for the analysis to filter and count; combine with <c>|</c>.</summary>
[Flags]
public enum ProviderTraits
{
    None = 0,

    /// <summary>Open and taking children.</summary>
    Operating = 1,

    /// <summary>已备案 with the district health commission.</summary>
    Filed = 2,

    /// <summary>普惠: affordable, government-supported places.</summary>
    Affordable = 4,

    /// <summary>示范: demonstration institution.</summary>
    Demonstration = 8,

    /// <summary>规范化: meets the standard fully.</summary>
    Standardised = 16,
}

/// <summary>Supply of one childcare institution (托育机构) as the analysis sees it: where, how many 托位, what is true of it.</summary>
/// <param name="Id">Stable identifier; results are ordered by it (ordinal).</param>
/// <param name="Location">WGS-84 lon/lat point.</param>
/// <param name="ApprovedSlots">核定托位.</param>
/// <param name="Status">Operating, filed, 普惠, 示范, 规范化.</param>
/// <param name="SubdistrictCode">Code of the 街道/镇 the institution lies in, when known.</param>
public sealed record CareProvider(
    string Id,
    Point Location,
    int ApprovedSlots,
    ProviderTraits Status,
    string? SubdistrictCode = null);

/// <summary>
/// Which institutions count as supply. The default takes operating institutions; public-facing results
/// should also require filing (<see cref="PublicFacing"/>).
/// </summary>
public sealed record SupplyFilter(bool OperatingOnly = true, bool FiledOnly = false, bool AffordableOnly = false)
{
    public static SupplyFilter Default { get; } = new();

    public static SupplyFilter PublicFacing { get; } = new(OperatingOnly: true, FiledOnly: true);

    public bool Admits(CareProvider institution) =>
        (!OperatingOnly || institution.Status.HasFlag(ProviderTraits.Operating))
        && (!FiledOnly || institution.Status.HasFlag(ProviderTraits.Filed))
        && (!AffordableOnly || institution.Status.HasFlag(ProviderTraits.Affordable));
}
