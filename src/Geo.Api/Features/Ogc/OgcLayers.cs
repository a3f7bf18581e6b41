using Geo.Api.Features.Institutions;
using Geo.Api.Features.Layers;
using Geo.Api.Features.NursingRooms;
using Geo.Api.Features.Parcels;
using Geo.Api.Features.ResidentialAreas;

namespace Geo.Api.Features.Ogc;

/// <summary>A layer as an OGC API collection, whatever its entity type.</summary>
public interface IOgcLayer
{
    /// <summary>The collection id: the layer's route (institutions, parcels …).</summary>
    string Id { get; }

    string Title { get; }

    GeometryKind Kind { get; }

    /// <summary>Who may read the collection; null: everyone.</summary>
    string? ReadPolicy { get; }

    /// <summary>A page of what the caller may read (the list route's rows), ordered by id, geometries projected.</summary>
    Task<(IReadOnlyList<object> Features, int Matched)> PageAsync(
        LayerQuery extent, int offset, int limit, Func<Geometry, Geometry> project, ClaimsPrincipal user, TuoyuDbContext db,
        CancellationToken cancellationToken);

    /// <summary>One feature the caller may read, or null.</summary>
    Task<object?> FindAsync(long id, Func<Geometry, Geometry> project, ClaimsPrincipal user, TuoyuDbContext db, CancellationToken cancellationToken);
}

/// <summary>
/// A layer read through its own rules (<see cref="Layer{TEntity,TInput,TOutput,TFilter}.Readable"/> with no
/// filter of its own, <see cref="Layer{TEntity,TInput,TOutput,TFilter}.ToFeature"/>), so a collection shows
/// exactly the rows and properties the layer's list shows the same caller.
/// </summary>
public sealed class OgcLayer<TEntity, TInput, TOutput, TFilter>(Layer<TEntity, TInput, TOutput, TFilter> layer) : IOgcLayer
    where TEntity : LocatedEntity
    where TInput : class
    where TFilter : class, new()
{
    public string Id => layer.Route;

    public string Title => layer.Tag;

    public GeometryKind Kind => layer.Kind;

    public string? ReadPolicy => layer.ReadPolicy;

    public async Task<(IReadOnlyList<object> Features, int Matched)> PageAsync(
        LayerQuery extent, int offset, int limit, Func<Geometry, Geometry> project, ClaimsPrincipal user, TuoyuDbContext db,
        CancellationToken cancellationToken)
    {
        var query = layer.Readable(extent, new TFilter(), user, db);
        var matched = await query.CountAsync(cancellationToken);
        var page = await query.Skip(offset).Take(limit).ToListAsync(cancellationToken);
        return (page.Select(e => Projected(e, project, user)).ToList(), matched);
    }

    public async Task<object?> FindAsync(long id, Func<Geometry, Geometry> project, ClaimsPrincipal user, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var entity = await layer.Readable(new LayerQuery(), new TFilter(), user, db).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return entity is null ? null : Projected(entity, project, user);
    }

    private object Projected(TEntity entity, Func<Geometry, Geometry> project, ClaimsPrincipal user)
    {
        var feature = layer.ToFeature(entity, user);
        return feature.Geometry is { } geometry ? feature with { Geometry = project(geometry) } : feature;
    }
}

public static class OgcLayers
{
    public static IOgcLayer Of<TEntity, TInput, TOutput, TFilter>(Layer<TEntity, TInput, TOutput, TFilter> layer)
        where TEntity : LocatedEntity
        where TInput : class
        where TFilter : class, new() => new OgcLayer<TEntity, TInput, TOutput, TFilter>(layer);

    /// <summary>Every layer of the API, in the order the map lists them.</summary>
    public static IReadOnlyList<IOgcLayer> All(IServiceProvider services) =>
    [
        Of(services.GetRequiredService<InstitutionLayer>()),
        Of(services.GetRequiredService<NursingRoomLayer>()),
        Of(services.GetRequiredService<PublicPlaceLayer>()),
        Of(services.GetRequiredService<ResidentialAreaLayer>()),
        Of(services.GetRequiredService<ParcelLayer>()),
    ];
}
