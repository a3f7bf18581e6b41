using Geo.Analysis.Coverage;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Analysis;

/// <summary>Where a rule's value came from: the unit whose row set it, or the domain default.</summary>
public sealed record RuleSource(double Value, string Source);

/// <summary>
/// The rules a district is analysed by, each inherited from the nearest unit above it that sets it
/// (district → city → province), else the domain default, and the 街道/镇 of the district.
/// </summary>
public sealed record DistrictRules(
    string Code,
    string Name,
    DistrictLevel Level,
    RuleSource NewAreaPerThousand,
    RuleSource OldAreaPerThousand,
    RuleSource? OwnShareUnder3,
    RuleSource MinInstitutionsPerSubdistrict,
    IReadOnlyDictionary<string, string> Subdistricts,
    IReadOnlyList<string> Lineage,
    PopulationBasis Population,
    IReadOnlyDictionary<string, SubdistrictSize>? SubdistrictSizes = null)
{
    public const string DefaultSource = "default";

    /// <summary>The district's own under-3 share, for an analysis that <see cref="AnalysisError"/> let through.</summary>
    public RuleSource ShareUnder3 => OwnShareUnder3
        ?? throw new InvalidOperationException($"{Code} has no under-3 share; AnalysisError() refuses such a unit before any analysis");

    public SlotStandard Standard => new(NewAreaPerThousand.Value, OldAreaPerThousand.Value);

    public AggregationOptions Aggregation => new(MinInstitutionsPerSubdistrict: (int)MinInstitutionsPerSubdistrict.Value);

    public string SubdistrictName(string? code) =>
        code is null ? "未划入街道 (outside any 街道)" : Subdistricts.GetValueOrDefault(code, code);

    /// <summary>
    /// The rules of the unit with the code, or null when no unit has it. A reader: whether the unit's level suits
    /// the request, and whether it has the figures an analysis needs, is the caller's rule (<see cref="AnalysisError"/>),
    /// not an error of reading.
    /// </summary>
    public static async Task<DistrictRules?> LoadAsync(TuoyuDbContext db, string code, CancellationToken cancellationToken)
    {
        // One read: the district, its 街道/镇, and the provinces and cities of its province (few rows) to inherit from.
        var province = code[..2];
        var units = await db.Districts.AsNoTracking()
            .Where(d => d.Code == code
                || (d.ParentCode == code && d.Level == DistrictLevel.Subdistrict)
                || ((d.Level == DistrictLevel.Province || d.Level == DistrictLevel.City) && d.Code.StartsWith(province)))
            .Select(d => new Unit(d.Code, d.Name, d.Level, d.ParentCode, d.ShareUnder3, d.ShareUnder3Source, d.SlotsPerThousandNew,
                d.SlotsPerThousandOld, d.MinInstitutionsPerSubdistrict, d.OfficialPopulation ?? d.Population, d.AreaM2))
            .ToListAsync(cancellationToken);

        var byCode = units.ToDictionary(u => u.Code);
        if (!byCode.TryGetValue(code, out var district))
        {
            return null;
        }

        var chain = new List<Unit> { district };
        while (chain[^1].ParentCode is { } parent && byCode.TryGetValue(parent, out var above) && chain.Count < 5)
        {
            chain.Add(above);
        }

        // A unit's standards from its plan come before the figures on its row; both before the units above it.
        var codes = chain.Select(u => u.Code).ToList();
        var standards = await db.UnitStandards.AsNoTracking().Where(s => codes.Contains(s.UnitCode))
            .OrderBy(s => s.Due).ThenBy(s => s.Key)
            .Select(s => new StandardRow(s.UnitCode, s.Kind, s.Value, s.SourceDocument))
            .ToListAsync(cancellationToken);
        RuleSource Rule(PlanStandardKind kind, Func<Unit, double?> column, double fallback) => Inherit(chain, standards, kind, column, fallback);

        var basis = PopulationBasis.Of(await db.Districts.AsNoTracking().SingleAsync(d => d.Code == code, cancellationToken));
        var subdistricts = units.Where(u => u.Level == DistrictLevel.Subdistrict && u.ParentCode == code).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        return new DistrictRules(
            district.Code,
            district.Name,
            district.Level,
            Rule(PlanStandardKind.SlotsPerThousandNewAreas, u => u.NewPerThousand, SlotStandard.Default.NewAreaPerThousand),
            Rule(PlanStandardKind.SlotsPerThousandOldAreas, u => u.OldPerThousand, SlotStandard.Default.OldAreaPerThousand),
            OwnShare(district),
            Rule(PlanStandardKind.InstitutionsPerSubdistrict, u => u.MinInstitutions, AggregationOptions.Default.MinInstitutionsPerSubdistrict),
            subdistricts.ToDictionary(u => u.Code, u => u.Name),
            chain.Select(u => u.Code).ToList(),
            basis,
            subdistricts.ToDictionary(u => u.Code, u => new SubdistrictSize(u.Population, u.AreaM2)));
    }

    /// <summary>
    /// The district's own under-3 share, or null: never inherited and never another district's figure, because the
    /// age structure is what differs most between districts (0.0203 in 长春, 0.0339 in 梅江).
    /// </summary>
    private static RuleSource? OwnShare(Unit district)
    {
        if (district.ShareUnder3 is not { } share)
        {
            return null;
        }

        var source = $"{district.Name} ({district.Code})";
        return new RuleSource(share, district.ShareUnder3Source is { } from ? $"{source}: {from}" : source);
    }

    /// <summary>
    /// What is wrong with analysing this unit as a district (another level, or no under-3 share, saying how to set
    /// it), or null when nothing is: the request's rule for <c>district</c>.
    /// </summary>
    public string? AnalysisError()
    {
        if (Level != DistrictLevel.District)
        {
            return $"{Code} ({Name}) is a {Words.Of(Level)}; give the adcode of a district (区/县)";
        }

        return OwnShareUnder3 is null
            ? $"{Code} {Name} 没有 3 岁以下儿童占比 — has no under-3 share: run `setup-district {Code}` " +
              $"(takes it from the 2020 census) or PUT /api/districts/{Code} with share_under3 and its source."
            : null;
    }

    private static RuleSource Inherit(List<Unit> chain, List<StandardRow> standards, PlanStandardKind kind, Func<Unit, double?> value, double fallback)
    {
        foreach (var unit in chain)
        {
            if (standards.FirstOrDefault(s => s.UnitCode == unit.Code && s.Kind == kind) is { } standard)
            {
                return new RuleSource(standard.Value, $"{unit.Name} ({unit.Code})：{standard.Document}");
            }

            if (value(unit) is { } v)
            {
                return new RuleSource(v, $"{unit.Name} ({unit.Code})");
            }
        }

        return new RuleSource(fallback, DefaultSource);
    }

    private sealed record StandardRow(string UnitCode, PlanStandardKind Kind, double Value, string Document);

    private sealed record Unit(
        string Code, string Name, DistrictLevel Level, string? ParentCode,
        double? ShareUnder3, string? ShareUnder3Source, double? NewPerThousand, double? OldPerThousand, int? MinInstitutions,
        int? Population, double? AreaM2);
}
