namespace Geo.Analysis.Siting;

/// <summary>How a solve ended.</summary>
public enum SitingStatus
{
    /// <summary>Optimality proved (within the gap tolerance).</summary>
    Optimal,

    /// <summary>A feasible solution without proof of optimality (heuristic, or the time limit was reached).</summary>
    Feasible,

    /// <summary>Cancelled by the caller; the result holds the best solution found until then, possibly none.</summary>
    Cancelled,

    /// <summary>No solution was found (the exact solver stopped before finding one).</summary>
    NoSolution,
}

/// <summary>The result of a siting run.</summary>
/// <param name="Objective">
/// MCLP: weight newly covered. Capacitated: 托位 served. LSCP: number of new sites. p-median: Σ weight × cost
/// over reachable demand (unserved points at <see cref="SitingRequest.UnservedCost"/>).
/// </param>
/// <param name="BestBound">Best proved bound on the optimum (upper when maximising, lower when minimising), when known.</param>
/// <param name="Gap">|bound − objective| / max(|objective|, 1), when a bound is known.</param>
/// <param name="Solver">Solver name, e.g. "SCIP" or "lazy-greedy+swap".</param>
/// <param name="ChosenSites">New sites to open, all among the candidates, in order of choice.</param>
/// <param name="Demand">One outcome per demand point, in the problem's order.</param>
/// <param name="UnreachableDemandIds">Demand points with positive weight that no candidate and no existing site reaches; excluded from the objective.</param>
public sealed record SitingResult(
    SitingModel Model,
    SitingMethod Method,
    SitingStatus Status,
    double Objective,
    double? BestBound,
    double? Gap,
    string Solver,
    TimeSpan WallTime,
    IReadOnlyList<ChosenSite> ChosenSites,
    IReadOnlyList<DemandOutcome> Demand,
    IReadOnlyList<string> UnreachableDemandIds)
{
    public bool ProvedOptimal => Status == SitingStatus.Optimal;
}

/// <summary>A new site chosen, and the demand it serves.</summary>
/// <param name="CandidateIndex">Index in <see cref="SitingProblem.Candidates"/>.</param>
/// <param name="ServedWeight">Demand weight (托位 in the capacitated model) assigned to it.</param>
/// <param name="DemandPointsServed">Demand points assigned to it (fully or in part).</param>
/// <param name="Capacity">Its capacity in the capacitated model; null otherwise or when unlimited.</param>
public sealed record ChosenSite(string SiteId, int CandidateIndex, double ServedWeight, int DemandPointsServed, double? Capacity);

/// <summary>What became of one demand point.</summary>
/// <param name="Covered">Covered / assigned by a new site (or by an existing one, see <paramref name="ServedByExisting"/>).</param>
/// <param name="SiteId">The site it is assigned to (the nearest open one; in the capacitated model the one serving most of it).</param>
/// <param name="Cost">Cost (metres, or matrix unit) to that site.</param>
/// <param name="Served">Weight served (托位 in the capacitated model).</param>
public sealed record DemandOutcome(string DemandId, bool Covered, bool ServedByExisting, string? SiteId, double? Cost, double Served);

/// <summary>Progress of a long run, for a background job to show.</summary>
/// <param name="Stage">"network", "greedy", "swap", "exact" or "done".</param>
/// <param name="SitesChosen">Sites in the current solution.</param>
/// <param name="Objective">Objective of the current solution, when there is one.</param>
public sealed record SitingProgress(string Stage, int SitesChosen, double? Objective, TimeSpan Elapsed);
