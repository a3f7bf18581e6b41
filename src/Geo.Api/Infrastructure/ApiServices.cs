using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.ResponseCompression;
using NetTopologySuite.IO.Converters;
using Geo.Analysis.Spatial;

namespace Geo.Api.Infrastructure;

public static class ApiServices
{
    /// <summary>The largest request body accepted, except where an endpoint says otherwise (imports).</summary>
    public const long MaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>JSON in snake_case with enums as snake_case words and geometries as GeoJSON.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        json.Converters.Add(new JsonInputRules.CheckedGeoJson(Wgs84.Factory));
        json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(JsonInputRules.RefuseNullLists);
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>
    /// What the framework answers by itself (a route that matched nothing, a method not allowed, a bare
    /// NotFound) carries only the English reason phrase; every answer is Chinese first and says what to do.
    /// </summary>
    private static void ChineseFirst(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        FrameworkTitleInChinese(problem);
        // Per-field messages: every rule in Chinese first, whichever home wrote it (ChineseMessages).
        if (problem is HttpValidationProblemDetails { Errors: var errors })
        {
            foreach (var field in errors.Keys.ToList())
            {
                errors[field] = [.. errors[field].Select(m => ChineseMessages.ChineseFirst(m))];
            }
        }

        // A detail written in English only gets the title's Chinese in front ("未找到 There is no …").
        if (problem.Detail is { Length: > 0 } detail && !ChineseMessages.StartsChinese(detail)
            && problem.Title?.Split(' ', 2)[0] is { } chinese && ChineseMessages.StartsChinese(chinese) && chinese.Length > 0)
        {
            problem.Detail = $"{chinese}：{detail}";
        }
    }

    private static void FrameworkTitleInChinese(Microsoft.AspNetCore.Mvc.ProblemDetails problem)
    {
        if (problem.Status is not { } status || problem.Title != Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status))
        {
            return;
        }

        (var chinese, var detail) = status switch
        {
            400 => ("请求无效", "The request cannot be read: see /openapi/v1.json for this route's fields."),
            401 => ("需要登录", "Sign in first: send Authorization: Bearer <token> from POST /api/auth/token."),
            403 => ("无权执行", "Your role may not do this (docs/security.md lists what each role may do)."),
            404 => ("未找到", "Nothing is at this address: check the path and the id (the routes: /openapi/v1.json)."),
            405 => ("不支持该方法", "This address does not take this HTTP method (the routes and their methods: /openapi/v1.json)."),
            406 => ("无法提供该格式", "The format asked for in Accept cannot be given here."),
            409 => ("与现有数据冲突", "The request conflicts with the data as they are now."),
            413 => ("请求体过大", $"The body is larger than this route accepts ({MaxBodyBytes} bytes; imports: Import:MaxFileBytes)."),
            414 => ("网址过长", $"The address is longer than {MaxUrlChars} characters: send long filters in a request body or narrow them."),
            415 => ("不支持的内容类型", "Send the body as application/json (imports: multipart/form-data)."),
            429 => ("请求过于频繁", "Too many requests: wait for the time in Retry-After, then try again."),
            _ => ("请求失败", null),
        };
        problem.Title = $"{chinese} {problem.Title}";
        problem.Detail ??= detail;
    }

    /// <summary>The longest address (path and query) the service reads; Kestrel's own limit on the request line is above it.</summary>
    public const int MaxUrlChars = 8 * 1024;

    public static IServiceCollection AddTuoyuApi(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            ChineseFirst(context.ProblemDetails);
            context.ProblemDetails.Extensions.TryAdd("trace_id", context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestLineSize = 8 * MaxUrlChars);
        services.AddOpenApi(options => options.AddSchemaTransformer(RequiredFields.MarkAsync));
        // Body binding failures throw, so the exception handler can say which field was wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // The map's scripts and the layers' GeoJSON shrink to about a quarter (the first view's payload, docs/web.md).
        // Not over HTTPS (BREACH): there the reverse proxy that ends TLS decides.
        services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/geo+json", "application/problem+json", "image/svg+xml"];
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }
}
