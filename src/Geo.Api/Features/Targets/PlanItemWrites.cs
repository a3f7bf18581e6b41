using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Geo.Api.Features.Targets;

/// <summary>
/// What differs between editing a unit's targets and its standards: the table, how a request is read (both by the
/// plan files' reader), how a row is copied and answered. Everything else — role, If-Match, the unit staying put,
/// ids unique per unit, 409s — is one path in <see cref="PlanItemWrites"/>.
/// </summary>
internal sealed record PlanItemKind<T, TOut>(
    string Noun,
    string Path,
    Func<TuoyuDbContext, DbSet<T>> Set,
    Func<T, string> UnitOf,
    Func<T, string> KeyOf,
    Func<T, uint> VersionOf,
    Func<JsonObject, District, string, T> Read,
    Action<T, T> CopyInto,
    Func<T, District, TOut> Out)
    where T : class;

/// <summary>
/// Create, replace and delete of plan items. Planners edit the items of districts and 街道, admins those of every
/// unit; each edit is audited (every tracked row is) and a replace or delete must carry the version read.
/// </summary>
internal static class PlanItemWrites
{
    /// <summary>POST, PUT /{id} and DELETE /{id} of one kind of item on a group that already requires a planner.</summary>
    public static void Map<T, TOut>(RouteGroupBuilder writes, PlanItemKind<T, TOut> kind, string english) where T : class
    {
        writes.MapPost("/", (JsonObject body, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken) => CreateAsync(kind, body, http, db, cancellationToken))
            .WithSummary($"Add a {english} to a unit (planner: district or 街道; admin: any unit); the units below inherit what is inherited");
        writes.MapPut("/{id:long}", (long id, JsonObject body, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken) => ReplaceAsync(kind, id, body, http, db, cancellationToken))
            .WithSummary($"Replace a {english}; If-Match: the version read, else 409 when stale");
        writes.MapDelete("/{id:long}", (long id, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken) => DeleteAsync(kind, id, http, db, cancellationToken))
            .WithSummary($"Delete a {english}; If-Match as for PUT");
    }

    private static async Task<Results<Created<TOut>, ProblemHttpResult>> CreateAsync<T, TOut>(
        PlanItemKind<T, TOut> kind, JsonObject body, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken) where T : class
    {
        var unit = await UnitOfAsync(db, body, cancellationToken);
        if (Forbidden(http, unit, kind.Noun) is { } forbidden)
        {
            return forbidden;
        }

        await InsideUnitsAsync(http, unit, cancellationToken);

        var row = kind.Read(body, unit, Actor(http));
        var key = kind.KeyOf(row);
        if (await kind.Set(db).AnyAsync(t => EF.Property<string>(t, "UnitCode") == unit.Code && EF.Property<string>(t, "Key") == key, cancellationToken))
        {
            throw new RequestValidationException("id", $"本单位已有 id 为 \"{key}\" 的{kind.Noun}（{unit.Code} already has one with this id; PUT replaces it）");
        }

        kind.Set(db).Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(row).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = IfMatch.ETag(kind.VersionOf(row));
        return TypedResults.Created($"{kind.Path}/{db.Entry(row).Property<long>("Id").CurrentValue}", kind.Out(row, unit));
    }

    private static async Task<Results<Ok<TOut>, ProblemHttpResult>> ReplaceAsync<T, TOut>(
        PlanItemKind<T, TOut> kind, long id, JsonObject body, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken) where T : class
    {
        var row = await kind.Set(db).FirstOrDefaultAsync(t => EF.Property<long>(t, "Id") == id, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"没有 id 为 {id} 的{kind.Noun}（there is none with id {id}）");
        }

        var unit = await UnitOfAsync(db, body, cancellationToken);
        if (unit.Code != kind.UnitOf(row))
        {
            throw new RequestValidationException("unit", $"应为 {kind.UnitOf(row)}：{kind.Noun}不能移到另一单位（it stays with its unit; delete it and create one there）");
        }

        if (Forbidden(http, unit, kind.Noun) is { } forbidden)
        {
            return forbidden;
        }

        await InsideUnitsAsync(http, unit, cancellationToken);

        if (!IfMatch.Allows(http.Request, kind.VersionOf(row)))
        {
            return Conflict(kind, id, kind.VersionOf(row));
        }

