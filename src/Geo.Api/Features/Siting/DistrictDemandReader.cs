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
internal sealed record DistrictDemand(
    string Code,
    string Name,
    CoverageOptions Options,
    IReadOnlyList<DemandArea> Areas,
    IReadOnlyList<CareProvider> Institutions,
    CoverageResult Baseline,
    IReadOnlyDictionary<string, string> AreaNames)
{
    private readonly Dictionary<string, NetTopologySuite.Geometries.Point> _locations =
        Areas.ToDictionary(a => a.Id, a => a.Location, StringComparer.Ordinal);

    public NetTopologySuite.Geometries.Point LocationOf(string areaId) => _locations[areaId];

    /// <summary>The baseline coverage with more institutions added (the existing ones stay).</summary>
    public CoverageResult With(IEnumerable<CareProvider> added) =>
        CoverageAnalysis.Compute(Areas, Institutions.Concat(added), Options);
}

/// <summary>
/// Reads a district's (or one 街道's) residential areas and institutions into the coverage analysis' inputs,
/// through the same projections and inherited rules as the coverage endpoints (<see cref="AnalysisData"/>,
/// <see cref="DistrictRules"/>), so a siting run starts from exactly the coverage a planner sees.
/// </summary>
internal sealed class DistrictDemandReader(TuoyuDbContext db)
{
    /// <summary>Null when no district or 街道 has the code.</summary>
    /// <exception cref="Infrastructure.RequestValidationException">The code is of a city, province or 社区.</exception>
    public async Task<DistrictDemand?> ReadAsync(string code, double radiusMetres, double? targetPerThousand,
        CancellationToken cancellationToken)
    {
        var unit = await db.Districts.AsNoTracking().Where(d => d.Code == code)
            .Select(d => new { d.Name, d.Level, d.ParentCode }).FirstOrDefaultAsync(cancellationToken);
        if (unit is null)
        {
            return null;
        }

        if (unit.Level is not (DistrictLevel.District or DistrictLevel.Subdistrict)
            || (unit.Level == DistrictLevel.Subdistrict && unit.ParentCode is null))
        {
            throw new Infrastructure.RequestValidationException("district",
                $"{unit.Name} ({code}) is a {Words.Of(unit.Level)}: give a district adcode (6 digits) or a 街道/镇 code (9 digits)");
        }

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
        var baseline = CoverageAnalysis.Compute(coverageAreas, coverageInstitutions, options);
        return new DistrictDemand(code, unit.Name, options, coverageAreas, coverageInstitutions, baseline,
            areas.ToDictionary(a => AreaRow.Key(a.Id), a => a.Name, StringComparer.Ordinal));
    }
}
