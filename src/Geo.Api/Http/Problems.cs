using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Http;

/// <summary>The problems every feature answers alike, so a client reads one shape and one title for each.</summary>
public static class Problems
{
    public const string NotFoundTitle = "未找到 Not found";

    /// <summary>A 404 as application/problem+json (TypedResults.NotFound(problem) would answer application/json).</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: NotFoundTitle);

    /// <summary>
    /// Declares on a group the problems its routes answer: 400 with the fields and rules broken (thrown as
    /// <see cref="RequestValidationException"/> and written by the exception handler, so no handler's return
    /// type names it) and 404 where a route reads something by code or id.
    /// </summary>
    public static TBuilder ProducesClientProblems<TBuilder>(this TBuilder builder, bool notFound = true)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.ProducesValidationProblem();
        if (notFound)
        {
            builder.ProducesProblem(StatusCodes.Status404NotFound);
        }

        return builder;
    }
}
