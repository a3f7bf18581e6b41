using System.ComponentModel.DataAnnotations;
using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;

namespace Geo.Api.Features.Analysis;

/// <summary>POST /api/analysis/coverage: today's coverage against one with institutions added, moved or removed.</summary>
public sealed record WhatIfRequest
{
    [Required] public string? District { get; init; }
    public double? RadiusM { get; init; }
    public string? Method { get; init; }
    public string? Supply { get; init; }
    public string? Geometry { get; init; }

    /// <summary>network or ground, as for GET /api/analysis/coverage.</summary>
    public string? Distance { get; init; }

    /// <summary>Walking speed in m/s, as for GET /api/analysis/coverage.</summary>
    public double? WalkingSpeed { get; init; }
    public List<AddedInstitution>? Add { get; init; }
    public List<MovedInstitution>? Move { get; init; }
    public List<long>? Remove { get; init; }
}

/// <summary>A hypothetical institution: operating and filed, 普惠 when said so.</summary>
public sealed record AddedInstitution
{
    public string? Name { get; init; }
    [Required] public double? Lon { get; init; }
    [Required] public double? Lat { get; init; }
    [Required] public int? ApprovedSlots { get; init; }
    public bool Puhui { get; init; }
}

public sealed record MovedInstitution
{
    [Required] public long? Id { get; init; }
    [Required] public double? Lon { get; init; }
    [Required] public double? Lat { get; init; }
}

public sealed record AreaChangeOut(long AreaId, string Name, double BeforePerThousand, double AfterPerThousand,
    double BeforeGap, double AfterGap, CoverageClass? BeforeClass, CoverageClass? AfterClass);

public sealed record WhatIfTotals(double AccessibleSlotsBefore, double AccessibleSlotsAfter, double GapBefore, double GapAfter,
    double UnservedChildrenBefore, double UnservedChildrenAfter);

/// <summary>Only the areas whose figures changed are listed; improved/worsened count areas whose gap fell/rose.</summary>
public sealed record WhatIfDiff(IReadOnlyList<AreaChangeOut> Areas, WhatIfTotals Totals, int Improved, int Worsened);

/// <summary>The changes as applied: added institutions get the ids new-1, new-2, … in the scenario.</summary>
public sealed record WhatIfChanges(IReadOnlyList<AddedInstitution> Add, IReadOnlyList<MovedInstitution> Move, IReadOnlyList<long> Remove);

public sealed record WhatIfResponse(WhatIfChanges Changes, CoverageResponse Baseline, CoverageResponse Scenario, WhatIfDiff Diff);

public static class WhatIf
{
    public const int MaxChanges = 1_000;

    /// <summary>Checks the body; the ids are checked against the district's institutions in <see cref="Apply"/>.</summary>
    public static CoverageSettings Validate(WhatIfRequest body)
    {
        var errors = new ValidationErrors();
        var settings = CoverageSettings.Parse(body.District, body.RadiusM, body.Method, body.Supply, body.Geometry, errors, body.Distance, body.WalkingSpeed);
        var add = body.Add ?? [];
        var move = body.Move ?? [];
        errors.Require(add.Count + move.Count + (body.Remove?.Count ?? 0) <= MaxChanges, "add", $"at most {MaxChanges} changes in all");
        for (var k = 0; k < add.Count; k++)
        {
            errors.Name(add[k].Name, $"add[{k}].name");
            AnalysisRules.LonLat(add[k].Lon, add[k].Lat, $"add[{k}].", errors);
            errors.Require(add[k].ApprovedSlots is >= 0 and <= 10_000, $"add[{k}].approved_slots", "is required: 0 to 10000 托位");
        }

        for (var k = 0; k < move.Count; k++)
        {
            errors.Require(move[k].Id is not null, $"move[{k}].id", "is required: the id of an institution of the district");
            AnalysisRules.LonLat(move[k].Lon, move[k].Lat, $"move[{k}].", errors);
        }

        errors.ThrowIfAny();
        return settings!;
    }

