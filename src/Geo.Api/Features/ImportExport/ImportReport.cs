using System.Text.Json.Serialization;

namespace Geo.Api.Features.ImportExport;

public enum ImportMode { DryRun, Commit }

/// <summary>What an import does with a row.</summary>
public enum RowAction { Create, Update, Unchanged, Error }

/// <summary>A problem of one row, Chinese first (<see cref="ImportMessages"/>). Errors block the commit; warnings are said and the row goes in.</summary>
/// <param name="Repairable">For geometry problems: whether the service can (and on commit will) repair it.</param>
public sealed record ImportProblem(
    string Severity,
    string Field,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Repairable = null)
{
    public static ImportProblem Error(string field, string message, bool? repairable = null) => new("error", field, ImportMessages.ChineseFirst(message), repairable);

    public static ImportProblem Warning(string field, string message, bool? repairable = null) => new("warning", field, ImportMessages.ChineseFirst(message), repairable);
}

/// <summary>One row of the file: what the import does with it and why.</summary>
/// <param name="Row">The spreadsheet's line number for CSV and .xlsx (header = line 1, title rows counted), else the 1-based record number.</param>
/// <param name="Id">The feature it updates (or leaves unchanged), or, after a commit, the one it created.</param>
/// <param name="Key">The stable key it is matched by (credit code, parcel code, or name).</param>
/// <param name="MatchedBy">credit_code, code or name_location: how the existing feature was found.</param>
public sealed record ImportRowReport(
    int Row,
    RowAction Action,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MatchedBy,
    IReadOnlyList<ImportProblem> Problems);

/// <summary>The answer to an import: the settings it used, the totals, and every row.</summary>
public sealed record ImportReport
{
    public required string Layer { get; init; }
    public required string File { get; init; }
    public required string Format { get; init; }
    public required ImportMode Mode { get; init; }
    /// <summary>True when the changes were written (a commit without errors).</summary>
    public bool Committed { get; init; }
    /// <summary>The system the coordinates were read in, and from where: parameter, .prj, gpkg srs, geojson crs, default.</summary>
    public required string SourceCrs { get; init; }
    public required string SourceCrsFrom { get; init; }
    public required string AxisOrder { get; init; }
    /// <summary>parameter, guessed (from the coordinates' magnitudes) or default.</summary>
    public required string AxisOrderFrom { get; init; }
    public string DataSource => $"import: {File}";
    public int Rows { get; init; }
    public int Create { get; init; }
    public int Update { get; init; }
    public int Unchanged { get; init; }
    public int Errors { get; init; }
    public int Warnings { get; init; }
    /// <summary>Rows that would be (or were) created or updated.</summary>
    public int Changes => Create + Update;
    /// <summary>File columns that are not fields of the layer (read-only or unknown); map them with mapping= if they are.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
    /// <summary>Which column of the file was taken for which field, and by what (mapping, vocabulary, name).</summary>
    public IReadOnlyList<ColumnField> Columns { get; init; } = [];
    public double ElapsedMs { get; init; }
    public double RowsPerSecond => ElapsedMs > 0 ? Math.Round(Rows / (ElapsedMs / 1000), 1) : 0;
    public IReadOnlyList<ImportRowReport> RowReports { get; init; } = [];
    /// <summary>The settings with the rows' totals, as an import ends (whatever the layer).</summary>
    public ImportReport Finished(IReadOnlyList<ImportRowReport> rows, bool committed, long startedTimestamp) => this with
    {
        Committed = committed,
        Rows = rows.Count,
        Create = rows.Count(p => p.Action == RowAction.Create),
        Update = rows.Count(p => p.Action == RowAction.Update),
        Unchanged = rows.Count(p => p.Action == RowAction.Unchanged),
        Errors = rows.Count(p => p.Action == RowAction.Error),
        Warnings = rows.Sum(p => p.Problems.Count(q => q.Severity == "warning")),
        ElapsedMs = System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds,
        RowReports = rows,
    };

    /// <summary>Districts and 街道 only: how the 街道 tile their districts (overlaps, gaps, pieces outside).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Districts.TopologyReport? Topology { get; init; }
}

/// <summary>How far an import has come; read by the job status route while the import runs.</summary>
public sealed class ImportProgress
{
    private int _done;

    /// <summary>reading, checking, writing, done.</summary>
    public string Phase { get; private set; } = "reading";

    public int Total { get; private set; }

    public int Done => Volatile.Read(ref _done);

    public void Start(string phase, int total)
    {
        Phase = phase;
        Total = total;
        Volatile.Write(ref _done, 0);
    }

    public void Advance(int rows = 1) => Interlocked.Add(ref _done, rows);

    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Step, TimeSpan Elapsed)> _steps = new();

    /// <summary>What the writing spent its time on, step by step (the bulk commit's statements), for operators and the benchmark.</summary>
    public IReadOnlyCollection<(string Step, TimeSpan Elapsed)> Steps => _steps;

    public void Took(string step, TimeSpan elapsed) => _steps.Enqueue((step, elapsed));
}
