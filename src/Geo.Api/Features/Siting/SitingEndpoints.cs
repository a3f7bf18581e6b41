using Microsoft.AspNetCore.Http.HttpResults;
using Geo.Api.Features.Analysis;
using Geo.Api.Jobs;

namespace Geo.Api.Features.Siting;

/// <summary>
/// Siting runs: a short solve answers at once and is saved as a scenario; a long one (exact beyond
/// <see cref="SitingPlanner.ForegroundTimeLimitSeconds"/> s, or async = true) becomes a background job that shows
/// its progress, can be cancelled, and saves its scenario only when it succeeds.
/// </summary>
public static class SitingEndpoints
{
    public static IServiceCollection AddSiting(this IServiceCollection services) => services
        .AddSingleton<ScenarioStore>()
        .AddSingleton<SitingJobs>()
        .AddSingleton<IJobHandler, SitingJobHandler>();

    public static void MapSitingEndpoints(this IEndpointRouteBuilder app)
    {
        var siting = app.MapGroup("/api/analysis").WithTags("Siting 选址").RequireAuthorization(Policies.Planner).ProducesClientProblems();
        siting.MapPost("/siting", RunAsync)
            .WithSummary("Choose new sites (mclp, capacitated, lscp, p_median) in a district or on a self-contained problem");
        siting.MapGet("/siting/jobs/{id:guid}", GetJob).WithSummary("Status, progress and result of a background siting run");
        siting.MapDelete("/siting/jobs/{id:guid}", CancelJob).WithSummary("Cancel a background siting run; nothing is saved");
        siting.MapScenarioEndpoints();
    }

    private static async Task<Results<Ok<SitingRunResult>, Accepted<SitingJobAccepted>, ProblemHttpResult>> RunAsync(
        SitingRunRequest body, TuoyuDbContext db, WalkingDistances distances, SitingJobs jobs, ScenarioStore store, UnitScope scope,
        CancellationToken cancellationToken)
    {
        // A district run is saved as a scenario of that district; an own problem's is tied to no unit, but saved all the same.
        if (body.District is not null)
        {
            await scope.EnsureUnitAsync(body.District, cancellationToken);
        }
        else
        {
            await scope.EnsureBoundAsync(cancellationToken);
        }

        var plan = await new SitingPlanner(db, distances).PlanAsync(body, cancellationToken);
        if (plan is null)
        {
            return Problems.NotFound($"There is no district or 街道 with the code {body.District}.");
        }

        if (plan.Background)
        {
            var id = await jobs.SubmitAsync(plan, cancellationToken);
            var url = $"/api/analysis/siting/jobs/{id}";
            return TypedResults.Accepted(url, new SitingJobAccepted(id, url));
        }

        SitingRunResult result;
        try
        {
            result = SitingRun.Execute(plan, null, cancellationToken);
        }
        catch (SitingFailedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "未找到可行方案 No solution found");
        }

        return TypedResults.Ok(await store.SaveAsync(db, plan, result, cancellationToken));
    }

    private static async Task<Results<Ok<SitingJobView>, ProblemHttpResult>> GetJob(Guid id, SitingJobs jobs, CancellationToken cancellationToken) =>
        await jobs.FindAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job) : UnknownJob(id);

    private static async Task<Results<Ok<SitingJobView>, ProblemHttpResult>> CancelJob(Guid id, SitingJobs jobs, CancellationToken cancellationToken)
    {
        var taken = await jobs.CancelAsync(id, cancellationToken);
        return JobAnswers.Cancelled(taken, await jobs.FindAsync(id, cancellationToken), () => UnknownJob(id), job => TypedResults.Problem(
            $"Siting job {id} has already {Words(job.Status)}; a saved run is removed by deleting its scenario.",
            statusCode: StatusCodes.Status409Conflict, title: "运行已结束 Run already finished"));
    }

    private static string Words(SitingJobStatus status) => Data.Entities.Words.Of(status);

    private static ProblemHttpResult UnknownJob(Guid id) =>
        Problems.NotFound($"There is no siting job {id} (finished jobs are kept for {SitingJobs.Retention.TotalHours:0} h).");
}
