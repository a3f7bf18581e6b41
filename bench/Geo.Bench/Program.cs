using BenchmarkDotNet.Running;
using Geo.Bench.Layers;

namespace Geo.Bench;

/// <summary>
/// BenchmarkDotNet over the assembly (`--filter '*Coverage*'` …), plus data generators for the load runs
/// that measure the API from outside (see docs/benchmarks.md).
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "generate-layers": return await SyntheticRegion.RunAsync(args);
            case "coverage-scale": return Coverage.CoverageScaleRun.Run(args);
            case "coverage-compare": return Coverage.CoverageScaleRun.Compare(args);
            case "bulk-import": return await Import.BulkImportBench.RunAsync(args);
            case "spreadsheets": return Spreadsheets.SpreadsheetBench.Run(args);
            case "network": return await Network.NetworkBench.RunAsync(args);
            case "network-ours": return Network.NetworkBench.RunInProcess(args);
            case "network-mclp": return Network.NetworkSitingBench.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
