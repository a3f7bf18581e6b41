using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Geo.Api.Features.Siting;

public sealed record ScenarioQuery
{
    /// <summary>Only scenarios of this district or 街道.</summary>
    [FromQuery(Name = "district")] public string? District { get; init; }
    [FromQuery(Name = "page")] public int? Page { get; init; }
    [FromQuery(Name = "page_size")] public int? PageSize { get; init; }
}

public sealed record CompareQuery
{
    [FromQuery(Name = "a")] public long? A { get; init; }
    [FromQuery(Name = "b")] public long? B { get; init; }
}

/// <summary>Saved siting runs (方案): list, reopen, compare two side by side, delete.</summary>
internal static class ScenarioEndpoints
{
    public const int MaxPageSize = 200;

    public static void MapScenarioEndpoints(this RouteGroupBuilder analysis)
    {
        analysis.MapGet("/scenarios", ListAsync).WithSummary("Saved siting scenarios, newest first");
        analysis.MapGet("/scenarios/compare", CompareAsync).WithSummary("Two scenarios side by side: sites, objective, coverage after");
        analysis.MapGet("/scenarios/{id:long}", GetAsync).WithSummary("Reopen a saved scenario: its result as it was answered");
        analysis.MapDelete("/scenarios/{id:long}", DeleteAsync).WithSummary("Delete a saved scenario");
    }

    private static async Task<Ok<ScenarioList>> ListAsync([AsParameters] ScenarioQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? 50;
        errors.Paging(page, pageSize, MaxPageSize);
        errors.ThrowIfAny();

        var rows = db.SitingScenarios.AsNoTracking();
        if (query.District is { } district)
        {
            rows = rows.Where(s => s.DistrictCode == district);
        }

        var total = await rows.CountAsync(cancellationToken);
        var scenarios = await rows.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new ScenarioSummary(s.Id, s.Name, s.DistrictCode, s.Model, s.Solver, s.Objective, s.Gap, s.Optimal,
                s.SiteCount, s.GapBefore, s.GapAfter, s.TimeMs, s.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ScenarioList(scenarios, total, page, pageSize));
    }

    private static async Task<Results<Ok<SitingRunResult>, ProblemHttpResult>> GetAsync(
        long id, TuoyuDbContext db, ScenarioStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(db, id, cancellationToken) is { } result
            ? TypedResults.Ok(result)
            : UnknownScenario(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        var scenario = await db.SitingScenarios.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (scenario is null)
        {
            return UnknownScenario(id);
        }

        if (scenario.DistrictCode is not null)
        {
            await scope.EnsureUnitAsync(scenario.DistrictCode, cancellationToken);
        }
        else
        {
            await scope.EnsureBoundAsync(cancellationToken);
        }

        db.SitingScenarios.Remove(scenario); // tracked, so the audit log keeps it
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ScenarioComparison>, ProblemHttpResult>> CompareAsync(
        [AsParameters] CompareQuery query, TuoyuDbContext db, ScenarioStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Present(query.A, "a");
        errors.Present(query.B, "b");
        errors.ThrowIfAny();

        var a = await store.FindAsync(db, query.A!.Value, cancellationToken);
        var b = await store.FindAsync(db, query.B!.Value, cancellationToken);
        if (a is null || b is null)
        {
            return UnknownScenario(a is null ? query.A.Value : query.B.Value);
        }

        var sitesA = a.Sites.Features.Select(f => f.Properties.CandidateId).ToList();
        var sitesB = b.Sites.Features.Select(f => f.Properties.CandidateId).ToList();
        var difference = new ScenarioDifference(
            b.Objective - a.Objective,
            sitesB.Count - sitesA.Count,
            b.CoverageAfter.Gap - a.CoverageAfter.Gap,
            b.CoverageAfter.AccessibleSlots - a.CoverageAfter.AccessibleSlots,
            b.CoverageAfter.CoveredDemand - a.CoverageAfter.CoveredDemand);
        return TypedResults.Ok(new ScenarioComparison(a, b,
            [.. sitesA.Intersect(sitesB, StringComparer.Ordinal)],
            [.. sitesA.Except(sitesB, StringComparer.Ordinal)],
            [.. sitesB.Except(sitesA, StringComparer.Ordinal)],
            a.Model == b.Model && a.RadiusM == b.RadiusM && a.CostUnit == b.CostUnit,
            difference));
    }

    private static ProblemHttpResult UnknownScenario(long id) => Problems.NotFound($"There is no siting scenario {id}.");
}
