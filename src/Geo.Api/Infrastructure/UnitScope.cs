namespace Geo.Api.Infrastructure;

/// <summary>A change the caller's account may not make there: a 403 ProblemDetails naming the unit.</summary>
public sealed class OutsideUnitsException(string unit, string detail) : Exception(detail)
{
    /// <summary>The unit the change touches ("鼓楼区 (350102)"), or the caller's own units when it lies in none.</summary>
    public string Unit { get; } = unit;
}

/// <summary>A planner or land officer bound to no unit: fail-closed, a 403 until an admin binds the account.</summary>
public sealed class UnboundAccountException(string userName) : Exception(
    $"账户 {userName} 未绑定任何行政区，不能修改、导入、导出或保存数据：请管理员在 /api/admin/users 为其设置 units。 " +
    $"The account {userName} is bound to no unit, so it may not change, import, export or save data: an admin must bind it (units on /api/admin/users).");

/// <summary>
/// Where the signed-in account may change data: the units it is bound to (<see cref="Data.Entities.UserAccount.Units"/>)
/// and every unit below them, by the districts table's parent chain and boundaries. Fail-closed: a planner or land
/// officer bound to nothing may change nothing (<see cref="UnboundAccountException"/>); only admins may be unbound,
/// and <see cref="Nationwide"/> is the explicit binding to everywhere. The public never gets here (the policies
/// stop it before), and reads are never restricted: public reads stay open. Loaded once per request.
/// </summary>
public sealed class UnitScope(IHttpContextAccessor http, TuoyuDbContext db, Microsoft.Extensions.Options.IOptions<AuthOptions> options)
{
    /// <summary>全国: the whole country, granted by name (a national deployment's staff), never by omission.</summary>
    public const string Nationwide = "100000";

    private Task<Bound?>? _load;

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
        if (await LoadAsync(cancellationToken) is not { } bound || geometries.Count == 0)
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

    // Once per request; an unbound account's refusal is kept too, so every later check refuses alike.
    private Task<Bound?> LoadAsync(CancellationToken cancellationToken) => _load ??= LoadOnceAsync(cancellationToken);

    private async Task<Bound?> LoadOnceAsync(CancellationToken cancellationToken)
    {
        if (http.HttpContext?.User is not { } user || user.UserName() is not { } name)
        {
            return null; // a background job: its request was checked when it was submitted
        }

        // Built-in accounts keep their units in the table; an identity provider's accounts carry them in a claim.
        var units = await db.UserAccounts.AsNoTracking().Where(u => u.UserName == name).Select(u => u.Units).FirstOrDefaultAsync(cancellationToken)
            ?? user.FindAll(options.Value.OidcUnitsClaim).Select(c => c.Value).ToList();
        if (units.Count == 0)
        {
            return user.IsInRole(Words.Of(Data.Entities.Role.Admin)) ? null : throw new UnboundAccountException(name);
        }

        if (units.Contains(Nationwide))
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
        return new Bound(names, covered.Concat(codes).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Refuses an account bound to no unit (admins excepted), for changes tied to no unit or geometry.</summary>
    public async Task EnsureBoundAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);
}
