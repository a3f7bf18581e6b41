using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Geo.Analysis.Coordinates;
using Geo.Api.Data;
using Geo.Api.Features.ImportExport;

namespace Geo.Bench.Import;

/// <summary>
/// `bulk-import [rows]`: commits a CSV of residential areas (100,000 by default) through the import engine —
/// every row through the layer's rules, then COPY into a staging table and one upsert with an audit entry per
/// row — and loads the same file into the same database with `ogr2ogr -f PostgreSQL` (GDAL's COPY path, no
/// rules, no audit), then prints both rates and their ratio. TUOYU_BENCH_DB names a migrated database of its
/// own: its residential areas are emptied.
/// </summary>
public static class BulkImportBench
{
    /// <summary>Rows of the warm-up import: enough to take the COPY path (<see cref="BulkCommit.MinRows"/>), so it is compiled.</summary>
    private const int WarmUpRows = 2000;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var connectionString = Environment.GetEnvironmentVariable("TUOYU_BENCH_DB")
            ?? throw new InvalidOperationException("Set TUOYU_BENCH_DB to a migrated PostGIS database of its own (its residential areas are deleted).");
        var path = Path.Combine(Path.GetTempPath(), $"tuoyu-bench-areas-{rows}.csv");
        var warmUpPath = Path.Combine(Path.GetTempPath(), $"tuoyu-bench-areas-warm-up-{WarmUpRows}.csv");
        WriteAreasCsv(path, rows);
        WriteAreasCsv(warmUpPath, WarmUpRows, seed: 7);
        try
        {
            const string empty = "TRUNCATE residential_areas RESTART IDENTITY CASCADE; DELETE FROM audit_entries WHERE entity = 'residential_areas'; DROP TABLE IF EXISTS bench_ogr_areas";
            await ExecuteAsync(connectionString, empty);
            var engine = ImportBench.Engine();
            var options = new ImportOptions { Crs = Crs.Wgs84, Mode = ImportMode.Commit };
            var builder = new DbContextOptionsBuilder<TuoyuDbContext>();
            DatabaseServices.Configure(builder, connectionString);

            // The first import of a process also builds EF Core's model and compiles the import's code; a running service
            // has done both long before a planner's file arrives. Both figures are printed.
            var cold = await ImportAsync(engine, builder, warmUpPath, options);
            await ExecuteAsync(connectionString, empty);

            var (whole, read, report, progress, cpu) = await ImportAsync(engine, builder, path, options);
            if (!report.Committed || report.Create != rows)
            {
                throw new InvalidOperationException($"the import did not commit {rows} rows: {report.Errors} errors");
            }

            var audit = await ScalarAsync(connectionString, "SELECT count(*) FROM audit_entries WHERE entity = 'residential_areas'");
            var floor = await DatabaseFloorAsync(connectionString);

            // A small file into the now large layer: 20 of the same rows, dry run; beside it what the import read before
            // it looked up the file's names (the whole layer, through EF Core).
            var dryRun = options with { Mode = ImportMode.DryRun };
            var prepared = engine.Prepare(engine.Layers.Find("residential-areas")!, ImportEngine.Read(path, "areas.csv", dryRun), "areas.csv", dryRun);
            var small = prepared with { Rows = prepared.Rows.Take(20).ToList() };
            var smallClock = Stopwatch.StartNew();
            await using (var db = new TuoyuDbContext(builder.Options))
            {
                await engine.RunAsync(db, small, dryRun, new ImportProgress(), CancellationToken.None);
            }

            var smallRun = smallClock.Elapsed;
            smallClock.Restart();
            await using (var db = new TuoyuDbContext(builder.Options))
            {
                _ = await db.ResidentialAreas.AsNoTracking().ToListAsync();
            }

            var wholeLayer = smallClock.Elapsed;
            var ogr = await OgrAsync(connectionString, path);
            var loaded = await ScalarAsync(connectionString, "SELECT count(*) FROM bench_ogr_areas");

            Console.WriteLine($"rows: {rows:N0} residential areas (CSV, WGS-84), PostgreSQL {await ScalarTextAsync(connectionString, "SHOW server_version")}, " +
                $"{Environment.ProcessorCount} cores, shared_buffers {await ScalarTextAsync(connectionString, "SHOW shared_buffers")}");
            Console.WriteLine($"first import of the process ({WarmUpRows:N0} rows, EF Core's model built, code compiled): {cold.Whole.TotalSeconds:0.00} s");
            Console.WriteLine($"TuoyuGeo import commit: {whole.TotalSeconds:0.00} s = {rows / whole.TotalSeconds:N0} rows/s " +
                $"(read and convert {read.TotalSeconds:0.00} s, check and write {report.ElapsedMs / 1000:0.00} s; {audit:N0} audit entries)");
            Console.WriteLine($"  the commit step by step: {string.Join(", ", progress.Steps.Select(s => $"{s.Step} {s.Elapsed.TotalSeconds:0.00} s"))}");
            Console.WriteLine($"  processor time of the TuoyuGeo process (reading, checking, COPY; not the database's): {cpu.TotalSeconds:0.00} s");
            Console.WriteLine($"the database's own work for the same rows, each part alone (rolled back): rows into the layer with its indexes {floor.Rows.TotalSeconds:0.00} s, " +
                $"their audit entries {floor.Audit.TotalSeconds:0.00} s, the 街道/district probe {floor.Probe.TotalSeconds:0.00} s; " +
                $"together {floor.Total.TotalSeconds:0.00} s = at most {rows / floor.Total.TotalSeconds:N0} rows/s for any writer that keeps them");
            Console.WriteLine($"ogr2ogr -f PostgreSQL:   {ogr.TotalSeconds:0.00} s = {rows / ogr.TotalSeconds:N0} rows/s ({loaded:N0} rows, no rules, no audit)");
            Console.WriteLine($"ratio TuoyuGeo / ogr2ogr (time): {whole.TotalSeconds / ogr.TotalSeconds:0.00}");
            Console.WriteLine($"20-row dry run into the {rows:N0} stored areas: {smallRun.TotalSeconds:0.00} s; reading the whole layer (what it read before): {wholeLayer.TotalSeconds:0.00} s");
            await ExecuteAsync(connectionString, "DROP TABLE IF EXISTS bench_ogr_areas");
            return 0;
        }
        finally
        {
            File.Delete(path);
            File.Delete(warmUpPath);
        }
    }

    /// <summary>One import commit of a file, timed from reading the file to the committed transaction.</summary>
    private static async Task<(TimeSpan Whole, TimeSpan Read, ImportReport Report, ImportProgress Progress, TimeSpan Cpu)> ImportAsync(
        ImportEngine engine, DbContextOptionsBuilder<TuoyuDbContext> builder, string path, ImportOptions options)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var prepared = engine.Prepare(engine.Layers.Find("residential-areas")!, ImportEngine.Read(path, "areas.csv", options), "areas.csv", options);
        var read = clock.Elapsed;
        var progress = new ImportProgress();
        await using var db = new TuoyuDbContext(builder.Options);
        var report = await engine.RunAsync(db, prepared, options, progress, CancellationToken.None);
        return (clock.Elapsed, read, report, progress, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>
    /// What the database alone spends on the rows just imported, each part as one set-based statement from rows already
    /// in a table, in a transaction that is rolled back: the rows into the layer (heap, indexes, its derived-field
    /// trigger), their audit entries with the images ready, and the 街道/district probe. No import, whatever its client,
    /// writes these rows faster than the sum.
    /// </summary>
    private static async Task<(TimeSpan Rows, TimeSpan Audit, TimeSpan Probe, TimeSpan Total)> DatabaseFloorAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        async Task<TimeSpan> TimeAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            var clock = Stopwatch.StartNew();
            await command.ExecuteNonQueryAsync();
            return clock.Elapsed;
        }

        await TimeAsync($"""
            SELECT set_config('jit', 'off', true), set_config('{BulkCommit.DistrictsAssignedSetting}', 'on', true);
            CREATE TEMP TABLE floor_rows ON COMMIT DROP AS SELECT * FROM residential_areas;
            CREATE TEMP TABLE floor_audit ON COMMIT DROP AS SELECT * FROM audit_entries WHERE entity = 'residential_areas';
            TRUNCATE residential_areas CASCADE;
            DELETE FROM audit_entries WHERE entity = 'residential_areas';
            ANALYZE floor_rows; ANALYZE floor_audit;
            """);
        var rows = await TimeAsync("INSERT INTO residential_areas SELECT * FROM floor_rows");
        var audit = await TimeAsync("INSERT INTO audit_entries (at, actor, action, entity, entity_id, before, after) SELECT at, actor, action, entity, entity_id, before, after FROM floor_audit");
        var probe = await TimeAsync("""
            SELECT count(covering.code) FROM floor_rows s
              LEFT JOIN LATERAL (SELECT d.code FROM districts d
                                  WHERE d.level IN ('subdistrict', 'district') AND ST_Covers(d.boundary, COALESCE(ST_PointOnSurface(s.boundary), s.location))
                                  ORDER BY d.level <> 'subdistrict', d.code LIMIT 1) covering ON true
            """);
        await transaction.RollbackAsync();
        return (rows, audit, probe, rows + audit + probe);
    }

    /// <summary>小区 spread over 福州's urban districts: name, lon, lat, households, completion year (so the kind follows from it).</summary>
    public static void WriteAreasCsv(string path, int rows, int seed = 20_261_202)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("name,lon,lat,households,completion_year\r\n");
        for (var k = 0; k < rows; k++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"小区{k:D6},{119.20 + random.NextDouble() * 0.25:F6},{25.98 + random.NextDouble() * 0.18:F6},{200 + random.Next(3000)},{1985 + random.Next(40)}\r\n"));
        }
    }

    private static async Task<TimeSpan> OgrAsync(string connectionString, string csv)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("ogr2ogr") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
                 {
                     "-f", "PostgreSQL", $"PG:host={c.Host} port={c.Port} dbname={c.Database} user={c.Username} password={c.Password}", csv,
                     "-nln", "bench_ogr_areas", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES",
                     "-a_srs", "EPSG:4326", "-lco", "GEOMETRY_NAME=location", "-nlt", "POINT", "--config", "PG_USE_COPY", "YES",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ogr2ogr exited {process.ExitCode}: {await errors}");
        }

        return clock.Elapsed;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql) =>
        Convert.ToInt64(await ScalarTextAsync(connectionString, sql), CultureInfo.InvariantCulture);

    private static async Task<string> ScalarTextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }
}
