using Geo.Api.Data.Entities;
using Geo.Api.Reference;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Tests.Reference;

/// <summary>The four seed plans as shipped, and the strict reader's refusals.</summary>
public sealed class PlanFileTests
{
    private static readonly IReadOnlyList<PlanFile> Plans = PlanFileReader.ReadAll();

    private static PlanFile Plan(string adcode) => Plans.Single(p => p.Unit.Adcode == adcode);

    private static PlanTarget Target(string adcode, string id) => Plan(adcode).Targets.Single(t => t.Id == id);

    [Fact]
    public void The_four_seed_plans_are_shipped_each_with_its_own_document()
    {
        Assert.Equal(["220000", "350102", "371002", "441402"], Plans.Select(p => p.Unit.Adcode));
        Assert.Equal("吉政办发﹝2019﹞42号", Plan("220000").Documents.Single().Number);
        Assert.Equal("鼓政办〔2020〕24号", Plan("350102").Documents.Single().Number);
        Assert.Null(Plan("371002").Documents.Single().Number); // the 环翠 notice prints none
        Assert.Equal("梅区府办〔2021〕4号", Plan("441402").Documents.Single().Number);

        // Per plan: standards, targets, clauses read but not taken.
        Assert.Equal([(0, 3, 5), (1, 3, 6), (0, 4, 5), (2, 7, 4)],
            Plans.Select(p => (p.Standards.Count, p.Targets.Count, p.NotTaken.Count)));
    }

    [Fact]
    public void No_plan_cites_another_units_document()
    {
        var numbers = Plans.SelectMany(p => p.Documents).Select(d => d.Number).OfType<string>().ToList();
        foreach (var plan in Plans)
        {
            var own = plan.Documents.Select(d => d.Id).ToHashSet();
            var sources = plan.Standards.Select(s => s.Source).Concat(plan.Targets.Select(t => t.Source)).Concat(plan.NotTaken.Select(n => n.Source));
            foreach (var source in sources)
            {
                Assert.Contains(source.Document, own);
                var foreign = numbers.Except(plan.Documents.Select(d => d.Number).OfType<string>());
                Assert.DoesNotContain(foreign, n => source.Clause.Contains(n, StringComparison.Ordinal));
            }
        }
        Assert.Equal("威海市环翠区人民政府办公室《环翠区关于促进3岁以下婴幼儿照护服务发展的实施方案》（2022-04-30，无文号）",
            Plan("371002").Documents.Single().Citation);
    }

    /// <summary>
    /// Every clause a plan quotes stands verbatim in the published document it cites. The documents themselves are
    /// not shipped (they are the authorities' text, not ours): the workplace keeps them beside the checkout in
    /// shared/seeds, one file a document; all of a plan's clauses must be found in one and the same file.
    /// </summary>
    [Fact]
    public void Every_quoted_clause_stands_verbatim_in_its_published_document()
    {
        var seeds = Path.GetFullPath(Path.Combine(Infrastructure.TestDatabase.RepositoryRoot(), "..", "shared", "seeds"));
        Assert.True(Directory.Exists(seeds), $"the seed documents are not at {seeds}");
        var documents = Directory.EnumerateFiles(seeds, "*.txt").Select(f => Squeeze(File.ReadAllText(f))).ToList();
        Assert.Equal(4, documents.Count);

        foreach (var plan in Plans)
        {
            var clauses = plan.Standards.Select(s => s.Source.Clause)
                .Concat(plan.Targets.Select(t => t.Source.Clause))
                .Concat(plan.NotTaken.Select(n => n.Source.Clause))
                .Select(Squeeze).ToList();
            var holders = documents.Where(d => clauses.All(c => d.Contains(c, StringComparison.Ordinal))).ToList();
            Assert.True(holders.Count == 1,
                $"{plan.Unit.Adcode}: clauses not found verbatim in one seed document: " +
                string.Join(" | ", clauses.Where(c => !documents.Any(d => d.Contains(c, StringComparison.Ordinal)))));
        }
    }

