using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Geo.Analysis.Siting;
using Geo.Api.Features.Analysis;

namespace Geo.Api.Features.Siting;

// Request and response shapes of the siting API. They are records apart from the SitingScenario entity
// because a scenario stores them as JSON snapshots: the wire shape is the stored shape.

/// <summary>How to solve: auto picks exact for small instances, the heuristic for large ones.</summary>
public enum SitingSolverChoice { Auto, Exact, Heuristic }

/// <summary>Where new sites may go in a district.</summary>
public enum SitingCandidateSource
{
    /// <summary>Parcels (地块) of compatible land use, allowed status and enough area for the capacity.</summary>
    Parcels,

    /// <summary>Points the planner supplies.</summary>
    Points,

    /// <summary>Centres of a regular grid over the under-served residential areas.</summary>
    Grid,
}

/// <summary>POST /api/analysis/siting: a district run, or a self-contained problem in <see cref="Problem"/>.</summary>
public sealed record SitingRunRequest
{
    /// <summary>Name of the saved scenario; a name is made up from the parameters when absent.</summary>
    public string? Name { get; init; }

    /// <summary>District adcode (6 digits) or 街道 code (9 digits); not with <see cref="Problem"/>.</summary>
    public string? District { get; init; }

    public SitingModelKind? Model { get; init; }

    /// <summary>New sites to open (mclp, capacitated, p_median).</summary>
    public int? P { get; init; }

    /// <summary>托位 per 1,000 residents every area must reach; defaults to the district's new/old standards.</summary>
    public double? TargetPerThousand { get; init; }

    /// <summary>Service radius: metres (on the walking network or in a straight line, as distance says), or the cost matrix's unit. Default 300 m.</summary>
    public double? RadiusM { get; init; }

    /// <summary>District runs: network (metres on the walking network; the default where the district has one) or ground (straight line).</summary>
    public string? Distance { get; init; }

    /// <summary>District runs: walking speed in m/s that the result's minutes are reckoned at; default the deployment's (1.2).</summary>
    public double? WalkingSpeed { get; init; }

    public SitingCandidateSource? CandidateSource { get; init; }

    public IReadOnlyList<CandidatePointInput>? Points { get; init; }

    /// <summary>Parcel statuses that may host a new site; default all but sold (已出让).</summary>
    public IReadOnlyList<Data.Entities.ParcelStatus>? ParcelStatuses { get; init; }

    /// <summary>Grid spacing in metres for candidate_source = grid; default 200.</summary>
    public double? GridSpacingM { get; init; }

    /// <summary>托位 each new site offers (points may state their own); default 80.</summary>
    public int? Capacity { get; init; }

    /// <summary>Wall-clock limit of the solve, seconds; default 5. Exact runs over 5 s run in the background.</summary>
    public double? TimeLimitS { get; init; }

    public SitingSolverChoice? Solver { get; init; }

    /// <summary>Run in the background and answer 202 with a job at once.</summary>
    public bool Async { get; init; }

    /// <summary>An analyst's own problem instead of a district.</summary>
    public SelfContainedProblem? Problem { get; init; }
}

/// <summary>A candidate point a planner gives.</summary>
public sealed record CandidatePointInput
{
    [Required] public string? Id { get; init; }
    public string? Name { get; init; }
    public double? Lon { get; init; }
    public double? Lat { get; init; }
    public int? Capacity { get; init; }
}

/// <summary>
/// A siting problem on the caller's data: demand weights, candidate and existing sites, and coordinates
/// (WGS-84) or a cost matrix.
/// </summary>
public sealed record SelfContainedProblem
{
    public IReadOnlyList<ProblemDemandInput>? Demand { get; init; }
    public IReadOnlyList<ProblemSiteInput>? Candidates { get; init; }
    public IReadOnlyList<ProblemSiteInput>? Existing { get; init; }

    /// <summary>Costs [demand][site] in any unit; null entries are unreachable. Replaces coordinates.</summary>
    public CostMatrixInput? CostMatrix { get; init; }

    /// <summary>
    /// True when the weights already leave out what existing sites serve; false (default) counts demand within
    /// reach of an existing site as served in the coverage models.
    /// </summary>
    public bool WeightsNetOfExisting { get; init; }
}

public sealed record ProblemDemandInput
{
    [Required] public string? Id { get; init; }
    [Required] public double? Weight { get; init; }
    /// <summary>托位 the capacitated model assigns, when the weight is in another unit.</summary>
    public double? RequiredPlaces { get; init; }
    public double? Lon { get; init; }
    public double? Lat { get; init; }
}

public sealed record ProblemSiteInput
{
    [Required] public string? Id { get; init; }
    public string? Name { get; init; }
    public double? Lon { get; init; }
    public double? Lat { get; init; }
    public double? Capacity { get; init; }
}

public sealed record CostMatrixInput
{
    public IReadOnlyList<IReadOnlyList<double?>>? ToCandidates { get; init; }
    public IReadOnlyList<IReadOnlyList<double?>>? ToExisting { get; init; }
}

