using BenchmarkDotNet.Attributes;
using Geo.Analysis.Siting;

namespace Geo.Bench.Siting;

/// <summary>
/// Heuristic siting on the synthetic city, 5,000 demand areas × 1,000 candidates, radius 1,000 m, p = 20.
/// Each call builds the reach structure afresh, so the time is what a planner waits for.
/// <c>dotnet run -c Release --project bench/Geo.Bench -- --filter '*SitingBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class SitingBenchmarks
{
    private SitingProblem _problem = null!;

    [Params(1, 2, 3)]
    public int Seed { get; set; }

    [GlobalSetup]
    public void Setup() => _problem = SyntheticCity.Create(Seed);

    [Benchmark]
    public double MaximalCoveringHeuristic() =>
        LocationAllocation.Solve(_problem, new SitingRequest(SitingModel.MaximalCovering, SitingMethod.Heuristic, 1_000, 20)).Objective;

    [Benchmark]
    public double PMedianHeuristic() =>
        LocationAllocation.Solve(_problem, new SitingRequest(SitingModel.PMedian, SitingMethod.Heuristic, 1_000, 20)).Objective;

    [Benchmark]
    public double CapacitatedCoverageHeuristic() =>
        LocationAllocation.Solve(_problem, new SitingRequest(SitingModel.CapacitatedCoverage, SitingMethod.Heuristic, 1_000, 20)).Objective;
}
