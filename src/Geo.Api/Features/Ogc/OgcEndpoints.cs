using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Densify;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Ogc;

/// <summary>The parameters of /collections/{id}/items (Part 1 Core and Part 2 CRS).</summary>
public sealed record OgcItemsQuery
{
    public const int DefaultLimit = 100;

    /// <summary>Four numbers in <see cref="BboxCrs"/>'s axis order (CRS84: minLon,minLat,maxLon,maxLat).</summary>
    [FromQuery(Name = "bbox")] public string? Bbox { get; init; }

    [FromQuery(Name = "bbox-crs")] public string? BboxCrs { get; init; }

    /// <summary>The system of the geometries returned; CRS84 when absent.</summary>
    [FromQuery(Name = "crs")] public string? Crs { get; init; }

    /// <summary>Items per page; above the largest page the largest page is served, as Part 1 asks.</summary>
    [FromQuery(Name = "limit")] public int? Limit { get; init; }

    [FromQuery(Name = "offset")] public int? Offset { get; init; }

    [FromQuery(Name = "f")] public string? Format { get; init; }
}

/// <summary>
/// OGC API – Features at /ogc (Part 1 Core with GeoJSON, Part 2 CRS), so QGIS, ArcGIS and GDAL add TuoyuGeo
/// layers as "WFS / OGC API – Features" sources. Each layer is a collection read through the layer's own
/// rules: the public sees the public layers as the public list shows them, parcels need a token that may read them.
/// </summary>
public static class OgcEndpoints
{
    public const string GeoJson = "application/geo+json";

