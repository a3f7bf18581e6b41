using Geo.Api.Features.Districts;
using Geo.Api.Features.ImportExport;

namespace Geo.Api.Cli;

/// <summary>
/// `Geo.Api setup-district &lt;adcode&gt;… [--boundary file] [--crs GCJ-02] [--dry-run]`: <see cref="DistrictSetup"/> from
/// the command line (migrating first), one adcode after another. The boundary file (GeoJSON, zipped Shapefile or
/// GeoPackage; its polygons are merged) replaces the shipped one for a single adcode. Exit code 0 when done,
/// 2 when an adcode or the arguments are wrong.
/// </summary>
public static class SetupCommand
{
    public const string Verb = "setup-district";
    public const string Usage = "usage: Geo.Api setup-district <adcode>… [--boundary FILE] [--crs CODE] [--dry-run]";

    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.FirstOrDefault(a => !a.StartsWith('-')) != Verb)
        {
            return false;
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TuoyuDbContext>().Database.MigrateAsync();
        }

        Environment.ExitCode = await RunAsync(app.Services, args.SkipWhile(a => a != Verb).Skip(1).ToArray(), Console.Out);
        return true;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var adcodes = new List<string>();
        string? boundaryFile = null, crs = null;
        var dryRun = false;
        for (var k = 0; k < args.Length; k++)
        {
            switch (args[k])
            {
                case "--dry-run": dryRun = true; break;
                case "--boundary" when k + 1 < args.Length: boundaryFile = args[++k]; break;
                case "--crs" when k + 1 < args.Length: crs = args[++k]; break;
                default: adcodes.Add(args[k]); break;
            }
        }

        if (adcodes.Count == 0 || adcodes.Any(a => a.StartsWith('-')) || (boundaryFile is not null && adcodes.Count != 1))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        try
        {
            foreach (var adcode in adcodes)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
                var upload = boundaryFile is null ? null : await ReadBoundaryAsync(db, boundaryFile, crs);
                var report = await scope.ServiceProvider.GetRequiredService<DistrictSetup>().RunAsync(db, adcode, dryRun, upload, CancellationToken.None);
                await WriteAsync(output, report);
            }

            return 0;
        }
        catch (Exception e) when (e is SetupException or ImportFileException or RequestValidationException)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }

    public static async Task WriteAsync(TextWriter output, SetupReport report)
    {
        foreach (var step in report.Steps.Where(s => s.Action != "unchanged"))
        {
            await output.WriteLineAsync($"  {step.Action} {step.Code} {step.Name}{(step.Changes.Count > 0 ? ": " + string.Join("; ", step.Changes) : "")}");
        }

        await output.WriteLineAsync($"{(report.DryRun ? "dry run" : "set up")} {report.Adcode}: {report.Created} to create, {report.Updated} to update, " +
            $"{report.Unchanged} unchanged");
        foreach (var plan in report.Plans.Where(p => p.HasPlan))
        {
            await output.WriteLineAsync($"  plan {plan.Adcode}: {plan.Added} added, {plan.Updated} updated, {plan.Unchanged} unchanged, {plan.Removed} removed{(plan.Note is { } note ? " — " + note : "")}");
        }
    }

    private static async Task<UploadedBoundary?> ReadBoundaryAsync(TuoyuDbContext db, string path, string? crs)
    {
        if (!File.Exists(path))
        {
            throw new ImportFileException($"There is no file {path}.");
        }

        var data = ImportEngine.Read(path, Path.GetFileName(path), new ImportOptions());
        var polygons = data.Rows.Select(r => r.Geometry).OfType<Geometry>()
            .SelectMany(g => Enumerable.Range(0, g.NumGeometries).Select(g.GetGeometryN)).OfType<Polygon>().ToArray();
        if (polygons.Length == 0)
        {
            throw new ImportFileException($"{Path.GetFileName(path)} holds no polygon.");
        }

        var errors = new ValidationErrors();
        var merged = new GeometryFactory().CreateMultiPolygon(polygons);
        var upload = await DistrictSetupEndpoints.UploadAsync(db, merged, crs ?? data.DeclaredCrs?.Code, $"上传文件 {Path.GetFileName(path)}", errors, CancellationToken.None);
        errors.ThrowIfAny();
        return upload;
    }
}
