namespace Geo.Analysis.Siting;

/// <summary>The location-allocation model to solve.</summary>
public enum SitingModel
{
    /// <summary>MCLP: open at most p new sites to maximise the demand weight newly covered.</summary>
    MaximalCovering,

    /// <summary>Open at most p new sites, each with a capacity; assign covered demand up to capacity; maximise 托位 served.</summary>
    CapacitatedCoverage,

    /// <summary>LSCP: the fewest new sites so that every reachable demand point with positive weight is covered.</summary>
    SetCovering,

    /// <summary>p-median: open at most p new sites to minimise demand-weighted cost to the nearest open site, existing included.</summary>
    PMedian,
}

/// <summary>How to solve: prove optimality, or answer fast.</summary>
public enum SitingMethod
{
    /// <summary>Mixed-integer programme solved by SCIP (OR-Tools), warm-started by the heuristic, within the time limit.</summary>
    Exact,

    /// <summary>Lazy greedy (CELF) followed by swap (interchange) improvement within the time limit.</summary>
    Heuristic,
}

/// <summary>What to solve, and within what limits.</summary>
/// <param name="ServiceRadius">
/// Coverage is inclusive: a site covers a demand point when cost ≤ radius. In metres for ground distance, in
/// the matrix's unit otherwise. For p-median it is the reach beyond which a site cannot serve a point.
/// </param>
/// <param name="NewSites">p, the most new sites to open (ignored by set covering). Sites that would serve nothing are not opened.</param>
public sealed record SitingRequest(SitingModel Model, SitingMethod Method, double ServiceRadius, int NewSites = 0)
{
    /// <summary>Capacitated model: 托位 of a candidate that states none; null means unlimited.</summary>
    public double? DefaultCapacity { get; init; }

    /// <summary>
    /// Coverage models: treat demand within the radius of an existing site as already served. Leave false when
    /// weights are already net of existing supply (the usual case); set it when weights are gross.
    /// </summary>
    public bool ExistingSitesCover { get; init; }

    /// <summary>
    /// p-median: cost per unit weight of a point that no open site reaches (within the radius); null means the
    /// radius itself, so the objective is the weighted distance capped at the radius.
    /// </summary>
    public double? UnservedCost { get; init; }

    /// <summary>Wall-clock limit for the exact solver, and the budget of the heuristic's improvement phase.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Exact solver: stop when (bound − objective) / objective falls below this.</summary>
    public double RelativeGapTolerance { get; init; } = 1e-6;
}
