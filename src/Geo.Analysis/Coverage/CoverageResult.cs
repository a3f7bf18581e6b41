namespace Geo.Analysis.Coverage;

/// <summary>
/// Parameters of a coverage analysis. Every default is the domain's (300 m, step, 10/8 per 1,000, operating supply);
/// the share of children under 3 has none, because it is the district's own figure, which only the data know.
/// </summary>
public sealed record CoverageOptions
{
    public Catchment Catchment { get; init; } = CatchmentRadius.FiveMinuteWalk;

    public DistanceDecay Decay { get; init; } = DistanceDecay.Step;

    public SlotStandard Standard { get; init; } = SlotStandard.Default;

    public SupplyFilter Supply { get; init; } = SupplyFilter.Default;

    /// <summary>Share of residents under 3 for areas that do not carry their own: the district's census figure.</summary>
    public required double DefaultChildrenUnder3Share { get; init; }
}

/// <summary>The parameters a result was computed with, as plain values (the cost matrix itself is not repeated).</summary>
public sealed record CoverageParameters(
    CostUnit CostUnit,
    double Cutoff,
    DistanceDecay Decay,
    SlotStandard Standard,
    SupplyFilter Supply,
    double DefaultChildrenUnder3Share,
    bool FromTravelCostMatrix);

/// <summary>How well a residential area is served.</summary>
public enum CoverageClass
{
    /// <summary>Accessible 托位 meet the required 托位.</summary>
    Covered = 0,

    /// <summary>Some supply is within reach, but less than required.</summary>
    UnderSupplied = 1,

    /// <summary>No institution with 托位 within reach.</summary>
    Unserved = 2,
}

/// <summary>Coverage of one residential area.</summary>
/// <param name="Accessibility">A_i = Σ_j W(d_ij)·R_j: 托位 per resident.</param>
/// <param name="AccessibleSlots">A_i · P_i.</param>
/// <param name="AccessiblePerThousand">A_i · 1000, comparable to the 托位/千人 standard.</param>
/// <param name="RequiredSlots">P_i / 1000 × the standard for the area's kind.</param>
/// <param name="Gap">max(0, required − accessible) 托位 (CoverageGap).</param>
/// <param name="InstitutionsInReach">Institutions with 托位 within the catchment cut-off.</param>
/// <param name="NearestCost">Cost to the nearest institution with 托位 within reach, in the catchment's unit.</param>
public sealed record AreaCoverage(
    string AreaId,
    string? SubdistrictCode,
    AreaKind Kind,
    double Population,
    double ChildrenUnder3,
    double RequiredSlots,
    double Accessibility,
    double AccessibleSlots,
    double AccessiblePerThousand,
    double Gap,
    CoverageClass Class,
    int InstitutionsInReach,
    double? NearestCost);

/// <summary>How one institution's 托位 were shared (step 1 of 2SFCA).</summary>
/// <param name="WeightedDemand">Σ_k W(d_kj)·P_k over the areas in its catchment.</param>
/// <param name="SlotsPerResident">R_j = S_j / weighted demand; 0 when no demand is within reach.</param>
/// <param name="AreasInReach">Residential areas within the catchment cut-off.</param>
public sealed record InstitutionCoverage(
    string InstitutionId,
    string? SubdistrictCode,
    int ApprovedSlots,
    ProviderTraits Status,
    double WeightedDemand,
    double SlotsPerResident,
    int AreasInReach)
{
    /// <summary>Whether any weighted demand lies in the catchment, so that the 托位 are shared out.</summary>
    public bool Serves => WeightedDemand > 0;
}

/// <summary>
/// A coverage analysis: every residential area and every selected institution, ordered by id, and the parameters used.
/// </summary>
public sealed record CoverageResult(
    CoverageParameters Parameters,
    IReadOnlyList<AreaCoverage> Areas,
    IReadOnlyList<InstitutionCoverage> Institutions)
{
    // One pass over the areas and one over the institutions: each pass over 10,000 area records scattered on the heap is
    // a cache miss per record, which five separate sums paid five times. Summed in list order, as Enumerable.Sum does.
    private readonly Totals _totals = Totals.Of(Areas, Institutions);

    public double TotalPopulation => _totals.Population;

    public double TotalRequiredSlots => _totals.RequiredSlots;

    public double TotalAccessibleSlots => _totals.AccessibleSlots;

    public double TotalGap => _totals.Gap;

    /// <summary>Approved 托位 of the selected institutions.</summary>
    public long TotalApprovedSlots => _totals.ApprovedSlots;

    /// <summary>Approved 托位 of selected institutions with no demand within reach (they reach no one).</summary>
    public long IdleSlots => _totals.IdleSlots;

    /// <summary>Children under 3 living in areas with no 托位 within reach.</summary>
    public double UnservedChildrenUnder3 => _totals.UnservedChildrenUnder3;

    private readonly record struct Totals(
        double Population, double RequiredSlots, double AccessibleSlots, double Gap, long ApprovedSlots, long IdleSlots, double UnservedChildrenUnder3)
    {
        public static Totals Of(IReadOnlyList<AreaCoverage> areas, IReadOnlyList<InstitutionCoverage> institutions)
        {
            ArgumentNullException.ThrowIfNull(areas);
            ArgumentNullException.ThrowIfNull(institutions);
            double population = 0, required = 0, accessible = 0, gap = 0, unserved = 0;
            foreach (var a in areas)
            {
                population += a.Population;
                required += a.RequiredSlots;
                accessible += a.AccessibleSlots;
                gap += a.Gap;
                if (a.Class == CoverageClass.Unserved)
                {
                    unserved += a.ChildrenUnder3;
                }
            }

            long approved = 0, idle = 0;
            foreach (var i in institutions)
            {
                approved += i.ApprovedSlots;
                if (!i.Serves)
                {
                    idle += i.ApprovedSlots;
                }
            }

            return new Totals(population, required, accessible, gap, approved, idle, unserved);
        }
    }
}
