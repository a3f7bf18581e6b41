using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Features.Health;

public static class HealthEndpoints
{
    public sealed record HealthReport(string Status, bool Database, string? Postgis, string? Error);

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", CheckAsync).WithTags("Health").WithSummary("Database reachable, PostGIS version");

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        TuoyuDbContext db, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var version = await db.Database
                .SqlQueryRaw<string>("SELECT postgis_lib_version() AS \"Value\"")
                .SingleAsync(timeout.Token);
            return TypedResults.Ok(new HealthReport("healthy", true, version, null));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger("Health").LogWarning(e, "Health check: database unreachable");
            return TypedResults.Json(new HealthReport("unhealthy", false, null, "数据库不可达 database unreachable"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
