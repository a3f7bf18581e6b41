using System.Text.Json;
using Hangfire;

namespace Geo.Api.Jobs;

/// <summary>Runs one kind of job on a worker of whichever instance takes it from the queue.</summary>
public interface IJobHandler
{
    /// <summary>The kind, which is also the engine's queue: siting runs one at a time, imports beside them.</summary>
    string Kind { get; }

    /// <summary>Runs the job from the start; returns its result as JSON unless it completed itself (<see cref="JobRun.CompleteAsync"/>).</summary>
    Task<string?> RunAsync(JobRun run, CancellationToken cancellationToken);
}

/// <summary>A job's failure the user should read, Chinese first; nothing of the job was saved.</summary>
public sealed class JobFailedException(string message) : Exception(message);

/// <summary>
/// The jobs every instance shares: submitted here, stored in background_jobs, queued in the engine; read and
/// cancelled through any instance, since the row, not a process, holds their state.
/// </summary>
public sealed class DurableJobs(IBackgroundJobClient engine, IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>Finished jobs are kept this long, then removed by the next submission.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>The API's own JSON settings, so a stored request reads back as the endpoint bound it.</summary>
    public JsonSerializerOptions Json => json.Value.SerializerOptions;

    /// <summary>The same, lenient to fields a newer or older version wrote (computed ones included).</summary>
    public JsonSerializerOptions ReadJson { get; } = new(json.Value.SerializerOptions)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public async Task<Guid> SubmitAsync(string kind, object request, byte[]? upload = null, string? uploadName = null,
        CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var expired = DateTimeOffset.UtcNow - Retention;
        await db.Set<BackgroundJobRecord>().Where(j => j.FinishedAt < expired).ExecuteDeleteAsync(cancellationToken);

        var id = Guid.NewGuid();
        // Written without SaveChanges: a job row is no change of the plan's data, so it has no audit entry.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO background_jobs (id, kind, status, request, upload, upload_name, cancel_requested, attempts, submitted_at)
            VALUES ({id}, {kind}, 'queued', {JsonSerializer.Serialize(request, Json)}::jsonb, {upload}, {uploadName}, false, 0, now())
            """, cancellationToken);
        engine.Enqueue<JobWorker>(kind, w => w.RunAsync(id, CancellationToken.None));
        return id;
    }

    public async Task<BackgroundJobRecord?> FindAsync(Guid id, string kind, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        return await db.Set<BackgroundJobRecord>().AsNoTracking().Where(j => j.Id == id && j.Kind == kind)
            .Select(j => new BackgroundJobRecord
            {
                Id = j.Id, Kind = j.Kind, Status = j.Status, Request = j.Request, UploadName = j.UploadName, Progress = j.Progress,
                CancelRequested = j.CancelRequested, Error = j.Error, Result = j.Result, Attempts = j.Attempts, Worker = j.Worker,
                SubmittedAt = j.SubmittedAt, StartedAt = j.StartedAt, HeartbeatAt = j.HeartbeatAt, FinishedAt = j.FinishedAt,
            })
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Asks a job to stop: a queued one ends cancelled at once, a running one when its worker next looks at the flag
    /// (a few times a second, on whichever instance runs it). False when there is no such job or it had finished.
    /// </summary>
    public async Task<bool> CancelAsync(Guid id, string kind, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var now = DateTimeOffset.UtcNow;
        return await db.Set<BackgroundJobRecord>()
            .Where(j => j.Id == id && j.Kind == kind && (j.Status == JobState.Queued || j.Status == JobState.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.FinishedAt, j => j.Status == JobState.Queued ? now : j.FinishedAt)
                .SetProperty(j => j.Upload, j => j.Status == JobState.Queued ? null : j.Upload)
                .SetProperty(j => j.Status, j => j.Status == JobState.Queued ? JobState.Cancelled : j.Status), cancellationToken) > 0;
    }
}
