using Microsoft.AspNetCore.Http.HttpResults;
using Geo.Analysis.Coverage;

namespace Geo.Api.Features.Analysis;

/// <summary>
/// The planners' analyses of a district: coverage by 2SFCA, targets, 母婴室, what-if, and an analyst's own problem.
/// Read-only: every handler reads with untracked projections and writes nothing.
/// </summary>
public static class AnalysisEndpoints
{
    public static void MapAnalysisEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analysis").WithTags("Analysis 分析").ProducesClientProblems();
        group.MapGet("/coverage", CoverageAsync).WithSummary("托位 within walking distance per residential area, 街道 and district (2SFCA)");
        group.MapPost("/coverage", WhatIfAsync).RequireAuthorization(Policies.Planner).WithSummary("What-if: coverage with institutions added, moved or removed, and the difference; nothing is saved");
        group.MapGet("/walking-comparison", WalkingComparisonAsync).RequireAuthorization(Policies.Staff)
            .WithSummary("Straight line against walking: coverage measured both ways, and the areas covered in a straight line but not on foot");
        group.MapGet("/targets", TargetsAsync).WithSummary("Each target of the district: rule, current value, met, shortfall");
        group.MapGet("/nursing-rooms", NursingRoomsAsync).WithSummary("Public places lacking a 母婴室, and rooms below the standard");
        group.MapPost("/accessibility", Accessibility).RequireAuthorization(Policies.Planner).WithSummary("2SFCA accessibility of an analyst's own demand and supply points");
    }

    private static async Task<Results<CoverageBody, ProblemHttpResult>> CoverageAsync(
        [AsParameters] CoverageQuery query, CoverageReports reports, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var settings = query.Validate().ForCaller(user);
        return await reports.CoverageAsync(settings, cancellationToken) is { } report
            ? new CoverageBody(report)
            : DistrictNotFound(settings.District);
    }

    private static async Task<Results<Ok<WhatIfResponse>, ProblemHttpResult>> WhatIfAsync(
        WhatIfRequest body, TuoyuDbContext db, CoverageReports reports, CancellationToken cancellationToken)
    {
        var settings = WhatIf.Validate(body);
        if (await reports.DistrictAsync(settings.District, cancellationToken) is not { } rules)
        {
            return DistrictNotFound(settings.District);
        }

        var distance = await reports.DistanceAsync(settings, cancellationToken);
        var areas = await AnalysisData.AreasAsync(db, settings.District, settings.Boundaries, cancellationToken);
        var institutions = await AnalysisData.InstitutionsAsync(db, settings.District, cancellationToken);
        var subdistricts = await AnalysisData.SubdistrictBoundariesAsync(db, settings.District, cancellationToken);
        var scenarioSupply = WhatIf.Apply(body, institutions, subdistricts);
        var baseline = CoverageRun.Compute(settings, rules, areas, institutions.Select(i => i.ToSupply()), distance);
        var scenario = CoverageRun.Compute(settings, rules, areas, scenarioSupply, distance);
        return TypedResults.Ok(new WhatIfResponse(
            new WhatIfChanges(body.Add ?? [], body.Move ?? [], body.Remove ?? []),
            CoverageReport.Build(baseline),
            CoverageReport.Build(scenario),
            WhatIf.Diff(baseline, scenario)));
    }

    private static async Task<Results<Ok<WalkingComparisonResponse>, ProblemHttpResult>> WalkingComparisonAsync(
        [AsParameters] WalkingComparisonQuery query, TuoyuDbContext db, CoverageReports reports, System.Security.Claims.ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var settings = WalkingComparison.Validate(query).ForCaller(user);
        if (await reports.DistrictAsync(settings.District, cancellationToken) is not { } rules)
        {
            return DistrictNotFound(settings.District);
        }

        var network = WalkingComparison.RequireNetwork(await reports.DistanceAsync(settings, cancellationToken), settings.District);
        var areas = await AnalysisData.AreasAsync(db, settings.District, withBoundary: false, cancellationToken);
        var institutions = await AnalysisData.InstitutionsAsync(db, settings.District, cancellationToken);
        return TypedResults.Ok(WalkingComparison.Compute(settings, rules, areas, [.. institutions.Select(i => i.ToSupply())], network));
    }

    private static async Task<Results<Ok<TargetsResponse>, ProblemHttpResult>> TargetsAsync(
        [AsParameters] TargetsQuery query, TuoyuDbContext db, CoverageReports reports, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var settings = CoverageSettings.Parse(query.District, null, null, null, "point", errors, query.Distance, query.WalkingSpeed)?.ForCaller(user);
        errors.ThrowIfAny();
        if (await reports.DistrictAsync(settings!.District, cancellationToken) is not { } rules)
        {
            return DistrictNotFound(settings.District);
        }

        var distance = await reports.DistanceAsync(settings, cancellationToken);

        var areas = await AnalysisData.AreasAsync(db, rules.Code, withBoundary: false, cancellationToken);
        var institutions = await AnalysisData.InstitutionsAsync(db, rules.Code, cancellationToken);
        var places = await AnalysisData.PlacesAsync(db, rules.Code, cancellationToken);
        var rooms = await AnalysisData.RoomsAsync(db, rules.Code, cancellationToken);
        var planned = await AnalysisData.TargetsAsync(db, rules.Lineage, cancellationToken);
        var run = CoverageRun.Compute(settings, rules, areas, institutions.Select(i => i.ToSupply()), distance);
        var filedOnly = CoverageRun.FiledOnlyBeside(settings, rules, areas, institutions.Select(i => i.ToSupply()), distance);
        var roomResult = NursingRoomReport.Compute(places, rooms, NursingRoomReport.Options(NursingRoomOptions.Default.NearbyMetres, NursingRoomOptions.Default.MinimumAreaSquareMetres));
        var asOf = query.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        return TypedResults.Ok(TargetsReport.Build(run, filedOnly, planned, roomResult, asOf));
    }

    private static async Task<Results<Ok<NursingRoomResponse>, ProblemHttpResult>> NursingRoomsAsync(
        [AsParameters] NursingRoomQuery query, TuoyuDbContext db, CoverageReports reports, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var code = AnalysisRules.District(query.District, errors);
        var nearby = query.NearbyM ?? NursingRoomOptions.Default.NearbyMetres;
        errors.Range(nearby, "nearby_m", 0, NursingRoomQuery.MaxNearbyM, " metres");
        var minArea = query.MinAreaM2 ?? NursingRoomOptions.Default.MinimumAreaSquareMetres;
        errors.Range(minArea, "min_area_m2", 0, 100, " m²");
        errors.ThrowIfAny();
        if (await reports.DistrictAsync(code!, cancellationToken) is not { } rules)
        {
            return DistrictNotFound(code!);
        }

        var places = await AnalysisData.PlacesAsync(db, rules.Code, cancellationToken);
        var rooms = await AnalysisData.RoomsAsync(db, rules.Code, cancellationToken);
        var result = NursingRoomReport.Compute(places, rooms, NursingRoomReport.Options(nearby, minArea));
        return TypedResults.Ok(NursingRoomReport.Build(rules, places, rooms, result));
    }

    private static Ok<AccessibilityResponse> Accessibility(AccessibilityRequest body) =>
        TypedResults.Ok(AccessibilityProblem.Solve(body));

    private static ProblemHttpResult DistrictNotFound(string code) =>
        Problems.NotFound($"There is no district with adcode {code}; GET /api/districts?level=district lists them.");
}
