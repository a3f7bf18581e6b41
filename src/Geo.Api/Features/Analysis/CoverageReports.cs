namespace Geo.Api.Features.Analysis;

/// <summary>
/// A district's coverage report, as its route answers it and as export writes it to a file, so both show the
/// same numbers. Takes settings already checked: it reads, and never judges a request's fields.
/// </summary>
public sealed class CoverageReports(TuoyuDbContext db, WalkingDistances distances)
{
    /// <summary>
    /// The district's rules, or null when no unit has the code. A unit of another level (a city, a 街道), or a
    /// district without its under-3 share, breaks the request's rule for <c>district</c>: said as a 400 naming that field.
    /// </summary>
    public async Task<DistrictRules?> DistrictAsync(string code, CancellationToken cancellationToken)
    {
        var rules = await DistrictRules.LoadAsync(db, code, cancellationToken);
        if (rules?.AnalysisError() is { } error)
        {
            throw new RequestValidationException("district", error);
        }

        return rules;
    }

    /// <summary>The distance the settings ask for in their district (see <see cref="WalkingDistances.ResolveAsync"/>).</summary>
    public Task<WalkingDistance> DistanceAsync(CoverageSettings settings, CancellationToken cancellationToken) =>
        distances.ResolveAsync(settings.District, settings.Distance, settings.WalkingSpeed, cancellationToken);

    /// <summary>The coverage report, or null when the district is unknown.</summary>
    public async Task<CoverageResponse?> CoverageAsync(CoverageSettings settings, CancellationToken cancellationToken)
    {
        if (await DistrictAsync(settings.District, cancellationToken) is not { } rules)
        {
            return null;
        }

        var distance = await DistanceAsync(settings, cancellationToken);
        var areas = await AnalysisData.AreasAsync(db, settings.District, settings.Boundaries, cancellationToken);
        var institutions = await AnalysisData.InstitutionsAsync(db, settings.District, cancellationToken);
        var run = CoverageRun.Compute(settings, rules, areas, institutions.Select(i => i.ToSupply()), distance);
        var filedOnly = CoverageRun.FiledOnlyBeside(settings, rules, areas, institutions.Select(i => i.ToSupply()), distance);
        return CoverageReport.Build(run, filedOnly);
    }
}
