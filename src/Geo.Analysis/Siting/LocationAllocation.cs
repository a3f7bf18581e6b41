using System.Collections.Concurrent;
using System.Diagnostics;

namespace Geo.Analysis.Siting;

/// <summary>
/// Location-allocation for new childcare sites: maximal covering (MCLP), capacitated coverage, set covering
/// (LSCP) and p-median, each solved exactly (SCIP MIP, optimality proved or bound and gap reported) or by a
/// fast heuristic (lazy greedy + swap), always on top of the sites that already exist.
/// </summary>
/// <remarks>
/// <para>Costs are ground metres (<see cref="Spatial.GroundDistance"/>, STR-tree prefilter) or the caller's
/// matrix; a site reaches a demand point when cost ≤ radius (inclusive). The sparse reach structure is built
/// once per radius and reused by every request on the same instance.</para>
/// <para>Guarantees: chosen sites are always candidates; every method reports the objective of its solution as
/// computed by one shared evaluation (so a heuristic never claims more than it achieves); the exact method
/// never returns a worse solution than the heuristic, which warm-starts it; the heuristic's MCLP bound is the
/// submodular online bound, valid for the optimum.</para>
/// <para>Thread safety: an instance can serve concurrent requests.</para>
/// </remarks>
public sealed class LocationAllocation
{
    private readonly SitingProblem _problem;
    private readonly ConcurrentDictionary<double, Lazy<SitingNetwork>> _networks = new();

    /// <exception cref="ArgumentException">The problem is inconsistent (ids, coordinates, weights, matrix shape).</exception>
    public LocationAllocation(SitingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Validate(problem);
        _problem = problem;
    }

    public SitingProblem Problem => _problem;

