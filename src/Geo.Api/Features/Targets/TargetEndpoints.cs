using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Infrastructure;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

public sealed record UnitQuery
{
    [FromQuery(Name = "unit")] public string? Unit { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
}

/// <summary>
/// A unit's plan as data: its targets (own and inherited, each with its source), their progress as of any day
/// with a yearly series, and the roll-up of a city's or province's child units. Planners edit the targets of
/// districts and 街道, admins those of every unit; each edit is audited and guarded by If-Match.
/// </summary>
public static class TargetEndpoints
{
    public static IServiceCollection AddTargets(this IServiceCollection services) =>
        services.AddScoped<IPlanApplier>(sp => new PlanApplier(sp.GetRequiredService<TuoyuDbContext>()));

    public static void MapTargetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/targets").WithTags("Targets 规划目标").ProducesClientProblems();
        group.MapGet("/", ListAsync).WithSummary("A unit's targets (own and inherited) and standards, each with its source");
        group.MapGet("/progress", ProgressAsync).WithSummary("Each target's value, status and yearly series as of a day (as_of, default today)");
        group.MapGet("/rollup", RollupAsync).WithSummary("A city's or province's child units: their standing on their own targets and on the parent's");
        var writes = group.MapGroup("").RequireAuthorization(Policies.Planner);
        writes.MapPost("/", CreateAsync).WithSummary("Add a target to a unit (planner: district or 街道; admin: any unit)");
        writes.MapPut("/{id:long}", ReplaceAsync).WithSummary("Replace a target; If-Match: the version read, else 409 when stale");
        writes.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a target; If-Match as for PUT");
    }

    private static async Task<Results<Ok<UnitTargetsResponse>, ProblemHttpResult>> ListAsync(
        [AsParameters] UnitQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var catalogue = await CatalogueAsync(db, query, cancellationToken);
        return catalogue is null ? NotFound(query.Unit!) : TypedResults.Ok(catalogue.Response());
    }

    private static async Task<Results<Ok<ProgressResponse>, ProblemHttpResult>> ProgressAsync(
        [AsParameters] UnitQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var catalogue = await CatalogueAsync(db, query, cancellationToken);
        if (catalogue is null)
        {
            return NotFound(query.Unit!);
        }

        var values = await TargetValues.LoadAsync(db, catalogue.Unit, catalogue.ServiceRadiusMetres, cancellationToken);
        return TypedResults.Ok(catalogue.Progress(values, AsOf(query)));
    }

    private static async Task<Results<Ok<RollupResponse>, ProblemHttpResult>> RollupAsync(
        [AsParameters] UnitQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var parent = await CatalogueAsync(db, query, cancellationToken);
        if (parent is null)
        {
            return NotFound(query.Unit!);
        }

        var asOf = AsOf(query);
        var values = await TargetValues.LoadAsync(db, parent.Unit, parent.ServiceRadiusMetres, cancellationToken);
        var rows = new List<RollupRow>();
        foreach (var child in values.Children(parent.Unit.Code).Where(c => c.Level != DistrictLevel.Community))
        {
            var catalogue = await TargetCatalogue.LoadAsync(db, child.Code, cancellationToken);
            rows.Add(new RollupRow(child.Code, child.Name, catalogue!.Targets()
                .Where(t => t.Unit != TargetCatalogue.National)
                .Select(t => TargetCatalogue.Evaluate(catalogue.Named(t), child, values, asOf)).ToList()));
        }

        return TypedResults.Ok(new RollupResponse(parent.Unit.Code, parent.Unit.Name, asOf, rows));
    }

    private static async Task<Results<Created<TargetOut>, ProblemHttpResult>> CreateAsync(
        JsonObject body, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var unit = await UnitOfAsync(db, body, cancellationToken);
        if (Forbidden(http, unit) is { } forbidden)
        {
            return forbidden;
        }

        var row = TargetRequests.Read(body, unit, Actor(http));
        if (await db.UnitTargets.AnyAsync(t => t.UnitCode == unit.Code && t.Key == row.Key, cancellationToken))
        {
            throw new RequestValidationException("id", $"本单位已有 id 为 \"{row.Key}\" 的目标（{unit.Code} already has a target with this id; PUT replaces it）");
        }

        db.UnitTargets.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(row).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = IfMatch.ETag(row.Version);
        return TypedResults.Created($"/api/targets/{row.Id}", TargetCatalogue.Out(row, false, unit.Name));
    }

