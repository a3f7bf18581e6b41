using System.Text.Json.Serialization;
using Geo.Analysis.Coverage;

namespace Geo.Api.Features.Analysis;

/// <summary>A 街道/镇 (or the district) where a target is not met.</summary>
public sealed record UnitRef(string Code, string Name);

/// <summary>One target held against today: its rule, the value now, what is required, and by how much it falls short.</summary>
public sealed record TargetOut(
    string Kind,
    string Target,
    string Source,
    double Current,
    double Required,
    bool Met,
    double Shortfall,
    DateOnly? DueDate,
    bool Overdue,
    IReadOnlyList<UnitRef>? NotMetIn)
{
    /// <summary>The same target counting filed institutions only (the public's figure), for staff who count every institution.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FiledOnlyTargetOut? FiledOnly { get; init; }
}

/// <summary>A target's figure counting filed institutions only; its supply is the answer's <c>filed_only_supply_label</c>.</summary>
public sealed record FiledOnlyTargetOut(double Current, bool Met, double Shortfall, IReadOnlyList<UnitRef>? NotMetIn);

public sealed record TargetsResponse(string District, string DistrictName, DateOnly AsOf, CoverageParametersOut Parameters, IReadOnlyList<TargetOut> Targets)
{
    /// <summary>Set when each target carries its filed-only figure too: what that figure counts, in Chinese.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FiledOnlySupplyLabel { get; init; }
}

/// <summary>
/// The district's targets: 托位/千人 against the national 4.5 and the local standard, institutions in every 街道/镇,
/// its dated targets (规范化, 示范, 托位/千人, 普惠 share) and the 母婴室 target. Dated targets are the district's own;
/// ratio targets (托位/千人, 普惠 share) set by the city or province apply to it too, counts do not.
/// </summary>
public static class TargetsReport
{
    /// <summary>The targets, each with its figure of <paramref name="filedOnly"/> beside it when given (the same targets, counted again).</summary>
    public static TargetsResponse Build(CoverageRun run, CoverageRun? filedOnly, IReadOnlyList<PlanningTarget> planned, NursingRoomCoverageResult rooms, DateOnly asOf)
    {
        var report = Build(run, planned, rooms, asOf);
        if (filedOnly is null)
        {
            return report;
        }

        var filed = Build(filedOnly, planned, rooms, asOf).Targets;
        return report with
        {
            Targets = report.Targets.Zip(filed, (t, f) => t with { FiledOnly = new FiledOnlyTargetOut(f.Current, f.Met, f.Shortfall, f.NotMetIn) }).ToList(),
            FiledOnlySupplyLabel = CoverageSettings.SupplyLabel(filedOnly.Settings.Supply),
        };
    }

    public static TargetsResponse Build(CoverageRun run, IReadOnlyList<PlanningTarget> planned, NursingRoomCoverageResult rooms, DateOnly asOf)
    {
        var rules = run.Rules;
        var own = planned.Where(t => t.DistrictCode == rules.Code).ToList();
        var counts = own.Where(t => t.Kind is TargetKind.StandardisedInstitutions or TargetKind.DemonstrationInstitutions)
            .Select(t => new DatedTarget(Name(t), (int)Math.Ceiling(t.Value), t.DueDate, t.Source,
                t.Kind == TargetKind.StandardisedInstitutions ? ProviderTraits.Standardised : ProviderTraits.Demonstration))
            .ToList();
        var kinds = counts.ToDictionary(c => c.Name, c => c.Counts == ProviderTraits.Standardised ? "standardised_institutions" : "demonstration_institutions");

        var engine = CoverageTargets.Evaluate(run.Totals, counts, rooms);
        var targets = new List<TargetOut>
        {
            Out("national_slots_per_thousand", engine[0], asOf),
            Out("local_standard", engine[1] with { Source = $"新建居住区 {rules.NewAreaPerThousand.Value:0.##}：{Cite(rules.NewAreaPerThousand)}；老城区 {rules.OldAreaPerThousand.Value:0.##}：{Cite(rules.OldAreaPerThousand)}" }, asOf),
            Out("institutions_per_subdistrict", engine[2] with { Source = Cite(rules.MinInstitutionsPerSubdistrict) }, asOf) with { NotMetIn = SubdistrictsShort(run) },
        };

        var dated = engine.Skip(3).Take(counts.Count).Select(e => Out(kinds[e.Target], e, asOf)).ToList();
        var ratios = planned.Where(t => t.Kind is TargetKind.SlotsPerThousand or TargetKind.PuhuiShare);
        dated.AddRange(ratios.Select(t => Ratio(t, run.Totals.Summary, asOf)));
        targets.AddRange(dated.OrderBy(t => t.DueDate).ThenBy(t => t.Kind, StringComparer.Ordinal));
        targets.Add(Out("nursing_rooms", engine[^1], asOf));

        return new TargetsResponse(rules.Code, rules.Name, asOf, CoverageReport.Parameters(run.Settings, rules, run.Distance), targets);
    }

    /// <summary>The unit of the chain that set the rule and its document; never another unit's document.</summary>
    private static string Cite(RuleSource rule) =>
        rule.Source == DistrictRules.DefaultSource ? "默认值，本单位及上级未设标准（default: no unit of the chain sets one）" : rule.Source;

    private static List<UnitRef> SubdistrictsShort(CoverageRun run) => run.Totals.Subdistricts
        .Where(s => s.Code is not null && !s.MeetsInstitutionTarget)
        .Select(s => new UnitRef(s.Code!, run.Rules.SubdistrictName(s.Code)))
        .ToList();

    /// <summary>托位/千人 (supply-based) or the 普惠 share of 托位; a share target may be given as 0.5 or as 50 (%).</summary>
    private static TargetOut Ratio(PlanningTarget t, CoverageSummary summary, DateOnly asOf)
    {
        var perThousand = t.Kind == TargetKind.SlotsPerThousand;
        var required = perThousand || t.Value <= 1 ? t.Value : t.Value / 100;
        var current = (perThousand ? summary.SlotsPerThousand : summary.AffordableShare) ?? 0;
        var met = current >= required - 1e-9;
        var evaluation = new TargetEvaluation(Name(t), t.Source, current, required, met, met ? 0 : required - current, t.DueDate);
        return Out(perThousand ? "slots_per_thousand" : "puhui_share", evaluation, asOf);
    }

    private static TargetOut Out(string kind, TargetEvaluation e, DateOnly asOf) => new(
        kind,
        e.Target,
        e.Source,
        CoverageReport.Round(e.Current),
        CoverageReport.Round(e.Required),
        e.Met,
        CoverageReport.Round(e.Shortfall),
        e.DueDate,
        !e.Met && e.DueDate < asOf,
        null);

    private static string Name(PlanningTarget t)
    {
        var what = t.Kind switch
        {
            TargetKind.StandardisedInstitutions => "规范化托育机构",
            TargetKind.DemonstrationInstitutions => "示范性托育机构",
            TargetKind.SlotsPerThousand => "每千人口托位数",
            _ => "普惠托位占比",
        };
        return $"{what}（{t.DueDate:yyyy-MM-dd}前，{t.DistrictCode}）";
    }
}
