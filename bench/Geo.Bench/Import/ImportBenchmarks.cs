using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Geo.Analysis.Coordinates;
using Geo.Api.Data;
using Geo.Api.Features.ImportExport;
using Geo.Api.Features.Institutions;
using Geo.Api.Features.NursingRooms;
using Geo.Api.Features.Parcels;
using Geo.Api.Features.ResidentialAreas;

namespace Geo.Bench.Import;

/// <summary>
/// Reading a 100,000-row GCJ-02 CSV of institutions and converting it to WGS-84 (format sniffing, RFC 4180
/// parsing, header mapping, the iterative GCJ-02 inverse, file-wide checks): the part of an import that needs
/// no database. rows/s = 100,000 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ImportReadBenchmarks
{
    public const int Rows = 100_000;
    private string _path = "";
    private ImportEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "tuoyu-bench-institutions-100k.csv");
        SyntheticImportFile.WriteInstitutionsCsv(_path, Rows);
        _engine = ImportBench.Engine();
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public int ReadAndConvert100k()
    {
        var options = new ImportOptions { Crs = Crs.Gcj02 };
        var data = ImportEngine.Read(_path, "institutions.csv", options);
        return _engine.Prepare(_engine.Layers.Find("institutions")!, data, "institutions.csv", options).Rows.Count;
    }
}

/// <summary>
/// The whole import of 100,000 institutions against PostGIS (TUOYU_BENCH_DB, a database of its own: the
/// institutions table is emptied): the dry run (every row checked against the layer's rules and matched),
/// the commit (one transaction; the database derives 街道 and district per row), and the second commit of
/// the same file (all unchanged). Each iteration is one cold run; rows/s = 100,000 / mean.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class ImportDatabaseBenchmarks
{
    private string _path = "";
    private string _connectionString = "";
    private ImportEngine _engine = null!;
    private PreparedImport _prepared = null!;
    private readonly ImportOptions _dryRun = new() { Crs = Crs.Gcj02 };
    private readonly ImportOptions _commit = new() { Crs = Crs.Gcj02, Mode = ImportMode.Commit };

    [GlobalSetup]
    public void Setup()
    {
        _connectionString = Environment.GetEnvironmentVariable("TUOYU_BENCH_DB")
            ?? throw new InvalidOperationException("Set TUOYU_BENCH_DB to a migrated PostGIS database of its own (its institutions are deleted).");
        _path = Path.Combine(Path.GetTempPath(), "tuoyu-bench-institutions-100k-db.csv");
        SyntheticImportFile.WriteInstitutionsCsv(_path, ImportReadBenchmarks.Rows);
        _engine = ImportBench.Engine();
        _prepared = _engine.Prepare(_engine.Layers.Find("institutions")!, ImportEngine.Read(_path, "institutions.csv", _dryRun), "institutions.csv", _dryRun);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [IterationSetup(Targets = [nameof(DryRun100k), nameof(Commit100k)])]
    public void Empty() => Execute("TRUNCATE institutions RESTART IDENTITY CASCADE");

    [IterationSetup(Target = nameof(SecondCommit100k))]
    public void Loaded()
    {
        Empty();
        Run(_commit);
    }

    [Benchmark]
    public int DryRun100k() => Run(_dryRun);

    [Benchmark]
    public int Commit100k() => Run(_commit);

    [Benchmark]
    public int SecondCommit100k() => Run(_commit);

    private int Run(ImportOptions options)
    {
        var builder = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(builder, _connectionString);
        using var db = new TuoyuDbContext(builder.Options);
        var prepared = _prepared with { Settings = _prepared.Settings with { Mode = options.Mode } };
        var report = _engine.RunAsync(db, prepared, options, new ImportProgress(), CancellationToken.None).GetAwaiter().GetResult();
        return report.Changes;
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

internal static class ImportBench
{
    public static ImportEngine Engine() => new(
        new LayerTransfers(new InstitutionLayer(), new NursingRoomLayer(), new PublicPlaceLayer(), new ResidentialAreaLayer(), new ParcelLayer(), new Geo.Api.Features.Districts.DistrictTransfer()),
        Options.Create(new ImportLimits()));
}
