using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Geo.Analysis.Coverage;

namespace Geo.Bench.Coverage;

/// <summary>
/// The whole coverage computation for a synthetic city of 10,000 residential areas and 2,000 institutions,
/// 1,000 m catchments: sorting and validating the inputs, the area index, both 2SFCA steps, and the 街道 and
/// district totals. Target: under 100 ms on one core (the job is pinned to one CPU).
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class CoverageBenchmarks
{
    private List<DemandArea> _areas = [];
    private List<CareProvider> _institutions = [];

    [Params("step", "gaussian", "bands")]
    public string Decay { get; set; } = "step";

    [GlobalSetup]
    public void Setup() => (_areas, _institutions) = SyntheticCity.Generate(areas: 10_000, institutions: 2_000, seed: 20_250_101);

    /// <summary>1,000 m catchments with the decay named step, gaussian or bands.</summary>
    public static CoverageOptions Options(string decay) => new()
    {
        Catchment = CatchmentRadius.FifteenMinuteWalk,
        Decay = decay switch
        {
            "gaussian" => DistanceDecay.Gaussian,
            "bands" => DistanceDecay.WalkingBands,
            _ => DistanceDecay.Step,
        },
        DefaultChildrenUnder3Share = SyntheticCity.ShareUnder3,
    };

    [Benchmark]
    public DistrictCoverage Coverage1000m()
    {
        var result = CoverageAnalysis.Compute(_areas, _institutions, Options(Decay));
        return CoverageAggregation.Aggregate(result);
    }

    private sealed class OneCoreConfig : ManualConfig
    {
        public OneCoreConfig() =>
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithAffinity(1).WithId("OneCore"));
    }
}
