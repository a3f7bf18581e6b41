using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Geo.Api.Features.Layers;

/// <summary>The routes of a layer: list as GeoJSON with filters and paging, read, create, replace, delete.</summary>
public static class LayerEndpoints
{
    public static RouteGroupBuilder MapLayer<TEntity, TInput, TOutput, TFilter>(
        this IEndpointRouteBuilder app, Layer<TEntity, TInput, TOutput, TFilter> layer)
        where TEntity : LocatedEntity
        where TInput : class
        where TFilter : class
    {
        var routes = new LayerRoutes<TEntity, TInput, TOutput, TFilter>(layer);
        var group = app.MapGroup($"/api/{layer.Route}").WithTags(layer.Tag).ProducesClientProblems();
        var reads = group.MapGroup("");
        if (layer.ReadPolicy is { } readers)
        {
            reads.RequireAuthorization(readers);
        }

        reads.MapGet("/", routes.ListHandler).WithSummary($"List {layer.Route} as a GeoJSON FeatureCollection");
        reads.MapGet("/{id:long}", routes.GetAsync).WithSummary($"One of {layer.Route} as a GeoJSON Feature (ETag: its version)");

        var writes = group.MapGroup("").RequireAuthorization(layer.EditPolicy);
        writes.MapPost("/", routes.CreateAsync).WithSummary($"Create one of {layer.Route} from a GeoJSON Feature");
        writes.MapPut("/{id:long}", routes.ReplaceAsync).WithSummary($"Replace one of {layer.Route}; If-Match: the version read, else 409 when stale");
        writes.MapDelete("/{id:long}", routes.DeleteAsync).WithSummary($"Delete one of {layer.Route}; If-Match as for PUT");
        return group;
    }
}

/// <summary>The handlers behind <see cref="LayerEndpoints.MapLayer"/> for one layer.</summary>
internal sealed class LayerRoutes<TEntity, TInput, TOutput, TFilter>(Layer<TEntity, TInput, TOutput, TFilter> layer)
    where TEntity : LocatedEntity
    where TInput : class
    where TFilter : class
{
    /// <summary>
    /// The list handler. Its method is closed over the layer's own filter record at run time, so the filter's
    /// query parameters are concrete (and documented in OpenAPI) without each layer writing the handler again.
    /// Handed over as a Delegate: the route-handler analyser cannot read [AsParameters] on a type parameter.
    /// </summary>
    public Delegate ListHandler => ListAsync;

    private Task<Ok<GeoFeatureCollection<TOutput>>> ListAsync([AsParameters] LayerQuery query, [AsParameters] TFilter filter,
        ClaimsPrincipal user, TuoyuDbContext db, CancellationToken cancellationToken) =>
        layer.ListAsync(query, filter, user, db, cancellationToken);

    public async Task<Results<Ok<GeoFeature<TOutput>>, ProblemHttpResult>> GetAsync(
        long id, ClaimsPrincipal user, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var entity = await layer.VisibleTo(user, layer.Source(db).AsNoTracking()).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entity is null)
        {
            return NotFound(id);
        }

        http.Response.Headers.ETag = ETag(entity.Version);
        return TypedResults.Ok(layer.ToFeature(entity, user));
    }

    public async Task<Created<GeoFeature<TOutput>>> CreateAsync(
        FeatureInput<TInput> body, ClaimsPrincipal user, HttpContext http, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        var (geometry, input, notes) = Check(body);
        await scope.EnsureInsideAsync([geometry], cancellationToken);
        var entity = layer.Create(geometry, input);
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(entity).ReloadAsync(cancellationToken); // fields the database derives
        http.Response.Headers.ETag = ETag(entity.Version);
        return TypedResults.Created($"/api/{layer.Route}/{entity.Id}", layer.ToFeature(entity, user, notes));
    }

    public async Task<Results<Ok<GeoFeature<TOutput>>, ProblemHttpResult>> ReplaceAsync(
        long id, FeatureInput<TInput> body, ClaimsPrincipal user, HttpContext http, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        var (geometry, input, notes) = Check(body);
        var entity = await layer.Source(db).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entity is null)
        {
            return NotFound(id);
        }

        // Neither moved in from outside the caller's units nor out of them.
        await scope.EnsureInsideAsync([layer.GeometryOf(entity)!, geometry], cancellationToken);

        if (Stale(http, entity) is { } conflict)
        {
            return conflict;
        }

        layer.Apply(entity, geometry, input);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ChangedMeanwhileAsync(db, id, cancellationToken);
        }

        await db.Entry(entity).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = ETag(entity.Version);
        return TypedResults.Ok(layer.ToFeature(entity, user, notes));
    }

    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, HttpContext http, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        var entity = await layer.Source(db).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entity is null)
        {
            return NotFound(id);
        }

        await scope.EnsureInsideAsync([layer.GeometryOf(entity)!], cancellationToken);

        if (Stale(http, entity) is { } conflict)
        {
            return conflict;
        }

        db.Remove(entity); // tracked, so the audit log keeps the row as it was
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ChangedMeanwhileAsync(db, id, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static string ETag(uint version) => $"\"{version}\"";

    /// <summary>
    /// An If-Match naming another version than the stored one: somebody changed the feature since the caller
    /// read it. The caller gets 409 with the current version instead of overwriting that change.
    /// </summary>
    private ProblemHttpResult? Stale(HttpContext http, TEntity entity)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch) || ifMatch == "*" || ifMatch.Trim() == ETag(entity.Version))
        {
            return null;
        }

        return Conflict(entity.Id, entity.Version);
    }

    private async Task<ProblemHttpResult> ChangedMeanwhileAsync(TuoyuDbContext db, long id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var current = await layer.Source(db).AsNoTracking().Where(e => e.Id == id).Select(e => e.Version).FirstOrDefaultAsync(cancellationToken);
        return Conflict(id, current);
    }

    private ProblemHttpResult Conflict(long id, uint currentVersion) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "数据已被他人修改 Changed by someone else",
        detail: $"Feature {id} of {layer.Route} is at version {currentVersion}: read it again and apply your change to that version.",
        extensions: new Dictionary<string, object?> { ["current_version"] = currentVersion });

    private (NetTopologySuite.Geometries.Geometry, TInput, List<string>) Check(FeatureInput<TInput> body)
    {
        var errors = new ValidationErrors();
        var notes = new List<string>();
        errors.Require(body.Type == "Feature", "type", "must be \"Feature\" (a GeoJSON Feature with geometry and properties)");
        var geometry = GeometryRules.Prepare(body.Geometry, layer.Kind, errors, notes);
        if (body.Properties is null)
        {
            errors.Add("properties", "are required");
        }
        else
        {
            layer.Validate(body.Properties, geometry, errors);
        }

        errors.ThrowIfAny();
        return (geometry!, body.Properties!, notes);
    }

    private ProblemHttpResult NotFound(long id) => Problems.NotFound($"There is no feature {id} in {layer.Route}.");
}
