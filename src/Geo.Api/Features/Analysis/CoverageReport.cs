using System.Text.Json.Serialization;
using Geo.Analysis.Coverage;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Analysis;

// The coverage answer. DTOs, not the engine's records: the API names figures as planners read them, rounds them,
// and adds names and outlines the engine does not know.

/// <summary>Everything a coverage figure depends on, so a result can be reproduced and compared.</summary>
public sealed record CoverageParametersOut(
    string District,
    string DistrictName,
    double RadiusM,
    string Method,
    IReadOnlyList<DecayBand>? Bands,
    IReadOnlyList<string> Supply,
    RuleSource StandardNewPerThousand,
    RuleSource StandardOldPerThousand,
    RuleSource ShareUnder3,
    RuleSource MinInstitutionsPerSubdistrict,
    double NationalPerThousand,
    string Geometry,
    string Scope,
    DistanceOut Distance,
    string SupplyLabel)
{
    /// <summary>
    /// A city's answer where a district walks its network: each district's own measure (<see cref="DistrictWalks"/>), <see cref="Distance"/>
    /// then saying network with no one version; absent for a district's answer and for a city measured in a straight line throughout.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DistrictDistanceOut>? Districts { get; init; }
}

/// <summary>The catchment a coverage run's demand and supply are linked by, and how it was measured.</summary>
public delegate (Catchment Catchment, DistanceOut Distance) CoverageWalk(IReadOnlyList<DemandArea> demand, IReadOnlyList<CareProvider> supply);

/// <summary>
/// The public's figures beside a staff caller's own: the same run counting filed institutions only, as the public
/// and land officers are shown, so a planner sees what counts before filing and after.
/// </summary>
public sealed record FiledOnlyCoverageOut(IReadOnlyList<string> Supply, string SupplyLabel, CoverageSummaryOut District, IReadOnlyList<CoverageSummaryOut> Subdistricts);

/// <param name="Population">The residents the analysis counts: calibrated to the district's total where its areas are complete.</param>
/// <param name="ListedPopulation">The area's own figure beside a calibrated one; null when not calibrated.</param>
public sealed record AreaFigures(
    string Name,
    double Population,
    int? ListedPopulation,
    ResidentialKind Kind,
    string? SubdistrictCode,
    double ChildrenUnder3,
    double RequiredSlots,
    double AccessibleSlots,
    double AccessiblePerThousand,
    double StandardPerThousand,
    double Gap,
    CoverageClass Class,
    int InstitutionsInReach,
    double? NearestM);

/// <summary>Totals of a 街道/镇 or of the district.</summary>
public sealed record CoverageSummaryOut(
    string? Code,
    string Name,
    int ResidentialAreas,
    double Population,
    double ChildrenUnder3,
    double RequiredSlots,
    double AccessibleSlots,
    long ApprovedSlots,
    double? SlotsPerThousand,
    double? RequiredPerThousand,
    double Gap,
    int Institutions,
    double? PuhuiShare,
    int Standardised,
    int Demonstration,
    double UnservedChildren,
    bool MeetsInstitutionTarget,
    bool MeetsNationalTarget,
    bool MeetsLocalStandard);

/// <summary>A GeoJSON FeatureCollection of the analysed areas (all of them: no paging).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record AreaFeatureCollection([property: JsonPropertyOrder(1)] IReadOnlyList<GeoFeature<AreaFigures>> Features)
{
    [JsonPropertyOrder(0)]
    public string Type => "FeatureCollection";
}

/// <summary>What the district's population stands on, and how the listed areas compare with it.</summary>
/// <param name="OutsideApportionedBy">How the residents outside listed areas were shared among the 街道 (<see cref="OutsideApportionment"/>):
/// "subdistrict_population", "subdistrict_area", or null when they stay with the district only.</param>
public sealed record PopulationOut(int? Total, string? Source, bool AreasComplete, long ListedInAreas, double CalibrationFactor, double OutsideListedAreas,
    string? OutsideApportionedBy);

public sealed record CoverageResponse(
    CoverageParametersOut Parameters,
    AreaFeatureCollection Areas,
    IReadOnlyList<CoverageSummaryOut> Subdistricts,
    CoverageSummaryOut District,
    PopulationOut Population)
{
    /// <summary>Staff only (planners, admins), when their own figures count unfiled institutions too; else absent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FiledOnlyCoverageOut? FiledOnly { get; init; }
}

