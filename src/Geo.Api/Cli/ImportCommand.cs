using System.Globalization;
using Geo.Api.Features.ImportExport;

namespace Geo.Api.Cli;

/// <summary>
/// `Geo.Api import &lt;layer&gt; &lt;file&gt; [--crs EPSG:4549] [--axis-order northing_first] [--mapping '{…}']
/// [--encoding gbk] [--district 350102] [--persons-per-household 2.8] [--commit]`: the import route's engine
/// from the command line, so an administrator can load a city without the web page. Exit code 0 when the file
/// has no errors (and was committed if asked), 1 when rows have errors, 2 when the file or the arguments are wrong.
/// </summary>
public static class ImportCommand
{
    public const string Usage =
        "usage: Geo.Api import <layer> <file> [--crs CODE] [--axis-order easting_first|northing_first] [--mapping JSON] " +
        "[--encoding utf-8|gbk] [--district CODE] [--persons-per-household N] [--commit]";

    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.FirstOrDefault(a => !a.StartsWith('-')) != "import")
        {
            return false;
        }

        Environment.ExitCode = await RunAsync(app.Services, args.SkipWhile(a => a != "import").Skip(1).ToArray(), Console.Out);
        return true;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var positional = new List<string>();
        var named = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var k = 0; k < args.Length; k++)
        {
            if (args[k] == "--commit")
            {
                named["commit"] = "true";
            }
            else if (args[k].StartsWith("--", StringComparison.Ordinal))
            {
                named[args[k][2..]] = k + 1 < args.Length ? args[++k] : null;
            }
            else
            {
                positional.Add(args[k]);
            }
        }

        var engine = services.GetRequiredService<ImportEngine>();
        if (positional.Count != 2 || engine.Layers.Find(positional[0]) is not { } layer)
        {
            await output.WriteLineAsync($"{Usage}\nlayers: {string.Join(", ", engine.Layers.Routes)}");
            return 2;
        }

        var path = positional[1];
        try
        {
            var errors = new ValidationErrors();
            double? persons = named.GetValueOrDefault("persons-per-household") is { } p
                ? double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN : null;
            var options = ImportParameters.Parse(named.ContainsKey("commit") ? "commit" : "dry_run", named.GetValueOrDefault("crs"),
                named.GetValueOrDefault("axis-order"), named.GetValueOrDefault("mapping"), named.GetValueOrDefault("encoding"),
                named.GetValueOrDefault("district"), persons, errors);
            errors.ThrowIfAny();
            if (!File.Exists(path))
            {
                throw new ImportFileException($"There is no file {path}.");
            }

            if (new FileInfo(path).Length > engine.Limits.MaxFileBytes)
            {
                throw new ImportFileException($"The file is larger than the import limit of {engine.Limits.MaxFileBytes:N0} bytes.");
            }

            var fileName = Path.GetFileName(path);
            var prepared = engine.Prepare(layer, ImportEngine.Read(path, fileName, options, engine.Limits), fileName, options);
            await output.WriteLineAsync($"{prepared.Rows.Count:N0} rows read from {fileName} ({prepared.Settings.Format}, " +
                $"{prepared.Settings.SourceCrs} from {prepared.Settings.SourceCrsFrom}, {prepared.Settings.AxisOrder} {prepared.Settings.AxisOrderFrom})");

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
            var progress = new ImportProgress();
            using var timer = new Timer(_ => output.WriteLine($"  {progress.Phase}: {progress.Done:N0}/{progress.Total:N0}"), null,
                TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
            var report = await engine.RunAsync(db, prepared, options, progress, CancellationToken.None);
            foreach (var row in report.RowReports.Where(r => r.Problems.Count > 0).Take(50))
            {
                foreach (var problem in row.Problems)
                {
                    await output.WriteLineAsync($"  row {row.Row}: {problem.Severity} {problem.Field}: {problem.Message}");
                }
            }

            await output.WriteLineAsync(
                $"{(report.Committed ? "committed" : report.Mode == ImportMode.Commit ? "NOT committed (errors)" : "dry run")}: " +
                $"{report.Create:N0} to create, {report.Update:N0} to update, {report.Unchanged:N0} unchanged, {report.Errors:N0} errors, " +
                $"{report.Warnings:N0} warnings; {report.ElapsedMs / 1000:0.0} s, {report.RowsPerSecond:N0} rows/s");
            if (report.IgnoredColumns.Count > 0)
            {
                await output.WriteLineAsync($"ignored columns: {string.Join(", ", report.IgnoredColumns)}");
            }

            if (report.Topology is { } topology)
            {
                await WriteTopologyAsync(output, topology);
            }

            return report.Errors > 0 ? 1 : 0;
        }
        catch (Exception e) when (e is ImportFileException or RequestValidationException)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>The report's topology section, every finding in full: the row warnings above stop at 50 rows.</summary>
    private static async Task WriteTopologyAsync(TextWriter output, Features.Districts.TopologyReport topology)
    {
        await output.WriteLineAsync(topology.Clean
            ? "topology: clean (no overlaps, gaps or 街道 outside their district)"
            : $"topology: {topology.Overlaps.Count} overlaps, {topology.Gaps.Count} gaps, {topology.Outside.Count} outside (areas in 平方米 on the ground)");
        foreach (var overlap in topology.Overlaps)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  overlap {overlap.Code} {overlap.OtherCode} {overlap.AreaM2:0.0}: {overlap.Message}"));
        }

        foreach (var (kind, pieces) in new[] { ("gap", topology.Gaps), ("outside", topology.Outside) })
        {
            foreach (var piece in pieces)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {kind} {piece.Code ?? piece.DistrictCode} {piece.AreaM2:0.0}: {piece.Message}"));
            }
        }
    }
}
