using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Features.Tiles;

/// <summary>A TileJSON 3.0 document: where a layer's tiles are, their zooms and the attributes each feature carries.</summary>
public sealed record TileJson(
    [property: JsonPropertyName("tilejson")] string Version,
    string Name,
    string Description,
    IReadOnlyList<string> Tiles,
    int Minzoom,
    int Maxzoom,
    IReadOnlyList<double> Bounds,
    IReadOnlyList<TileJsonLayer> VectorLayers);

public sealed record TileJsonLayer(string Id, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// A TileJSON document per vector tile layer (/tiles/{layer}.json), so QGIS ("Vector Tile" connections),
/// MapLibre and GDAL find the tile URL, zooms and fields without being told them; same access as the tiles.
/// </summary>
public static class TileJsonEndpoints
{
    /// <summary>China's extent in WGS-84 degrees, where TuoyuGeo's data lie.</summary>
    private static readonly double[] ChinaBounds = [73, 18, 135, 54];

    public static void MapTileJsonEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/tiles/{layer}.json", TileJsonAsync).WithTags("Tiles 矢量切片")
            .WithSummary("The TileJSON document of a vector tile layer");

    private static async Task<Results<Ok<TileJson>, ProblemHttpResult, UnauthorizedHttpResult, ForbidHttpResult>> TileJsonAsync(
        string layer, HttpContext http, IAuthorizationService authorization)
    {
        if (!TileEndpoints.Layers.TryGetValue(layer, out var spec))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "未找到 Not found",
                detail: $"没有切片图层 {layer}。There is no tile layer {layer}: the layers are {string.Join(", ", TileEndpoints.Layers.Keys)}.");
        }

        switch (await TileEndpoints.RefusedAsync(spec, http.User, authorization))
        {
            case StatusCodes.Status401Unauthorized: return TypedResults.Unauthorized();
            case StatusCodes.Status403Forbidden: return TypedResults.Forbid();
        }

        var origin = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var fields = spec.Columns.Split(',').Select(c => c.Trim()).Select(c => c.Contains(" AS ", StringComparison.Ordinal)
            ? c[(c.LastIndexOf(" AS ", StringComparison.Ordinal) + 4)..] : c[(c.IndexOf('.', StringComparison.Ordinal) + 1)..])
            .Where(name => name != "id") // the feature id of the tile, not an attribute
            .ToDictionary(name => name, name => name);
        return TypedResults.Ok(new TileJson(
            "3.0.0", layer, $"TuoyuGeo {layer}",
            [$"{origin}/tiles/{layer}/{{z}}/{{x}}/{{y}}.mvt"],
            0, TileEndpoints.MaxZoom, ChinaBounds,
            [new TileJsonLayer(layer, fields)]));
    }
}
