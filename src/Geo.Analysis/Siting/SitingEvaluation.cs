using Google.OrTools.LinearSolver;

namespace Geo.Analysis.Siting;

/// <summary>An evaluated set of new sites: the objective, and who serves whom.</summary>
internal sealed record SitingSolution(double Objective, IReadOnlyList<ChosenSite> Sites, IReadOnlyList<DemandOutcome> Demand);

/// <summary>
/// The one objective function of every method: given the new sites, assign each demand point to the nearest
/// open site (capacitated: an optimal assignment by linear programming, nearest first among optimal ones) and
/// add up. Sites that end up serving nothing are not opened.
/// </summary>
internal static class SitingEvaluation
{
    public static SitingSolution Evaluate(SitingInstance instance, IReadOnlyList<int> chosen) =>
        instance.Model == SitingModel.CapacitatedCoverage ? EvaluateCapacitated(instance, chosen) : EvaluateNearest(instance, chosen);

    private static SitingSolution EvaluateNearest(SitingInstance instance, IReadOnlyList<int> chosen)
    {
        var net = instance.Network;
        var problem = instance.Problem;
        var open = new bool[net.CandidateCount];
        foreach (var j in chosen)
        {
            open[j] = true;
        }
        var served = new double[net.CandidateCount];
        var count = new int[net.CandidateCount];
        var outcomes = new DemandOutcome[net.DemandCount];
        var objective = 0.0;
        var pMedian = instance.Model == SitingModel.PMedian;
        for (var i = 0; i < net.DemandCount; i++)
        {
            var id = problem.Demand[i].Id;
            var w = instance.Weight[i];
            var site = -1;
            var cost = double.PositiveInfinity;
            for (var a = net.DemandStart[i]; a < net.DemandStart[i + 1]; a++)
            {
                if (open[net.DemandSite[a]])
                {
                    site = net.DemandSite[a];
                    cost = net.DemandCost[a];
                    break;
                }
            }
            var existing = net.ExistingNearest[i];
            if (pMedian)
            {
                if (instance.Unreachable[i] || (site < 0 && existing < 0 && w <= 0))
                {
                    outcomes[i] = new DemandOutcome(id, false, false, null, null, 0);
                    continue;
                }
                // Ties go to the existing site: a new one is only credited with demand it draws away.
                if (existing >= 0 && (site < 0 || net.ExistingCost[i] <= cost))
                {
                    objective += w * net.ExistingCost[i];
                    outcomes[i] = new DemandOutcome(id, true, true, problem.Existing[existing].Id, net.ExistingCost[i], w);
                }
                else if (site >= 0)
                {
                    objective += w * cost;
                    served[site] += w;
                    count[site]++;
                    outcomes[i] = new DemandOutcome(id, true, false, problem.Candidates[site].Id, cost, w);
                }
                else
                {
                    objective += w * instance.BaseCost[i];
                    outcomes[i] = new DemandOutcome(id, false, false, null, null, 0);
                }
                continue;
            }

            if (w <= 0)
            {
                // Not counted: zero weight, nothing reaches it, or (when asked) an existing site covers it already.
                var byExisting = instance.Request.ExistingSitesCover && existing >= 0;
                outcomes[i] = byExisting
                    ? new DemandOutcome(id, true, true, problem.Existing[existing].Id, net.ExistingCost[i], 0)
                    : new DemandOutcome(id, site >= 0, false, site >= 0 ? problem.Candidates[site].Id : null, site >= 0 ? cost : null, 0);
                continue;
            }
            if (site >= 0)
            {
                objective += w;
                served[site] += w;
                count[site]++;
                outcomes[i] = new DemandOutcome(id, true, false, problem.Candidates[site].Id, cost, w);
            }
            else
            {
                outcomes[i] = new DemandOutcome(id, false, false, null, null, 0);
            }
        }

        var sites = new List<ChosenSite>();
        foreach (var j in chosen)
        {
            if (count[j] > 0)
            {
                sites.Add(new ChosenSite(problem.Candidates[j].Id, j, served[j], count[j], null));
            }
        }
        if (instance.Model == SitingModel.SetCovering)
        {
            objective = sites.Count;
        }
        return new SitingSolution(objective, sites, outcomes);
    }

