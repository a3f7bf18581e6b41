using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Features.Config;

/// <summary>
/// What the map needs from the service. The 天地图 key is a browser key (it travels in every tile URL
/// anyway), so handing it to the page reveals nothing the page would not show; without one the map hides 天地图.
/// The standards are the service's own figures, so the page shows the caps the service enforces.
/// </summary>
public static class ConfigEndpoints
{
    /// <param name="DefaultDistrict">The district the map opens on when the permalink names none (Map:DefaultDistrict).</param>
    public sealed record MapConfig(string? TiandituKey, string? DefaultDistrict);

    /// <param name="ClassCaps">Most children a class of each type may hold (托育机构设置标准), by type word.</param>
    public sealed record Standards(IReadOnlyDictionary<string, int> ClassCaps);

    public static void MapConfigEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Map 地图");
        group.MapGet("/config", GetConfig).WithSummary("Settings of the map page: the 天地图 key, if any, and the district it opens on");
        group.MapGet("/config/standards", GetStandards).WithSummary("The standards the service checks, for the page to show: class caps by class type");
    }

    private static Ok<MapConfig> GetConfig(IConfiguration configuration) =>
        TypedResults.Ok(new MapConfig(
            configuration["Map:TiandituKey"] is { Length: > 0 } key ? key : null,
            configuration["Map:DefaultDistrict"] is { Length: > 0 } district ? district : null));

    private static Ok<Standards> GetStandards() =>
        TypedResults.Ok(new Standards(Enum.GetValues<ClassType>().ToDictionary(Words.Of, ClassCaps.MaxChildren)));
}
