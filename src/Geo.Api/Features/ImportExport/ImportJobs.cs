using System.Collections.Concurrent;
using Geo.Api.Data;

namespace Geo.Api.Features.ImportExport;

/// <summary>The state of a background import, as GET /api/import/jobs/{id} reports it.</summary>
/// <param name="Status">running, succeeded or failed.</param>
/// <param name="Phase">checking (rows against the layer's rules) or writing (the commit), then done.</param>
public sealed record ImportJobStatus(Guid JobId, string Layer, string File, string Status, string Phase, int Done, int Total,
    double Percent, string? Error, ImportReport? Report);

/// <summary>
/// Large imports run in the background so the client can follow their progress; jobs live in this process's
/// memory (a restart forgets them; the import's transaction is then rolled back with it).
/// </summary>
public sealed class ImportJobs(IServiceScopeFactory scopes, ImportEngine engine, ILogger<ImportJobs> logger)
{
    private static readonly TimeSpan KeepFinished = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();

    public Guid Start(PreparedImport prepared, ImportOptions options)
    {
        foreach (var old in _jobs.Values.Where(j => j.FinishedAt < DateTimeOffset.UtcNow - KeepFinished))
        {
            _jobs.TryRemove(old.Id, out _);
        }

        var job = new Job(Guid.NewGuid(), prepared);
        _jobs[job.Id] = job;
        job.Work = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
                job.Report = await engine.RunAsync(db, prepared, options, job.Progress, CancellationToken.None);
            }
            catch (RequestValidationException e)
            {
                job.Error = e.Message;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Import job {Job} of {File} failed", job.Id, prepared.Settings.File);
                job.Error = "The import failed unexpectedly; nothing was written. The error has been logged.";
            }
            finally
            {
                job.FinishedAt = DateTimeOffset.UtcNow;
            }
        });
        return job.Id;
    }

    /// <summary>The job's run, done when it has succeeded or failed; lets a caller in this process wait without polling.</summary>
    public Task? Completion(Guid id) => _jobs.TryGetValue(id, out var job) ? job.Work : null;

    public ImportJobStatus? Status(Guid id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return null;
        }

        var finished = job.FinishedAt is not null;
        var progress = job.Progress;
        var total = progress.Total;
        return new ImportJobStatus(job.Id, job.Prepared.Layer.Route, job.Prepared.Settings.File,
            !finished ? "running" : job.Error is null ? "succeeded" : "failed",
            finished ? "done" : progress.Phase, progress.Done, total,
            finished ? 100 : total == 0 ? 0 : Math.Round(100.0 * progress.Done / total, 1),
            job.Error, job.Report);
    }

    private sealed class Job(Guid id, PreparedImport prepared)
    {
        public Guid Id { get; } = id;
        public PreparedImport Prepared { get; } = prepared;
        public ImportProgress Progress { get; } = new();
        public ImportReport? Report { get; set; }
        public string? Error { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public Task Work { get; set; } = Task.CompletedTask;
    }
}
