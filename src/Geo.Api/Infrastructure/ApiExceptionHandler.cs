using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Geo.Api.Infrastructure;

/// <summary>A client error found while handling a request: becomes a 400 ProblemDetails naming the field.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors, string? detail = null)
    : Exception(detail ?? "The request is not valid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public RequestValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] }, message) { }
}

/// <summary>
/// Maps the errors a client can cause to RFC 9110 ProblemDetails; everything else is a logged 500 whose
/// details stay on the server.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors) = exception switch
        {
            RequestValidationException v => (400, "请求无效 Invalid request", v.Message, v.Errors),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "请求体不是有效的 JSON Invalid JSON body", JsonMessage(json), JsonErrors(json)),
            BadHttpRequestException bad => (bad.StatusCode, "请求无效 Invalid request", bad.Message, null),
            JsonException json => (400, "请求体不是有效的 JSON Invalid JSON body", JsonMessage(json), JsonErrors(json)),
            NpgsqlException or TimeoutException when IsDatabaseUnavailable(exception) =>
                (503, "数据库暂不可用 Database unavailable", "The database cannot be reached; try again shortly.", null),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request", null, null),
            _ => (500, "服务器内部错误 Internal server error", "An unexpected error occurred; it has been logged.", (IDictionary<string, string[]>?)null),
        };

        if (status >= 500 && status != 503)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else if (status == 503)
        {
            logger.LogWarning(exception, "Database unavailable on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static bool IsDatabaseUnavailable(Exception exception) =>
        exception is TimeoutException || exception is NpgsqlException { IsTransient: true } ||
        exception.InnerException is System.Net.Sockets.SocketException;

    private static string JsonMessage(JsonException json) =>
        json.Path is { Length: > 0 } path
            ? $"Field '{path.TrimStart('$', '.')}': {FirstSentence(json.Message)}"
            : FirstSentence(json.Message);

    private static Dictionary<string, string[]>? JsonErrors(JsonException json) =>
        json.Path is { Length: > 0 } path
            ? new Dictionary<string, string[]> { [path.TrimStart('$', '.')] = [FirstSentence(json.Message)] }
            : null;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
