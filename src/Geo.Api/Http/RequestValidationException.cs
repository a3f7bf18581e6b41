namespace Geo.Api.Http;

/// <summary>A client error found while handling a request: becomes a 400 ProblemDetails naming the field.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors, string? detail = null)
    : Exception(detail ?? "The request is not valid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public RequestValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] }, message) { }
}