    /// <summary>The scenario's supply: today's with the changes; unknown or doubly-changed ids are 400s.</summary>
    public static List<CareProvider> Apply(WhatIfRequest body, IReadOnlyList<InstitutionRow> today, IReadOnlyList<(string Code, MultiPolygon Boundary)> subdistricts)
    {
        var errors = new ValidationErrors();
        var byId = today.ToDictionary(i => i.Id);
        var changed = new HashSet<long>();
        void Known(long id, string field)
        {
            errors.Require(byId.ContainsKey(id), field, $"institution {id} is not in district {body.District}");
            errors.Require(changed.Add(id), field, $"institution {id} is moved or removed more than once");
        }

        var remove = body.Remove ?? [];
        for (var k = 0; k < remove.Count; k++)
        {
            Known(remove[k], $"remove[{k}]");
        }

        var move = body.Move ?? [];
        for (var k = 0; k < move.Count; k++)
        {
            Known(move[k].Id!.Value, $"move[{k}].id");
        }

        errors.ThrowIfAny();

        var supply = today.Where(i => !remove.Contains(i.Id)).Select(i => i.ToSupply()).ToDictionary(s => s.Id);
        foreach (var m in move)
        {
            var at = Wgs84.Point(m.Lon!.Value, m.Lat!.Value);
            supply[AreaRow.Key(m.Id!.Value)] = supply[AreaRow.Key(m.Id.Value)] with { Location = at, SubdistrictCode = SubdistrictOf(at, subdistricts) };
        }

        var add = body.Add ?? [];
        for (var k = 0; k < add.Count; k++)
        {
            var at = Wgs84.Point(add[k].Lon!.Value, add[k].Lat!.Value);
            var status = ProviderTraits.Operating | ProviderTraits.Filed | (add[k].Puhui ? ProviderTraits.Affordable : 0);
            supply[$"new-{k + 1}"] = new CareProvider($"new-{k + 1}", at, add[k].ApprovedSlots!.Value, status, SubdistrictOf(at, subdistricts));
        }

        return [.. supply.Values];
    }

    public static WhatIfDiff Diff(CoverageRun baseline, CoverageRun scenario)
    {
        var comparison = CoverageDiff.Compare(baseline.Result, scenario.Result);
        var names = baseline.Areas.ToDictionary(a => AreaRow.Key(a.Id), a => (a.Id, a.Name));
        var changes = comparison.Areas
            .Where(c => c.AccessiblePerThousandChange != 0 || c.GapChange != 0 || c.ClassBefore != c.ClassAfter)
            .Select(c => new AreaChangeOut(names[c.AreaId].Id, names[c.AreaId].Name,
                CoverageReport.Round(c.AccessiblePerThousandBefore), CoverageReport.Round(c.AccessiblePerThousandAfter),
                CoverageReport.Round(c.GapBefore), CoverageReport.Round(c.GapAfter), c.ClassBefore, c.ClassAfter))
            .OrderBy(c => c.AreaId)
            .ToList();
        var totals = new WhatIfTotals(
            CoverageReport.Round(comparison.AccessibleSlotsBefore), CoverageReport.Round(comparison.AccessibleSlotsAfter),
            CoverageReport.Round(comparison.GapBefore), CoverageReport.Round(comparison.GapAfter),
            CoverageReport.Round(comparison.UnservedChildrenUnder3Before), CoverageReport.Round(comparison.UnservedChildrenUnder3After));
        return new WhatIfDiff(changes, totals, comparison.AreasImproved, comparison.AreasWorsened);
    }

    private static string? SubdistrictOf(Point at, IReadOnlyList<(string Code, MultiPolygon Boundary)> subdistricts) =>
        subdistricts.FirstOrDefault(s => s.Boundary.Covers(at)).Code;
}
