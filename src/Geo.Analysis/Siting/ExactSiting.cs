using Google.OrTools.LinearSolver;

namespace Geo.Analysis.Siting;

/// <summary>What the exact solver found, and what it proved.</summary>
internal sealed record ExactOutcome(List<int>? Chosen, double? Bound, bool ProvedOptimal, bool Cancelled);

/// <summary>
/// The models as mixed-integer programmes, solved by SCIP through OR-Tools, warm-started with the heuristic
/// solution and stopped by the time limit or the caller's token. y_j = 1 opens candidate j.
/// <list type="bullet">
/// <item>MCLP: max Σ w_i z_i, z_i ≤ Σ_{j reaches i} y_j, z_i ∈ [0,1], Σ y_j ≤ p.</item>
/// <item>Capacitated: max Σ x_ij, Σ_j x_ij ≤ q_i, Σ_i x_ij ≤ C_j y_j, x_ij ≤ q_i y_j, Σ y_j ≤ p.</item>
/// <item>LSCP: min Σ y_j, Σ_{j reaches i} y_j ≥ 1 for every required point.</item>
/// <item>p-median (savings form, existing sites fixed open): min Σ w_i b_i − Σ w_i (b_i − d_ij) x_ij,
/// Σ_j x_ij ≤ 1, x_ij ≤ y_j, Σ y_j ≤ p, over pairs with d_ij &lt; b_i, b_i = cost to the nearest existing site or
/// the unserved cost.</item>
/// </list>
/// </summary>
internal static class ExactSiting
{
    public const string SolverName = "SCIP";

