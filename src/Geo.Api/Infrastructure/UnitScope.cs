namespace Geo.Api.Infrastructure;

/// <summary>A change the caller's account may not make there: a 403 ProblemDetails naming the unit.</summary>
public sealed class OutsideUnitsException(string unit, string detail) : Exception(detail)
{
    /// <summary>The unit the change touches ("鼓楼区 (350102)"), or the caller's own units when it lies in none.</summary>
    public string Unit { get; } = unit;
}

/// <summary>
/// Where the signed-in account may change data: the units it is bound to (<see cref="Data.Entities.UserAccount.Units"/>)
/// and every unit below them, by the districts table's parent chain and boundaries. An unbound account, and the
/// public (whom the policies stop before), are not restricted here. Reads are never restricted: public reads
/// stay open. Loaded once per request.
/// </summary>
public sealed class UnitScope(IHttpContextAccessor http, TuoyuDbContext db)
{
    private Bound? _bound;
    private bool _loaded;

    /// <param name="Names">"鼓楼区 (350102)" for each bound unit, for messages.</param>
    /// <param name="Covered">The bound units and every unit below them.</param>
    private sealed record Bound(string Names, IReadOnlySet<string> Covered);

    /// <summary>The codes of the units the caller may change, or null when not bound.</summary>
    public async Task<IReadOnlySet<string>?> CoveredAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken))?.Covered;

    /// <summary>Refuses a change to a district or 街道 (by code) outside the caller's units.</summary>
    public async Task EnsureUnitAsync(string? code, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } bound || (code is not null && bound.Covered.Contains(code)))
        {
            return;
        }

        var name = code is null ? null : await db.Districts.AsNoTracking().Where(d => d.Code == code).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        var unit = code is null ? bound.Names : name is null ? code : $"{name} ({code})";
        throw new OutsideUnitsException(unit,
            $"{unit} 不在本账户的行政区 {bound.Names} 内。 {unit} is outside this account's units ({bound.Names}): it may change data only there.");
    }

    /// <summary>Refuses geometries not wholly inside the boundaries of the caller's units and the units below them.</summary>
    public async Task EnsureInsideAsync(IReadOnlyCollection<Geometry> geometries, CancellationToken cancellationToken)
    {
        if (geometries.Count == 0 || await LoadAsync(cancellationToken) is not { } bound)
        {
            return;
        }

        var all = geometries.ToArray();
        // Covered: a city's own boundary may be missing while its districts have theirs.
        var units = bound.Covered.ToArray();
        // The first geometry not covered by the union of the covered units' boundaries, by its index (-1: none).
        var outside = await db.Database.SqlQuery<int>($"""
            SELECT coalesce((SELECT g.i::int FROM unnest({all}::geometry[]) WITH ORDINALITY AS g(geom, i)
                WHERE u.area IS NULL OR NOT ST_CoveredBy(g.geom, u.area) ORDER BY g.i LIMIT 1), 0) - 1 AS "Value"
            FROM (SELECT ST_Union(boundary) AS area FROM districts WHERE code = ANY({units}) AND boundary IS NOT NULL) AS u
            """).SingleAsync(cancellationToken);
        if (outside < 0)
        {
            return;
        }

        var geometry = all[outside];
        var lying = await db.Districts.AsNoTracking()
            .Where(d => d.Boundary != null && d.Boundary.Intersects(geometry))
            .OrderBy(d => d.Level == Data.Entities.DistrictLevel.District ? 0 : 1).ThenByDescending(d => d.Level)
            .Select(d => new { d.Code, d.Name }).FirstOrDefaultAsync(cancellationToken);
        var unit = lying is null ? bound.Names : $"{lying.Name} ({lying.Code})";
        var where = geometries.Count == 1 ? "The geometry" : $"Feature {outside + 1} of {geometries.Count}";
        throw new OutsideUnitsException(unit, lying is null
            ? $"位置不在本账户的行政区 {bound.Names} 内。 {where} lies outside this account's units ({bound.Names})."
            : $"位置在 {unit}，不在本账户的行政区 {bound.Names} 内。 {where} lies in {unit}, outside this account's units ({bound.Names}).");
    }

    private async Task<Bound?> LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return _bound;
        }

        _loaded = true;
        if (http.HttpContext?.User.UserName() is not { } name)
        {
            return null;
        }

        var units = await db.UserAccounts.AsNoTracking().Where(u => u.UserName == name).Select(u => u.Units).FirstOrDefaultAsync(cancellationToken);
        if (units is not { Count: > 0 })
        {
            return null;
        }

        var codes = units.ToArray();
        var covered = await db.Database.SqlQuery<string>($"""
            WITH RECURSIVE below(code) AS (
                SELECT code FROM districts WHERE code = ANY({codes})
                UNION SELECT d.code FROM districts d JOIN below b ON d.parent_code = b.code)
            SELECT code AS "Value" FROM below
            """).ToListAsync(cancellationToken);
        var named = await db.Districts.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        var names = string.Join("、", codes.Select(c => named.TryGetValue(c, out var n) ? $"{n} ({c})" : c));
        return _bound = new Bound(names, covered.Concat(codes).ToHashSet(StringComparer.Ordinal));
    }
}