    /// <summary>The documents break lines and pages mid-sentence, so quotes are compared without whitespace.</summary>
    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void Huancui_at_least_one_demonstration_institution_by_2023()
    {
        var target = Target("371002", "demonstration-2023");
        Assert.Equal((PlanTargetKind.InstitutionCount, InstitutionCategory.Demonstration, PlanComparison.AtLeast, 1.0, new DateOnly(2023, 12, 31)),
            (target.Kind, target.Category!.Value, target.Comparison!.Value, target.Value!.Value, target.Due!.Value));
        Assert.EndsWith("至少建立1处具有示范引领作用的托育机构。", target.Source.Clause, StringComparison.Ordinal);

        var rooms = Target("371002", "nursing-rooms");
        Assert.Equal([VenueType.TransportHub, VenueType.Mall, VenueType.Hospital], rooms.Places);
        Assert.True(rooms.Standing);
        Assert.Empty(Plan("371002").Standards); // its plan sets no 托位 figure: the national rules apply
    }

    [Fact]
    public void Meijiang_two_standardised_by_2022_and_six_by_2025_and_its_slot_standards()
    {
        var by2022 = Target("441402", "standardised-2022");
        var by2025 = Target("441402", "standardised-2025");
        Assert.Equal((InstitutionCategory.Standardised, 2.0, new DateOnly(2022, 12, 31)), (by2022.Category!.Value, by2022.Value!.Value, by2022.Due!.Value));
        Assert.Equal((InstitutionCategory.Standardised, 6.0, new DateOnly(2025, 12, 31)), (by2025.Category!.Value, by2025.Value!.Value, by2025.Due!.Value));
        Assert.EndsWith("我区至少建成2家规范化婴幼儿照护服务机构。", by2022.Source.Clause, StringComparison.Ordinal);
        Assert.EndsWith("我区至少建成6家规范化婴幼儿照护服务机构。", by2025.Source.Clause, StringComparison.Ordinal);

        var standards = Plan("441402").Standards.ToDictionary(s => s.Kind);
        Assert.Equal((10.0, true), (standards[PlanStandardKind.SlotsPerThousandNewAreas].Value, standards[PlanStandardKind.SlotsPerThousandNewAreas].Standing));
        Assert.Equal((8.0, new DateOnly(2025, 12, 31)), (standards[PlanStandardKind.SlotsPerThousandOldAreas].Value, standards[PlanStandardKind.SlotsPerThousandOldAreas].Due!.Value));
        Assert.Contains("按照每千人口不少于8个托位", standards[PlanStandardKind.SlotsPerThousandOldAreas].Source.Clause, StringComparison.Ordinal);

        Assert.Equal(6, Target("441402", "nursing-rooms").Places!.Count);
        Assert.Contains("同步交付使用", Target("441402", "facilities-with-new-housing").Source.Clause, StringComparison.Ordinal);
    }

    [Fact]
    public void Jilin_three_to_five_demonstration_in_Changchun_and_Jilin_and_one_to_two_in_each_other_prefecture()
    {
        var target = Target("220000", "demonstration-2020-per-city");
        Assert.Equal((InstitutionCategory.Demonstration, new DateOnly(2020, 12, 31)), (target.Category!.Value, target.Due!.Value));
        Assert.Null(target.Value);
        Assert.Contains("在长春市和吉林市试点建立3-5家、其他市（州）试点建立1-2家", target.Source.Clause, StringComparison.Ordinal);

        var reference = NationalReference.Load();
        var prefectures = reference.Children("220000");
        Assert.Equal(prefectures.Select(p => (p.Adcode, p.Name)), target.PerUnit!.Select(u => (u.Unit, u.Name)));
        foreach (var unit in target.PerUnit!)
        {
            var expected = unit.Unit is "220100" or "220200" ? (3.0, 5.0) : (1.0, 2.0);
            Assert.Equal((PlanComparison.Between, expected.Item1, expected.Item2), (unit.Comparison, unit.Value, unit.ValueMax!.Value));
        }
    }

