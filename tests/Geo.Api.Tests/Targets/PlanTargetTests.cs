using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using Geo.Analysis.Spatial;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Targets;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Targets;

/// <summary>
/// The seed plans applied to units made here (district set-up is another command's), institutions with dates on
/// both sides of the due dates, and the answers counted by hand in each test.
/// </summary>
public sealed class PlanTargetTests(ApiFixture fixture) : PlanTest(fixture)
{
    [Fact]
    public async Task Huancui_2023_demonstration_target_is_met_or_not_by_the_as_of_date()
    {
        await AddUnitAsync("371002", "环翠区", DistrictLevel.District, null, Box(0));
        await AddInstitutionsAsync(Inst(0, opened: new(2021, 3, 1), demonstration: new(2024, 3, 1)));
        await ApplyAsync("371002");

        JsonNode Demonstration(JsonNode body) => Target(body, "demonstration-2023");
        var before = await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2023-06-30");
        Assert.Equal(0, Demonstration(before).Number("current"));
        Assert.Equal("at_risk", Status(Demonstration(before))); // nothing since the plan (2022-04-30): the trend stays at 0
        var due = await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2024-01-15");
        Assert.Equal("overdue", Status(Demonstration(due)));
        var late = await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2024-06-30");
        Assert.Equal(1, Demonstration(late).Number("current"));
        Assert.Equal("missed", Status(Demonstration(late)));

        // Recognised in time instead: met from that day on, and still met after the due date.
        await using (var db = Fixture.CreateDbContext())
        {
            await db.Institutions.ExecuteUpdateAsync(s => s.SetProperty(i => i.DemonstrationOn, new DateOnly(2023, 9, 1)));
        }

        Assert.Equal("met", Status(Demonstration(await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2023-12-31"))));
        Assert.Equal("met", Status(Demonstration(await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2025-01-01"))));

        // Its own document only: 环翠 prints no 文号, so it is cited by issuer, title and date.
        var listed = await Client.GetJsonAsync("/api/targets?unit=371002");
        Assert.Equal("own", listed["plan"]!.GetValue<string>());
        foreach (var target in listed["targets"]!.AsArray().Where(t => t!["unit"]!.GetValue<string>() == "371002"))
        {
            Assert.Contains("环翠区", target!["source"]!["document"]!.GetValue<string>());
        }

        Assert.DoesNotContain("梅区府办", listed.ToJsonString());
        Assert.DoesNotContain("鼓政办", listed.ToJsonString());
    }

    [Fact]
    public async Task Meijiang_two_standardised_by_2022_and_six_by_2025_with_the_yearly_series()
    {
        await AddUnitAsync("441402", "梅江区", DistrictLevel.District, null, Box(0));
        await AddInstitutionsAsync(
            Inst(0, opened: new(2020, 6, 1), standardised: new(2021, 1, 10), closed: new(2025, 3, 1)), // A: counts 2021-01-10 … 2025-02-28
            Inst(1, opened: new(2022, 1, 1), standardised: new(2022, 11, 1)),                         // B
            Inst(2, opened: new(2022, 1, 1), standardised: new(2023, 3, 1)),                          // C
            Inst(3, opened: new(2022, 1, 1), standardised: new(2024, 1, 1)),                          // D
            Inst(4, opened: new(2024, 1, 1), standardised: new(2025, 6, 1)),                          // E
            Inst(5, opened: new(2024, 1, 1), standardised: new(2025, 11, 1)),                         // F
            Inst(6, opened: new(2024, 1, 1), standardised: new(2026, 2, 1)),                          // G
            Inst(7, opened: new(2020, 1, 1)));                                                        // operating, never 规范化
        await ApplyAsync("441402");

        var end2022 = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2022-12-31");
        Assert.Equal(2, Target(end2022, "standardised-2022").Number("current")); // A, B
        Assert.Equal("met", Status(Target(end2022, "standardised-2022")));

        // 2026-01-31: A closed, G not yet: B C D E F = 5 on the due date and since — overdue; G makes 6 — missed.
        var january = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2026-01-31");
        Assert.Equal(5, Target(january, "standardised-2025").Number("current"));
        Assert.Equal("overdue", Status(Target(january, "standardised-2025")));
        var march = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2026-03-01");
        Assert.Equal("missed", Status(Target(march, "standardised-2025")));
        Assert.Equal("met", Status(Target(march, "standardised-2022"))); // held on its due date

        // The plan prints no date: the 2022 target's series starts on 2021-01-01. Counted by hand:
        // 2021-01-01 none; end-2021 A; end-2022 A B; end-2023 A B C; 2024-06-30 A B C D.
        var mid2024 = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2024-06-30");
        var series = Target(mid2024, "standardised-2022")["series"]!.AsArray();
        Assert.Equal(["2021-01-01", "2021-12-31", "2022-12-31", "2023-12-31", "2024-06-30"], series.Select(p => p!["on"]!.GetValue<string>()));
        Assert.Equal([0.0, 1, 2, 3, 4], series.Select(p => p!.Number("value")));

        // The 2025 target's series starts on 2024-01-01, when A B C D (D that very day) were already 规范化: 4 of 6.
        var target2025 = Target(mid2024, "standardised-2025");
        Assert.Equal(4, target2025.Number("current"));
        Assert.Equal(4, target2025["series"]!.AsArray()[0]!.Number("value")); // flat since, so at risk
        Assert.Equal("at_risk", Status(target2025));
    }

    [Fact]
    public async Task Jilin_demonstration_institutions_per_city_are_rolled_up_against_3_to_5_and_1_to_2()
    {
        await AddUnitAsync("220000", "吉林省", DistrictLevel.Province, null, null);
        var cities = new[] { ("220100", "长春市", "220102"), ("220200", "吉林市", "220202"), ("220300", "四平市", "220302") };
        for (var k = 0; k < cities.Length; k++)
        {
            await AddUnitAsync(cities[k].Item1, cities[k].Item2, DistrictLevel.City, "220000", null);
            await AddUnitAsync(cities[k].Item3, cities[k].Item2 + "某区", DistrictLevel.District, cities[k].Item1, Box(k * 10_000));
        }

        var recognised = new DateOnly(2020, 9, 1);
        await AddInstitutionsAsync(
            [.. Enumerable.Range(0, 4).Select(_ => Inst(0, new(2019, 1, 1), demonstration: recognised)),     // 长春 4: within 3–5
             .. Enumerable.Range(0, 2).Select(_ => Inst(10_000, new(2019, 1, 1), demonstration: recognised)), // 吉林 2: short of 3
             .. Enumerable.Range(0, 3).Select(_ => Inst(20_000, new(2019, 1, 1), demonstration: recognised)), // 四平 3: over 1–2
             Inst(20_000, new(2019, 1, 1), demonstration: new(2021, 3, 1))]);                                 // after the date asked about
        await ApplyAsync("220000");

        var body = await Client.GetJsonAsync("/api/targets/rollup?unit=220000&as_of=2021-01-31");
        var rows = body["units"]!.AsArray();
        Assert.Equal(["220100", "220200", "220300"], rows.Select(r => r!["unit"]!.GetValue<string>()));
        JsonNode Pilot(int k) => Assert.Single(rows[k]!["targets"]!.AsArray(), t => t!["target"]!["key"]!.GetValue<string>() == "demonstration-2020-per-city")!;
        Assert.Equal([4.0, 2, 3], Enumerable.Range(0, 3).Select(k => Pilot(k).Number("current")));
        Assert.Equal(["met", "overdue", "met"], Enumerable.Range(0, 3).Select(k => Status(Pilot(k))));
        Assert.Equal([false, false, true], Enumerable.Range(0, 3).Select(k => Pilot(k)["over_quota"]!.GetValue<bool>()));
        Assert.Equal([3.0, 3, 1], Enumerable.Range(0, 3).Select(k => Pilot(k)["target"]!.Number("value")));
        Assert.All(Enumerable.Range(0, 3), k => Assert.Equal("220000", Pilot(k)["target"]!["unit"]!.GetValue<string>()));

        // The province's own view lists all nine 市（州）; those not on record have no status.
        var province = Target(await Client.GetJsonAsync("/api/targets/progress?unit=220000&as_of=2021-01-31"), "demonstration-2020-per-city");
        var units = province["units"]!.AsArray();
        Assert.Equal(9, units.Count);
        Assert.Equal(2, units.Single(u => u!["unit"]!.GetValue<string>() == "220200")!.Number("current"));
        Assert.Null(units.Single(u => u!["unit"]!.GetValue<string>() == "222400")!["status"]);
        Assert.Contains("吉政办发", province["target"]!["source"]!["document"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gulou_needs_one_institution_in_every_jiedao()
    {
        await AddUnitAsync("350102", "鼓楼区", DistrictLevel.District, null, Box(0, 4000));
        await AddUnitAsync("350102001", "甲街道", DistrictLevel.Subdistrict, "350102", Box(-2000, 2000));
        await AddUnitAsync("350102002", "乙街道", DistrictLevel.Subdistrict, "350102", Box(2000, 2000));
        await AddInstitutionsAsync(Inst(-2000, new(2019, 5, 1), filed: new(2020, 5, 1)), Inst(2000, new(2021, 3, 1), filed: new(2021, 3, 1)));
        await using (var db = Fixture.CreateDbContext())
        {
            db.ResidentialAreas.Add(SmallTown.Area("甲小区", -2000, 0, 1000, ResidentialKind.Old));
            await db.SaveChangesAsync();
        }

        await ApplyAsync("350102");

        var end2020 = await Client.GetJsonAsync("/api/targets/progress?unit=350102&as_of=2020-12-31");
        Assert.Equal(0.5, Target(end2020, "institutions-per-subdistrict").Number("current"));
        Assert.Equal("not_met", Status(Target(end2020, "institutions-per-subdistrict")));
        var mid2021 = await Client.GetJsonAsync("/api/targets/progress?unit=350102&as_of=2021-06-30");
        Assert.Equal("met", Status(Target(mid2021, "institutions-per-subdistrict")));
        Assert.Equal("missed", Status(Target(mid2021, "pilots-operating-2020")));  // due end-2020, met in March 2021
        Assert.Equal("missed", Status(Target(mid2021, "pilots-filed-2020-06")));

        // The standard comes from 鼓楼's own plan, and the analysis uses it.
        var listed = await Client.GetJsonAsync("/api/targets?unit=350102");
        var standard = listed["standards"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "institutions_per_subdistrict")!;
        Assert.Equal(1, standard.Number("value"));
        Assert.Equal("350102", standard["unit"]!.GetValue<string>());
        Assert.Equal("鼓政办〔2020〕24号", standard["source"]!["document"]!.GetValue<string>());
        var radius = listed["standards"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "service_radius_m")!;
        Assert.Equal("national", radius["unit"]!.GetValue<string>());
        var report = await Client.GetJsonAsync("/api/analysis/targets?district=350102");
        var perSubdistrict = report["targets"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "institutions_per_subdistrict")!;
        Assert.Contains("鼓政办〔2020〕24号", perSubdistrict["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Meijiang_slots_per_thousand_in_new_and_old_areas_and_reserved_land_as_of_a_date()
    {
        await AddUnitAsync("441402", "梅江区", DistrictLevel.District, null, Box(0));
        // Distances on the east axis; the catchment is the national 300 m (梅江's plan sets no radius).
        await AddInstitutionsAsync(
            Inst(100, new(2019, 1, 1)),                         // I1: reaches N1 only (N2 500 m, O1 600 m)
            Inst(-250, new(2020, 1, 1)),                        // I4: N1 and O1, 250 m each: shared
            Inst(-400, new(2021, 3, 1)),                        // I3: O1 only (N1 400 m)
            Inst(600, new(2022, 1, 1)));                        // I2: N2 only, 0 m (N1 600 m)
        await using (var db = Fixture.CreateDbContext())
        {
            db.ResidentialAreas.AddRange(
                Completed(SmallTown.Area("新一小区", 0, 0, 2000, ResidentialKind.New), 2018),    // N1
                Completed(SmallTown.Area("新二小区", 600, 0, 1000, ResidentialKind.New), 2023),  // N2: counts from 2023
                SmallTown.Area("老城小区", -500, 0, 3000, ResidentialKind.Old));                 // O1: no year, every day
            await db.SaveChangesAsync();
        }

        await ApplyAsync("441402");

        // 2019-06-30: I1 alone, 30 托位 over N1's 2,000 residents = 15 per 1,000; O1 reaches nothing.
        var y2019 = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2019-06-30");
        Assert.Equal(15, Target(y2019, "slots-new-areas").Number("current"));
        Assert.Equal("met", Status(Target(y2019, "slots-new-areas")));
        Assert.Equal(0, Target(y2019, "slots-old-areas-2025").Number("current"));

        // 2020-06-30: I4's 30 托位 shared by 5,000 residents (0.006 each): N1 15 + 6 = 21, O1 6 (short of 8).
        var y2020 = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2020-06-30");
        Assert.Equal(21, Target(y2020, "slots-new-areas").Number("current"));
        Assert.Equal(6, Target(y2020, "slots-old-areas-2025").Number("current"));

        // 2022-12-31: I3 adds 30/3,000 to O1: 16. I2 is open, but N2 is not built yet, so its 托位 reach no one.
        var y2022 = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2022-12-31");
        Assert.Equal(21, Target(y2022, "slots-new-areas").Number("current"));
        Assert.Equal(16, Target(y2022, "slots-old-areas-2025").Number("current"));
        Assert.Equal("met", Status(Target(y2022, "slots-old-areas-2025")));
        Assert.StartsWith("新建居住区 2 个，常住人口 3,000 人", Target(y2022, "slots-new-areas")["basis"]!.GetValue<string>());

        // 2023-12-31: N2 is built and I2 serves it alone (30 per 1,000): (2,000 × 21 + 1,000 × 30) / 3,000 = 24.
        var y2023 = await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2023-12-31");
        Assert.Equal(24, Target(y2023, "slots-new-areas").Number("current"));

        // No reserved parcel yet: not met; two reserved (储备) parcels count, an idle one does not.
        Assert.Equal(0, Target(y2023, "land-reserved").Number("current"));
        Assert.Equal("not_met", Status(Target(y2023, "land-reserved")));
        await using (var db = Fixture.CreateDbContext())
        {
            db.Parcels.AddRange(Plot("P1", 300, ParcelStatus.Reserve), Plot("P2", -300, ParcelStatus.Reserve), Plot("P3", 0, ParcelStatus.Idle));
            await db.SaveChangesAsync();
        }

        var land = Target(await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2023-12-31"), "land-reserved");
        Assert.Equal(2, land.Number("current"));
        Assert.Equal("met", Status(land));
        Assert.StartsWith("储备地块 2 块，共 2 公顷", land["basis"]!.GetValue<string>()); // two 100 m squares

        // Housing handed over with its facility is not recorded: the answer says so, in Chinese, and what it needs.
        var housing = Target(y2023, "facilities-with-new-housing");
        Assert.Null(housing["current"]);
        Assert.Contains("住宅交付（验收）日期", housing["not_computed"]!.GetValue<string>());
    }

    [Fact]
    public async Task Applying_a_plan_twice_changes_nothing_and_a_unit_without_one_gets_the_national_rules()
    {
        await AddUnitAsync("441402", "梅江区", DistrictLevel.District, null, Box(0));
        await AddUnitAsync("110101", "东城区", DistrictLevel.District, null, Box(10_000));
        var first = await ApplyAsync("441402");
        Assert.Equal((true, 9, 0), (first.HasPlan, first.Added, first.Unchanged)); // 7 targets, 2 standards
        var second = await ApplyAsync("441402");
        Assert.Equal((0, 0, 9, 0), (second.Added, second.Updated, second.Unchanged, second.Removed));
        Assert.Equal(7, await Fixture.WithDbAsync(db => db.UnitTargets.CountAsync()));

        var none = await ApplyAsync("110101");
        Assert.False(none.HasPlan);
        var listed = await Client.GetJsonAsync("/api/targets?unit=110101");
        Assert.Equal("national_rules_only", listed["plan"]!.GetValue<string>());
        Assert.All(listed["targets"]!.AsArray(), t => Assert.Equal("national", t!["unit"]!.GetValue<string>()));
        Assert.All(listed["standards"]!.AsArray(), s => Assert.Equal("national", s!["unit"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Editing_targets_is_role_checked_audited_and_guarded_by_if_match()
    {
        await AddUnitAsync("370000", "山东省", DistrictLevel.Province, null, null);
        await AddUnitAsync("371002", "环翠区", DistrictLevel.District, "370000", Box(0));
        using var planner = Fixture.CreateClient(Role.Planner);
        var body = new JsonObject
        {
            ["unit"] = "371002", ["id"] = "puhui-share-2025", ["name"] = "普惠托位占比（2025年）", ["kind"] = "affordable_slot_share",
            ["comparison"] = "at_least", ["value"] = 0.6, ["due"] = "2025-12-31",
            ["source"] = new JsonObject { ["document"] = "环政办发〔2023〕1号", ["clause"] = "普惠托位占比达到60%" },
        };

        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.PostAsJsonAsync("/api/targets", body)).StatusCode);
        var created = await planner.PostAsJsonAsync("/api/targets", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var target = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = target["id"]!.GetValue<long>();
        Assert.Equal("test-planner", target["set_by"]!.GetValue<string>());
        var audit = await Fixture.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "unit_targets").ToListAsync());
        Assert.Equal("test-planner", Assert.Single(audit).Actor);

        // A province's plan is an admin's to enter.
        var provincial = body.DeepClone().AsObject();
        provincial["unit"] = "370000";
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.PostAsJsonAsync("/api/targets", provincial)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/targets", provincial)).StatusCode);

        // Replace with the version read; a second replace with the same, now stale, version is a 409.
        var etag = created.Headers.ETag!.Tag;
        body["value"] = 0.5;
        using var replaced = await SendAsync(planner, HttpMethod.Put, $"/api/targets/{id}", etag, body);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(planner, HttpMethod.Put, $"/api/targets/{id}", etag, body)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(planner, HttpMethod.Delete, $"/api/targets/{id}", replaced.Headers.ETag!.Tag)).StatusCode);
        var actions = await Fixture.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "unit_targets" && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["created", "updated", "deleted"], actions);
    }

    [Fact]
    public async Task Standards_are_edited_per_unit_inherited_below_role_checked_audited_and_guarded_by_if_match()
    {
        await AddUnitAsync("370000", "山东省", DistrictLevel.Province, null, null);
        await AddUnitAsync("371002", "环翠区", DistrictLevel.District, "370000", Box(0));
        await AddUnitAsync("371002001", "环翠街道", DistrictLevel.Subdistrict, "371002", Box(0, 1000));
        using var planner = Fixture.CreateClient(Role.Planner);
        var body = new JsonObject
        {
            ["unit"] = "371002", ["id"] = "radius-500", ["name"] = "托育服务半径", ["kind"] = "service_radius_m", ["value"] = 500, ["standing"] = true,
            ["source"] = new JsonObject { ["document"] = "环政办发〔2023〕1号", ["clause"] = "服务半径不超过500米" },
        };

        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.PostAsJsonAsync("/api/standards", body)).StatusCode);
        var created = await planner.PostAsJsonAsync("/api/standards", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();

        // The 街道 inherits the district's 500 m with its source; the district's progress uses it as the catchment.
        JsonNode Radius(JsonNode list) => list.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "service_radius_m")!;
        var below = Radius(await Client.GetJsonAsync("/api/standards?unit=371002001"));
        Assert.Equal((500.0, "371002", true), (below.Number("value"), below["unit"]!.GetValue<string>(), below["inherited"]!.GetValue<bool>()));
        Assert.Equal("环政办发〔2023〕1号", below["source"]!["document"]!.GetValue<string>());

        // A province's standard is an admin's to set; a stale If-Match is a 409; a bad value names the field.
        var provincial = body.DeepClone().AsObject();
        provincial["unit"] = "370000";
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.PostAsJsonAsync("/api/standards", provincial)).StatusCode);
        var bad = body.DeepClone().AsObject();
        bad["value"] = -5;
        Assert.True((await SmallTown.ProblemErrorsAsync(await planner.PostAsJsonAsync("/api/standards", bad))).ContainsKey("value"));

        var etag = created.Headers.ETag!.Tag;
        body["value"] = 400;
        using var replaced = await SendAsync(planner, HttpMethod.Put, $"/api/standards/{id}", etag, body);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(400, Radius(await Client.GetJsonAsync("/api/standards?unit=371002001")).Number("value"));
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(planner, HttpMethod.Delete, $"/api/standards/{id}", etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(planner, HttpMethod.Delete, $"/api/standards/{id}", replaced.Headers.ETag!.Tag)).StatusCode);

        // Deleted: the national rule again. Every edit audited with who made it.
        Assert.Equal("national", Radius(await Client.GetJsonAsync("/api/standards?unit=371002001"))["unit"]!.GetValue<string>());
        var audit = await Fixture.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "unit_standards" && a.EntityId == id.ToString()).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["created", "updated", "deleted"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("test-planner", a.Actor));
    }

    [Theory]
    [InlineData("comparison", "\"more\"", "comparison")]
    [InlineData("value", "1.5", "value")]
    [InlineData("due", "\"2025/12/31\"", "due")]
    [InlineData("kind", "\"quota\"", "kind")]
    [InlineData("unit", "\"3710\"", "unit")]
    [InlineData("source", "{\"document\":\"梅区府办〔2021〕4号\",\"clause\":\"…\"}", "source.document")]
    [InlineData("source", "{\"document\":\"环政办发〔2023〕1号\"}", "source.clause")]
    public async Task Bad_targets_are_400s_naming_the_field(string field, string json, string named)
    {
        await AddUnitAsync("371002", "环翠区", DistrictLevel.District, null, Box(0));
        var body = new JsonObject
        {
            ["unit"] = "371002", ["id"] = "share", ["name"] = "普惠托位占比", ["kind"] = "affordable_slot_share",
            ["comparison"] = "at_least", ["value"] = 0.6, ["due"] = "2025-12-31",
            ["source"] = new JsonObject { ["document"] = "环政办发〔2023〕1号", ["clause"] = "普惠托位占比达到60%" },
        };
        body[field] = JsonNode.Parse(json);
        var errors = await SmallTown.ProblemErrorsAsync(await Client.PostAsJsonAsync("/api/targets", body));
        Assert.True(errors.ContainsKey(named), errors.ToJsonString());
    }
}
