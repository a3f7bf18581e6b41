using System.Diagnostics;
using System.Globalization;
using Geo.Analysis.Coverage;

namespace Geo.Bench.Coverage;

/// <summary>
/// 2SFCA at a province's scale, outside BenchmarkDotNet because the figure that matters is the process's peak
/// memory: `dotnet run -c Release --project bench/Geo.Bench -- coverage-scale [areas] [institutions] [runs] [decay] [dump] [--side-km=20]`
/// times <see cref="CoverageAnalysis.Compute"/> on the synthetic city (1,000 m, best of the runs; a wider side, a
/// sparser city), prints the
/// pairs, the managed memory allocated per run and the peak resident memory, and can write every figure of the
/// result to a file; `coverage-compare a b` gives the largest relative difference between two such files, so a
/// faster implementation can be checked against the one it replaces.
/// </summary>
public static class CoverageScaleRun
{
    private const string SideOption = "--side-km=";

    public static int Run(string[] args)
    {
        var sideKm = args.Where(a => a.StartsWith(SideOption, StringComparison.Ordinal))
            .Select(a => double.Parse(a[SideOption.Length..], CultureInfo.InvariantCulture)).DefaultIfEmpty(20).Last();
        args = [.. args.Where(a => !a.StartsWith(SideOption, StringComparison.Ordinal))];
        var areas = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var institutions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
        var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        var decayName = args.Length > 4 ? args[4] : "step";
        var dump = args.Length > 5 ? args[5] : null;

        var (a, s) = SyntheticCity.Generate(areas, institutions, seed: 20_250_101, sideMetres: sideKm * 1000);
        var options = CoverageBenchmarks.Options(decayName);
        GC.Collect();
        var baseline = ResidentMegabytes("VmRSS");
        var times = new List<double>();
        var cpu = new List<double>();
        CoverageResult? result = null;
        long allocated = 0;
        for (var run = 0; run < runs; run++)
        {
            result = null;

            // A full collection runs the finalizers' work (the array pools trimming themselves after every gen-2
            // collection) on another thread: left running, it takes the second core from the run being timed.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var processor = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            result = CoverageAnalysis.Compute(a, s, options);
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - processor).TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        var pairs = result!.Institutions.Sum(i => (long)i.AreasInReach);
        times.Sort();
        cpu.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coverage {areas:N0} areas × {institutions:N0} institutions, city {sideKm:N0} km, 1,000 m, {decayName}: {pairs:N0} pairs; " +
            $"best {times[0]:N1} ms, median {times[times.Count / 2]:N1} ms of {runs} (processor time: best {cpu[0]:N0} ms, median {cpu[cpu.Count / 2]:N0} ms); allocated {allocated / 1048576.0:N0} MB a run; " +
            $"peak RSS {ResidentMegabytes("VmHWM"):N0} MB (inputs {baseline:N0} MB); {Environment.ProcessorCount} cores"));
        if (dump is not null)
        {
            Dump(result, dump);
        }

        return 0;
    }

    /// <summary>`coverage-compare a b`: the largest relative difference of any figure between two dumps.</summary>
    public static int Compare(string[] args)
    {
        var left = File.ReadAllLines(args[1]);
        var right = File.ReadAllLines(args[2]);
        if (left.Length != right.Length)
        {
            Console.WriteLine($"different lengths: {left.Length} and {right.Length} lines");
            return 1;
        }

        var worst = 0.0;
        var differing = 0;
        for (var line = 0; line < left.Length; line++)
        {
            var l = left[line].Split('\t');
            var r = right[line].Split('\t');
            if (l[0] != r[0] || l.Length != r.Length)
            {
                Console.WriteLine($"line {line + 1}: {left[line]} against {right[line]}");
                return 1;
            }

            for (var k = 1; k < l.Length; k++)
            {
                var x = double.Parse(l[k], CultureInfo.InvariantCulture);
                var y = double.Parse(r[k], CultureInfo.InvariantCulture);
                var relative = x == y ? 0 : Math.Abs(x - y) / Math.Max(Math.Abs(x), Math.Abs(y));
                differing += relative > 0 ? 1 : 0;
                worst = Math.Max(worst, relative);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{left.Length:N0} rows; {differing:N0} figures differ; largest relative difference {worst:E2}"));
        return worst <= 1e-12 ? 0 : 1;
    }

    private static void Dump(CoverageResult result, string path)
    {
        using var writer = new StreamWriter(path);
        foreach (var a in result.Areas)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{a.AreaId}\t{a.Accessibility:R}\t{a.AccessibleSlots:R}\t{a.Gap:R}\t{(int)a.Class}\t{a.InstitutionsInReach}\t{a.NearestCost ?? -1:R}"));
        }

        foreach (var i in result.Institutions)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{i.InstitutionId}\t{i.WeightedDemand:R}\t{i.SlotsPerResident:R}\t{i.AreasInReach}"));
        }
    }

    private static double ResidentMegabytes(string field) =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024)
            .FirstOrDefault();
}
