using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Geo.Api.Features.Analysis;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

public sealed record UnitQuery
{
    [FromQuery(Name = "unit")] public string? Unit { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
}

/// <summary>A unit's progress or roll-up: the unit and day, and how the coverage-based targets walk, as coverage reads it.</summary>
public sealed record ProgressQuery
{
    [FromQuery(Name = "unit")] public string? Unit { get; init; }
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }

    /// <summary>network (on each district's walking network; the default where it has one) or ground (straight line; the default otherwise).</summary>
    [FromQuery(Name = "distance")] public string? Distance { get; init; }

    /// <summary>Walking speed in m/s that the results' minutes are reckoned at; default the deployment's (1.2).</summary>
    [FromQuery(Name = WalkingSpeeds.Field)] public double? WalkingSpeed { get; init; }

    public UnitQuery AsUnitQuery() => new() { Unit = Unit, AsOf = AsOf };

    /// <summary>The walk asked for, checked by the rules coverage checks it with.</summary>
    public TargetWalkRequest Walk()
    {
        var errors = new ValidationErrors();
        var measure = WalkingDistances.Parse(Distance, errors);
        var speed = WalkingSpeeds.Parse(WalkingSpeed, errors);
        errors.ThrowIfAny();
        return new TargetWalkRequest(measure, speed);
    }
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
        group.MapGet("/kinds", () => TypedResults.Ok(TargetCatalogue.Kinds()))
            .WithSummary("The kinds of target and standard: Chinese name, unit, and the fields each kind needs (for forms)");
        group.MapGet("/rollup", RollupAsync).WithSummary("A city's or province's child units: their standing on their own targets and on the parent's");
        PlanItemWrites.Map(group.MapGroup("").RequireAuthorization(Policies.Planner), TargetItems, "target");

        var standards = app.MapGroup("/api/standards").WithTags("Targets 规划目标").ProducesClientProblems();
        standards.MapGet("/", ListStandardsAsync).WithSummary("The standards binding a unit: per kind the nearest unit's, else the national rule, each with its source");
        PlanItemWrites.Map(standards.MapGroup("").RequireAuthorization(Policies.Planner), StandardItems, "standard");
    }

    private static async Task<Results<Ok<UnitTargetsResponse>, ProblemHttpResult>> ListAsync(
        [AsParameters] UnitQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var catalogue = await CatalogueAsync(db, query, cancellationToken);
        return catalogue is null ? NotFound(query.Unit!) : TypedResults.Ok(catalogue.Response());
    }

    private static async Task<Results<Ok<ProgressResponse>, ProblemHttpResult>> ProgressAsync(
        [AsParameters] ProgressQuery query, TuoyuDbContext db, WalkingDistances distances, CancellationToken cancellationToken)
    {
        var walk = query.Walk();
        var catalogue = await CatalogueAsync(db, query.AsUnitQuery(), cancellationToken);
        if (catalogue is null)
        {
            return NotFound(query.Unit!);
        }

        var values = await TargetValues.LoadAsync(db, catalogue, catalogue.Targets(), distances, walk, cancellationToken);
        return TypedResults.Ok(catalogue.Progress(values, AsOf(query.AsUnitQuery())));
    }

    private static async Task<Results<Ok<RollupResponse>, ProblemHttpResult>> RollupAsync(
        [AsParameters] ProgressQuery query, TuoyuDbContext db, WalkingDistances distances, CancellationToken cancellationToken)
    {
        var walk = query.Walk();
        var parent = await CatalogueAsync(db, query.AsUnitQuery(), cancellationToken);
        if (parent is null)
        {
            return NotFound(query.Unit!);
        }

        var asOf = AsOf(query.AsUnitQuery());
        // The children's catalogues first, so that only the records their targets read are loaded.
        var childCodes = await db.Districts.AsNoTracking().Where(d => d.ParentCode == parent.Unit.Code && d.Level != DistrictLevel.Community)
            .Select(d => d.Code).ToListAsync(cancellationToken);
        var catalogues = new Dictionary<string, TargetCatalogue>(StringComparer.Ordinal);
        foreach (var code in childCodes)
        {
            catalogues[code] = (await TargetCatalogue.LoadAsync(db, code, cancellationToken))!;
        }

        IEnumerable<TargetOut> Evaluated(TargetCatalogue catalogue) => catalogue.Targets().Where(t => t.Unit != TargetCatalogue.National);
        var values = await TargetValues.LoadAsync(db, parent, catalogues.Values.SelectMany(Evaluated).ToList(), distances, walk, cancellationToken);
        var rows = new List<RollupRow>();
        foreach (var child in values.Children(parent.Unit.Code).Where(c => c.Level != DistrictLevel.Community))
        {
            var catalogue = catalogues[child.Code];
            var targets = Evaluated(catalogue).Select(t => TargetCatalogue.Evaluate(catalogue.Named(t), child, values, asOf)).ToList();
            rows.Add(new RollupRow(child.Code, child.Name, targets) { Distances = targets.Select(t => t.Distances).FirstOrDefault(d => d is not null) });
        }

        return TypedResults.Ok(new RollupResponse(parent.Unit.Code, parent.Unit.Name, asOf, rows));
    }

    /// <summary>Targets as plan items: read as a plan file's target, answered as the list answers them.</summary>
    private static readonly PlanItemKind<UnitTarget, TargetOut> TargetItems = new(
        "目标", "/api/targets", db => db.UnitTargets, t => t.UnitCode, t => t.Key, t => t.Version,
        (body, unit, actor) => PlanItemRequests.Target(body, unit, actor),
        PlanItems.Replace,
        (row, unit) => TargetCatalogue.Out(row, false, unit.Name));

    /// <summary>Standards as plan items, the targets' siblings: the same checks, roles, If-Match and audit.</summary>
    private static readonly PlanItemKind<UnitStandard, StandardOut> StandardItems = new(
        "标准", "/api/standards", db => db.UnitStandards, s => s.UnitCode, s => s.Key, s => s.Version,
        (body, unit, actor) => PlanItemRequests.Standard(body, unit, actor),
        PlanItems.Replace,
        (row, unit) => TargetCatalogue.Out(row, unit.Name));

    private static async Task<Results<Ok<IReadOnlyList<StandardOut>>, ProblemHttpResult>> ListStandardsAsync(
        [AsParameters] UnitQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var catalogue = await CatalogueAsync(db, query, cancellationToken);
        return catalogue is null ? NotFound(query.Unit!) : TypedResults.Ok<IReadOnlyList<StandardOut>>(catalogue.Standards().ToList());
    }

    private static async Task<TargetCatalogue?> CatalogueAsync(TuoyuDbContext db, UnitQuery query, CancellationToken cancellationToken)
    {
        if (query.Unit is not { } code || !PlanItemWrites.IsAdcode(code))
        {
            throw new RequestValidationException("unit", "应为 6 位或 9 位行政区划代码（give the unit's adcode: 6 digits, or 9 for a 街道）");
        }

        return await TargetCatalogue.LoadAsync(db, code, cancellationToken);
    }

    private static DateOnly AsOf(UnitQuery query) => query.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static ProblemHttpResult NotFound(string code) => Problems.NotFound($"There is no unit with code {code}.");

}