    private static readonly string[] ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ];

    public static void MapOgcEndpoints(this IEndpointRouteBuilder app)
    {
        var layers = OgcLayers.All(app.ServiceProvider);
        var ogc = app.MapGroup("/ogc").WithTags("OGC API – Features");
        ogc.MapGet("/", LandingPage).WithSummary("Landing page of the OGC API – Features service");
        ogc.MapGet("/conformance", (string? f) => Checked(f, new OgcConformance(ConformanceClasses))).WithSummary("Conformance classes implemented");
        ogc.MapGet("/collections", (string? f, HttpContext http, IAuthorizationService authorization) =>
            CollectionsAsync(f, layers, http, authorization)).WithSummary("The layers the caller may read, as collections");
        // One gate for every route under a collection: it exists, and the caller may read it.
        var collection = ogc.MapGroup("/collections/{collectionId}").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = (string)http.Request.RouteValues["collectionId"]!;
            if (Find(id, layers) is not { } layer)
            {
                return UnknownCollection(id, layers);
            }

            return await RefusedAsync(layer, http.User, http.RequestServices.GetRequiredService<IAuthorizationService>()) switch
            {
                Refusal.SignIn => TypedResults.Unauthorized(),
                Refusal.Forbidden => TypedResults.Forbid(),
                _ => await next(context),
            };
        });
        collection.MapGet("/", (string collectionId, string? f, HttpContext http) => Checked(f, Describe(Find(collectionId, layers)!, http)))
            .WithSummary("One collection");
        collection.MapGet("/items", (string collectionId, [AsParameters] OgcItemsQuery query, HttpContext http, TuoyuDbContext db,
            CancellationToken cancellationToken) => ItemsAsync(Find(collectionId, layers)!, query, http, db, cancellationToken))
            .WithSummary("Features of a collection as GeoJSON, with bbox, limit, offset and crs");
        collection.MapGet("/items/{featureId}", (string collectionId, string featureId, string? crs, string? f, HttpContext http,
            TuoyuDbContext db, CancellationToken cancellationToken) => ItemAsync(Find(collectionId, layers)!, featureId, crs, f, http, db, cancellationToken))
            .WithSummary("One feature as GeoJSON");
    }

    private static Ok<OgcLandingPage> LandingPage(string? f, HttpContext http)
    {
        var root = Root(http);
        return Checked(f, new OgcLandingPage(
            "TuoyuGeo 托育设施空间数据",
            "托育机构、母婴室、公共场所、居住区与地块图层（OGC API – Features）。Childcare institutions, nursing rooms, public places, residential areas and parcels.",
            [
                new($"{root}", "self", "application/json", "This document"),
                new($"{root}/conformance", "conformance", "application/json", "Conformance classes"),
                new($"{root}/collections", "data", "application/json", "Collections"),
                new($"{Origin(http)}/openapi/v1.json", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "OpenAPI document of the whole API"),
            ]));
    }

    private static async Task<Ok<OgcCollections>> CollectionsAsync(
        string? f, IReadOnlyList<IOgcLayer> layers, HttpContext http, IAuthorizationService authorization)
    {
        var readable = new List<OgcCollectionInfo>();
        foreach (var layer in layers)
        {
            if (await RefusedAsync(layer, http.User, authorization) is null)
            {
                readable.Add(Describe(layer, http));
            }
        }

        return Checked(f, new OgcCollections(readable, [new($"{Root(http)}/collections", "self", "application/json", "Collections")]));
    }

    private static async Task<JsonHttpResult<OgcFeatureCollection>> ItemsAsync(
        IOgcLayer layer, OgcItemsQuery query, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        CheckFormat(query.Format, errors);
        errors.Require(query.Limit is null or >= 1, "limit", "必须至少为 1 must be 1 or more");
        errors.Require(query.Offset is null or >= 0, "offset", "不能为负 must be 0 or more");
        var crs = OgcCrs.Find(query.Crs);
        errors.Require(crs is not null, "crs", $"不支持的坐标系 must be one of the collection's crs: {string.Join(", ", OgcCrs.Uris)}");
        var bboxCrs = OgcCrs.Find(query.BboxCrs);
        errors.Require(bboxCrs is not null, "bbox-crs", $"不支持的坐标系 must be one of the collection's crs: {string.Join(", ", OgcCrs.Uris)}");
        var bbox = query.Bbox is null || bboxCrs is null ? null : Wgs84Bbox(query.Bbox, bboxCrs, errors);
        errors.ThrowIfAny();

        var limit = Math.Min(query.Limit ?? OgcItemsQuery.DefaultLimit, LayerQuery.MaxPageSize);
        var offset = query.Offset ?? 0;
        var (features, matched) = await layer.PageAsync(
            new LayerQuery { Bbox = bbox }, offset, limit, Projection(crs!), http.User, db, cancellationToken);

        var items = $"{Root(http)}/collections/{layer.Id}/items";
        string Page(int at) => QueryString.Create(Parameters(query, at, limit)).ToUriComponent() is var q ? items + q : items;
        var links = new List<OgcLink>
        {
            new(Page(offset), "self", GeoJson, "This page"),
            new($"{Root(http)}/collections/{layer.Id}", "collection", "application/json", layer.Title),
        };
        if (offset + features.Count < matched)
        {
            links.Add(new(Page(offset + limit), "next", GeoJson, "Next page"));
        }

        if (offset > 0)
        {
            links.Add(new(Page(Math.Max(0, offset - limit)), "prev", GeoJson, "Previous page"));
        }

        http.Response.Headers["Content-Crs"] = $"<{crs!.Uri}>";
        return TypedResults.Json(
            new OgcFeatureCollection(features, matched, features.Count, DateTimeOffset.UtcNow, links), (System.Text.Json.JsonSerializerOptions?)null, GeoJson);
    }

    private static async Task<Results<JsonHttpResult<object>, ProblemHttpResult>> ItemAsync(
        IOgcLayer layer, string featureId, string? crsUri, string? f, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        CheckFormat(f, errors);
        var crs = OgcCrs.Find(crsUri);
        errors.Require(crs is not null, "crs", $"不支持的坐标系 must be one of the collection's crs: {string.Join(", ", OgcCrs.Uris)}");
        errors.ThrowIfAny();

        var feature = long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await layer.FindAsync(id, Projection(crs!), http.User, db, cancellationToken)
            : null;
        if (feature is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "未找到 Not found",
                detail: $"集合 {layer.Id} 中没有要素 {featureId}。There is no feature {featureId} in collection {layer.Id}.");
        }

        http.Response.Headers["Content-Crs"] = $"<{crs!.Uri}>";
        return TypedResults.Json(feature, (System.Text.Json.JsonSerializerOptions?)null, GeoJson);
    }

    private enum Refusal { SignIn, Forbidden }

    /// <summary>Why the caller may not read the layer, as the list route would answer: 401 for the public, 403 for staff without the role.</summary>
    private static async Task<Refusal?> RefusedAsync(IOgcLayer layer, ClaimsPrincipal user, IAuthorizationService authorization)
    {
        if (layer.ReadPolicy is not { } policy || (await authorization.AuthorizeAsync(user, policy)).Succeeded)
        {
            return null;
        }

        return user.Identity?.IsAuthenticated == true ? Refusal.Forbidden : Refusal.SignIn;
    }

    private static OgcCollectionInfo Describe(IOgcLayer layer, HttpContext http)
    {
        var self = $"{Root(http)}/collections/{layer.Id}";
        return new OgcCollectionInfo(
            layer.Id, layer.Title,
            layer.ReadPolicy is null ? "公开图层 Public layer" : "仅限有权查看的工作人员 Staff who may read it only",
            "feature", OgcCrs.Uris, OgcCrs.Crs84Uri,
            [
                new(self, "self", "application/json", layer.Title),
                new($"{self}/items", "items", GeoJson, "Items"),
                new($"{Origin(http)}/api/{layer.Id}", "alternate", GeoJson, "The layer's own list route"),
            ]);
    }

    /// <summary>A bbox in a system of Part 2 as the WGS-84 box that the layers' filter takes (edges densified, as a projected edge is curved in degrees).</summary>
    private static string? Wgs84Bbox(string text, OgcCrs crs, ValidationErrors errors)
    {
        var values = text.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (values.Length != 4 || values.Any(v => !double.IsFinite(v)) || values[0] >= values[2] || values[1] >= values[3])
        {
            errors.Add("bbox", "必须是四个数：下角在前 must be four numbers, the lower corner first, in the axis order of bbox-crs (CRS84: minLon,minLat,maxLon,maxLat)");
            return null;
        }

        if (crs == OgcCrs.Crs84)
        {
            return text;
        }

        var box = crs.System.Srid is var srid ? new GeometryFactory(new PrecisionModel(), srid).ToGeometry(new Envelope(values[0], values[2], values[1], values[3])) : null;
        var edges = Densifier.Densify(box, Math.Max(values[2] - values[0], values[3] - values[1]) / 16);
        var wgs84 = crs.System.ToWgs84(edges, crs.Order).EnvelopeInternal;
        return string.Join(',', new[] { wgs84.MinX, wgs84.MinY, wgs84.MaxX, wgs84.MaxY }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }

    private static Func<Geometry, Geometry> Projection(OgcCrs crs) =>
        crs == OgcCrs.Crs84 ? g => g : g => crs.System.FromWgs84(g, crs.Order);

    private static Dictionary<string, string?> Parameters(OgcItemsQuery query, int offset, int limit)
    {
        var parameters = new Dictionary<string, string?> { ["limit"] = limit.ToString(CultureInfo.InvariantCulture), ["offset"] = offset.ToString(CultureInfo.InvariantCulture) };
        void Keep(string name, string? value)
        {
            if (value is not null)
            {
                parameters[name] = value;
            }
        }

        Keep("bbox", query.Bbox);
        Keep("bbox-crs", query.BboxCrs);
        Keep("crs", query.Crs);
        Keep("f", query.Format);
        return parameters;
    }

    private static IOgcLayer? Find(string id, IReadOnlyList<IOgcLayer> layers) => layers.FirstOrDefault(l => l.Id == id);

    private static ProblemHttpResult UnknownCollection(string id, IReadOnlyList<IOgcLayer> layers) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "未找到 Not found",
        detail: $"没有集合 {id}。There is no collection {id}: the collections are {string.Join(", ", layers.Select(l => l.Id))}.");

    private static void CheckFormat(string? f, ValidationErrors errors) =>
        errors.Require(f is null or "json" or "geojson", "f", "只提供 JSON only json (GeoJSON for items) is served");

    private static Ok<T> Checked<T>(string? f, T document)
    {
        var errors = new ValidationErrors();
        CheckFormat(f, errors);
        errors.ThrowIfAny();
        return TypedResults.Ok(document);
    }

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static string Root(HttpContext http) => Origin(http) + "/ogc";
}