    private static SitingSolution EvaluateCapacitated(SitingInstance instance, IReadOnlyList<int> chosen)
    {
        var net = instance.Network;
        var problem = instance.Problem;
        var flows = OptimalAssignment(instance, chosen);
        var servedBySite = new double[net.CandidateCount];
        var countBySite = new int[net.CandidateCount];
        var servedByDemand = new double[net.DemandCount];
        var largest = new (double Flow, int Site, double Cost)[net.DemandCount];
        foreach (var (i, j, cost, flow) in flows)
        {
            servedBySite[j] += flow;
            countBySite[j]++;
            servedByDemand[i] += flow;
            if (flow > largest[i].Flow)
            {
                largest[i] = (flow, j, cost);
            }
        }
        var outcomes = new DemandOutcome[net.DemandCount];
        var objective = 0.0;
        for (var i = 0; i < net.DemandCount; i++)
        {
            var id = problem.Demand[i].Id;
            var existing = net.ExistingNearest[i];
            if (servedByDemand[i] > 0)
            {
                objective += servedByDemand[i];
                var (_, site, cost) = largest[i];
                outcomes[i] = new DemandOutcome(id, true, false, problem.Candidates[site].Id, cost, servedByDemand[i]);
            }
            else if (instance.Request.ExistingSitesCover && existing >= 0)
            {
                outcomes[i] = new DemandOutcome(id, true, true, problem.Existing[existing].Id, net.ExistingCost[i], 0);
            }
            else
            {
                outcomes[i] = new DemandOutcome(id, false, false, null, null, 0);
            }
        }
        var sites = new List<ChosenSite>();
        foreach (var j in chosen)
        {
            if (countBySite[j] > 0)
            {
                var capacity = instance.Capacity[j];
                sites.Add(new ChosenSite(problem.Candidates[j].Id, j, servedBySite[j], countBySite[j],
                    double.IsFinite(capacity) ? capacity : null));
            }
        }
        return new SitingSolution(objective, sites, outcomes);
    }

    /// <summary>
    /// Maximum 托位 the open sites can serve (a transportation problem), then, among maximal assignments, the
    /// one with the least 托位 × cost, so that demand goes to near sites. Linear programming (GLOP).
    /// </summary>
    private static List<(int Demand, int Site, double Cost, double Flow)> OptimalAssignment(SitingInstance instance, IReadOnlyList<int> chosen)
    {
        var net = instance.Network;
        var result = new List<(int, int, double, double)>();
        if (chosen.Count == 0)
        {
            return result;
        }
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP is not available.");
        var siteRows = new Dictionary<int, Constraint>();
        foreach (var j in chosen)
        {
            if (double.IsFinite(instance.Capacity[j]))
            {
                siteRows[j] = solver.MakeConstraint(double.NegativeInfinity, instance.Capacity[j]);
            }
        }
        var open = chosen.ToHashSet();
        var arcs = new List<(int I, int J, double Cost, Variable X)>();
        for (var i = 0; i < net.DemandCount; i++)
        {
            var q = instance.Weight[i];
            if (q <= 0)
            {
                continue;
            }
            Constraint? demandRow = null;
            for (var a = net.DemandStart[i]; a < net.DemandStart[i + 1]; a++)
            {
                var j = net.DemandSite[a];
                if (!open.Contains(j))
                {
                    continue;
                }
                demandRow ??= solver.MakeConstraint(double.NegativeInfinity, q);
                var x = solver.MakeNumVar(0, q, "");
                demandRow.SetCoefficient(x, 1);
                if (siteRows.TryGetValue(j, out var row))
                {
                    row.SetCoefficient(x, 1);
                }
                arcs.Add((i, j, net.DemandCost[a], x));
            }
        }
        if (arcs.Count == 0)
        {
            return result;
        }
        var objective = solver.Objective();
        foreach (var arc in arcs)
        {
            objective.SetCoefficient(arc.X, 1);
        }
        objective.SetMaximization();
        if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException("The capacitated assignment LP did not solve.");
        }
        var maximum = objective.Value();

        var keep = solver.MakeConstraint(maximum - (1e-9 * Math.Max(1, maximum)), double.PositiveInfinity);
        foreach (var arc in arcs)
        {
            keep.SetCoefficient(arc.X, 1);
            objective.SetCoefficient(arc.X, arc.Cost);
        }
        objective.SetMinimization();
        var second = solver.Solve() == Solver.ResultStatus.OPTIMAL;
        if (!second)
        {
            // Fall back to the first, still maximal, assignment.
            foreach (var arc in arcs)
            {
                objective.SetCoefficient(arc.X, 1);
            }
            objective.SetMaximization();
            keep.SetLb(double.NegativeInfinity);
            solver.Solve();
        }
        // The LP is feasible to a tolerance; trim so that no site serves above capacity and no point above its demand.
        var bySite = new Dictionary<int, double>();
        var byDemand = new Dictionary<int, double>();
        var flows = new double[arcs.Count];
        for (var k = 0; k < arcs.Count; k++)
        {
            flows[k] = Math.Max(0, arcs[k].X.SolutionValue());
            bySite[arcs[k].J] = bySite.GetValueOrDefault(arcs[k].J) + flows[k];
            byDemand[arcs[k].I] = byDemand.GetValueOrDefault(arcs[k].I) + flows[k];
        }
        for (var k = 0; k < arcs.Count; k++)
        {
            var (i, j, cost, _) = arcs[k];
            var flow = flows[k];
            flow *= Math.Min(1, instance.Capacity[j] / bySite[j]);
            flow *= Math.Min(1, instance.Weight[i] / byDemand[i]);
            if (flow > 1e-9)
            {
                result.Add((i, j, cost, flow));
            }
        }
        return result;
    }
}
