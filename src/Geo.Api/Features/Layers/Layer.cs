using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Features.Layers;

/// <summary>
/// What makes a stored feature kind a layer of the API: its route, geometry kind, filters, the mapping
/// between entity and GeoJSON properties, and its validation rules. <see cref="LayerEndpoints"/> turns each
/// into the same set of routes, so every layer behaves alike.
/// </summary>
/// <typeparam name="TEntity">The stored feature.</typeparam>
/// <typeparam name="TInput">The fields a client writes.</typeparam>
/// <typeparam name="TOutput">The fields a client reads: the input fields and the derived ones.</typeparam>
/// <typeparam name="TFilter">The layer's own query parameters.</typeparam>
public abstract class Layer<TEntity, TInput, TOutput, TFilter>
    where TEntity : LocatedEntity
    where TInput : class
    where TFilter : class
{
    /// <summary>The path segment: /api/{Route}.</summary>
    public abstract string Route { get; }

    /// <summary>Up to this many matching rows a list's total is counted exactly (<see cref="TotalAsync"/>).</summary>
    public const int ExactTotalUpTo = 10_000;

    /// <summary>The OpenAPI tag, with the layer's Chinese name.</summary>
    public abstract string Tag { get; }

    public abstract GeometryKind Kind { get; }

    /// <summary>Who may create, replace and delete features of the layer.</summary>
    public virtual string EditPolicy => Policies.Planner;

    /// <summary>Who may read the layer; null: everyone, the public included.</summary>
    public virtual string? ReadPolicy => null;

    /// <summary>The rows a caller may see (the public sees fewer of some layers).</summary>
    public virtual IQueryable<TEntity> VisibleTo(ClaimsPrincipal user, IQueryable<TEntity> query) => query;

    /// <summary>The properties a caller may see (the public does not see staff-only fields).</summary>
    public virtual TOutput ForCaller(ClaimsPrincipal user, TOutput output) => output;

    /// <summary>The geometry column the bbox filter and tiles use (it has the GiST index).</summary>
    public abstract Expression<Func<TEntity, Geometry>> IndexedGeometry { get; }

    public virtual IQueryable<TEntity> Source(TuoyuDbContext db) => db.Set<TEntity>();

    public abstract Geometry? GeometryOf(TEntity entity);

    public abstract TOutput ToOutput(TEntity entity);

    /// <summary>Checks the fields (the geometry is checked by <see cref="GeometryRules"/>).</summary>
    public abstract void Validate(TInput input, Geometry? geometry, ValidationErrors errors);

    public abstract TEntity Create(Geometry geometry, TInput input);

    public abstract void Apply(TEntity entity, Geometry geometry, TInput input);

    public abstract IQueryable<TEntity> Filter(IQueryable<TEntity> query, TFilter filter, ValidationErrors errors);

    /// <summary>Filters that cannot run in SQL (e.g. "open at"), applied to a page already read.</summary>
    public virtual bool FilterInMemory(TEntity entity, TFilter filter) => true;

    public virtual bool HasInMemoryFilter(TFilter filter) => false;

    protected virtual Expression<Func<TEntity, bool>> TextMatch(string pattern) =>
        e => EF.Functions.ILike(e.Name, pattern);

    /// <summary>The common filters: extent (index-assisted ST_Intersects), administrative unit and text.</summary>
    public IQueryable<TEntity> ApplyCommon(IQueryable<TEntity> query, LayerQuery common)
    {
        if (common.BboxPolygon() is { } box)
        {
            var geometryOf = IndexedGeometry; // one lambda: its body and its parameter must belong together
            // A closure rather than a constant, so that EF sends the box as a query parameter.
            Expression<Func<Geometry>> boxParameter = () => box;
            var intersects = Expression.Call(geometryOf.Body, nameof(Geometry.Intersects), null, boxParameter.Body);
            query = query.Where(Expression.Lambda<Func<TEntity, bool>>(intersects, geometryOf.Parameters[0]));
        }

        if (common.DistrictSelector() is { } selector)
        {
            query = selector switch
            {
                { SubdistrictCode: { } code } => query.Where(e => e.SubdistrictCode == code),
                { DistrictCode: { } code } => query.Where(e => e.DistrictCode == code),
                { Prefix: { } prefix } => query.Where(DistrictSelector.InDistrictsStartingWith<TEntity>(prefix)),
                _ => query,
            };
        }

        if (!string.IsNullOrWhiteSpace(common.Q))
        {
            var escaped = common.Q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            query = query.Where(TextMatch($"%{escaped}%"));
        }

        return query;
    }

    /// <summary>
    /// The rows a caller may read with the common and the layer's own filters, ordered by id: what the list
    /// route and the OGC API items both page through, so the two never disagree.
    /// </summary>
    public IQueryable<TEntity> Readable(LayerQuery common, TFilter filter, ClaimsPrincipal user, TuoyuDbContext db)
    {
        var errors = new ValidationErrors();
        common.Validate(errors);
        var query = Filter(ApplyCommon(VisibleTo(user, Source(db).AsNoTracking()), common), filter, errors);
        errors.ThrowIfAny();
        return query.OrderBy(e => e.Id);
    }

    /// <summary>A page of the layer with the common and the layer's own filters, ordered by id.</summary>
    public async Task<Ok<GeoFeatureCollection<TOutput>>> ListAsync(
        LayerQuery common, TFilter filter, ClaimsPrincipal user, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var query = Readable(common, filter, user, db);

        var skipped = (common.PageNumber - 1) * common.Size;
        if (HasInMemoryFilter(filter))
        {
            var all = (await query.ToListAsync(cancellationToken)).Where(e => FilterInMemory(e, filter)).ToList();
            return TypedResults.Ok(new GeoFeatureCollection<TOutput>(
                all.Skip(skipped).Take(common.Size).Select(e => ToFeature(e, user)).ToList(), all.Count, common.PageNumber, common.Size));
        }

        // One row past the page says whether another follows, whatever the total.
        var page = await query.Skip(skipped).Take(common.Size + 1).ToListAsync(cancellationToken);
        var hasMore = page.Count > common.Size;
        page = page.Take(common.Size).ToList();
        var (total, estimated) = await TotalAsync(query, db, skipped, page.Count, hasMore, cancellationToken);
        return TypedResults.Ok(new GeoFeatureCollection<TOutput>(
            page.Select(e => ToFeature(e, user)).ToList(), total, common.PageNumber, common.Size) { HasMore = hasMore, TotalIsEstimate = estimated });
    }

    /// <summary>
    /// The number of rows the filter matches, and whether it is the planner's estimate. Counting a whole filter costs what
    /// reading it costs (220 ms for a million residential areas, for a page read in 0.2 ms), so a list counts at most
    /// <see cref="ExactTotalUpTo"/> + 1 rows: up to that many the total is exact, beyond it the planner's estimate for the
    /// filter (from the table's statistics, as fresh as the last ANALYZE), never below the rows counted. The last page
    /// knows its total exactly from where it ends.
    /// </summary>
    private static async Task<(int Total, bool Estimated)> TotalAsync(IQueryable<TEntity> query, TuoyuDbContext db,
        int skipped, int read, bool hasMore, CancellationToken cancellationToken)
    {
        if (!hasMore && (read > 0 || skipped == 0))
        {
            return (skipped + read, false);
        }

        var counted = await query.Select(e => e.Id).Take(ExactTotalUpTo + 1).CountAsync(cancellationToken);
        if (counted <= ExactTotalUpTo)
        {
            return (counted, false);
        }

        await using var command = query.Select(e => e.Id).CreateDbCommand();
        command.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            using var plan = System.Text.Json.JsonDocument.Parse((string)(await command.ExecuteScalarAsync(cancellationToken))!);
            var estimate = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
            return ((int)Math.Clamp(estimate, Math.Max(counted, skipped + read + 1), int.MaxValue), true);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public GeoFeature<TOutput> ToFeature(TEntity entity, ClaimsPrincipal user, IReadOnlyList<string>? notes = null) =>
        new(entity.Id, GeometryOf(entity), ForCaller(user, ToOutput(entity))) { Notes = notes is { Count: > 0 } ? notes : null };
}
