using System.Collections.Concurrent;
using System.Threading.Channels;
using Geo.Analysis.Siting;
using Geo.Api.Data;

namespace Geo.Api.Features.Siting;

/// <summary>A background siting run: its plan, its state and the way to stop it.</summary>
internal sealed class SitingJob(SitingPlan plan) : IProgress<SitingProgress>
{
    private readonly Lock _gate = new();
    private SitingProgress? _progress;

    public Guid Id { get; } = Guid.NewGuid();
    public SitingPlan Plan { get; } = plan;
    public CancellationTokenSource Cancellation { get; } = new();
    public DateTimeOffset SubmittedAt { get; } = DateTimeOffset.UtcNow;
    public SitingJobStatus Status { get; private set; } = SitingJobStatus.Queued;
    public DateTimeOffset? FinishedAt { get; private set; }
    public SitingRunResult? Result { get; private set; }
    public string? Error { get; private set; }

    public void Report(SitingProgress value) => _progress = value;

    /// <summary>Moves to running unless cancelled while queued.</summary>
    public bool Start()
    {
        lock (_gate)
        {
            if (Status != SitingJobStatus.Queued)
            {
                return false;
            }

            Status = SitingJobStatus.Running;
            return true;
        }
    }

    public void Finish(SitingJobStatus status, SitingRunResult? result = null, string? error = null)
    {
        lock (_gate)
        {
            (Status, Result, Error, FinishedAt) = (status, result, error, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Asks the run to stop; a queued run is cancelled at once. False when it had already finished.</summary>
    public bool Cancel()
    {
        lock (_gate)
        {
            if (Status is not (SitingJobStatus.Queued or SitingJobStatus.Running))
            {
                return false;
            }

            Cancellation.Cancel();
            if (Status == SitingJobStatus.Queued)
            {
                (Status, FinishedAt) = (SitingJobStatus.Cancelled, DateTimeOffset.UtcNow);
            }

            return true;
        }
    }

    public SitingJobView View()
    {
        lock (_gate)
        {
            var p = _progress;
            var limit = Plan.Request.TimeLimit.TotalMilliseconds;
            var progress = p is null ? null : new SitingJobProgress(p.Stage, p.SitesChosen, p.Objective,
                (long)p.Elapsed.TotalMilliseconds,
                Status == SitingJobStatus.Succeeded ? 1 : Math.Round(Math.Min(0.99, p.Elapsed.TotalMilliseconds / limit), 3));
            return new SitingJobView(Id, Status, progress, Cancellation.IsCancellationRequested && Status == SitingJobStatus.Running,
                Error, Result, SubmittedAt, FinishedAt);
        }
    }
}

/// <summary>
/// The background runs: a queue the <see cref="SitingJobRunner"/> takes from, and the jobs by id. Jobs live in
/// memory (a restart forgets unfinished runs, which saved nothing); finished ones are kept for an hour.
/// </summary>
public sealed class SitingJobs
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly Channel<SitingJob> _queue = Channel.CreateUnbounded<SitingJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, SitingJob> _jobs = new();

    internal ChannelReader<SitingJob> Queue => _queue.Reader;

    internal SitingJob Submit(SitingPlan plan)
    {
        foreach (var old in _jobs.Values.Where(j => j.FinishedAt < DateTimeOffset.UtcNow - Retention))
        {
            _jobs.TryRemove(old.Id, out _);
        }

        var job = new SitingJob(plan);
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    internal SitingJob? Find(Guid id) => _jobs.GetValueOrDefault(id);
}

/// <summary>
/// Runs queued siting jobs one at a time (exact solves take every core they are given), saving each
/// successful run as a scenario; a failed or cancelled run saves nothing.
/// </summary>
internal sealed class SitingJobRunner(SitingJobs jobs, ScenarioStore store, IServiceScopeFactory scopes, ILogger<SitingJobRunner> log,
    IEnumerable<ISitingRunHold> holds)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in jobs.Queue.ReadAllAsync(stoppingToken))
        {
            if (job.Start())
            {
                await RunAsync(job, stoppingToken);
            }
        }
    }

    private async Task RunAsync(SitingJob job, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, stoppingToken);
        var token = linked.Token;
        try
        {
            foreach (var hold in holds)
            {
                await hold.WaitAsync(token);
            }

            var result = await Task.Run(() => SitingRun.Execute(job.Plan, job, token), token);
            job.Report(new SitingProgress("saving", result.Sites.Features.Count, result.Objective, TimeSpan.FromMilliseconds(result.TimeMs)));
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
            var saved = await store.SaveAsync(db, job.Plan, result, token);
            job.Report(new SitingProgress("done", result.Sites.Features.Count, result.Objective, TimeSpan.FromMilliseconds(result.TimeMs)));
            job.Finish(SitingJobStatus.Succeeded, saved);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            job.Finish(SitingJobStatus.Cancelled);
        }
        catch (SitingFailedException e)
        {
            job.Finish(SitingJobStatus.Failed, error: e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "Siting job {JobId} failed", job.Id);
            job.Finish(SitingJobStatus.Failed, error: "The run failed unexpectedly; it has been logged and nothing was saved.");
        }
    }
}

/// <summary>
/// Test hook, registered by no one in the service: a started run (already "running", and cancellable) waits here
/// before it solves, so tests can act on a running job without depending on how long a solve takes.
/// </summary>
public interface ISitingRunHold
{
    Task WaitAsync(CancellationToken cancellationToken);
}