/// <summary>A siting run's answer; also what a saved scenario reopens to.</summary>
public sealed record SitingRunResult
{
    /// <summary>The saved scenario's id.</summary>
    public long? Id { get; init; }
    public required string Name { get; init; }
    public string? District { get; init; }
    public SitingModelKind Model { get; init; }
    public int? P { get; init; }
    public double RadiusM { get; init; }
    /// <summary>"metres" (ground distance), "network_metres" (on the walking network) or "matrix" (the caller's cost unit).</summary>
    public required string CostUnit { get; init; }

    /// <summary>District runs: the distance measured (network or ground), the network's version and the places off it. Null in older scenarios.</summary>
    public DistanceOut? Distance { get; init; }
    public required string Solver { get; init; }
    public SitingMethod Method { get; init; }
    public SitingStatus Status { get; init; }
    /// <summary>mclp: unmet 托位 newly covered; capacitated: 托位 served; lscp: sites; p_median: Σ weight × cost.</summary>
    public double Objective { get; init; }
    public double? Bound { get; init; }
    public double? Gap { get; init; }
    public bool Optimal { get; init; }
    public long TimeMs { get; init; }
    public int Candidates { get; init; }
    public required SiteCollection Sites { get; init; }
    public required SitingCoverage CoverageBefore { get; init; }
    public required SitingCoverage CoverageAfter { get; init; }
    /// <summary>Demand no candidate and no existing site reaches (left out of the objective).</summary>
    public IReadOnlyList<string> UnreachableDemand { get; init; } = [];
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>The chosen sites as a GeoJSON FeatureCollection (geometry null when the problem had only a cost matrix).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record SiteCollection(IReadOnlyList<GeoFeature<SiteProperties>> Features)
{
    [JsonPropertyOrder(-1)]
    public string Type => "FeatureCollection";
}

/// <param name="Source">parcel, point, grid or problem.</param>
/// <param name="ServedDemand">Demand assigned to the site (托位 in the capacitated model, the weight otherwise).</param>
/// <param name="Capacity">托位 the new site offers.</param>
public sealed record SiteProperties(string CandidateId, string Name, string Source, string? ParcelCode, double ServedDemand,
    int DemandPointsServed, double? Capacity)
{
    /// <summary>
    /// The demand points the solver assigned to the site (residential area ids in a district run, the problem's
    /// demand ids otherwise), in the problem's order; in the capacitated model a point split between sites is listed
    /// under the one serving most of it. Empty in scenarios saved before the field existed.
    /// </summary>
    public IReadOnlyList<string> ServedDemandIds { get; init; } = [];
}

/// <summary>
/// Coverage totals. District runs: 2SFCA over the residential areas (basis "2sfca"), the new sites added to the
/// operating institutions. Self-contained problems: demand weight within reach of a site (basis "reach").
/// </summary>
public sealed record SitingCoverage
{
    public required string Basis { get; init; }
    public int DemandPoints { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Population { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? RequiredSlots { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? AccessibleSlots { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? AccessiblePerThousand { get; init; }
    /// <summary>Unmet 托位: Σ over areas of max(0, required − accessible).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Gap { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? AreasWithGap { get; init; }
    /// <summary>Areas with no 托位 within reach.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? UnservedAreas { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Institutions { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? ApprovedSlots { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Demand { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? CoveredDemand { get; init; }
}

/// <summary>202 answer of a background run.</summary>
public sealed record SitingJobAccepted(Guid JobId, string StatusUrl);

public enum SitingJobStatus { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>GET /api/analysis/siting/jobs/{id}.</summary>
/// <param name="Result">The result, with its scenario id, once succeeded.</param>
/// <param name="CancelRequested">Cancellation asked for; the status turns to cancelled unless the run had already been saved.</param>
public sealed record SitingJobView(Guid JobId, SitingJobStatus Status, SitingJobProgress? Progress, bool CancelRequested,
    string? Error, SitingRunResult? Result, DateTimeOffset SubmittedAt, DateTimeOffset? FinishedAt);

/// <param name="Stage">network, greedy, swap, exact, coverage, saving or done.</param>
/// <param name="Fraction">Elapsed share of the time limit (the solve may end sooner).</param>
public sealed record SitingJobProgress(string Stage, int SitesChosen, double? Objective, long ElapsedMs, double Fraction);

/// <summary>A scenario in a list.</summary>
public sealed record ScenarioSummary(long Id, string Name, string? District, SitingModelKind Model, string Solver,
    double Objective, double? Gap, bool Optimal, int SiteCount, double? GapBefore, double? GapAfter, long TimeMs,
    DateTimeOffset CreatedAt);

public sealed record ScenarioList(IReadOnlyList<ScenarioSummary> Scenarios, int Total, int Page, int PageSize);

/// <summary>Two scenarios side by side: their results, the sites they share and the differences b − a.</summary>
public sealed record ScenarioComparison(SitingRunResult A, SitingRunResult B, IReadOnlyList<string> CommonSites,
    IReadOnlyList<string> OnlyInA, IReadOnlyList<string> OnlyInB, bool SameModel, ScenarioDifference Difference);

/// <param name="Objective">b − a (comparable only when the models and parameters agree).</param>
/// <param name="GapAfter">b − a of the unmet 托位 after the new sites (district runs).</param>
public sealed record ScenarioDifference(double Objective, int Sites, double? GapAfter, double? AccessibleSlotsAfter, double? CoveredDemandAfter);
