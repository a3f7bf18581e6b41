using Geo.Analysis.Coverage;
using Geo.Api.Features.Analysis;

namespace Geo.Api.Features.Siting;

/// <summary>
/// A district's (or 街道's) demand and supply as <see cref="Geo.Analysis.Coverage"/> inputs, with the 2SFCA
/// baseline whose per-area gap is the unmet 托位 net of the existing institutions.
/// </summary>
/// <param name="AreaNames">Residential area names by the id used in the analysis.</param>
/// <param name="Distance">How walks are measured: the baseline, the run's costs and the coverage after all use it.</param>
internal sealed record DistrictDemand(
    string Code,
    string Name,
    CoverageOptions Options,
    IReadOnlyList<DemandArea> Areas,
    IReadOnlyList<CareProvider> Institutions,
    CoverageResult Baseline,
    IReadOnlyDictionary<string, string> AreaNames,
    WalkingDistance Distance,
    double RadiusMetres,
    IReadOnlyList<Geo.Analysis.Network.UnreachablePlace> OffNetwork)
{
    private readonly Dictionary<string, NetTopologySuite.Geometries.Point> _locations =
        Areas.ToDictionary(a => a.Id, a => a.Location, StringComparer.Ordinal);

    public NetTopologySuite.Geometries.Point LocationOf(string areaId) => _locations[areaId];

    /// <summary>The baseline coverage with more institutions added (the existing ones stay).</summary>
    public CoverageResult With(IEnumerable<CareProvider> added)
    {
        var all = Institutions.Concat(added).ToList();
        return CoverageAnalysis.Compute(Areas, all, Options with { Catchment = Distance.Coverage(Areas, all, RadiusMetres).Catchment });
    }
}

/// <summary>
/// Reads a district's (or one 街道's) residential areas and institutions into the coverage analysis' inputs,
/// through the same projections and inherited rules as the coverage endpoints (<see cref="AnalysisData"/>,
/// <see cref="DistrictRules"/>), so a siting run starts from exactly the coverage a planner sees.
/// </summary>
internal sealed class DistrictDemandReader(TuoyuDbContext db)
{
    /// <summary>
    /// The unit with the code, whatever its level, with the rules of its district when it is a district or a 街道 of
    /// one; null when there is none.
    /// </summary>
    public async Task<DemandUnit?> FindAsync(string code, CancellationToken cancellationToken)
    {
        var unit = await db.Districts.AsNoTracking().Where(d => d.Code == code)
            .Select(d => new DemandUnit(d.Code, d.Name, d.Level, d.ParentCode, null)).FirstOrDefaultAsync(cancellationToken);
        return unit?.DistrictCode is { } district
            ? unit with { Rules = await DistrictRules.LoadAsync(db, district, cancellationToken) }
            : unit;
    }

    /// <summary>The demand of a district or 街道 that <see cref="DemandUnit.AnalysisError"/> let through.</summary>
    public async Task<DistrictDemand> ReadAsync(DemandUnit unit, double radiusMetres, double? targetPerThousand,
        WalkingDistance distance, CancellationToken cancellationToken)
    {
        var code = unit.Code;
        var rules = unit.Rules ?? throw new InvalidOperationException($"the district of {code} is missing");
        var districtCode = rules.Code;
        bool InUnit(string? subdistrict) => unit.Level == DistrictLevel.District || subdistrict == code;
        var areas = (await AnalysisData.AreasAsync(db, districtCode, withBoundary: false, cancellationToken)).Where(a => InUnit(a.SubdistrictCode)).ToList();
        var institutions = (await AnalysisData.InstitutionsAsync(db, districtCode, cancellationToken)).Where(i => InUnit(i.SubdistrictCode)).ToList();

        var options = new CoverageOptions
        {
            Catchment = new CatchmentRadius(radiusMetres),
            Standard = targetPerThousand is { } target ? new SlotStandard(target, target) : rules.Standard,
            DefaultChildrenUnder3Share = rules.ShareUnder3.Value,
        };
        var coverageAreas = areas.Select(a => a.ToDemand()).ToList();
        var coverageInstitutions = institutions.Select(i => i.ToSupply()).ToList();
        var reach = distance.Coverage(coverageAreas, coverageInstitutions, radiusMetres);
        var baseline = CoverageAnalysis.Compute(coverageAreas, coverageInstitutions, options with { Catchment = reach.Catchment });
        return new DistrictDemand(code, unit.Name, options, coverageAreas, coverageInstitutions, baseline,
            areas.ToDictionary(a => AreaRow.Key(a.Id), a => a.Name, StringComparer.Ordinal), distance, radiusMetres, reach.Unreachable);
    }
}

/// <summary>A district or 街道 whose demand is read, or a unit of another level a request named.</summary>
/// <param name="Rules">The rules of the district (of the 街道's district); null for a unit of another level.</param>
internal sealed record DemandUnit(string Code, string Name, DistrictLevel Level, string? ParentCode, DistrictRules? Rules)
{
    /// <summary>The district whose areas are read: the unit itself, or the district of a 街道; null for other levels.</summary>
    public string? DistrictCode => Level switch
    {
        DistrictLevel.District => Code,
        DistrictLevel.Subdistrict => ParentCode,
        _ => null,
    };

    /// <summary>
    /// Why the unit cannot be sited in (its level, or its district's missing under-3 share), or null when it can:
    /// the request's rule for <c>district</c>.
    /// </summary>
    public string? AnalysisError() => DistrictCode is null
        ? $"{Name} ({Code}) is a {Words.Of(Level)}: give a district adcode (6 digits) or a 街道/镇 code (9 digits)"
        : Rules?.AnalysisError();
}