/// <summary>
/// A target or standard in a request has the plan files' shape (data/plans/README.md) plus its unit, and is checked
/// by the same reader, so the API and the plan files refuse the same things with the same field names.
/// </summary>
internal static class PlanItemRequests
{
    private const string RequestDocument = "request";

    private static readonly Lazy<IReadOnlyList<PlanFile>> Plans = new(() => PlanFileReader.ReadAll());

    public static UnitTarget Target(JsonObject body, District unit, string actor)
    {
        var plan = Parse(body, unit, "targets");
        return PlanItems.Target(unit.Code, plan.Targets[0], plan, actor);
    }

    public static UnitStandard Standard(JsonObject body, District unit, string actor)
    {
        var plan = Parse(body, unit, "standards");
        var standard = plan.Standards[0];
        if (standard.Value <= 0 || standard.Kind == PlanStandardKind.Under3Share && standard.Value >= 1)
        {
            throw new RequestValidationException("value", standard.Kind == PlanStandardKind.Under3Share
                ? "应在 0 与 1 之间（a share is a fraction: 0.0281 for 2.81 %）"
                : "应大于 0（a standard is a positive figure）");
        }

        return PlanItems.Standard(unit.Code, standard, plan, actor);
    }

    private static PlanFile Parse(JsonObject body, District unit, string list)
    {
        var item = body.DeepClone().AsObject();
        item.Remove("unit");
        var citation = item["source"]?["document"] is JsonValue d && d.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (citation is { Length: > 0 })
        {
            item["source"]!["document"] = RequestDocument;
            if (Plans.Value.FirstOrDefault(p => p.Unit.Adcode != unit.Code && p.Documents.Any(doc => doc.Number == citation || doc.Citation == citation)) is { } other)
            {
                throw new RequestValidationException("source.document",
                    $"引用了{other.Unit.Name}（{other.Unit.Adcode}）的文件；只能引用本单位自己的文件（an item cites its own unit's document, never another unit's）");
            }
        }

        var plan = new JsonObject
        {
            ["unit"] = new JsonObject { ["adcode"] = unit.Code[..6], ["name"] = unit.Name, ["level"] = "district" },
            ["documents"] = new JsonArray(new JsonObject
            {
                ["id"] = RequestDocument, ["number"] = citation, ["title"] = "—", ["issuer"] = unit.Name, ["issued"] = null,
            }),
            ["targets"] = new JsonArray(),
            [list] = new JsonArray(item),
        };
        try
        {
            return PlanFileReader.Parse(plan, "request");
        }
        catch (PlanFileException e)
        {
            var field = e.Field == "—" ? "body" : e.Item.EndsWith(" source", StringComparison.Ordinal) ? $"source.{e.Field}" : e.Field;
            throw new RequestValidationException(field, e.Message[(e.Message.IndexOf('：') + 1)..]);
        }
    }
}
