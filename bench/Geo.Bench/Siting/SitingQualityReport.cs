using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Geo.Analysis.Siting;

namespace Geo.Bench.Siting;

/// <summary>
/// Heuristic against the exact solver on several seeds of the synthetic city (5,000 × 1,000, p = 20, 1,000 m):
/// prints a table (heuristic time, objective, exact time, proved?, gap) and writes it to
/// <c>BenchmarkDotNet.Artifacts/siting-quality.md</c>. One cold run, in process, so the table shows in the console:
/// <c>dotnet run -c Release --project bench/Geo.Bench -- --filter '*SitingQualityReport*'</c>
/// (set SITING_SEEDS="1,2,3" and SITING_MODELS="MaximalCovering,PMedian" to choose).
/// </summary>
[Config(typeof(OneColdRunInProcess))]
public class SitingQualityReport
{
    private static string? _table;

    private int[] _seeds = [];
    private SitingModel[] _models = [];

    [GlobalSetup]
    public void Setup()
    {
        _seeds = [.. (Environment.GetEnvironmentVariable("SITING_SEEDS") ?? "1,2,3,4,5")
            .Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        _models = [.. (Environment.GetEnvironmentVariable("SITING_MODELS") ?? "MaximalCovering")
            .Split(',').Select(Enum.Parse<SitingModel>)];
    }

    [Benchmark]
    public string CompareHeuristicWithExact()
    {
        // BenchmarkDotNet may invoke the method more than once (jitting); the comparison runs once.
        if (_table is not null)
        {
            return _table;
        }
        _table = Table(_seeds, _models, Console.Out);
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "siting-quality.md");
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.WriteAllText(path, _table);
        return _table;
    }

    private sealed class OneColdRunInProcess : ManualConfig
    {
        public OneColdRunInProcess() =>
            AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true)).WithId("cold, in process"));
    }

    public static string Table(IEnumerable<int> seeds, IEnumerable<SitingModel> models, TextWriter live)
    {
        var text = new StringBuilder();
        void Line(string line)
        {
            text.AppendLine(line);
            live.WriteLine(line);
        }
        Line("| model | seed | reach build + heuristic ms | heuristic objective | exact ms | proved? | exact objective | exact bound | heuristic gap to exact |");
        Line("|---|---|---|---|---|---|---|---|---|");
        foreach (var model in models)
        {
            foreach (var seed in seeds)
            {
                var problem = SyntheticCity.Create(seed);
                var clock = Stopwatch.StartNew();
                var heuristic = LocationAllocation.Solve(problem, new SitingRequest(model, SitingMethod.Heuristic, 1_000, 20));
                var heuristicMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var exact = LocationAllocation.Solve(problem,
                    new SitingRequest(model, SitingMethod.Exact, 1_000, 20) { TimeLimit = TimeSpan.FromSeconds(300) });
                var exactMs = clock.Elapsed.TotalMilliseconds;
                var gap = Math.Abs(exact.Objective - heuristic.Objective) / Math.Max(Math.Abs(exact.Objective), 1);
                Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {model} | {seed} | {heuristicMs:F0} | {heuristic.Objective:F1} | {exactMs:F0} | {(exact.ProvedOptimal ? "yes" : "no")} | {exact.Objective:F1} | {exact.BestBound:F1} | {gap:P2} |"));
            }
        }
        return text.ToString();
    }
}
