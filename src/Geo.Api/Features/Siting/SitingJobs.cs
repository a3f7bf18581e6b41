using System.Globalization;
using System.Text.Json;
using Geo.Analysis.Siting;
using Geo.Api.Jobs;

namespace Geo.Api.Features.Siting;

/// <summary>
/// Background siting runs as durable jobs: submitted, polled and cancelled through any instance; run by the siting
/// worker of whichever instance takes them, one at a time per instance. A run an instance stops under goes back to
/// the queue and starts again from the beginning; only a successful run saves a scenario, in the transaction that
/// marks its job succeeded.
/// </summary>
public sealed class SitingJobs(DurableJobs jobs, ScenarioStore store, IServiceScopeFactory scopes)
{
    public const string Kind = "siting";
    public static readonly TimeSpan Retention = DurableJobs.Retention;

    internal Task<Guid> SubmitAsync(SitingPlan plan, CancellationToken cancellationToken) =>
        jobs.SubmitAsync(Kind, plan.Body, cancellationToken: cancellationToken);

    public async Task<SitingJobView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(id, Kind, cancellationToken) is not { } job)
        {
            return null;
        }

        var status = Enum.Parse<SitingJobStatus>(job.Status.ToString());
        var progress = job.Progress is null ? null : JsonSerializer.Deserialize<SitingJobProgress>(job.Progress, jobs.Json);
        if (status == SitingJobStatus.Succeeded && progress is not null)
        {
            progress = progress with { Stage = "done", Fraction = 1 };
        }

        SitingRunResult? result = null;
        if (job.Result is { } scenario)
        {
            await using var scope = scopes.CreateAsyncScope();
            result = await store.FindAsync(scope.ServiceProvider.GetRequiredService<TuoyuDbContext>(),
                long.Parse(scenario, CultureInfo.InvariantCulture), cancellationToken);
        }

        return new SitingJobView(job.Id, status, progress, job.CancelRequested && status == SitingJobStatus.Running, job.Error, result,
            job.SubmittedAt, job.FinishedAt);
    }

    /// <summary>False when there is no such job or it had already finished.</summary>
    public Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken) => jobs.CancelAsync(id, Kind, cancellationToken);
}

/// <summary>Runs one background siting job: plans it again from its request, solves, and saves its scenario.</summary>
internal sealed class SitingJobHandler(ScenarioStore store, DurableJobs jobs, IEnumerable<ISitingRunHold> holds) : IJobHandler
{
    public string Kind => SitingJobs.Kind;

    public async Task<string?> RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var db = run.Services.GetRequiredService<TuoyuDbContext>();
        var body = JsonSerializer.Deserialize<SitingRunRequest>(run.Request, jobs.Json)!;
        var plan = await new SitingPlanner(db, run.Services.GetRequiredService<Analysis.WalkingDistances>()).PlanAsync(body, cancellationToken)
            ?? throw new JobFailedException($"区划 {body.District} 已不存在，未保存任何结果。 There is no longer a district or 街道 {body.District}; nothing was saved.");
        var progress = new Progress(plan.Request.TimeLimit);
        run.Progress = () => progress.Latest;
        foreach (var hold in holds)
        {
            await hold.WaitAsync(cancellationToken);
        }

        SitingRunResult result;
        try
        {
            result = await Task.Run(() => SitingRun.Execute(plan, progress, cancellationToken), cancellationToken);
        }
        catch (SitingFailedException e)
        {
            throw new JobFailedException(e.Message);
        }

        progress.Report(new SitingProgress("saving", result.Sites.Features.Count, result.Objective, TimeSpan.FromMilliseconds(result.TimeMs)));
        await store.SaveAsync(db, plan, result, cancellationToken,
            saved => run.CompleteAsync(db, saved.Id!.Value.ToString(CultureInfo.InvariantCulture), CancellationToken.None));
        return null;
    }

    /// <summary>The solver's latest progress as the job view shows it.</summary>
    private sealed class Progress(TimeSpan limit) : IProgress<SitingProgress>
    {
        public SitingJobProgress? Latest { get; private set; }

        public void Report(SitingProgress p) => Latest = new SitingJobProgress(p.Stage, p.SitesChosen, p.Objective, (long)p.Elapsed.TotalMilliseconds,
            Math.Round(Math.Min(0.99, p.Elapsed.TotalMilliseconds / limit.TotalMilliseconds), 3));
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
