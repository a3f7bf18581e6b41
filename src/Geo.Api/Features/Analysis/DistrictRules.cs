using Microsoft.EntityFrameworkCore;
using Geo.Analysis.Coverage;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Infrastructure;

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
    RuleSource NewAreaPerThousand,
    RuleSource OldAreaPerThousand,
    RuleSource ShareUnder3,
    RuleSource MinInstitutionsPerSubdistrict,
    IReadOnlyDictionary<string, string> Subdistricts,
    IReadOnlyList<string> Lineage)
{
    public const string DefaultSource = "default";

    public SlotStandard Standard => new(NewAreaPerThousand.Value, OldAreaPerThousand.Value);

    public AggregationOptions Aggregation => new(MinInstitutionsPerSubdistrict: (int)MinInstitutionsPerSubdistrict.Value);

    public string SubdistrictName(string? code) =>
        code is null ? "未划入街道 (outside any 街道)" : Subdistricts.GetValueOrDefault(code, code);

    /// <summary>The district's rules, or null when no unit has the code; a code of another level is a 400.</summary>
    public static async Task<DistrictRules?> LoadAsync(TuoyuDbContext db, string code, CancellationToken cancellationToken)
    {
        // One read: the district, its 街道/镇, and the provinces and cities of its province (few rows) to inherit from.
        var province = code[..2];
        var units = await db.Districts.AsNoTracking()
            .Where(d => d.Code == code
                || (d.ParentCode == code && d.Level == DistrictLevel.Subdistrict)
                || ((d.Level == DistrictLevel.Province || d.Level == DistrictLevel.City) && d.Code.StartsWith(province)))
            .Select(d => new Unit(d.Code, d.Name, d.Level, d.ParentCode, d.ShareUnder3, d.SlotsPerThousandNew,
                d.SlotsPerThousandOld, d.MinInstitutionsPerSubdistrict))
            .ToListAsync(cancellationToken);

        var byCode = units.ToDictionary(u => u.Code);
        if (!byCode.TryGetValue(code, out var district))
        {
            return null;
        }

        if (district.Level != DistrictLevel.District)
        {
            throw new RequestValidationException("district", $"{code} ({district.Name}) is a {Words.Of(district.Level)}; give the adcode of a district (区/县)");
        }

        var chain = new List<Unit> { district };
        while (chain[^1].ParentCode is { } parent && byCode.TryGetValue(parent, out var above) && chain.Count < 5)
        {
            chain.Add(above);
        }

        return new DistrictRules(
            district.Code,
            district.Name,
            Inherit(chain, u => u.NewPerThousand, SlotStandard.Default.NewAreaPerThousand),
            Inherit(chain, u => u.OldPerThousand, SlotStandard.Default.OldAreaPerThousand),
            Inherit(chain, u => u.ShareUnder3, CensusChildShare.Gulou2020),
            Inherit(chain, u => u.MinInstitutions, AggregationOptions.Default.MinInstitutionsPerSubdistrict),
            units.Where(u => u.Level == DistrictLevel.Subdistrict && u.ParentCode == code)
                .OrderBy(u => u.Code, StringComparer.Ordinal)
                .ToDictionary(u => u.Code, u => u.Name),
            chain.Select(u => u.Code).ToList());
    }

    private static RuleSource Inherit(List<Unit> chain, Func<Unit, double?> value, double fallback)
    {
        foreach (var unit in chain)
        {
            if (value(unit) is { } v)
            {
                return new RuleSource(v, $"{unit.Name} ({unit.Code})");
            }
        }

        return new RuleSource(fallback, DefaultSource);
    }

    private sealed record Unit(
        string Code, string Name, DistrictLevel Level, string? ParentCode,
        double? ShareUnder3, double? NewPerThousand, double? OldPerThousand, int? MinInstitutions);
}
