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

        // One pass over the areas and one over the institutions, each row added to its unit's totals and the district's:
        // a city's 190,000 area records lie scattered on the heap, and every further pass over them is a cache miss per
        // record. Each unit's rows are added in list order, as a grouping that keeps it would, so the sums are the same.
        var total = new Totals();
        var units = new Dictionary<string, Totals>(StringComparer.Ordinal);
        foreach (var code in subdistrictCodes ?? [])
        {
            units.TryAdd(code, new Totals());
        }

        Totals? unassigned = null;
        Totals UnitOf(string? code) => code is null
            ? unassigned ??= new Totals()
            : units.TryGetValue(code, out var unit) ? unit : units[code] = new Totals();
        foreach (var a in result.Areas)
        {
            total.Add(a);
            UnitOf(a.SubdistrictCode).Add(a);
        }

        foreach (var i in result.Institutions)
        {
            total.Add(i);
            UnitOf(i.SubdistrictCode).Add(i);
        }

        var subdistricts = new List<SubdistrictCoverage>(units.Count + 1);
        foreach (var code in units.Keys.Order(StringComparer.Ordinal))
        {
            subdistricts.Add(Subdistrict(code, units[code], options));
        }

        if (unassigned is not null)
        {
            subdistricts.Add(Subdistrict(null, unassigned, options));
        }

        return new DistrictCoverage(result.Parameters, options, total.Summary(), subdistricts);
    }

    private static SubdistrictCoverage Subdistrict(string? code, Totals totals, AggregationOptions options)
    {
        var summary = totals.Summary();
        return new SubdistrictCoverage(
            code,
            summary,
            summary.Institutions >= options.MinInstitutionsPerSubdistrict,
            summary.SlotsPerThousand >= options.NationalSlotsPerThousand,
            summary.SlotsPerThousand >= summary.RequiredPerThousand);
    }

    /// <summary>A unit's running sums, in the order its rows are added.</summary>
    private sealed class Totals
    {
        private int _count, _institutions, _standardised, _demonstration;
        private double _population, _children, _required, _accessible, _gap, _unserved;
        private long _approved, _affordable;

        public void Add(AreaCoverage a)
        {
            _count++;
            _population += a.Population;
            _children += a.ChildrenUnder3;
            _required += a.RequiredSlots;
            _accessible += a.AccessibleSlots;
            _gap += a.Gap;
            if (a.Class == CoverageClass.Unserved)
            {
                _unserved += a.ChildrenUnder3;
            }
        }

        public void Add(InstitutionCoverage i)
        {
            _institutions++;
            _approved += i.ApprovedSlots;
            if (i.Status.HasFlag(ProviderTraits.Affordable))
            {
                _affordable += i.ApprovedSlots;
            }

            if (i.Status.HasFlag(ProviderTraits.Standardised))
            {
                _standardised++;
            }

            if (i.Status.HasFlag(ProviderTraits.Demonstration))
            {
                _demonstration++;
            }
        }

        public CoverageSummary Summary() => new(
            _count, _population, _children, _required, _accessible, _gap, _institutions, _approved, _affordable, _standardised, _demonstration, _unserved);
    }
}
