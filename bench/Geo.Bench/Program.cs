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
        if (args.FirstOrDefault() == "generate-layers")
        {
            return await SyntheticRegion.RunAsync(args);
        }

        if (args.FirstOrDefault() == "network")
        {
            return await Network.NetworkBench.RunAsync(args);
        }

        if (args.FirstOrDefault() == "spreadsheets")
        {
            return Spreadsheets.SpreadsheetBench.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
