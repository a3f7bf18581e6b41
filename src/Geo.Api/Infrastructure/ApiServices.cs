using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
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
        json.Converters.Add(new GeoJsonConverterFactory(Wgs84.Factory));
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.NumberHandling = JsonNumberHandling.Strict;
    }

    public static IServiceCollection AddTuoyuApi(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("trace_id", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ApiExceptionHandler>();
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
