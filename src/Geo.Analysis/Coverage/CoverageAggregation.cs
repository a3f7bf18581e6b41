namespace Geo.Analysis.Coverage;

/// <summary>National and local figures that 街道 and district totals are held against.</summary>
/// <param name="NationalSlotsPerThousand">托位 per 1,000 population, 十四五 公共服务规划 target for 2025.</param>
/// <param name="MinInstitutionsPerSubdistrict">Institutions every 街道/镇 should have (鼓政办〔2020〕24号).</param>
public sealed record AggregationOptions(double NationalSlotsPerThousand = 4.5, int MinInstitutionsPerSubdistrict = 1)
{
    public static AggregationOptions Default { get; } = new();
}

/// <summary>Totals of an administrative unit (a 街道/镇, or the district).</summary>
/// <param name="RequiredSlots">Σ required 托位 of its residential areas.</param>
/// <param name="AccessibleSlots">Σ accessible 托位 (2SFCA) of its residential areas.</param>
/// <param name="Gap">Σ per-area gaps (a surplus in one area does not fill another's gap).</param>
/// <param name="Institutions">Selected institutions located in the unit.</param>
/// <param name="ApprovedSlots">Their approved 托位.</param>
/// <param name="AffordableSlots">Their 普惠 托位.</param>
/// <param name="UnservedChildrenUnder3">Children under 3 in residential areas with no 托位 within reach.</param>
public sealed record CoverageSummary(
    int ResidentialAreas,
    double Population,
    double ChildrenUnder3,
    double RequiredSlots,
    double AccessibleSlots,
    double Gap,
    int Institutions,
    long ApprovedSlots,
    long AffordableSlots,
    int StandardisedInstitutions,
    int DemonstrationInstitutions,
    double UnservedChildrenUnder3)
{
    /// <summary>Supply-based 托位 per 1,000 residents: approved 托位 in the unit / population × 1000; null without residents.</summary>
    public double? SlotsPerThousand => Population > 0 ? ApprovedSlots / Population * 1000 : null;

    /// <summary>The local standard for this unit: required 托位 / population × 1000, weighing new and old areas.</summary>
    public double? RequiredPerThousand => Population > 0 ? RequiredSlots / Population * 1000 : null;

    /// <summary>普惠 托位 / all approved 托位; null without 托位.</summary>
    public double? AffordableShare => ApprovedSlots > 0 ? (double)AffordableSlots / ApprovedSlots : null;
}

/// <summary>Totals of one 街道/镇; <see cref="Code"/> null gathers areas and institutions without one.</summary>
public sealed record SubdistrictCoverage(
    string? Code,
    CoverageSummary Summary,
    bool MeetsInstitutionTarget,
    bool MeetsNationalTarget,
    bool MeetsLocalStandard);

/// <summary>District totals and its 街道/镇, ordered by code (unassigned last).</summary>
public sealed record DistrictCoverage(
    CoverageParameters Coverage,
    AggregationOptions Parameters,
    CoverageSummary Summary,
    IReadOnlyList<SubdistrictCoverage> Subdistricts)
{
    public bool MeetsNationalTarget => Summary.SlotsPerThousand >= Parameters.NationalSlotsPerThousand;

    public bool MeetsLocalStandard => Summary.SlotsPerThousand >= Summary.RequiredPerThousand;
}

/// <summary>Sums a <see cref="CoverageResult"/> to 街道/镇 and to the district.</summary>
/// <remarks>
/// Population, children, required, accessible 托位 and gaps are sums over the residential areas of the unit;
/// institutions and their 托位 are those located in it (by their own 街道 code). A unit without residents
/// meets the per-1,000 standards only vacuously and is reported as not meeting them.
/// </remarks>
public static class CoverageAggregation
{
    /// <param name="result">The coverage to sum.</param>
    /// <param name="subdistrictCodes">All 街道/镇 of the district, so that one without areas or institutions is still listed; optional.</param>
    /// <param name="options">National target and institutions per 街道.</param>
    public static DistrictCoverage Aggregate(
        CoverageResult result,
        IEnumerable<string>? subdistrictCodes = null,
        AggregationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        options ??= AggregationOptions.Default;

        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var code in subdistrictCodes ?? [])
        {
            codes.Add(code);
        }

        codes.UnionWith(result.Areas.Select(a => a.SubdistrictCode).OfType<string>());
        codes.UnionWith(result.Institutions.Select(i => i.SubdistrictCode).OfType<string>());

        var areasByCode = result.Areas.ToLookup(a => a.SubdistrictCode);
        var institutionsByCode = result.Institutions.ToLookup(i => i.SubdistrictCode);
        var subdistricts = new List<SubdistrictCoverage>(codes.Count + 1);
        foreach (var code in codes)
        {
            subdistricts.Add(Subdistrict(code, areasByCode[code], institutionsByCode[code], options));
        }

        if (areasByCode.Contains(null) || institutionsByCode.Contains(null))
        {
            subdistricts.Add(Subdistrict(null, areasByCode[null], institutionsByCode[null], options));
        }

        return new DistrictCoverage(result.Parameters, options, Summarise(result.Areas, result.Institutions), subdistricts);
    }

    private static SubdistrictCoverage Subdistrict(
        string? code, IEnumerable<AreaCoverage> areas, IEnumerable<InstitutionCoverage> institutions, AggregationOptions options)
    {
        var summary = Summarise(areas, institutions);
        return new SubdistrictCoverage(
            code,
            summary,
            summary.Institutions >= options.MinInstitutionsPerSubdistrict,
            summary.SlotsPerThousand >= options.NationalSlotsPerThousand,
            summary.SlotsPerThousand >= summary.RequiredPerThousand);
    }

    private static CoverageSummary Summarise(IEnumerable<AreaCoverage> areas, IEnumerable<InstitutionCoverage> institutions)
    {
        int count = 0, institutionCount = 0, standardised = 0, demonstration = 0;
        double population = 0, children = 0, required = 0, accessible = 0, gap = 0, unserved = 0;
        long approved = 0, affordable = 0;
        foreach (var a in areas)
        {
            count++;
            population += a.Population;
            children += a.ChildrenUnder3;
            required += a.RequiredSlots;
            accessible += a.AccessibleSlots;
            gap += a.Gap;
            if (a.Class == CoverageClass.Unserved)
            {
                unserved += a.ChildrenUnder3;
            }
        }

        foreach (var i in institutions)
        {
            institutionCount++;
            approved += i.ApprovedSlots;
            if (i.Status.HasFlag(ProviderTraits.Affordable))
            {
                affordable += i.ApprovedSlots;
            }

            if (i.Status.HasFlag(ProviderTraits.Standardised))
            {
                standardised++;
            }

            if (i.Status.HasFlag(ProviderTraits.Demonstration))
            {
                demonstration++;
            }
        }

        return new CoverageSummary(
            count, population, children, required, accessible, gap, institutionCount, approved, affordable, standardised, demonstration, unserved);
    }
}
