using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Geo.Api.Data;
using Geo.Api.Data.Entities;

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
        var group = app.MapGroup($"/api/{layer.Route}").WithTags(layer.Tag);
        // Each layer declares its list handler with its own filter record (see Layer.ListEndpoint).
        group.MapGet("/", layer.ListEndpoint).WithSummary($"List {layer.Route} as a GeoJSON FeatureCollection");
        group.MapGet("/{id:long}", routes.GetAsync).WithSummary($"One of {layer.Route} as a GeoJSON Feature");
        group.MapPost("/", routes.CreateAsync).WithSummary($"Create one of {layer.Route} from a GeoJSON Feature");
        group.MapPut("/{id:long}", routes.ReplaceAsync).WithSummary($"Replace one of {layer.Route}");
        group.MapDelete("/{id:long}", routes.DeleteAsync).WithSummary($"Delete one of {layer.Route}");
        return group;
    }
}

/// <summary>The handlers behind <see cref="LayerEndpoints.MapLayer"/> for one layer.</summary>
internal sealed class LayerRoutes<TEntity, TInput, TOutput, TFilter>(Layer<TEntity, TInput, TOutput, TFilter> layer)
    where TEntity : LocatedEntity
    where TInput : class
    where TFilter : class
{
    public async Task<Results<Ok<GeoFeature<TOutput>>, NotFound<ProblemDetails>>> GetAsync(
        long id, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var entity = await layer.Source(db).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return entity is null ? NotFound(id) : TypedResults.Ok(layer.ToFeature(entity));
    }

    public async Task<Created<GeoFeature<TOutput>>> CreateAsync(
        FeatureInput<TInput> body, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var (geometry, input, notes) = Check(body);
        var entity = layer.Create(geometry, input);
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(entity).ReloadAsync(cancellationToken); // fields the database derives
        return TypedResults.Created($"/api/{layer.Route}/{entity.Id}", layer.ToFeature(entity, notes));
    }

    public async Task<Results<Ok<GeoFeature<TOutput>>, NotFound<ProblemDetails>>> ReplaceAsync(
        long id, FeatureInput<TInput> body, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var (geometry, input, notes) = Check(body);
        var entity = await layer.Source(db).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entity is null)
        {
            return NotFound(id);
        }

        layer.Apply(entity, geometry, input);
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(entity).ReloadAsync(cancellationToken);
        return TypedResults.Ok(layer.ToFeature(entity, notes));
    }

    public async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteAsync(
        long id, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await layer.Source(db).Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? NotFound(id) : TypedResults.NoContent();
    }

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

    private NotFound<ProblemDetails> NotFound(long id) => TypedResults.NotFound(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "未找到 Not found",
        Detail = $"There is no feature {id} in {layer.Route}.",
    });
}
