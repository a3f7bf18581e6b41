using Geo.Analysis.Siting;

namespace Geo.Analysis.Tests.Siting;

public class LocationAllocationTests
{
    private const double Tolerance = 1e-6;
    private static readonly int[] Seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    private static SitingRequest Request(SitingModel model, SitingMethod method, int p = 3) =>
        // These instances solve in well under a second; the limit is only a guard against a hung run, far enough
        // away that no machine's speed decides whether a proof of optimality arrives in time.
        new(model, method, SmallInstances.Radius, p) { TimeLimit = TimeSpan.FromMinutes(10) };

    private static void AssertChosenAmongCandidates(SitingProblem problem, SitingResult result)
    {
        foreach (var site in result.ChosenSites)
        {
            Assert.Equal(problem.Candidates[site.CandidateIndex].Id, site.SiteId);
        }
        Assert.Equal(result.ChosenSites.Count, result.ChosenSites.Select(s => s.SiteId).Distinct().Count());
        Assert.Equal(problem.Demand.Count, result.Demand.Count);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void MaximalCovering_exact_equals_brute_force_and_proves_it(int p)
    {
        foreach (var seed in Seeds)
        {
            var problem = SmallInstances.Create(seed);
            var optimum = SmallInstances.MaximalCoveringOptimum(problem, p);
            var result = LocationAllocation.Solve(problem, Request(SitingModel.MaximalCovering, SitingMethod.Exact, p));
            Assert.Equal(SitingStatus.Optimal, result.Status);
            Assert.Equal(optimum, result.Objective, Tolerance);
            Assert.True(result.BestBound >= optimum - Tolerance, $"seed {seed}: bound {result.BestBound} below optimum {optimum}");
            Assert.True(result.Gap <= 1e-5);
            Assert.Equal("SCIP", result.Solver);
            Assert.True(result.ChosenSites.Count <= p);
            AssertChosenAmongCandidates(problem, result);
            Assert.Equal(result.Objective, result.ChosenSites.Sum(s => s.ServedWeight), Tolerance);
            Assert.Equal(result.Objective, result.Demand.Where(d => d.Covered).Sum(d => d.Served), Tolerance);
        }
    }

    [Fact]
    public void MaximalCovering_heuristic_never_claims_more_than_the_optimum_and_mostly_reaches_it()
    {
        var equal = 0;
        foreach (var seed in Seeds)
        {
            var problem = SmallInstances.Create(seed, demand: 40, candidates: 12);
            var optimum = SmallInstances.MaximalCoveringOptimum(problem, 3);
            var result = LocationAllocation.Solve(problem, Request(SitingModel.MaximalCovering, SitingMethod.Heuristic));
            Assert.True(result.Objective <= optimum + Tolerance, $"seed {seed}: heuristic {result.Objective} > optimum {optimum}");
            Assert.True(result.BestBound >= optimum - Tolerance, $"seed {seed}: online bound {result.BestBound} < optimum {optimum}");
            // Optimal is claimed exactly when the heuristic's own bound proves it, and then it must be the optimum.
            Assert.Equal(result.BestBound <= result.Objective + Tolerance ? SitingStatus.Optimal : SitingStatus.Feasible, result.Status);
            if (result.Status == SitingStatus.Optimal)
            {
                Assert.Equal(optimum, result.Objective, Tolerance);
            }

            AssertChosenAmongCandidates(problem, result);
            equal += Math.Abs(result.Objective - optimum) <= Tolerance ? 1 : 0;
        }
        Assert.True(equal >= 8, $"heuristic reached the optimum on {equal} of {Seeds.Length}");
    }

    [Fact]
    public void Capacitated_exact_equals_brute_force_and_respects_capacities_and_demand()
    {
        foreach (var seed in Seeds.Take(6))
        {
            var problem = SmallInstances.Create(seed, demand: 20, candidates: 8, capacities: true);
            var optimum = SmallInstances.CapacitatedOptimum(problem, 2);
            foreach (var method in new[] { SitingMethod.Exact, SitingMethod.Heuristic })
            {
                var result = LocationAllocation.Solve(problem, Request(SitingModel.CapacitatedCoverage, method, 2));
                if (method == SitingMethod.Exact)
                {
                    Assert.Equal(SitingStatus.Optimal, result.Status);
                    Assert.Equal(optimum, result.Objective, 1e-4);
                }
                Assert.True(result.Objective <= optimum + 1e-4, $"seed {seed} {method}: {result.Objective} > optimum {optimum}");
                AssertChosenAmongCandidates(problem, result);
                foreach (var site in result.ChosenSites)
                {
                    Assert.Equal(problem.Candidates[site.CandidateIndex].Capacity, site.Capacity);
                    Assert.True(site.ServedWeight <= site.Capacity!.Value + 1e-9, $"{site.SiteId} serves {site.ServedWeight} > {site.Capacity}");
                }
                for (var i = 0; i < problem.Demand.Count; i++)
                {
                    Assert.True(result.Demand[i].Served <= problem.Demand[i].Places + 1e-9);
                }
                Assert.Equal(result.Objective, result.ChosenSites.Sum(s => s.ServedWeight), 1e-6);
            }
        }
    }

    [Fact]
    public void Capacitated_uses_default_capacity_when_a_candidate_states_none()
    {
        var problem = new SitingProblem(
            [new DemandPoint("A", 119.30, 26.08, 1, 100)],
            [new CandidateSite("C", 119.30, 26.0801)],
            []);
        var result = LocationAllocation.Solve(problem,
            new SitingRequest(SitingModel.CapacitatedCoverage, SitingMethod.Heuristic, 300, 1) { DefaultCapacity = 40 });
        Assert.Equal(40, result.Objective, Tolerance);
        Assert.Equal(40, result.Demand[0].Served, Tolerance);
    }

    [Fact]
    public void SetCovering_finds_the_fewest_sites_and_reports_unreachable_points()
    {
        foreach (var seed in Seeds.Take(6))
        {
            var generated = SmallInstances.Create(seed, demand: 25, candidates: 10);
            // One point 20 km away: no candidate reaches it; it must be reported and the rest still solved.
            var problem = generated with { Demand = [.. generated.Demand, new DemandPoint("far", 119.5, 26.2, 30)] };
            var optimum = SmallInstances.SetCoveringOptimum(problem);
            var exact = LocationAllocation.Solve(problem, Request(SitingModel.SetCovering, SitingMethod.Exact));
            var heuristic = LocationAllocation.Solve(problem, Request(SitingModel.SetCovering, SitingMethod.Heuristic));
            Assert.Equal(SitingStatus.Optimal, exact.Status);
            Assert.Equal(optimum, exact.Objective);
            Assert.Equal(exact.ChosenSites.Count, exact.Objective);
            Assert.True(heuristic.Objective >= optimum);
            Assert.Contains("far", exact.UnreachableDemandIds);
            Assert.Contains("far", heuristic.UnreachableDemandIds);
            foreach (var result in new[] { exact, heuristic })
            {
                AssertChosenAmongCandidates(problem, result);
                Assert.False(result.Demand[^1].Covered);
                var unreachable = result.UnreachableDemandIds.ToHashSet();
                Assert.All(result.Demand.Where(d => !unreachable.Contains(d.DemandId)), d => Assert.True(d.Covered, $"{d.DemandId} left uncovered"));
            }
        }
    }

    [Theory]
    [InlineData(SitingMethod.Exact)]
    [InlineData(SitingMethod.Heuristic)]
    public void PMedian_keeps_existing_sites_open(SitingMethod method)
    {
        var equal = 0;
        foreach (var seed in Seeds)
        {
            var problem = SmallInstances.Create(seed, demand: 30, candidates: 10, existing: 3);
            var optimum = SmallInstances.PMedianOptimum(problem, 2);
            var result = LocationAllocation.Solve(problem, Request(SitingModel.PMedian, method, 2));
            Assert.True(result.Objective >= optimum - 1e-6, $"seed {seed}: {result.Objective} < optimum {optimum}");
            if (method == SitingMethod.Exact)
            {
                Assert.Equal(SitingStatus.Optimal, result.Status);
                Assert.Equal(optimum, result.Objective, 1e-6);
                Assert.True(result.BestBound <= optimum + 1e-6);
            }
            equal += Math.Abs(result.Objective - optimum) <= 1e-6 ? 1 : 0;
            AssertChosenAmongCandidates(problem, result);
            // A point assigned to an existing site is not credited to a new one.
            Assert.Contains(result.Demand, d => d.ServedByExisting && d.SiteId!.StartsWith('E'));
            Assert.Equal(result.Demand.Where(d => d.Covered && !d.ServedByExisting).Sum(d => d.Served),
                result.ChosenSites.Sum(s => s.ServedWeight), 1e-9);
        }
        Assert.True(equal >= 8, $"{method} reached the optimum on {equal} of {Seeds.Length}");
    }

    [Fact]
    public void PMedian_counts_a_point_reached_only_by_an_existing_site_and_excludes_unreachable_ones()
    {
        var problem = new SitingProblem(
            [new DemandPoint("near-existing", 0, 0, 2), new DemandPoint("near-candidate", 0, 0, 3), new DemandPoint("nowhere", 0, 0, 5)],
            [new CandidateSite("C", 0, 0)],
            [new ExistingSite("E", 0, 0, 50)],
            new SitingCostMatrix(
                new double[,] { { double.PositiveInfinity }, { 100 }, { double.NaN } },
                new double[,] { { 200 }, { 400 }, { -1 } }));
        var result = LocationAllocation.Solve(problem, new SitingRequest(SitingModel.PMedian, SitingMethod.Exact, 500, 1));
        Assert.Equal((2 * 200) + (3 * 100), result.Objective, Tolerance);
        Assert.Equal(["nowhere"], result.UnreachableDemandIds);
        Assert.Equal("E", result.Demand[0].SiteId);
        Assert.Equal("C", result.Demand[1].SiteId);
        Assert.False(result.Demand[2].Covered);
    }

    [Fact]
    public void Cost_matrix_cutoff_is_inclusive_and_missing_entries_are_unreachable()
    {
        var problem = new SitingProblem(
            [new DemandPoint("at-radius", 0, 0, 10), new DemandPoint("just-beyond", 0, 0, 20), new DemandPoint("missing", 0, 0, 40)],
            [new CandidateSite("C1", 0, 0), new CandidateSite("C2", 0, 0)],
            [],
            new SitingCostMatrix(new double[,]
            {
                { 500, double.PositiveInfinity },
                { 500.000001, double.NaN },
                { double.PositiveInfinity, -3 },
            }));
        foreach (var method in new[] { SitingMethod.Exact, SitingMethod.Heuristic })
        {
            var result = LocationAllocation.Solve(problem, new SitingRequest(SitingModel.MaximalCovering, method, 500, 2));
            Assert.Equal(10, result.Objective, Tolerance);
            Assert.Equal(["C1"], result.ChosenSites.Select(s => s.SiteId));
            Assert.True(result.Demand[0].Covered);
            Assert.Equal(500, result.Demand[0].Cost);
            Assert.False(result.Demand[1].Covered);
            Assert.Equal(["just-beyond", "missing"], result.UnreachableDemandIds);
        }
    }

    [Fact]
    public void Existing_sites_can_count_as_coverage_when_weights_are_gross()
    {
        var problem = new SitingProblem(
            [new DemandPoint("by-existing", 119.30, 26.08, 100), new DemandPoint("open", 119.32, 26.08, 10)],
            [new CandidateSite("near-existing", 119.30, 26.0801), new CandidateSite("near-open", 119.32, 26.0801)],
            [new ExistingSite("E", 119.3001, 26.08, 60)]);
        var gross = new SitingRequest(SitingModel.MaximalCovering, SitingMethod.Exact, 300, 1) { ExistingSitesCover = true };
        var result = LocationAllocation.Solve(problem, gross);
        Assert.Equal(["near-open"], result.ChosenSites.Select(s => s.SiteId));
        Assert.True(result.Demand[0].ServedByExisting);
        Assert.Equal(10, result.Objective, Tolerance);

        var net = LocationAllocation.Solve(problem, gross with { ExistingSitesCover = false });
        Assert.Equal(["near-existing"], net.ChosenSites.Select(s => s.SiteId));
    }

    [Fact]
    public void A_cancelled_run_says_so_and_stops_early()
    {
        var problem = SmallInstances.Create(3, demand: 200, candidates: 60);
        using var before = new CancellationTokenSource();
        before.Cancel();
        var none = LocationAllocation.Solve(problem, Request(SitingModel.MaximalCovering, SitingMethod.Exact, 5), null, before.Token);
        Assert.Equal(SitingStatus.Cancelled, none.Status);
        Assert.Empty(none.ChosenSites);

        // Cancel as soon as the greedy has chosen its first site: the result keeps that partial solution.
        using var during = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Stage == "greedy" && p.SitesChosen == 1)
            {
                during.Cancel();
            }
        });
        var partial = new LocationAllocation(problem).Solve(Request(SitingModel.MaximalCovering, SitingMethod.Heuristic, 5), progress, during.Token);
        Assert.Equal(SitingStatus.Cancelled, partial.Status);
        Assert.Single(partial.ChosenSites);
        Assert.False(partial.ProvedOptimal);
    }

    [Fact]
    public void Progress_is_reported_through_to_done()
    {
        var stages = new List<string>();
        var problem = SmallInstances.Create(4);
        LocationAllocation.Solve(problem, Request(SitingModel.PMedian, SitingMethod.Exact), new SynchronousProgress(p => stages.Add(p.Stage)));
        Assert.Equal("network", stages[0]);
        Assert.Contains("greedy", stages);
        Assert.Contains("exact", stages);
        Assert.Equal("done", stages[^1]);
    }

    [Fact]
    public void An_inconsistent_problem_or_request_is_refused_with_a_reason()
    {
        var duplicate = new SitingProblem([new DemandPoint("A", 0, 0, 1)], [new CandidateSite("X", 0, 0)], [new ExistingSite("X", 0, 0, 1)]);
        var error = Assert.Throws<ArgumentException>(() => new LocationAllocation(duplicate));
        Assert.Contains("'X'", error.Message);
        var ok = new SitingProblem([new DemandPoint("A", 0, 0, 1)], [new CandidateSite("X", 0, 0)], []);
        Assert.Throws<ArgumentException>(() => LocationAllocation.Solve(ok, new SitingRequest(SitingModel.MaximalCovering, SitingMethod.Heuristic, 300, 0)));
        Assert.Throws<ArgumentException>(() => LocationAllocation.Solve(ok,
            new SitingRequest(SitingModel.PMedian, SitingMethod.Heuristic, 300, 1) { UnservedCost = 100 }));
    }

    private sealed class SynchronousProgress(Action<SitingProgress> report) : IProgress<SitingProgress>
    {
        public void Report(SitingProgress value) => report(value);
    }
}
