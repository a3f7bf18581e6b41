using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Features.Config;

/// <summary>
/// What the map needs from configuration. The 天地图 key is a browser key (it travels in every tile URL
/// anyway), so handing it to the page reveals nothing the page would not show; without one the map hides 天地图.
/// </summary>
public static class ConfigEndpoints
{
    public sealed record MapConfig(string? TiandituKey);

    public static void MapConfigEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/config", GetConfig).WithTags("Map 地图").WithSummary("Settings of the map page: the 天地图 key, if any");

    private static Ok<MapConfig> GetConfig(IConfiguration configuration) =>
        TypedResults.Ok(new MapConfig(configuration["Map:TiandituKey"] is { Length: > 0 } key ? key : null));
}
