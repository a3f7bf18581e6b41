using Microsoft.EntityFrameworkCore;
using Geo.Analysis.Coverage;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
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
    /// <summary>The unit with the code, whatever its level, or null when there is none.</summary>
    public Task<DemandUnit?> FindAsync(string code, CancellationToken cancellationToken) =>
        db.Districts.AsNoTracking().Where(d => d.Code == code)
            .Select(d => new DemandUnit(d.Code, d.Name, d.Level, d.ParentCode)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The demand of a district or 街道 (see <see cref="DemandUnit.LevelError"/>).</summary>
    public async Task<DistrictDemand> ReadAsync(DemandUnit unit, double radiusMetres, double? targetPerThousand,
        WalkingDistance distance, CancellationToken cancellationToken)
    {
        var code = unit.Code;
        var districtCode = unit.Level == DistrictLevel.Subdistrict ? unit.ParentCode! : code;
        var rules = await DistrictRules.LoadAsync(db, districtCode, cancellationToken)
            ?? throw new InvalidOperationException($"the district {districtCode} of {code} is missing");
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
internal sealed record DemandUnit(string Code, string Name, DistrictLevel Level, string? ParentCode)
{
    /// <summary>Why the unit cannot be sited in, or null when it is a district or a 街道 of one.</summary>
    public string? LevelError() =>
        Level is DistrictLevel.District || (Level is DistrictLevel.Subdistrict && ParentCode is not null)
            ? null
            : $"{Name} ({Code}) is a {Words.Of(Level)}: give a district adcode (6 digits) or a 街道/镇 code (9 digits)";
}
