using System.Text.Json;
using Hangfire;

namespace Geo.Api.Jobs;

/// <summary>What a handler sees of the job it runs.</summary>
public sealed class JobRun(IServiceProvider services, JsonSerializerOptions json, Guid id, string request, byte[]? upload, string? uploadName)
{
    /// <summary>The worker's scope: its database context is the handler's to use.</summary>
    public IServiceProvider Services { get; } = services;

    public Guid Id { get; } = id;
    public string Request { get; } = request;
    public byte[]? Upload { get; } = upload;
    public string? UploadName { get; } = uploadName;

    /// <summary>The progress to publish: read by the worker a few times a second, stored as JSON.</summary>
    public Func<object?> Progress { get; set; } = () => null;

    internal bool Completed { get; private set; }

    internal string? ProgressJson() => Progress() is { } p ? JsonSerializer.Serialize(p, json) : null;

    /// <summary>Set when the worker found the cancel flag (as opposed to the instance stopping).</summary>
    internal bool CancelRequested { get; set; }

    /// <summary>
    /// Marks the job succeeded inside the caller's transaction, so its result and its rows commit together: no
    /// committed rows under a job that says running or failed, and no succeeded job whose rows were rolled back.
    /// </summary>
    public async Task CompleteAsync(TuoyuDbContext db, string result, CancellationToken cancellationToken)
    {
        await JobWorker.FinishAsync(db, this, JobState.Succeeded, result, null, cancellationToken);
        foreach (var hook in Services.GetServices<IJobCommitHook>())
        {
            await hook.BeforeCommitAsync(Id, cancellationToken);
        }

        Completed = true;
    }
}

/// <summary>
/// Test hook, registered by no one in the service: called inside the transaction that records a job's success, after
/// its rows and its succeeded row are written and before they commit, so tests can fail between the two.
/// </summary>
public interface IJobCommitHook
{
    Task BeforeCommitAsync(Guid jobId, CancellationToken cancellationToken);
}

/// <summary>
/// The engine's entry point for every job: claims the row, publishes progress and watches the cancel flag while
/// the handler runs, and records how it ended. A graceful stop of the instance hands the job back to the queue,
/// where a worker of another instance (or this one after its restart) starts it again from the beginning.
/// </summary>
public sealed class JobWorker(IServiceScopeFactory scopes, IEnumerable<IJobHandler> handlers, DurableJobs jobs, JobInstance instance,
    ILogger<JobWorker> log)
{
    /// <summary>Starts beyond this many mean the job keeps taking instances down with it: it ends failed instead.</summary>
    public const int MaxAttempts = 3;

    internal static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(200);

    [AutomaticRetry(Attempts = 0)] // a failure is recorded on the row, with its reason; the engine must not run it again
    public async Task RunAsync(Guid id, CancellationToken engineToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var job = await ClaimAsync(db, id, engineToken);
        if (job is null)
        {
            return; // cancelled while queued, finished, or removed
        }

        var handler = handlers.Single(h => h.Kind == job.Kind);
        var run = new JobRun(scope.ServiceProvider, jobs.Json, id, job.Request, job.Upload, job.UploadName);
        if (job.Attempts > MaxAttempts)
        {
            await FinishAsync(db, run, JobState.Failed, null,
                $"服务实例在运行该任务时已中断 {MaxAttempts} 次，任务已停止，未保存任何结果。 " +
                $"The instances running this job stopped {MaxAttempts} times; it was stopped and nothing was saved.", CancellationToken.None);
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(engineToken);
        using var watch = new CancellationTokenSource();
        var watcher = WatchAsync(id, run, cancel, watch.Token);
        try
        {
            var result = await handler.RunAsync(run, cancel.Token);
            if (!run.Completed)
            {
                await FinishAsync(db, run, JobState.Succeeded, result, null, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (run.CancelRequested)
        {
            await FinishAsync(db, run, JobState.Cancelled, null, null, CancellationToken.None);
        }
        catch (OperationCanceledException) when (engineToken.IsCancellationRequested)
        {
            // The instance is stopping: the job goes back to the queue whole (its transaction was rolled back).
            await using var handBack = scopes.CreateAsyncScope();
            await handBack.ServiceProvider.GetRequiredService<TuoyuDbContext>().Set<BackgroundJobRecord>()
                .Where(j => j.Id == id && j.Status == JobState.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobState.Queued), CancellationToken.None);
            throw;
        }
        catch (JobFailedException e)
        {
            await FinishAsync(db, run, JobState.Failed, null, e.Message, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "Background {Kind} job {JobId} failed", job.Kind, id);
            await FinishAsync(db, run, JobState.Failed, null,
                "任务意外失败，未保存任何结果；错误已记入日志。 The job failed unexpectedly; nothing was saved and the error has been logged.",
                CancellationToken.None);
        }
        finally
        {
            await watch.CancelAsync();
            await watcher;
        }
    }

    /// <summary>Takes a queued job, or one an instance died under; none that ended or was cancelled.</summary>
    private async Task<BackgroundJobRecord?> ClaimAsync(TuoyuDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var before = await db.Set<BackgroundJobRecord>().AsNoTracking()
            .FirstOrDefaultAsync(j => j.Id == id && !j.CancelRequested && (j.Status == JobState.Queued || j.Status == JobState.Running), cancellationToken);
        if (before is null)
        {
            return null;
        }

        var now = DateTimeOffset.UtcNow;
        var claimed = await db.Set<BackgroundJobRecord>()
            .Where(j => j.Id == id && j.Status == before.Status && j.Attempts == before.Attempts && !j.CancelRequested)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobState.Running)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.Worker, instance.Name)
                .SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.HeartbeatAt, now), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        before.Attempts++;
        return before;
    }

    /// <summary>Publishes the progress and reads the cancel flag until the handler is done.</summary>
    private async Task WatchAsync(Guid id, JobRun run, CancellationTokenSource cancel, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var progress = run.ProgressJson();
                var flags = await db.Database.SqlQuery<bool>($"""
                    UPDATE background_jobs SET progress = coalesce({progress}::jsonb, progress), heartbeat_at = now()
                     WHERE id = {id} RETURNING cancel_requested AS "Value"
                    """).ToListAsync(stop);
                if (flags is [true] or [])
                {
                    run.CancelRequested = true;
                    await cancel.CancelAsync();
                }

                await Task.Delay(Beat, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Records the end, with the last progress: a job shorter than one beat has published none yet.</summary>
    internal static Task FinishAsync(TuoyuDbContext db, JobRun run, JobState state, string? result, string? error, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var progress = run.ProgressJson();
        return db.Set<BackgroundJobRecord>().Where(j => j.Id == run.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Progress, j => progress ?? j.Progress)
                .SetProperty(j => j.Status, state)
                .SetProperty(j => j.Result, result)
                .SetProperty(j => j.Error, error)
                .SetProperty(j => j.Upload, (byte[]?)null)
                .SetProperty(j => j.FinishedAt, now), cancellationToken);
    }
}

/// <summary>This instance's name on the jobs it runs, so a row tells which instance took it.</summary>
public sealed class JobInstance
{
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