/// <summary>One coverage run: the engine's result and its totals, with the rows it was computed from.</summary>
/// <param name="Distance">How the walk was measured, and the places off the walking network.</param>
public sealed record CoverageRun(CoverageSettings Settings, DistrictRules Rules, IReadOnlyList<AreaRow> Areas,
    CoverageResult Result, DistrictCoverage Totals, PopulationBalance Balance, DistanceOut Distance, string? OutsideApportionedBy = null)
{
    public static CoverageRun Compute(CoverageSettings settings, DistrictRules rules, IReadOnlyList<AreaRow> areas,
        IEnumerable<CareProvider> supply, WalkingDistance distance) => Compute(settings, rules, areas, supply, Walk(distance, settings.RadiusM));

    /// <summary>A run whose areas are linked as <paramref name="walk"/> says: a city's, each area by its own district's measure.</summary>
    public static CoverageRun Compute(CoverageSettings settings, DistrictRules rules, IReadOnlyList<AreaRow> areas,
        IEnumerable<CareProvider> supply, CoverageWalk walk)
    {
        var balance = rules.Population.Balance(areas);
        var demand = areas.Select(a => a.ToDemand(balance.Calibration)).ToList();
        var institutions = supply.ToList();
        var options = settings.Options(rules);

        // A walk on the network is never shorter than the straight line, so the ground bound holds for both.
        WorkLimits.EnsurePairs(demand, institutions, options.Catchment, "radius_m");
        var (catchment, distance) = walk(demand, institutions);
        var result = CoverageAnalysis.Compute(demand, institutions, options with { Catchment = catchment });
        var totals = CoverageAggregation.Aggregate(result, rules.Subdistricts.Keys, rules.Aggregation);
        var listed = areas.Where(a => a.SubdistrictCode is not null).GroupBy(a => a.SubdistrictCode!)
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Population * balance.Calibration), StringComparer.Ordinal);
        var (rule, shares) = OutsideApportionment.Apportion(balance.OutsideListedAreas, rules.SubdistrictSizes ?? new Dictionary<string, SubdistrictSize>(), listed);
        var withOutside = totals with
        {
            Summary = WithOutside(totals.Summary, balance.OutsideListedAreas, rules),
            Subdistricts = totals.Subdistricts.Select(s => s.Code is { } code && shares.TryGetValue(code, out var share) ? WithOutside(s, share, rules) : s).ToList(),
        };
        return new CoverageRun(settings, rules, areas, result, withOutside, balance, distance, rule);
    }

    /// <summary>Every area linked by one measure, <paramref name="distance"/>: a district's, or a city's straight line.</summary>
    public static CoverageWalk Walk(WalkingDistance distance, double radiusMetres) => (demand, supply) =>
    {
        var reach = distance.Coverage(demand, supply, radiusMetres);
        return (reach.Catchment, distance.Describe(reach.Unreachable, radiusMetres));
    };

    /// <summary>The filed-only run beside a staff caller's own (<see cref="CoverageSettings.AlsoFiledOnly"/>); else null.</summary>
    public static CoverageRun? FiledOnlyBeside(CoverageSettings settings, DistrictRules rules, IReadOnlyList<AreaRow> areas,
        IEnumerable<CareProvider> supply, WalkingDistance distance) => FiledOnlyBeside(settings, rules, areas, supply, Walk(distance, settings.RadiusM));

    /// <inheritdoc cref="FiledOnlyBeside(CoverageSettings, DistrictRules, IReadOnlyList{AreaRow}, IEnumerable{CareProvider}, WalkingDistance)"/>
    public static CoverageRun? FiledOnlyBeside(CoverageSettings settings, DistrictRules rules, IReadOnlyList<AreaRow> areas,
        IEnumerable<CareProvider> supply, CoverageWalk walk) =>
        settings.AlsoFiledOnly ? Compute(settings.FiledOnly(), rules, areas, supply, walk) : null;

    /// <summary>
    /// Residents in no listed area reach no institution the analysis knows of: their children are unserved and
    /// their 托位 required at the built-up standard, in the district's totals and, where <see cref="OutsideApportionment"/>
    /// can say where they live, in their 街道's.
    /// </summary>
    private static CoverageSummary WithOutside(CoverageSummary s, double outside, DistrictRules rules)
    {
        if (outside <= 0)
        {
            return s;
        }

        var children = outside * rules.ShareUnder3.Value;
        var required = rules.Standard.RequiredSlots(outside, AreaKind.Old);
        return s with
        {
            Population = s.Population + outside,
            ChildrenUnder3 = s.ChildrenUnder3 + children,
            RequiredSlots = s.RequiredSlots + required,
            Gap = s.Gap + required,
            UnservedChildrenUnder3 = s.UnservedChildrenUnder3 + children,
        };
    }

    /// <summary>A 街道 with its share of the outside residents: its per-1,000 verdicts are judged anew on the larger population.</summary>
    private static SubdistrictCoverage WithOutside(SubdistrictCoverage s, double share, DistrictRules rules)
    {
        var summary = WithOutside(s.Summary, share, rules);
        return s with
        {
            Summary = summary,
            MeetsNationalTarget = summary.SlotsPerThousand >= rules.Aggregation.NationalSlotsPerThousand,
            MeetsLocalStandard = summary.SlotsPerThousand >= summary.RequiredPerThousand,
        };
    }
}