    /// <summary>Solves one request on a problem; see the instance method.</summary>
    public static SitingResult Solve(SitingProblem problem, SitingRequest request,
        IProgress<SitingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new LocationAllocation(problem).Solve(request, progress, cancellationToken);

    /// <summary>
    /// Solves <paramref name="request"/>. Cancellation does not throw: the result has status
    /// <see cref="SitingStatus.Cancelled"/> and the best solution found until then (possibly none).
    /// </summary>
    /// <exception cref="ArgumentException">The request is invalid (radius, p, capacities, costs).</exception>
    public SitingResult Solve(SitingRequest request, IProgress<SitingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var run = new RunContext(Stopwatch.StartNew(), request.TimeLimit, progress, cancellationToken);
        SitingNetwork network;
        try
        {
            run.Report("network", 0, null);
            network = _networks.GetOrAdd(request.ServiceRadius,
                r => new Lazy<SitingNetwork>(() => SitingNetwork.Build(_problem, r, cancellationToken))).Value;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _networks.TryRemove(request.ServiceRadius, out _);
            return new SitingResult(request.Model, request.Method, SitingStatus.Cancelled, double.NaN, null, null,
                "none", run.Clock.Elapsed, [], [], []);
        }

        var instance = new SitingInstance(_problem, network, request);
        // Before an exact solve the heuristic only warm-starts it: a tenth of the time at most.
        var heuristicRun = request.Method == SitingMethod.Exact
            ? new RunContext(run.Clock, request.TimeLimit / 10, progress, cancellationToken)
            : run;
        var heuristic = request.Model switch
        {
            SitingModel.MaximalCovering => MaximalCoveringHeuristic.Solve(instance, heuristicRun),
            SitingModel.CapacitatedCoverage => CapacitatedCoverageHeuristic.Solve(instance, heuristicRun),
            SitingModel.SetCovering => SetCoveringHeuristic.Solve(instance, heuristicRun),
            _ => PMedianHeuristic.Solve(instance, heuristicRun),
        };
        var solution = SitingEvaluation.Evaluate(instance, heuristic.Chosen);
        var eps = instance.Epsilon;

        string solverName;
        SitingStatus status;
        double? bound;
        if (request.Method == SitingMethod.Heuristic)
        {
            solverName = request.Model == SitingModel.SetCovering ? "lazy-greedy+redundancy" : "lazy-greedy+swap";
            bound = heuristic.Bound;
            status = heuristic.Cancelled ? SitingStatus.Cancelled
                : bound is { } b && !instance.IsBetter(b, solution.Objective, eps) ? SitingStatus.Optimal
                : SitingStatus.Feasible;
        }
        else
        {
            solverName = ExactSiting.SolverName;
            var boundMet = heuristic.Bound is { } hb && !heuristic.Cancelled && !instance.IsBetter(hb, solution.Objective, eps);
            if (boundMet)
            {
                // The heuristic's own bound already proves its solution optimal: nothing left for the MIP to do.
                solverName = $"{ExactSiting.SolverName} (not run: heuristic met its bound)";
            }
            var exact = heuristic.Cancelled ? new ExactOutcome(null, null, false, true)
                : boundMet ? new ExactOutcome(null, heuristic.Bound, true, false)
                : ExactSiting.Solve(instance, heuristic.Chosen, run);
            if (exact.Chosen is { } chosen)
            {
                var candidate = SitingEvaluation.Evaluate(instance, chosen);
                if (instance.IsBetter(candidate.Objective, solution.Objective, eps) || exact.ProvedOptimal)
                {
                    solution = candidate;
                }
            }
            bound = exact.Bound;
            status = exact.Cancelled ? SitingStatus.Cancelled
                : exact.ProvedOptimal ? SitingStatus.Optimal
                : SitingStatus.Feasible;
        }

        // A SetCovering run that stopped early may leave required points uncovered: not a cover.
        if (request.Model == SitingModel.SetCovering && status != SitingStatus.Cancelled &&
            solution.Demand.Where((d, i) => instance.Weight[i] > 0).Any(d => !d.Covered))
        {
            status = SitingStatus.NoSolution;
        }
        double? gap = bound is { } bb ? Math.Abs(bb - solution.Objective) / Math.Max(Math.Abs(solution.Objective), 1) : null;
        var unreachable = Enumerable.Range(0, network.DemandCount).Where(i => instance.Unreachable[i]).Select(i => _problem.Demand[i].Id).ToList();
        run.Report("done", solution.Sites.Count, solution.Objective);
        return new SitingResult(request.Model, request.Method, status, solution.Objective, bound, gap, solverName,
            run.Clock.Elapsed, solution.Sites, solution.Demand, unreachable);
    }

    private static void Validate(SitingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem.Demand);
        ArgumentNullException.ThrowIfNull(problem.Candidates);
        ArgumentNullException.ThrowIfNull(problem.Existing);
        RequireUnique(problem.Demand.Select(d => d.Id), "demand point");
        RequireUnique(problem.Candidates.Select(c => c.Id).Concat(problem.Existing.Select(e => e.Id)), "site");
        foreach (var d in problem.Demand)
        {
            if (!double.IsFinite(d.Weight) || d.Weight < 0 || d.RequiredPlaces is < 0 or double.NaN or double.PositiveInfinity)
            {
                throw new ArgumentException($"Demand point '{d.Id}' has weight {d.Weight} / required places {d.RequiredPlaces}; both must be finite and ≥ 0.", nameof(problem));
            }
        }
        foreach (var c in problem.Candidates)
        {
            if (c.Capacity is < 0 or double.NaN)
            {
                throw new ArgumentException($"Candidate site '{c.Id}' has capacity {c.Capacity}; it must be ≥ 0.", nameof(problem));
            }
        }
        if (problem.Costs is { } m)
        {
            if (m.ToCandidates.GetLength(0) != problem.Demand.Count || m.ToCandidates.GetLength(1) != problem.Candidates.Count)
            {
                throw new ArgumentException($"The cost matrix to candidates is {m.ToCandidates.GetLength(0)}×{m.ToCandidates.GetLength(1)}; it must be demand × candidates = {problem.Demand.Count}×{problem.Candidates.Count}.", nameof(problem));
            }
            var existingRows = m.ToExisting?.GetLength(0) ?? problem.Demand.Count;
            var existingColumns = m.ToExisting?.GetLength(1) ?? 0;
            if (existingRows != problem.Demand.Count || existingColumns != problem.Existing.Count)
            {
                throw new ArgumentException($"The cost matrix to existing sites must be demand × existing = {problem.Demand.Count}×{problem.Existing.Count}.", nameof(problem));
            }
        }
        else if (problem.Demand.Select(d => (d.Lon, d.Lat)).Concat(problem.Candidates.Select(c => (c.Lon, c.Lat)))
                 .Concat(problem.Existing.Select(e => (e.Lon, e.Lat))).Any(p => !(Math.Abs(p.Lon) <= 180 && Math.Abs(p.Lat) <= 90)))
        {
            throw new ArgumentException("Every point needs a WGS-84 longitude in [−180, 180] and latitude in [−90, 90].", nameof(problem));
        }
    }

    private static void Validate(SitingRequest request)
    {
        if (!(request.ServiceRadius >= 0) || !double.IsFinite(request.ServiceRadius))
        {
            throw new ArgumentException($"Service radius {request.ServiceRadius} must be finite and ≥ 0.", nameof(request));
        }
        if (request.Model != SitingModel.SetCovering && request.NewSites < 1)
        {
            throw new ArgumentException($"NewSites (p) is {request.NewSites}; {request.Model} needs at least 1.", nameof(request));
        }
        if (request.DefaultCapacity is < 0 or double.NaN)
        {
            throw new ArgumentException($"Default capacity {request.DefaultCapacity} must be ≥ 0.", nameof(request));
        }
        if (request.UnservedCost is { } u && !(u >= request.ServiceRadius && double.IsFinite(u)))
        {
            throw new ArgumentException($"Unserved cost {u} must be finite and at least the service radius {request.ServiceRadius}.", nameof(request));
        }
        if (request.TimeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentException("Time limit must be positive.", nameof(request));
        }
    }

    private static void RequireUnique(IEnumerable<string> ids, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (string.IsNullOrEmpty(id) || !seen.Add(id))
            {
                throw new ArgumentException($"Every {what} needs a unique, non-empty id; '{id}' is empty or repeated.");
            }
        }
    }
}