        var replacement = kind.Read(body, unit, Actor(http));
        var key = kind.KeyOf(replacement);
        if (key != kind.KeyOf(row) && await kind.Set(db).AnyAsync(t => EF.Property<string>(t, "UnitCode") == unit.Code && EF.Property<string>(t, "Key") == key, cancellationToken))
        {
            throw new RequestValidationException("id", $"本单位已有 id 为 \"{key}\" 的{kind.Noun}（another of {unit.Code} has this id）");
        }

        kind.CopyInto(replacement, row);
        if (await SavedAsync(db, cancellationToken) is false)
        {
            return Conflict(kind, id, await CurrentVersionAsync(kind, db, id, cancellationToken));
        }

        await db.Entry(row).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = IfMatch.ETag(kind.VersionOf(row));
        return TypedResults.Ok(kind.Out(row, unit));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync<T, TOut>(
        PlanItemKind<T, TOut> kind, long id, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken) where T : class
    {
        var row = await kind.Set(db).FirstOrDefaultAsync(t => EF.Property<long>(t, "Id") == id, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"没有 id 为 {id} 的{kind.Noun}（there is none with id {id}）");
        }

        var unit = await db.Districts.AsNoTracking().FirstAsync(d => d.Code == kind.UnitOf(row), cancellationToken);
        if (Forbidden(http, unit, kind.Noun) is { } forbidden)
        {
            return forbidden;
        }

        await InsideUnitsAsync(http, unit, cancellationToken);

        if (!IfMatch.Allows(http.Request, kind.VersionOf(row)))
        {
            return Conflict(kind, id, kind.VersionOf(row));
        }

        kind.Set(db).Remove(row);
        if (await SavedAsync(db, cancellationToken) is false)
        {
            return Conflict(kind, id, await CurrentVersionAsync(kind, db, id, cancellationToken));
        }

        return TypedResults.NoContent();
    }

    /// <summary>False when someone else changed the row between the read and the write (the xmin check).</summary>
    private static async Task<bool> SavedAsync(TuoyuDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static async Task<uint> CurrentVersionAsync<T, TOut>(PlanItemKind<T, TOut> kind, TuoyuDbContext db, long id, CancellationToken cancellationToken) where T : class =>
        await kind.Set(db).AsNoTracking().Where(t => EF.Property<long>(t, "Id") == id).Select(t => EF.Property<uint>(t, "Version")).FirstOrDefaultAsync(cancellationToken);

    private static async Task<District> UnitOfAsync(TuoyuDbContext db, JsonObject body, CancellationToken cancellationToken)
    {
        var code = body["unit"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (code is null || !IsAdcode(code))
        {
            throw new RequestValidationException("unit", "应为 6 位或 9 位行政区划代码（the unit's adcode is required: 6 digits, or 9 for a 街道）");
        }

        return await db.Districts.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, cancellationToken)
            ?? throw new RequestValidationException("unit", $"单位 {code} 不存在（no unit has this code）");
    }

    /// <summary>Planners set the items of districts and 街道; a city's or province's plan is an admin's to enter.</summary>
    private static ProblemHttpResult? Forbidden(HttpContext http, District unit, string noun) =>
        http.User.IsInRole(Words.Of(Role.Admin)) || unit.Level is not (DistrictLevel.Province or DistrictLevel.City)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "无权限 Forbidden",
                detail: $"规划人员只能编辑区县和街道的{noun}；{unit.Name}（{unit.Code}）的{noun}由管理员录入（planners edit districts' and 街道' items; a {Words.Of(unit.Level)}'s are an admin's）");

    /// <summary>A bound account sets the plan of its own units and those below them only; an unbound one none.</summary>
    private static Task InsideUnitsAsync(HttpContext http, District unit, CancellationToken cancellationToken) =>
        http.RequestServices.GetRequiredService<UnitScope>().EnsureUnitAsync(unit.Code, cancellationToken);

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "api";

    public static bool IsAdcode(string code) => code.Length is 6 or 9 && code.All(char.IsAsciiDigit);

    private static ProblemHttpResult Conflict<T, TOut>(PlanItemKind<T, TOut> kind, long id, uint currentVersion) where T : class => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "数据已被他人修改 Changed by someone else",
        detail: $"{kind.Noun} {id} 已是第 {currentVersion} 版：请重新读取，在该版本上修改（read it again and apply your change to that version）",
        extensions: new Dictionary<string, object?> { ["current_version"] = currentVersion });
}