public static class CoverageReport
{
    /// <summary>The answer, with <paramref name="filedOnly"/>'s totals beside it when given.</summary>
    public static CoverageResponse Build(CoverageRun run, CoverageRun? filedOnly) => Build(run) with
    {
        FiledOnly = filedOnly is null ? null : new FiledOnlyCoverageOut(filedOnly.Settings.Supply, CoverageSettings.SupplyLabel(filedOnly.Settings.Supply),
            DistrictSummary(filedOnly), SubdistrictSummaries(filedOnly)),
    };

    public static CoverageResponse Build(CoverageRun run)
    {
        var (settings, rules) = (run.Settings, run.Rules);
        var figures = run.Result.Areas.ToDictionary(a => a.AreaId, StringComparer.Ordinal);
        var features = new Projected<AreaRow, GeoFeature<AreaFigures>>(run.Areas, row => new GeoFeature<AreaFigures>(row.Id,
            (NetTopologySuite.Geometries.Geometry?)row.Boundary ?? row.Location, Figures(row, figures[AreaRow.Key(row.Id)], rules.Standard, run.Balance.Calibration)));
        return new CoverageResponse(
            Parameters(settings, rules, run.Distance),
            new AreaFeatureCollection(features),
            SubdistrictSummaries(run),
            DistrictSummary(run),
            new PopulationOut(run.Balance.Total, run.Balance.Source, rules.Population.AreasComplete, run.Balance.Listed,
                Math.Round(run.Balance.Calibration, 6), Round(run.Balance.OutsideListedAreas), run.OutsideApportionedBy));
    }

    public static CoverageParametersOut Parameters(CoverageSettings settings, DistrictRules rules, DistanceOut distance) => new(
        rules.Code,
        rules.Name,
        settings.RadiusM,
        settings.Method,
        settings.Decay is MultiStepDecay bands ? bands.Bands : null,
        settings.Supply,
        rules.NewAreaPerThousand,
        rules.OldAreaPerThousand,
        rules.ShareUnder3,
        rules.MinInstitutionsPerSubdistrict,
        AggregationOptions.Default.NationalSlotsPerThousand,
        settings.Boundaries ? "boundary" : "point",
        "residential areas and institutions inside the district; catchments do not cross its border",
        distance,
        CoverageSettings.SupplyLabel(settings.Supply));

    private static List<CoverageSummaryOut> SubdistrictSummaries(CoverageRun run) => run.Totals.Subdistricts
        .Select(s => Summary(s.Code, run.Rules.SubdistrictName(s.Code), s.Summary, s.MeetsInstitutionTarget, s.MeetsNationalTarget, s.MeetsLocalStandard))
        .ToList();

    private static CoverageSummaryOut DistrictSummary(CoverageRun run) =>
        Summary(run.Rules.Code, run.Rules.Name, run.Totals.Summary, run.Totals.Subdistricts.Where(s => s.Code is not null).All(s => s.MeetsInstitutionTarget),
            run.Totals.MeetsNationalTarget, run.Totals.MeetsLocalStandard);

    private static AreaFigures Figures(AreaRow row, AreaCoverage a, SlotStandard standard, double calibration) => new(
        row.Name,
        Round(row.Population * calibration),
        calibration == 1 ? null : row.Population,
        row.Kind,
        row.SubdistrictCode,
        Round(a.ChildrenUnder3),
        Round(a.RequiredSlots),
        Round(a.AccessibleSlots),
        Round(a.AccessiblePerThousand),
        standard.PerThousand(a.Kind),
        Round(a.Gap),
        a.Class,
        a.InstitutionsInReach,
        a.NearestCost is { } m ? Math.Round(m, 1) : null);

    private static CoverageSummaryOut Summary(string? code, string name, CoverageSummary s,
        bool meetsInstitutionTarget, bool meetsNational, bool meetsLocal) => new(
        code,
        name,
        s.ResidentialAreas,
        s.Population,
        Round(s.ChildrenUnder3),
        Round(s.RequiredSlots),
        Round(s.AccessibleSlots),
        s.ApprovedSlots,
        Round(s.SlotsPerThousand),
        Round(s.RequiredPerThousand),
        Round(s.Gap),
        s.Institutions,
        Round(s.AffordableShare),
        s.StandardisedInstitutions,
        s.DemonstrationInstitutions,
        Round(s.UnservedChildrenUnder3),
        meetsInstitutionTarget,
        meetsNational,
        meetsLocal);

    /// <summary>
    /// Each area's feature made when it is read, not all of them first: a city's 190,000 would be held beside the rows
    /// they are made from only to be written once (<see cref="CoverageBody"/>).
    /// </summary>
    private sealed class Projected<TSource, TResult>(IReadOnlyList<TSource> source, Func<TSource, TResult> project) : IReadOnlyList<TResult>
    {
        public int Count => source.Count;

        public TResult this[int index] => project(source[index]);

        public IEnumerator<TResult> GetEnumerator() => source.Select(project).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Three decimals: a thousandth of a 托位 is below anything a planner acts on.</summary>
    internal static double Round(double value) => Math.Round(value, 3);

    internal static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
