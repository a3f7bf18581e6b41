using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Microsoft.AspNetCore.Authorization;

namespace Geo.Api.Features.Tiles;

/// <summary>
/// Mapbox vector tiles made by PostGIS (ST_AsMVT) for the layers that grow large, so the map stays fast at
/// city and province scale. Features are selected with the GiST index (&amp;&amp; on the tile's WGS-84 envelope).
/// </summary>
public static class TileEndpoints
{
    public const int MaxZoom = 22;

    /// <param name="PublicFilter">What the public may see of the layer; null: the layer is staff-only.</param>
    internal sealed record TileLayer(string Table, string Geometry, string Filter, string Columns, string? PublicFilter = "true");

    // Each layer's columns are the ones a map styles and labels by; details come from /api/{layer}/{id}.
    internal static readonly Dictionary<string, TileLayer> Layers = new(StringComparer.Ordinal)
    {
        ["institutions"] = new("institutions", "t.location", "t.location && b.wgs84",
            "t.id, t.name, t.approved_slots, t.vacancies, t.status, t.filing_status, t.is_puhui, t.subdistrict_code",
            PublicFilter: PublicInstitutions.Sql("t")),
        ["nursing-rooms"] = new("nursing_rooms", "t.location", "t.location && b.wgs84",
            "t.id, t.name, t.venue_type, t.usable_area_m2, t.subdistrict_code"),
        // An area without an outline is drawn at its point. Each index serves one arm of the OR and the coalesce keeps
        // an outlined area to its outline: "t.boundary IS NULL" as an arm was answered by the GiST index on boundary,
        // which finds nulls only by reading all of it (1,024 pages, a third of the densest tile's time at 200,000 areas).
        ["residential-areas"] = new("residential_areas", "coalesce(t.boundary, t.location)",
            "(t.boundary && b.wgs84 OR t.location && b.wgs84) AND coalesce(t.boundary, t.location) && b.wgs84",
            "t.id, t.name, t.population, t.kind, t.subdistrict_code"),
        ["parcels"] = new("parcels", "t.boundary", "t.boundary && b.wgs84",
            "t.id, t.name, t.code, t.land_use, t.status, round(t.area_m2) AS area_m2, t.subdistrict_code",
            PublicFilter: null),
    };

    public static void MapTileEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/tiles/{layer}/{z:int}/{x:int}/{y:int}.mvt", TileAsync).WithTags("Tiles 矢量切片").Produces(StatusCodes.Status200OK).ProducesClientProblems(notFound: false)
            .WithSummary("A Mapbox vector tile of a layer (institutions, nursing-rooms, residential-areas, parcels)");

    private static async Task<Results<FileContentHttpResult, ForbidHttpResult, UnauthorizedHttpResult>> TileAsync(
        string layer, int z, int x, int y, HttpContext http, IConfiguration configuration, IAuthorizationService authorization,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(Layers.ContainsKey(layer), "layer", $"must be one of {string.Join(", ", Layers.Keys)}");
        errors.Require(z is >= 0 and <= MaxZoom, "z", $"must be between 0 and {MaxZoom}");
        var size = z is >= 0 and <= MaxZoom ? 1L << z : 1;
        errors.Require(x >= 0 && x < size, "x", $"must be between 0 and {size - 1} at zoom {z}");
        errors.Require(y >= 0 && y < size, "y", $"must be between 0 and {size - 1} at zoom {z}");
        errors.ThrowIfAny();

        var spec = Layers[layer];
        switch (await RefusedAsync(spec, http.User, authorization))
        {
            case StatusCodes.Status401Unauthorized: return TypedResults.Unauthorized();
            case StatusCodes.Status403Forbidden: return TypedResults.Forbid();
        }

        var filter = spec.PublicFilter is null || PublicInstitutions.SeesAll(http.User) ? spec.Filter : $"{spec.Filter} AND {spec.PublicFilter}";

        // MATERIALIZED: the statement is prepared (auto-prepare), and PostgreSQL's generic plan for it inlined the
        // envelope and worked ST_Transform(ST_TileEnvelope(...)) out again for every feature, 40 % slower than the
        // plan for the same tile written with literals; computed once, both plans are the same.
        var sql = $"""
            WITH b AS MATERIALIZED (SELECT ST_TileEnvelope(@z, @x, @y) AS mercator, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326) AS wgs84)
            SELECT ST_AsMVT(tile, @layer, 4096, 'geom', 'id') FROM (
              SELECT {spec.Columns}, ST_AsMVTGeom(ST_Transform({spec.Geometry}, 3857), b.mercator, 4096, 64, true) AS geom
                FROM {spec.Table} t, b
               WHERE {filter}
            ) tile WHERE tile.geom IS NOT NULL
            """;
        // One read-only statement: on the pool that skips the connection reset (ReadOnlyStatements), without a context.
        await using var connection = await ReadOnlyStatements.DataSource(http.RequestServices, configuration).OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("z", z);
        command.Parameters.AddWithValue("x", x);
        command.Parameters.AddWithValue("y", y);
        command.Parameters.AddWithValue("layer", layer);
        var tile = await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
        if (!http.User.IsStaff())
        {
            http.Response.Headers.CacheControl = "public, max-age=60"; // staff tiles: private, no-store (UseSecurityHeaders)
        }

        return TypedResults.File(tile, "application/vnd.mapbox-vector-tile");
    }

    /// <summary>401 for the public on a staff-only layer, 403 for staff who may not read parcels, else null.</summary>
    internal static async Task<int?> RefusedAsync(TileLayer spec, System.Security.Claims.ClaimsPrincipal user, IAuthorizationService authorization)
    {
        if (spec.PublicFilter is not null)
        {
            return null;
        }

        if (!user.IsStaff())
        {
            return StatusCodes.Status401Unauthorized;
        }

        return (await authorization.AuthorizeAsync(user, Policies.ParcelReader)).Succeeded ? null : StatusCodes.Status403Forbidden;
    }
}
