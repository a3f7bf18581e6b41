using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Jobs;

/// <summary>The answers the job routes share.</summary>
public static class JobAnswers
{
    /// <summary>
    /// DELETE of a job: 200 with the job as it now stands when the cancellation was taken, 404 for an unknown job,
    /// otherwise <paramref name="finished"/> (409: it had already ended).
    /// </summary>
    public static Results<Ok<T>, ProblemHttpResult> Cancelled<T>(bool taken, T? job, Func<ProblemHttpResult> unknown, Func<T, ProblemHttpResult> finished)
        where T : class =>
        job is null ? unknown() : taken ? TypedResults.Ok(job) : finished(job);
}
