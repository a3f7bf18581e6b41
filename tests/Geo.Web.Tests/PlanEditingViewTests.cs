using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// 目标进度 as a planner works in it: a sparkline per target with the points its dates give, the city's roll-up in
/// plain names, and the form that adds, edits and deletes a target (a 400 beside its field, a stale version's 409
/// in Chinese with the item reloaded, a delete confirmed). Targets made here are removed before the test ends.
/// </summary>
public sealed class PlanEditingViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string District = "350102";
    private const string City = "350100";

    /// <summary>A 鼓楼 target due 2026-12-31 filed through the API: it starts on 2025-01-01 (the year before its due date).</summary>
    private static JsonObject Target(string key, double value) => new()
    {
        ["unit"] = District, ["id"] = key, ["name"] = "运营托育机构数（测试）", ["kind"] = "institution_count", ["category"] = "operating",
        ["comparison"] = "at_least", ["value"] = value, ["due"] = "2026-12-31",
        ["source"] = new JsonObject { ["document"] = "鼓楼区测试文件〔2026〕1号", ["clause"] = "运营托育机构不少于一千家" },
    };

    [Fact]
    public async Task Each_target_draws_its_yearly_series_against_its_value_and_due_date_and_the_city_rolls_up_by_name()
    {
        using var planner = Fixture.Client(Role.Planner);
        var created = await planner.PostAsJsonAsync("/api/targets", Target("series-test", 1000));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        try
        {
            await OpenAsync("planner", group: "plan");
            await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.plan-targets");
            await SetAsOfAsync("2026-06-30");

            // From 2025-01-01 to the as-of day: the start, 2025-12-31 and 2026-06-30 — three points, counted by hand.
            var row = Page.Locator("table.plan-targets tr[data-key='series-test']");
            Assert.Equal(3, await row.Locator("svg.sparkline circle.point").CountAsync());
            Assert.Equal(["2025-01-01", "2025-12-31", "2026-06-30"], await row.Locator("svg.sparkline circle.point").EvaluateAllAsync<string[]>("cs => cs.map((c) => c.dataset.on)"));
            using var client = Fixture.Client();
            var progress = await client.GetFromJsonAsync<JsonElement>($"/api/targets/progress?unit={District}&as_of=2026-06-30");
            var current = progress.GetProperty("targets").EnumerateArray().Single(p => p.GetProperty("target").GetProperty("key").GetString() == "series-test").GetProperty("current").GetDouble();
            Assert.Equal($"2026-06-30：{current:0} 家", await row.Locator("svg.sparkline circle.point").Last.Locator("title").TextContentAsync());
            Assert.Equal("目标 1000 家", await row.Locator("svg.sparkline .goal-label").TextContentAsync());
            Assert.Equal("2026-12-31前", await row.Locator("svg.sparkline .due-label").TextContentAsync());
            Assert.Equal(1, await row.Locator("svg.sparkline line.due").CountAsync());

            // The city's roll-up: one row per child district, each by name, its own targets apart from the city's.
            var rollup = await client.GetFromJsonAsync<JsonElement>($"/api/targets/rollup?unit={City}&as_of=2026-06-30");
            var rows = Page.Locator($"table.plan-rollup[data-unit='{City}'] tbody tr");
            Assert.Equal(rollup.GetProperty("units").GetArrayLength(), await rows.CountAsync());
            Assert.Equal("鼓楼区", (await rows.First.Locator("th").InnerTextAsync()).Trim());
            Assert.Contains("运营托育机构数（测试）", await rows.First.Locator("td.own").InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\b\d{6}\b", await Page.InnerTextAsync("#plan-rollups"));
            await ScreenshotAsync("plan-progress-series-desktop");
            AssertNoConsoleErrors();
        }
        finally
        {
            await DeleteAsync(planner, id);
        }
    }

    [Fact]
    public async Task A_planner_adds_a_target_edits_it_meets_a_stale_version_and_deletes_it()
    {
        await SignInWithTokenAsync(Role.Planner);
        ExpectConsoleError("400", "/api/targets");
        ExpectConsoleError("409", "/api/targets/");
        await OpenAsync("planner", group: "plan");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.plan-targets");

        // Add: the kinds come from the API; a share would be typed as a percentage, a count in 家.
        await Page.ClickAsync("#plan-add-target");
        await Page.SelectOptionAsync("#plan-edit-kind", "institution_count");
        Assert.Equal("家", await Page.InnerTextAsync("#plan-editor [data-unit-for=value]"));
        await Page.FillAsync("#plan-edit-name", "示范托育机构数（界面测试）");
        await Page.SelectOptionAsync("#plan-edit-category", "demonstration");
        await Page.FillAsync("#plan-edit-value", "3");
        await Page.FillAsync("#plan-edit-due", "2027-12-31");
        await Page.FillAsync("#plan-edit-document", "鼓楼区界面测试文件〔2026〕2号");
        await Page.ClickAsync("#plan-edit-save");

        // The clause is missing: the 400 is shown beside that field, in Chinese.
        var clauseError = Page.Locator("#plan-editor [data-field='source.clause'] .field-error");
        await clauseError.WaitForAsync();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await clauseError.InnerTextAsync());
        Assert.DoesNotMatch("[A-Za-z]", await clauseError.InnerTextAsync());
        await ScreenshotAsync("plan-editor-field-error-desktop");
        await Page.FillAsync("#plan-edit-clause", "到2027年底，示范托育机构不少于3家");
        await Page.ClickAsync("#plan-edit-save");
        var row = Page.Locator("table.plan-targets tr", new() { HasText = "示范托育机构数（界面测试）" });
        await row.WaitForAsync();
        Assert.Contains("≥ 3 家", await row.InnerTextAsync(), StringComparison.Ordinal);
        var id = long.Parse(await row.GetAttributeAsync("data-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        using var planner = Fixture.Client(Role.Planner);
        try
        {
            // Edit; meanwhile someone else replaces it: the save is refused (409), said in Chinese, and the form reloads.
            await row.Locator("button.edit").ClickAsync();
            Assert.Equal("3", await Page.InputValueAsync("#plan-edit-value"));
            await Page.FillAsync("#plan-edit-value", "4");
            var elsewhere = await planner.GetFromJsonAsync<JsonElement>($"/api/targets?unit={District}");
            var key = elsewhere.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("id").ValueKind == JsonValueKind.Number && t.GetProperty("id").GetInt64() == id).GetProperty("key").GetString()!;
            var theirs = Target(key, 5);
            theirs["name"] = "示范托育机构数（界面测试）";
            theirs["category"] = "demonstration";
            using (var put = await planner.PutAsJsonAsync($"/api/targets/{id}", theirs))
            {
                Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            }

            await Page.ClickAsync("#plan-edit-save");
            await Page.WaitForSelectorAsync("#plan-editor[data-conflict=true]");
            Assert.Contains("已被他人修改", await Page.InnerTextAsync("#plan-edit-message"), StringComparison.Ordinal);
            Assert.Equal("5", await Page.InputValueAsync("#plan-edit-value"));
            await ScreenshotAsync("plan-editor-conflict-desktop");

            // Saved on the version now read; then deleted, once confirmed.
            await Page.FillAsync("#plan-edit-value", "4");
            await Page.ClickAsync("#plan-edit-save");
            await Page.WaitForSelectorAsync("#plan-editor", new() { State = WaitForSelectorState.Hidden });
            await Page.Locator("table.plan-targets tr", new() { HasText = "≥ 4 家" }).Filter(new() { HasText = "界面测试" }).WaitForAsync();

            string? asked = null;
            Page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
            await Page.Locator("table.plan-targets tr", new() { HasText = "示范托育机构数（界面测试）" }).Locator("button.delete").ClickAsync();
            await Page.Locator("table.plan-targets tr", new() { HasText = "示范托育机构数（界面测试）" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
            Assert.Contains("确定删除目标", asked, StringComparison.Ordinal);
            var after = await planner.GetFromJsonAsync<JsonElement>($"/api/targets?unit={District}");
            Assert.DoesNotContain(after.GetProperty("targets").EnumerateArray(), t => t.GetProperty("key").GetString() == key);
            AssertNoConsoleErrors();
        }
        finally
        {
            await DeleteAsync(planner, id);
        }
    }

    [Fact]
    public async Task A_planner_sets_the_districts_own_standard_in_its_unit_and_deleting_it_inherits_again()
    {
        await SignInWithTokenAsync(Role.Planner);
        await OpenAsync("planner", group: "plan");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.plan-standards");
        using var planner = Fixture.Client(Role.Planner);
        var before = await planner.GetFromJsonAsync<JsonElement>($"/api/standards?unit={District}");
        var radius = before.EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "service_radius_m");
        Assert.NotEqual(District, radius.GetProperty("unit").GetString()); // 鼓楼's plan sets no radius: it inherits one

        // The standard's kinds and units come from the API: a radius is entered in 米.
        await Page.ClickAsync("#plan-add-standard");
        await Page.SelectOptionAsync("#plan-edit-kind", "service_radius_m");
        Assert.Equal("米", await Page.InnerTextAsync("#plan-editor [data-unit-for=value]"));
        await Page.FillAsync("#plan-edit-value", "500");
        await Page.CheckAsync("#plan-edit-standing");
        await Page.FillAsync("#plan-edit-document", "鼓楼区界面测试文件〔2026〕3号");
        await Page.FillAsync("#plan-edit-clause", "托育设施服务半径按500米控制");
        await Page.ClickAsync("#plan-edit-save");
        var row = Page.Locator("table.plan-standards tr[data-kind='service_radius_m']");
        await row.Filter(new() { HasText = "500 米" }).WaitForAsync();
        Assert.Contains("鼓楼区", await row.InnerTextAsync(), StringComparison.Ordinal);
        var id = long.Parse(await row.GetAttributeAsync("data-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
            await row.Locator("button.delete").ClickAsync();
            await row.Filter(new() { HasText = "500 米" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
            Assert.Contains(radius.GetProperty("value").GetDouble().ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " 米", await row.InnerTextAsync(), StringComparison.Ordinal);
            AssertNoConsoleErrors();
        }
        finally
        {
            using var _ = await planner.DeleteAsync($"/api/standards/{id}");
        }
    }

    [Fact]
    public async Task The_public_sees_the_targets_without_edit_controls()
    {
        await OpenAsync("planner", group: "plan");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.plan-targets");
        Assert.True(await Page.Locator("#plan-add-target").IsHiddenAsync());
        Assert.Equal(0, await Page.Locator("#planner-groups-plan button.edit, #planner-groups-plan button.delete").CountAsync());
        Assert.True(await Page.Locator("table.plan-standards tbody tr").CountAsync() > 0);
    }

    private async Task SetAsOfAsync(string day)
    {
        var before = await Page.GetAttributeAsync("#plan-progress", "data-loaded");
        await Page.EvalOnSelectorAsync("#plan-as-of-date", "(e, day) => { e.value = day; e.dispatchEvent(new Event('change')); }", day);
        await Page.WaitForFunctionAsync("(b) => document.querySelector('#plan-progress').dataset.loaded !== b", before);
        Assert.Contains($"截至 {day}", await Page.InnerTextAsync("#plan-as-of"), StringComparison.Ordinal);
    }

    /// <summary>Removes a target this test made, whatever its version now (no If-Match).</summary>
    private static async Task DeleteAsync(HttpClient planner, long id)
    {
        if (id > 0)
        {
            using var _ = await planner.DeleteAsync($"/api/targets/{id}");
        }
    }
}

/// <summary>The group on a phone, inside the bottom sheet: a thumb reaches every control (44 px), the form fits.</summary>
public sealed class PhonePlanViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    [Fact]
    public async Task The_plan_group_and_its_form_have_44_px_tap_targets_inside_the_sheet()
    {
        await SignInWithTokenAsync(Role.Planner);
        await OpenAsync("planner", group: "plan");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.plan-targets svg.sparkline");
        await Page.ClickAsync(".sheet-handle"); // the whole sheet: a strip of map stays above it
        await ScreenshotAsync("plan-progress-phone");
        await Page.ClickAsync("#plan-add-target");
        await Page.WaitForSelectorAsync("#plan-editor:not([hidden])");
        await ScreenshotAsync("plan-editor-phone");

        Assert.Equal(1, await Page.Locator("#panel #plan-editor").CountAsync());
        var small = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('#planner-groups-plan button, #planner-groups-plan select, #planner-groups-plan input:not([type=checkbox]), #planner-groups-plan textarea, #planner-groups-plan .check')]
              .filter((e) => e.getClientRects().length && !e.closest('[hidden]'))
              .map((e) => [e.id || e.className || e.textContent.trim().slice(0, 12), e.getBoundingClientRect()])
              .filter(([, r]) => r.height < 44 || r.width < 44).map(([name, r]) => `${name}: ${Math.round(r.width)}×${Math.round(r.height)}`)
            """);
        Assert.True(small.Length == 0, "tap targets under 44 px:\n" + string.Join("\n", small));
        var wide = await Page.EvaluateAsync<int>("() => document.querySelector('#planner-groups-plan').scrollWidth - document.querySelector('#planner-groups-plan').clientWidth");
        Assert.True(wide <= 0, $"the group is {wide} px wider than the sheet");
        AssertNoConsoleErrors();
    }
}
