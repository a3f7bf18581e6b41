using System.Text.Json;
using Geo.Api.Jobs;

namespace Geo.Api.Features.ImportExport;

/// <summary>The state of a background import, as GET /api/import/jobs/{id} reports it.</summary>
/// <param name="Status">running (queued ones too), succeeded, failed or cancelled.</param>
/// <param name="Phase">queued, reading, checking (rows against the layer's rules) or writing (the commit), then done.</param>
public sealed record ImportJobStatus(Guid JobId, string Layer, string File, string Status, string Phase, int Done, int Total,
    double Percent, string? Error, ImportReport? Report);

/// <summary>What a background import needs to run on any instance: the route's parameters and form fields (the file travels beside).</summary>
internal sealed record ImportJobRequest(string Layer, ImportParameters Parameters, IReadOnlyDictionary<string, string> Fields);

internal sealed record ImportJobProgress(string Phase, int Done, int Total);

/// <summary>
/// Large imports run in the background as durable jobs, so the client can follow their progress from any instance.
/// The file is kept with the job until it ends; a commit and the job's success are one transaction, so a job an
/// instance stops or dies under leaves nothing half-written, goes back to the queue and is read again from its file.
/// </summary>
public sealed class ImportJobs(DurableJobs jobs)
{
    public const string Kind = "import";

    public Task<Guid> StartAsync(string layer, ImportParameters parameters, IReadOnlyDictionary<string, string> fields, byte[] file, string fileName,
        CancellationToken cancellationToken) =>
        jobs.SubmitAsync(Kind, new ImportJobRequest(layer, parameters, fields), file, fileName, cancellationToken);

    public async Task<ImportJobStatus?> StatusAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(id, Kind, cancellationToken) is not { } job)
        {
            return null;
        }

        var request = JsonSerializer.Deserialize<ImportJobRequest>(job.Request, jobs.ReadJson)!;
        var progress = job.Progress is null ? null : JsonSerializer.Deserialize<ImportJobProgress>(job.Progress, jobs.ReadJson);
        var finished = job.FinishedAt is not null;
        var (done, total) = (progress?.Done ?? 0, progress?.Total ?? 0);
        return new ImportJobStatus(job.Id, request.Layer, job.UploadName ?? "",
            job.Status switch { JobState.Queued or JobState.Running => "running", var s => BackgroundJobConfiguration.Words(s) },
            finished ? "done" : job.Status == JobState.Queued ? "queued" : progress?.Phase ?? "reading", done, total,
            finished ? 100 : total == 0 ? 0 : Math.Round(100.0 * done / total, 1),
            job.Error, job.Result is null ? null : JsonSerializer.Deserialize<ImportReport>(job.Result, jobs.ReadJson));
    }

    /// <summary>False when there is no such job or it had already finished.</summary>
    public Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken) => jobs.CancelAsync(id, Kind, cancellationToken);
}

/// <summary>Runs one background import: reads its file again, checks the rows and writes them in one transaction.</summary>
internal sealed class ImportJobHandler(ImportEngine engine, DurableJobs jobs) : IJobHandler
{
    public string Kind => ImportJobs.Kind;

    public async Task<string?> RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<ImportJobRequest>(run.Request, jobs.ReadJson)!;
        var options = request.Parameters.ToOptions(request.Fields);

        var transfer = engine.Layers.Find(request.Layer)
            ?? throw new JobFailedException($"图层 {request.Layer} 已不存在。 There is no layer {request.Layer}.");
        var progress = new ImportProgress();
        run.Progress = () => new ImportJobProgress(progress.Phase, progress.Done, progress.Total);
        var path = Path.Combine(engine.Limits.TempDirectory(), $"tuoyu-job-{run.Id:N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(path, run.Upload ?? [], cancellationToken);
            var data = ImportEngine.Read(path, run.UploadName ?? "", options, engine.Limits);
            var prepared = engine.Prepare(transfer, data, run.UploadName ?? "", options);
            var db = run.Services.GetRequiredService<TuoyuDbContext>();
            // The rows and the job's success in one transaction: a job an instance died under (still running) wrote
            // nothing, so it is run again from its file, on any instance.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var report = await engine.RunAsync(db, prepared, options, progress, cancellationToken);
            await run.CompleteAsync(db, JsonSerializer.Serialize(report, jobs.Json), cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
            return null;
        }
        catch (Exception e) when (e is RequestValidationException or ImportFileException)
        {
            throw new JobFailedException(e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
