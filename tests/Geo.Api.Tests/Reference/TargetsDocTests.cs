using System.Globalization;
using System.Text;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Tests.Reference;

/// <summary>docs/targets.md lists the seed plans exactly as the plan files hold them.</summary>
public sealed class TargetsDocTests
{
    private const string Begin = "<!-- plans:begin";
    private const string End = "<!-- plans:end -->";

    [Fact]
    public void The_seed_plans_section_of_targets_md_matches_the_plan_files()
    {
        var path = Path.Combine(TestDatabase.RepositoryRoot(), "docs", "targets.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = doc.IndexOf('\n', doc.IndexOf(Begin, StringComparison.Ordinal)) + 1;
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start > 0 && end >= start, $"docs/targets.md needs the markers {Begin} … {End}");

        var expected = Render(PlanFileReader.ReadAll());
        if (Environment.GetEnvironmentVariable("TUOYU_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, doc[..start] + expected + doc[end..]);
            return;
        }
        Assert.True(expected == doc[start..end],
            "docs/targets.md is out of step with data/plans/*.json: run this test with TUOYU_WRITE_DOCS=1 to rewrite its seed-plans section.");
    }

    [Fact]
    public void The_rendering_names_every_target_with_its_requirement()
    {
        var text = Render(PlanFileReader.ReadAll());
        Assert.Contains("| `demonstration-2023` | 示范引领作用的托育机构（2023年） | `institution_count` (demonstration) | ≥ 1 | 2023-12-31 |", text, StringComparison.Ordinal);
        Assert.Contains("长春市 220100: 3–5", text, StringComparison.Ordinal);
        Assert.Contains("| `institutions-per-subdistrict` | 设有托育机构的街镇占比 | `institutions_per_subdistrict` (≥ 1 operating) | ≥ 100 % | standing |", text, StringComparison.Ordinal);
    }

    internal static string Render(IEnumerable<PlanFile> plans)
    {
        var md = new StringBuilder();
        foreach (var plan in plans)
        {
            var document = plan.Documents[0];
            md.Append(CultureInfo.InvariantCulture, $"\n### {plan.Unit.Name} ({plan.Unit.Adcode}) — {document.Number ?? "无文号"}\n\n");
            foreach (var d in plan.Documents)
            {
                md.Append(CultureInfo.InvariantCulture, $"{d.Issuer}《{d.Title}》, {d.Number ?? "no 文号 printed"}, {d.Issued?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no date printed"}. File `data/plans/{plan.Unit.Adcode}.json`.\n\n");
            }
            if (plan.Standards.Count > 0)
            {
                md.Append("| standard | name | kind | value | from | clause |\n|---|---|---|---|---|---|\n");
                foreach (var s in plan.Standards)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| `{s.Id}` | {s.Name} | `{Snake(s.Kind)}` | {Number(s.Value)} | {When(s.Due)} | {Cell(s.Source.Clause)} |\n");
                }
                md.Append('\n');
            }
            else
            {
                md.Append("No standards of its own: the national rules apply.\n\n");
            }
            md.Append("| target | name | kind | required | due | clause |\n|---|---|---|---|---|---|\n");
            foreach (var t in plan.Targets)
            {
                md.Append(CultureInfo.InvariantCulture, $"| `{t.Id}` | {t.Name} | `{Snake(t.Kind)}`{Detail(t)} | {Required(t)} | {When(t.Due)} | {Cell(t.Source.Clause)} |\n");
            }
            if (plan.NotTaken.Count > 0)
            {
                md.Append("\nRead but not taken:\n\n");
                foreach (var n in plan.NotTaken)
                {
                    md.Append(CultureInfo.InvariantCulture, $"- “{n.Source.Clause}” — {n.Reason}\n");
                }
            }
        }
        return md.ToString();
    }

    private static string Detail(PlanTarget t) => t.Kind switch
    {
        PlanTargetKind.SlotsPerThousand => $" ({Snake(t.Scope!.Value)})",
        PlanTargetKind.InstitutionsPerSubdistrict => $" (≥ {t.MinPerSubdistrict} {Snake(t.Category ?? InstitutionCategory.Operating)})",
        PlanTargetKind.InstitutionCount => $" ({Snake(t.Category!.Value)})",
        PlanTargetKind.NursingRoomShare => $" ({string.Join(", ", t.Places!.Select(p => Snake(p)))})",
        PlanTargetKind.CustomCount => $" ({t.Layer}: {string.Join(", ", t.Filter!.Select(f => $"{f.Key}={f.Value}"))})",
        _ => "",
    };

    private static bool IsShare(PlanTargetKind kind) => kind is PlanTargetKind.InstitutionsPerSubdistrict or PlanTargetKind.AffordableSlotShare
        or PlanTargetKind.NursingRoomShare or PlanTargetKind.HousingDeliveredFacilityShare;

    private static string Required(PlanTarget t) => t.PerUnit is { } units
        ? string.Join("; ", units.Select(u => $"{u.Name} {u.Unit}: {Compare(u.Comparison, u.Value, u.ValueMax, share: false)}"))
        : Compare(t.Comparison!.Value, t.Value!.Value, t.ValueMax, IsShare(t.Kind));

    private static string Compare(PlanComparison comparison, double value, double? max, bool share)
    {
        string Show(double v) => share ? $"{Number(v * 100)} %" : Number(v);
        return comparison switch
        {
            PlanComparison.AtLeast => $"≥ {Show(value)}",
            PlanComparison.AtMost => $"≤ {Show(value)}",
            PlanComparison.Equal => $"= {Show(value)}",
            _ => $"{Show(value)}–{Show(max!.Value)}",
        };
    }

    private static string When(DateOnly? due) => due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "standing";

    private static string Number(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Snake<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
