using Microsoft.EntityFrameworkCore;
using Geo.Analysis.Coverage;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using CoverageArea = Geo.Analysis.Coverage.ResidentialArea;
using CoverageInstitution = Geo.Analysis.Coverage.Institution;
using CoverageKind = Geo.Analysis.Coverage.ResidentialKind;
using CoverageStatus = Geo.Analysis.Coverage.InstitutionStatus;

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
    IReadOnlyList<CoverageArea> Areas,
    IReadOnlyList<CoverageInstitution> Institutions,
    CoverageResult Baseline,
    IReadOnlyDictionary<string, string> AreaNames)
{
    private readonly Dictionary<string, NetTopologySuite.Geometries.Point> _locations =
        Areas.ToDictionary(a => a.Id, a => a.Location, StringComparer.Ordinal);

    public NetTopologySuite.Geometries.Point LocationOf(string areaId) => _locations[areaId];

    /// <summary>The baseline coverage with more institutions added (the existing ones stay).</summary>
    public CoverageResult With(IEnumerable<CoverageInstitution> added) =>
        CoverageAnalysis.Compute(Areas, Institutions.Concat(added), Options);
}

/// <summary>
/// Reads residential areas and institutions of a district into the coverage analysis' inputs. The slot
/// standard and the share of children under 3 are the district's own, inherited from its parents when unset.
/// </summary>
internal sealed class DistrictDemandReader(TuoyuDbContext db)
{
    /// <summary>Null when no district or 街道 has the code.</summary>
    /// <exception cref="Infrastructure.RequestValidationException">The code is of a city, province or 社区.</exception>
    public async Task<DistrictDemand?> ReadAsync(string code, double radiusMetres, double? targetPerThousand,
        CancellationToken cancellationToken)
    {
        var chain = await AncestryAsync(code, cancellationToken);
        if (chain.Count == 0)
        {
            return null;
        }

        var unit = chain[0];
        if (unit.Level is not (DistrictLevel.District or DistrictLevel.Subdistrict))
        {
            throw new Infrastructure.RequestValidationException("district",
                $"{unit.Name} ({code}) is a {Words.Of(unit.Level)}: give a district adcode (6 digits) or a 街道/镇 code (9 digits)");
        }

        var standard = targetPerThousand is { } target
            ? new SlotStandard(target, target)
            : new SlotStandard(
                chain.Select(d => d.SlotsPerThousandNew).FirstOrDefault(v => v is not null) ?? SlotStandard.Default.NewAreaPerThousand,
                chain.Select(d => d.SlotsPerThousandOld).FirstOrDefault(v => v is not null) ?? SlotStandard.Default.OldAreaPerThousand);
        var options = new CoverageOptions
        {
            Catchment = new CatchmentRadius(radiusMetres),
            Standard = standard,
            DefaultChildrenUnder3Share = chain.Select(d => d.ShareUnder3).FirstOrDefault(v => v is not null) ?? CensusChildShare.Gulou2020,
        };

        var bySubdistrict = unit.Level == DistrictLevel.Subdistrict;
        var areas = await db.ResidentialAreas.AsNoTracking()
            .Where(a => bySubdistrict ? a.SubdistrictCode == code : a.DistrictCode == code)
            .Select(a => new { a.Id, a.Name, a.Location, a.Population, a.Kind, a.SubdistrictCode })
            .ToListAsync(cancellationToken);
        var institutions = await db.Institutions.AsNoTracking()
            .Where(i => bySubdistrict ? i.SubdistrictCode == code : i.DistrictCode == code)
            .Select(i => new
            {
                i.Id, i.Location, i.ApprovedSlots, i.Status, i.FilingStatus, i.IsPuhui, i.IsDemonstration, i.IsStandardised, i.SubdistrictCode,
            })
            .ToListAsync(cancellationToken);

        var coverageAreas = areas.Select(a => new CoverageArea(AreaId(a.Id), a.Location, a.Population,
            a.Kind == Data.Entities.ResidentialKind.New ? CoverageKind.New : CoverageKind.Old, a.SubdistrictCode)).ToList();
        var coverageInstitutions = institutions.Select(i => new CoverageInstitution($"institution:{i.Id}", i.Location, i.ApprovedSlots,
            (i.Status == Data.Entities.InstitutionStatus.Operating ? CoverageStatus.Operating : CoverageStatus.None)
            | (i.FilingStatus == FilingStatus.Filed ? CoverageStatus.Filed : CoverageStatus.None)
            | (i.IsPuhui ? CoverageStatus.Affordable : CoverageStatus.None)
            | (i.IsDemonstration ? CoverageStatus.Demonstration : CoverageStatus.None)
            | (i.IsStandardised ? CoverageStatus.Standardised : CoverageStatus.None),
            i.SubdistrictCode)).ToList();
        var baseline = CoverageAnalysis.Compute(coverageAreas, coverageInstitutions, options);
        return new DistrictDemand(code, unit.Name, options, coverageAreas, coverageInstitutions, baseline,
            areas.ToDictionary(a => AreaId(a.Id), a => a.Name, StringComparer.Ordinal));
    }

    public static string AreaId(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The unit and its parents, nearest first (empty when the code is unknown).</summary>
    private async Task<List<District>> AncestryAsync(string code, CancellationToken cancellationToken)
    {
        var chain = new List<District>();
        for (var next = code; next is not null && chain.Count < 6;)
        {
            var unit = await db.Districts.AsNoTracking().FirstOrDefaultAsync(d => d.Code == next, cancellationToken);
            if (unit is null)
            {
                break;
            }

            chain.Add(unit);
            next = unit.ParentCode;
        }

        return chain;
    }
}