    private static async Task<Results<Ok<TargetOut>, ProblemHttpResult>> ReplaceAsync(
        long id, JsonObject body, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.UnitTargets.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"There is no target with id {id}.");
        }

        var unit = await UnitOfAsync(db, body, cancellationToken);
        if (unit.Code != row.UnitCode)
        {
            throw new RequestValidationException("unit", $"应为 {row.UnitCode}：目标不能移到另一单位（a target stays with its unit; delete it and create one there）");
        }

        if (Forbidden(http, unit) is { } forbidden)
        {
            return forbidden;
        }

        if (!IfMatch.Allows(http.Request, row.Version))
        {
            return Conflict(id, row.Version);
        }

        var replacement = TargetRequests.Read(body, unit, Actor(http));
        if (replacement.Key != row.Key && await db.UnitTargets.AnyAsync(t => t.UnitCode == unit.Code && t.Key == replacement.Key, cancellationToken))
        {
            throw new RequestValidationException("id", $"本单位已有 id 为 \"{replacement.Key}\" 的目标（another target of {unit.Code} has this id）");
        }

        row.Key = replacement.Key;
        PlanItems.CopyTarget(replacement, row);
        row.SetBy = replacement.SetBy;
        row.DataSource = "api";
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict(id, await db.UnitTargets.Where(t => t.Id == id).Select(t => t.Version).FirstOrDefaultAsync(cancellationToken));
        }

        await db.Entry(row).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = IfMatch.ETag(row.Version);
        return TypedResults.Ok(TargetCatalogue.Out(row, false, unit.Name));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.UnitTargets.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"There is no target with id {id}.");
        }

        var unit = await db.Districts.AsNoTracking().FirstAsync(d => d.Code == row.UnitCode, cancellationToken);
        if (Forbidden(http, unit) is { } forbidden)
        {
            return forbidden;
        }

        if (!IfMatch.Allows(http.Request, row.Version))
        {
            return Conflict(id, row.Version);
        }

        db.UnitTargets.Remove(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict(id, await db.UnitTargets.Where(t => t.Id == id).Select(t => t.Version).FirstOrDefaultAsync(cancellationToken));
        }

        return TypedResults.NoContent();
    }

    private static async Task<TargetCatalogue?> CatalogueAsync(TuoyuDbContext db, UnitQuery query, CancellationToken cancellationToken)
    {
        if (query.Unit is not { } code || !IsAdcode(code))
        {
            throw new RequestValidationException("unit", "应为 6 位或 9 位行政区划代码（give the unit's adcode: 6 digits, or 9 for a 街道）");
        }

        return await TargetCatalogue.LoadAsync(db, code, cancellationToken);
    }

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

    /// <summary>Planners set the targets of districts and 街道; a city's or province's plan is an admin's to enter.</summary>
    private static ProblemHttpResult? Forbidden(HttpContext http, District unit) =>
        http.User.IsInRole(Words.Of(Role.Admin)) || unit.Level is not (DistrictLevel.Province or DistrictLevel.City)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "无权限 Forbidden",
                detail: $"规划人员只能编辑区县和街道的目标；{unit.Name}（{unit.Code}）的目标由管理员录入（planners edit districts' and 街道' targets; a {Words.Of(unit.Level)}'s are an admin's）");

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "api";

    private static bool IsAdcode(string code) => code.Length is 6 or 9 && code.All(char.IsAsciiDigit);

    private static DateOnly AsOf(UnitQuery query) => query.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static ProblemHttpResult NotFound(string code) => Problems.NotFound($"There is no unit with code {code}.");

    private static ProblemHttpResult Conflict(long id, uint currentVersion) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "数据已被他人修改 Changed by someone else",
        detail: $"Target {id} is at version {currentVersion}: read it again and apply your change to that version.",
        extensions: new Dictionary<string, object?> { ["current_version"] = currentVersion });
}

/// <summary>
/// A target in a request has the plan files' shape (data/plans/README.md) plus its unit, and is checked by the
/// same reader, so the API and the plan files refuse the same things with the same field names.
/// </summary>
internal static class TargetRequests
{
    private const string RequestDocument = "request";

    private static readonly Lazy<IReadOnlyList<PlanFile>> Plans = new(() => PlanFileReader.ReadAll());

    public static UnitTarget Read(JsonObject body, District unit, string actor)
    {
        var target = body.DeepClone().AsObject();
        target.Remove("unit");
        var citation = target["source"]?["document"] is JsonValue d && d.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (citation is { Length: > 0 })
        {
            target["source"]!["document"] = RequestDocument;
            if (Plans.Value.FirstOrDefault(p => p.Unit.Adcode != unit.Code && p.Documents.Any(doc => doc.Number == citation || doc.Citation == citation)) is { } other)
            {
                throw new RequestValidationException("source.document",
                    $"引用了{other.Unit.Name}（{other.Unit.Adcode}）的文件；目标只能引用本单位自己的文件（a target cites its own unit's document, never another unit's）");
            }
        }

        var plan = new JsonObject
        {
            ["unit"] = new JsonObject { ["adcode"] = unit.Code[..6], ["name"] = unit.Name, ["level"] = "district" },
            ["documents"] = new JsonArray(new JsonObject
            {
                ["id"] = RequestDocument, ["number"] = citation, ["title"] = "—", ["issuer"] = unit.Name, ["issued"] = null,
            }),
            ["targets"] = new JsonArray(target),
        };
        try
        {
            var parsed = PlanFileReader.Parse(plan, "request");
            return PlanItems.Target(unit.Code, parsed.Targets[0], parsed, actor);
        }
        catch (PlanFileException e)
        {
            var field = e.Field == "—" ? "body" : e.Item.EndsWith(" source", StringComparison.Ordinal) ? $"source.{e.Field}" : e.Field;
            throw new RequestValidationException(field, e.Message[(e.Message.IndexOf('：') + 1)..]);
        }
    }
}
