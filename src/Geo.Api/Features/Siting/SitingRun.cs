using Geo.Analysis.Coverage;
using Geo.Analysis.Siting;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Siting;

/// <summary>A run that ended without a usable result (no solution within the time limit).</summary>
internal sealed class SitingFailedException(string message) : Exception(message);

/// <summary>
/// Solves a plan and states the result: the chosen sites as GeoJSON, the solver's figures, and coverage
/// before and after (for a district, 2SFCA recomputed with the new sites added to the existing institutions).
/// </summary>
internal static class SitingRun
{
    /// <exception cref="OperationCanceledException">The run was cancelled; nothing is kept.</exception>
    /// <exception cref="SitingFailedException">The solver found no solution within the time limit.</exception>
    public static SitingRunResult Execute(SitingPlan plan, IProgress<SitingProgress>? progress, CancellationToken cancellationToken)
    {
        var solved = plan.Solver.Solve(plan.Request, progress, cancellationToken);
        if (solved.Status == SitingStatus.Cancelled)
        {
            throw new OperationCanceledException("The siting run was cancelled.", cancellationToken);
        }

        if (solved.Status == SitingStatus.NoSolution)
        {
            throw new SitingFailedException(plan.Model == Data.Entities.SitingModelKind.Lscp
                ? $"No set of sites covering every reachable area was found within {plan.Request.TimeLimit.TotalSeconds} s: allow more time_limit_s or use solver = heuristic."
                : $"No solution was found within {plan.Request.TimeLimit.TotalSeconds} s: allow more time_limit_s or use solver = heuristic.");
        }

        progress?.Report(new SitingProgress("coverage", solved.ChosenSites.Count, solved.Objective, solved.WallTime));
        var chosen = solved.ChosenSites.Select(s => plan.Candidates[s.CandidateIndex]).ToList();
        var (before, after) = plan.District is { } district ? DistrictCoverage(district, chosen) : Reach(plan, solved);
        var servedBy = ServedDemand(solved);
        var features = solved.ChosenSites.Select(s =>
        {
            var c = plan.Candidates[s.CandidateIndex];
            return new GeoFeature<SiteProperties>(c.Id, c.Location,
                new SiteProperties(c.Id, c.Name, c.Source, c.ParcelCode, Math.Round(s.ServedWeight, 3), s.DemandPointsServed,
                    s.Capacity ?? c.Capacity ?? plan.Request.DefaultCapacity) { ServedDemandIds = [.. servedBy[s.SiteId]] });
        }).ToList();

        return new SitingRunResult
        {
            Name = plan.Name,
            District = plan.District?.Code,
            Model = plan.Model,
            P = plan.P,
            RadiusM = plan.Request.ServiceRadius,
            CostUnit = plan.FromMatrix ? "matrix" : plan.District?.Distance.Measure == DistanceMeasure.Network ? "network_metres" : "metres",
            Distance = plan.District is { } d ? d.Distance.Describe(d.OffNetwork, plan.Request.ServiceRadius) : null,
            Solver = solved.Solver,
            Method = solved.Method,
            Status = solved.Status,
            Objective = solved.Objective,
            Bound = Finite(solved.BestBound),
            Gap = Finite(solved.Gap),
            Optimal = solved.ProvedOptimal,
            TimeMs = (long)solved.WallTime.TotalMilliseconds,
            Candidates = plan.Candidates.Count,
            Sites = new SiteCollection(features),
            CoverageBefore = before,
            CoverageAfter = after,
            UnreachableDemand = solved.UnreachableDemandIds,
        };
    }

    /// <summary>
    /// The demand each new site serves, as the solver assigned it: a point with positive served weight goes to its
    /// site (in the capacitated model, to the site serving most of it); points an existing site serves go nowhere.
    /// </summary>
    private static ILookup<string, string> ServedDemand(SitingResult solved) =>
        solved.Demand.Where(d => d is { SiteId: not null, ServedByExisting: false, Served: > 0 })
            .ToLookup(d => d.SiteId!, d => d.DemandId, StringComparer.Ordinal);

    /// <summary>JSON has no NaN or infinity: a bound the solver could not state is absent.</summary>
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>2SFCA before and after: each new site opens as an operating institution with its capacity in 托位.</summary>
    private static (SitingCoverage Before, SitingCoverage After) DistrictCoverage(DistrictDemand district, List<CandidateInfo> chosen)
    {
        var added = chosen.Select(c => new CareProvider($"new:{c.Id}", c.Location!, (int)Math.Round(c.Capacity ?? SitingPlanner.DefaultCapacity),
            ProviderTraits.Operating | ProviderTraits.Filed));
        return (Totals(district.Baseline), Totals(district.With(added)));

        static SitingCoverage Totals(CoverageResult r) => new()
        {
            Basis = "2sfca",
            DemandPoints = r.Areas.Count,
            Population = r.TotalPopulation,
            RequiredSlots = Math.Round(r.TotalRequiredSlots, 3),
            AccessibleSlots = Math.Round(r.TotalAccessibleSlots, 3),
            AccessiblePerThousand = r.TotalPopulation > 0 ? Math.Round(r.TotalAccessibleSlots / r.TotalPopulation * 1000, 3) : 0,
            Gap = Math.Round(r.TotalGap, 3),
            AreasWithGap = r.Areas.Count(a => a.Gap > 0),
            UnservedAreas = r.Areas.Count(a => a.Class == CoverageClass.Unserved),
            Institutions = r.Institutions.Count,
            ApprovedSlots = r.TotalApprovedSlots,
        };
    }

    /// <summary>Self-contained problems: demand weight within the radius of an existing site, then of an existing or new one.</summary>
    private static (SitingCoverage Before, SitingCoverage After) Reach(SitingPlan plan, SitingResult solved)
    {
        var reach = ReachCoverage.Compute(plan.Solver.Problem, plan.Request.ServiceRadius,
            solved.ChosenSites.Select(s => s.CandidateIndex));
        return (Totals(reach.CoveredBefore), Totals(reach.CoveredAfter));

        SitingCoverage Totals(double covered) => new()
        {
            Basis = "reach",
            DemandPoints = reach.DemandPoints,
            Demand = reach.Demand,
            CoveredDemand = covered,
        };
    }
}