    [Fact]
    public void Gulou_one_institution_per_subdistrict()
    {
        var target = Target("350102", "institutions-per-subdistrict");
        Assert.Equal((PlanTargetKind.InstitutionsPerSubdistrict, 1, PlanComparison.AtLeast, 1.0, true),
            (target.Kind, target.MinPerSubdistrict!.Value, target.Comparison!.Value, target.Value!.Value, target.Standing));
        Assert.Contains("设立一个以上的婴幼儿照护服务机构", target.Source.Clause, StringComparison.Ordinal);
        Assert.Equal(1.0, Plan("350102").Standards.Single(s => s.Kind == PlanStandardKind.InstitutionsPerSubdistrict).Value);

        var filed = Target("350102", "pilots-filed-2020-06");
        Assert.Equal((InstitutionCategory.Filed, new DateOnly(2020, 6, 30)), (filed.Category!.Value, filed.Due!.Value));
        Assert.Contains("并于6月30日前完成登记备案工作", filed.Source.Clause, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_plan_unit_and_child_unit_is_known_by_the_reference_under_its_name()
    {
        var reference = NationalReference.Load();
        foreach (var plan in Plans)
        {
            Assert.Equal(plan.Unit.Name, reference.Find(plan.Unit.Adcode)!.Name);
            foreach (var unit in plan.Targets.SelectMany(t => t.PerUnit ?? []))
            {
                Assert.Equal((unit.Name, plan.Unit.Adcode), (reference.Find(unit.Unit)!.Name, reference.Find(unit.Unit)!.ParentAdcode));
            }
        }
    }

    public static TheoryData<string, Action<JsonObject>, string, string> Refusals => new()
    {
        { "an unknown field", p => Demonstration(p)["colour"] = "red", "colour", "未知字段" },
        { "an unknown kind", p => Demonstration(p)["kind"] = "happiness", "kind", "未知的取值 \"happiness\"" },
        { "a field of another kind", p => Demonstration(p)["places"] = new JsonArray("mall"), "places", "未知字段" },
        { "another unit's document", p => Demonstration(p)["source"]!["document"] = "meijiang-2021", "source.document", "只能引用本单位自己的文件" },
        { "a due date and standing", p => Demonstration(p)["standing"] = true, "standing", "二者只取其一" },
        { "neither a due date nor standing", p => Demonstration(p).Remove("due"), "due", "二者只取其一" },
        { "a malformed date", p => Demonstration(p)["due"] = "2023年底", "due", "yyyy-MM-dd" },
        { "between without value_max", p => Demonstration(p)["comparison"] = "between", "value_max", "between" },
        { "a share above 1", p => ((JsonObject)p["targets"]![1]!)["value"] = 1.5, "value", "0 到 1" },
        { "a missing category", p => Demonstration(p).Remove("category"), "category", "缺少" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_plan_file_that_breaks_the_schema_is_refused_naming_file_target_and_field(string why, Action<JsonObject> breakIt, string field, string rule)
    {
        var folder = Directory.CreateTempSubdirectory("plans-").FullName;
        try
        {
            var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(PlanFileReader.DefaultFolder, "371002.json")))!.AsObject();
            PlanFileReader.Read(Write(folder, plan)); // the copy reads as shipped

            breakIt(plan);
            var error = Assert.Throws<PlanFileException>(() => PlanFileReader.Read(Write(folder, plan)));
            Assert.Equal("371002.json", error.File);
            Assert.Equal(field, error.Field);
            Assert.StartsWith("计划文件 371002.json，目标 ", error.Message, StringComparison.Ordinal);
            Assert.Contains(rule, error.Message, StringComparison.Ordinal);
            Assert.True(error.Item.StartsWith("目标 ", StringComparison.Ordinal), why);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_plan_file_named_after_another_unit_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("plans-").FullName;
        try
        {
            var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(PlanFileReader.DefaultFolder, "371002.json")))!.AsObject();
            ((JsonObject)plan["documents"]![0]!).Remove("text");
            var path = Path.Combine(folder, "371003.json");
            File.WriteAllText(path, plan.ToJsonString());
            var error = Assert.Throws<PlanFileException>(() => PlanFileReader.Read(path));
            Assert.Equal(("unit", "adcode"), (error.Item, error.Field));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static JsonObject Demonstration(JsonObject plan) => (JsonObject)plan["targets"]![0]!;

    private static string Write(string folder, JsonObject plan)
    {
        var path = Path.Combine(folder, "371002.json");
        File.WriteAllText(path, plan.ToJsonString());
        return path;
    }
}
