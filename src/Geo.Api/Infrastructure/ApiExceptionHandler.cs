using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Geo.Api.Infrastructure;

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
            WorkTooLargeException work => (422, "请求的计算量过大 Request implies too much work", work.Message,
                new Dictionary<string, string[]> { [work.Field] = [work.Message] }),
            OutsideUnitsException outside => (403, "超出本账户的行政区 Outside your units", outside.Message, null),
            UnboundAccountException unbound => (403, "账户未绑定行政区 Account bound to no unit", unbound.Message, null),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "请求体不是有效的 JSON Invalid JSON body", JsonMessage(json), JsonErrors(json)),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } big => (413, "请求体过大 Request too large", big.Message, null),
            BadHttpRequestException bad when BindingFailure(bad) is var (field, rule) =>
                (bad.StatusCode, "请求无效 Invalid request", $"{field}: {rule}", new Dictionary<string, string[]> { [field] = [rule] }),
            JsonException json => (400, "请求体不是有效的 JSON Invalid JSON body", JsonMessage(json), JsonErrors(json)),
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique } =>
                (409, "与已有数据冲突 Conflicts with existing data", $"已有 {ConstraintField(unique)} 相同的数据。 A feature with the same {ConstraintField(unique)} exists already.", null),
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.NotNullViolation } rule } =>
                (400, "请求无效 Invalid request", RuleBroken(rule), null),
            _ when IsStatementTimeout(exception) =>
                (503, "查询超时 Query took too long", "The request's database work ran past the statement timeout (Database:StatementTimeoutSeconds) and was stopped; narrow the request.", null),
            _ when IsDatabaseUnavailable(exception) =>
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
        if (exception is WorkTooLargeException tooLarge)
        {
            problem.Extensions["limit"] = tooLarge.Limit;
            problem.Extensions["allowed"] = tooLarge.Allowed;
            problem.Extensions["requested"] = tooLarge.Requested;
        }

        if (exception is OutsideUnitsException { Unit: var unit })
        {
            problem.Extensions["unit"] = unit;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The column a unique index guards, from its name (ix_institutions_credit_code → credit_code); never the name itself.</summary>
    private static string ConstraintField(PostgresException e) =>
        e.ConstraintName is { } name && e.TableName is { } table && name.StartsWith($"ix_{table}_", StringComparison.Ordinal)
            ? name[(table.Length + 4)..]
            : e.ColumnName ?? "key";

    /// <summary>A database rule the request broke, by its column where Postgres names one: constraint names are the schema's, not the client's.</summary>
    private static string RuleBroken(PostgresException e) => e.ColumnName is { } column
        ? $"字段 {column} 的取值不符合数据规则。 The value of {column} breaks a rule of the data."
        : "数据不符合数据库规则：请检查各字段的取值。 The data break a rule of the database: check the fields' values.";

    private static bool IsStatementTimeout(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The database cannot be reached or dropped the connection: a transient Npgsql error anywhere in the
    /// chain (EF wraps it in an InvalidOperationException), or a timeout opening a connection.
    /// </summary>
    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } || e is NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The field and rule of a request the framework could not bind, in our words: its own text names .NET
    /// types ("Nullable&lt;int&gt; Page") and its inference ("Implicit body inferred"), which mean nothing to a client.
    /// </summary>
    private static (string Field, string Rule) BindingFailure(BadHttpRequestException bad)
    {
        var message = bad.Message;
        var parameter = System.Text.RegularExpressions.Regex.Match(message, @"parameter ""(?:Nullable<)?(\w+)>? (\w+)"" from ""(.*)""\.$");
        if (parameter.Success)
        {
            var (type, value) = (parameter.Groups[1].Value, parameter.Groups[3].Value);
            var expected = type switch
            {
                "int" => "须为整数 must be a whole number from -2147483648 to 2147483647",
                "long" => "须为整数 must be a whole number",
                "double" or "float" or "decimal" => "须为数字 must be a number (e.g. 300 or 0.5)",
                "bool" => "须为 true 或 false must be true or false",
                "DateOnly" => "须为日期 must be a date as YYYY-MM-DD",
                "DateTime" or "DateTimeOffset" => "须为时间 must be a date and time as YYYY-MM-DDTHH:MM",
                "Guid" => "须为 GUID must be a GUID",
                _ => "取值无效 has a value that cannot be read",
            };
            return (JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Groups[2].Value), $"{expected}, not '{value}'");
        }

        var required = System.Text.RegularExpressions.Regex.Match(message, @"(?:Required parameter|parameter) ""(?:[\w<>?]+ )?(\w+)""");
        if (message.StartsWith("Implicit body", StringComparison.Ordinal) || message.Contains("body was provided", StringComparison.Ordinal))
        {
            return ("body", "请求体不能为空 a JSON body is required (see /openapi/v1.json for its fields)");
        }

        return required.Success
            ? (JsonNamingPolicy.SnakeCaseLower.ConvertName(required.Groups[1].Value), "缺少或无法读取 is missing or cannot be read")
            : ("body", "请求无法读取 the request cannot be read: check its content type and body");
    }

    private static string JsonMessage(JsonException json) =>
        JsonField(json) is { } field ? $"Field '{field}': {Explain(json)}" : Explain(json);

    private static Dictionary<string, string[]> JsonErrors(JsonException json) =>
        new() { [JsonField(json) ?? "body"] = [Explain(json)] };

    /// <summary>The field the error is about, named as the layer's validation names it (without "properties.").</summary>
    private static string? JsonField(JsonException json) =>
        json.Path is { Length: > 1 } path ? path.TrimStart('$', '.').Replace("properties.", "", StringComparison.Ordinal) : null;

    /// <summary>An error about the body as a whole (its root is an array, a number, null) says what the body must be.</summary>
    private static string RootMessage => "请求体须为 JSON 对象 the body must be a JSON object (see /openapi/v1.json for its fields)";

    /// <summary>Says what is allowed rather than which .NET type refused the value.</summary>
    private static string Explain(JsonException json)
    {
        var message = FirstSentence(json.Message);
        if (JsonField(json) is null && message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return RootMessage;
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "is not a field here: unknown fields are refused (see /openapi/v1.json for the fields)";
        }

        var converted = System.Text.RegularExpressions.Regex.Match(message, @"could not be converted to (?:System\.Nullable`1\[)?([\w.]+)");
        if (converted.Success && typeof(ApiExceptionHandler).Assembly.GetType(converted.Groups[1].Value) is { IsEnum: true } type)
        {
            var words = Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n));
            return $"must be one of {string.Join(", ", words)}";
        }

        return converted.Success ? $"has the wrong type (expected {converted.Groups[1].Value.Split('.')[^1]})" : message;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
