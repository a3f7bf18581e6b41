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

    /// <summary>The coverage report of a district or of a city (<see cref="CityCoverageAsync"/>), or null when the unit is unknown.</summary>
    public async Task<CoverageResponse?> CoverageAsync(CoverageSettings settings, CancellationToken cancellationToken)
    {
        var unit = await DistrictRules.LoadAsync(db, settings.District, cancellationToken);
        if (unit?.Level == DistrictLevel.City)
        {
            return await CityCoverageAsync(settings, unit, cancellationToken);
        }

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

    /// <summary>
    /// A city's coverage: the residential areas and institutions of all its districts in one 2SFCA, so a catchment
    /// crosses the district lines inside the city (not the city's border), each area with its own district's share of
    /// children under 3; the totals per district stand where a district's answer has its 街道's, and areas are keyed by
    /// district. The city's population figure calibrates and completes the listed areas as a district's does its own.
    /// One standard must hold city-wide (the engine applies one): a district with its own differing standard is refused,
    /// naming it, and is analysed alone.
    /// </summary>
    private async Task<CoverageResponse> CityCoverageAsync(CoverageSettings settings, DistrictRules city, CancellationToken cancellationToken)
    {
        var units = await db.Districts.AsNoTracking()
            .Where(d => d.ParentCode == city.Code && d.Level == DistrictLevel.District)
            .OrderBy(d => d.Code)
            .Select(d => new { d.Code, Population = d.OfficialPopulation ?? d.Population, d.AreaM2 })
            .ToListAsync(cancellationToken);
        if (units.Count == 0)
        {
            throw new RequestValidationException("district", $"{city.Code} {city.Name} 下没有区/县记录：先用 setup-district 添加各区 — the city has no districts on record");
        }

        if (city.OwnShareUnder3 is null)
        {
            throw new RequestValidationException("district", $"{city.Code} {city.Name} 没有 3 岁以下儿童占比 — has no under-3 share for its residents outside listed areas: " +
                $"run `setup-district {city.Code}` (takes it from the 2020 census) or PUT /api/districts/{city.Code} with share_under3 and its source.");
        }

        var districts = new List<DistrictRules>();
        foreach (var unit in units)
        {
            var rules = (await DistrictRules.LoadAsync(db, unit.Code, cancellationToken))!;
            if (rules.AnalysisError() is { } error)
            {
                throw new RequestValidationException("district", $"{error}（市内各区都需要 — every district of the city needs it）");
            }

            if (rules.Standard != city.Standard)
            {
                throw new RequestValidationException("district",
                    $"{rules.Code} {rules.Name} 的托位标准（新建 {rules.Standard.NewAreaPerThousand}、老城区 {rules.Standard.OldAreaPerThousand} 个/千人）与 {city.Name} 的" +
                    $"（{city.Standard.NewAreaPerThousand}、{city.Standard.OldAreaPerThousand}）不同，全市一次分析只能用一个标准：请按区分析 — " +
                    "a district sets its own standard; analyse the districts one by one");
            }

            districts.Add(rules);
        }

        var scope = city with
        {
            Subdistricts = districts.ToDictionary(d => d.Code, d => d.Name),
            SubdistrictSizes = units.ToDictionary(u => u.Code, u => new SubdistrictSize(u.Population, u.AreaM2)),
        };
        var areas = await AnalysisData.CityAreasAsync(db, districts.ToDictionary(d => d.Code, d => d.ShareUnder3.Value), settings.Boundaries, cancellationToken);
        var institutions = await AnalysisData.CityInstitutionsAsync(db, scope.Subdistricts.Keys.ToList(), cancellationToken);
        var walks = await DistrictWalks.ResolveAsync(distances, settings.Distance, settings.WalkingSpeed, [.. districts.Select(d => (d.Code, d.Name))],
            oneDistrict: false, settings.RadiusM, () => [.. areas.Select(a => new DistrictPlace(AreaRow.Key(a.Id), a.Location, a.SubdistrictCode))],
            () => [.. institutions.Select(i => new DistrictPlace(AreaRow.Key(i.Id), i.Location, i.SubdistrictCode))], cancellationToken);

        // No district walking its network is the city as it was measured before networks: the straight line, the same
        // answer, and no place of it turned into a walk's.
        var onFoot = scope.Subdistricts.Keys.Any(walks.OnNetwork);
        var described = onFoot
            ? walks.Describe(areas.Select(a => AreaRow.Key(a.Id)).Concat(institutions.Select(i => AreaRow.Key(i.Id))).ToHashSet(StringComparer.Ordinal),
                scope.Subdistricts.Keys)!
            : null;
        var walk = described is not null
            ? CityWalk(walks, Overall(described, settings.RadiusM))
            : CoverageRun.Walk(await distances.ResolveAsync(city.Code, DistanceMeasure.Ground, settings.WalkingSpeed, cancellationToken), settings.RadiusM);
        var supply = institutions.Select(i => i.ToSupply()).ToList();
        var run = CoverageRun.Compute(settings, scope, areas, supply, walk);
        var filedOnly = CoverageRun.FiledOnlyBeside(settings, scope, areas, supply, walk);
        var report = CoverageReport.Build(run, filedOnly);
        return report with
        {
            Parameters = report.Parameters with
            {
                Scope = "residential areas and institutions of the city's districts; catchments cross district lines inside the city, not its border; " +
                    "totals per district in subdistricts" + (described is null ? "" : "; an area walks its own district's network, which ends at the district line, " +
                    "or goes in a straight line where its district has none"),
                Districts = described,
            },
        };
    }

    private static CoverageWalk CityWalk(DistrictWalks walks, DistanceOut overall) => (demand, supply) => (
        walks.Catchment(demand.Select(d => d.SubdistrictCode),
            [.. demand.Select(d => new DistrictPlace(d.Id, d.Location, d.SubdistrictCode))],
            [.. supply.Select(s => new DistrictPlace(s.Id, s.Location, s.SubdistrictCode))]),
        overall);

    /// <summary>A city walked partly on foot, as one measure: network, each district's version and places off its network in <paramref name="districts"/>.</summary>
    private static DistanceOut Overall(IReadOnlyList<DistrictDistanceOut> districts, double radiusMetres)
    {
        var walked = districts.First(d => d.Distance.Distance == WalkingDistance.NetworkWord).Distance;
        return new DistanceOut(WalkingDistance.NetworkWord, null, walked.SnapCapM, [.. districts.SelectMany(d => d.Distance.OffNetwork)],
            walked.WalkingSpeedMps, WalkingSpeeds.Minutes(radiusMetres, walked.WalkingSpeedMps));
    }
}