    public static ExactOutcome Solve(SitingInstance instance, IReadOnlyList<int> hint, RunContext run)
    {
        using var solver = Solver.CreateSolver(SolverName) ?? throw new InvalidOperationException("OR-Tools SCIP is not available.");
        var net = instance.Network;
        var w = instance.Weight;
        var hinted = hint.ToHashSet();
        var hintVars = new List<Variable>();
        var hintValues = new List<double>();
        void Hint(Variable v, double value)
        {
            hintVars.Add(v);
            hintValues.Add(value);
        }

        // Only candidates that can serve something get a variable.
        var y = new Variable?[net.CandidateCount];
        for (var j = 0; j < net.CandidateCount; j++)
        {
            var useful = false;
            for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1] && !useful; a++)
            {
                var i = net.SiteDemand[a];
                useful = w[i] > 0 && (instance.Model != SitingModel.PMedian || net.SiteCost[a] < instance.BaseCost[i]);
            }
            if (useful)
            {
                y[j] = solver.MakeBoolVar($"y{j}");
                Hint(y[j]!, hinted.Contains(j) ? 1 : 0);
            }
        }
        var objective = solver.Objective();
        if (instance.Model != SitingModel.SetCovering)
        {
            var budget = solver.MakeConstraint(0, instance.MaxNewSites, "p");
            foreach (var v in y)
            {
                if (v is not null)
                {
                    budget.SetCoefficient(v, 1);
                }
            }
        }

        switch (instance.Model)
        {
            case SitingModel.MaximalCovering:
                for (var i = 0; i < net.DemandCount; i++)
                {
                    if (w[i] <= 0)
                    {
                        continue;
                    }
                    var z = solver.MakeNumVar(0, 1, $"z{i}");
                    var row = solver.MakeConstraint(double.NegativeInfinity, 0);
                    row.SetCoefficient(z, 1);
                    var covered = false;
                    for (var a = net.DemandStart[i]; a < net.DemandStart[i + 1]; a++)
                    {
                        row.SetCoefficient(y[net.DemandSite[a]]!, -1);
                        covered |= hinted.Contains(net.DemandSite[a]);
                    }
                    objective.SetCoefficient(z, w[i]);
                    Hint(z, covered ? 1 : 0);
                }
                objective.SetMaximization();
                break;

            case SitingModel.CapacitatedCoverage:
                var siteRows = new Constraint?[net.CandidateCount];
                for (var j = 0; j < net.CandidateCount; j++)
                {
                    if (y[j] is { } open)
                    {
                        siteRows[j] = solver.MakeConstraint(double.NegativeInfinity, 0);
                        var reach = 0.0;
                        for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
                        {
                            reach += w[net.SiteDemand[a]];
                        }
                        siteRows[j]!.SetCoefficient(open, -Math.Min(instance.Capacity[j], reach));
                    }
                }
                for (var i = 0; i < net.DemandCount; i++)
                {
                    if (w[i] <= 0)
                    {
                        continue;
                    }
                    var demandRow = solver.MakeConstraint(double.NegativeInfinity, w[i]);
                    for (var a = net.DemandStart[i]; a < net.DemandStart[i + 1]; a++)
                    {
                        var j = net.DemandSite[a];
                        var x = solver.MakeNumVar(0, w[i], "");
                        demandRow.SetCoefficient(x, 1);
                        siteRows[j]!.SetCoefficient(x, 1);
                        var link = solver.MakeConstraint(double.NegativeInfinity, 0);
                        link.SetCoefficient(x, 1);
                        link.SetCoefficient(y[j]!, -w[i]);
                        objective.SetCoefficient(x, 1);
                    }
                }
                // Only y is hinted: SCIP completes a partial hint, and the flows are easy for it to find.
                objective.SetMaximization();
                break;

            case SitingModel.SetCovering:
                for (var i = 0; i < net.DemandCount; i++)
                {
                    if (w[i] <= 0)
                    {
                        continue;
                    }
                    var row = solver.MakeConstraint(1, double.PositiveInfinity);
                    for (var a = net.DemandStart[i]; a < net.DemandStart[i + 1]; a++)
                    {
                        row.SetCoefficient(y[net.DemandSite[a]]!, 1);
                    }
                }
                foreach (var v in y)
                {
                    if (v is not null)
                    {
                        objective.SetCoefficient(v, 1);
                    }
                }
                objective.SetMinimization();
                break;

            case SitingModel.PMedian:
                var offset = 0.0;
                for (var i = 0; i < net.DemandCount; i++)
                {
                    if (w[i] <= 0)
                    {
                        continue;
                    }
                    var b = instance.BaseCost[i];
                    offset += w[i] * b;
                    Constraint? single = null;
                    var hintedArc = false;
                    for (var a = net.DemandStart[i]; a < net.DemandStart[i + 1] && net.DemandCost[a] < b; a++)
                    {
                        var j = net.DemandSite[a];
                        single ??= solver.MakeConstraint(double.NegativeInfinity, 1);
                        var x = solver.MakeNumVar(0, 1, "");
                        single.SetCoefficient(x, 1);
                        var link = solver.MakeConstraint(double.NegativeInfinity, 0);
                        link.SetCoefficient(x, 1);
                        link.SetCoefficient(y[j]!, -1);
                        objective.SetCoefficient(x, -w[i] * (b - net.DemandCost[a]));
                        // Arcs are sorted by cost: the first hinted site is the nearest open one.
                        var assign = !hintedArc && hinted.Contains(j);
                        hintedArc |= assign;
                        Hint(x, assign ? 1 : 0);
                    }
                }
                objective.SetOffset(offset);
                objective.SetMinimization();
                break;
        }

        if (hintVars.Count > 0)
        {
            solver.SetHint([.. hintVars], [.. hintValues]);
        }
        var limit = run.Remaining;
        solver.SetTimeLimit((long)Math.Max(1, limit.TotalMilliseconds));
        var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, instance.Request.RelativeGapTolerance);

        run.Report("exact", hint.Count, null);
        Solver.ResultStatus status;
        using (run.CancellationToken.Register(() => solver.InterruptSolve()))
        {
            status = run.Cancelled ? Solver.ResultStatus.NOT_SOLVED : solver.Solve(parameters);
        }
        var cancelled = run.Cancelled;
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
        {
            return new ExactOutcome(null, null, false, cancelled);
        }
        var chosen = new List<int>();
        for (var j = 0; j < net.CandidateCount; j++)
        {
            if (y[j] is { } v && v.SolutionValue() > 0.5)
            {
                chosen.Add(j);
            }
        }
        var bound = objective.BestBound();
        if (instance.Model == SitingModel.SetCovering)
        {
            bound = Math.Ceiling(bound - 1e-6);
        }
        return new ExactOutcome(chosen, bound, status == Solver.ResultStatus.OPTIMAL && !cancelled, cancelled);
    }
}
