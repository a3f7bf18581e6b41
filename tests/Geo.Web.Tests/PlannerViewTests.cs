using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// 规划分析 against the real analysis endpoints over the demo district: coverage colours and figures, targets,
/// 母婴室, the gap heat map and 街道 by target status, and a planner's what-if that changes the figures.
/// </summary>
public sealed class PlannerViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const int DemoAreas = 420;
    private const string District = "350102";

    private async Task<JsonElement> GetAsync(string path, Role? role = null)
    {
        using var client = Fixture.Client(role);
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    private static string OneDecimal(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Shows_the_districts_real_coverage_targets_and_nursing_rooms()
    {
        var coverage = await GetAsync($"/api/analysis/coverage?district={District}&radius_m=300&method=step");
        var targets = await GetAsync($"/api/analysis/targets?district={District}");
        var rooms = await GetAsync($"/api/analysis/nursing-rooms?district={District}&nearby_m=50");

        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.Equal(DemoAreas, await Page.Locator("path.area-shape").CountAsync());
        Assert.True(await Page.Locator("path.institution-dot").CountAsync() >= 30);
        Assert.Contains("可达托位/千人", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);
        Assert.Equal(0, await Page.Locator(".not-provided").CountAsync());

        var district = coverage.GetProperty("district");
        Assert.Equal(OneDecimal(district.GetProperty("slots_per_thousand").GetDouble()),
            await Page.InnerTextAsync("#coverage-summary [data-figure=per-thousand] .value"));
        Assert.Equal(district.GetProperty("gap").GetDouble().ToString("N0", CultureInfo.GetCultureInfo("zh-CN")),
            await Page.InnerTextAsync("#coverage-summary [data-figure=gap] .value"));
        Assert.Equal(coverage.GetProperty("subdistricts").GetArrayLength(), await Page.Locator("#chart-subdistricts .bar").CountAsync());

        // Every target of the district, named as the API names it, with 达标 or the shortfall.
        var rows = Page.Locator("table.targets tbody tr");
        Assert.Equal(targets.GetProperty("targets").GetArrayLength(), await rows.CountAsync());
        var first = targets.GetProperty("targets")[0];
        Assert.Contains(first.GetProperty("target").GetString()!, await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        var met = targets.GetProperty("targets").EnumerateArray().Count(t => t.GetProperty("met").GetBoolean());
        Assert.Equal(met, await Page.Locator("table.targets tr.met").CountAsync());

        var required = rooms.GetProperty("required_places").GetInt32();
        var withRoom = rooms.GetProperty("places_with_room").GetInt32();
        Assert.Equal($"{withRoom} / {required} 处", await Page.InnerTextAsync("[data-figure=nursing-coverage] .note"));
        Assert.Equal(rooms.GetProperty("non_compliant_rooms").GetProperty("features").GetArrayLength().ToString(CultureInfo.InvariantCulture),
            await Page.InnerTextAsync("[data-figure=nursing-noncompliant] .value"));

        // The areas take the colours of their ratio to the standard: more than one class in the demo.
        var fills = await Page.Locator("path.area-shape").EvaluateAllAsync<string[]>("paths => [...new Set(paths.map(p => p.getAttribute('fill')))]");
        Assert.True(fills.Length >= 2, "fills: " + string.Join(", ", fills));
        Assert.All(fills, fill => Assert.Contains(fill, new[] { "#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027" }));
        await ScreenshotAsync("planner");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_gap_heat_map_and_the_subdistricts_by_target_status_follow_the_radius()
    {
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        var control = Page.Locator(".leaflet-control-layers-overlays");
        await control.Locator("label", new() { HasText = "托位缺口（热力）" }).Locator("input").CheckAsync(new() { Force = true });
        await control.Locator("label", new() { HasText = "街道·目标达成" }).Locator("input").CheckAsync(new() { Force = true });
        Assert.Equal(1, await Page.Locator("canvas.leaflet-heatmap-layer").CountAsync());
        Assert.Equal(10, await Page.Locator("path.subdistrict-shape").CountAsync());
        var streetColours = await Page.Locator("path.subdistrict-shape").EvaluateAllAsync<string[]>("paths => [...new Set(paths.map(p => p.getAttribute('stroke')))]");
        Assert.All(streetColours, colour => Assert.Contains(colour, new[] { "#16a34a", "#f59e0b", "#dc2626" }));
        await ScreenshotAsync("planner-gap-subdistricts");

        // A wider radius, with the heat map off again: the API recomputes, and fewer children are out of reach.
        // (2SFCA shares every institution's places among the demand it reaches, so the total accessible stays.)
        await control.Locator("label", new() { HasText = "托位缺口（热力）" }).Locator("input").UncheckAsync(new() { Force = true });
        var before = Number(await Page.InnerTextAsync("#coverage-summary [data-figure=unserved] .value"));
        await Page.RunAndWaitForResponseAsync(() => Page.SelectOptionAsync("#planner-radius", "1000"),
            r => r.Url.Contains("/api/analysis/coverage?", StringComparison.Ordinal) && r.Url.Contains("radius_m=1000", StringComparison.Ordinal));
        await Page.WaitForSelectorAsync("#loading", new() { State = Microsoft.Playwright.WaitForSelectorState.Hidden });
        Assert.True(Number(await Page.InnerTextAsync("#coverage-summary [data-figure=unserved] .value")) < before);
        AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData(13)]
    [InlineData(15)]
    [InlineData(17)]
    public async Task The_gap_heat_map_covers_ground_at_every_zoom(int zoom)
    {
        var coverage = await GetAsync($"/api/analysis/coverage?district={District}&radius_m=300&method=step");
        var gap = coverage.GetProperty("areas").GetProperty("features").EnumerateArray()
            .OrderByDescending(f => f.GetProperty("properties").GetProperty("gap").GetDouble()).First();
        var area = await GetAsync($"/api/residential-areas/{gap.GetProperty("id").GetInt64()}");
        var (lon, lat) = Centre(area.GetProperty("geometry"));
        await OpenAsync("planner", string.Create(CultureInfo.InvariantCulture, $"{zoom}/{lat:F6}/{lon:F6}"));
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        await Page.Locator(".leaflet-control-layers-overlays label", new() { HasText = "托位缺口（热力）" }).Locator("input").CheckAsync(new() { Force = true });

        // The share of the map the heat paints: a surface around the largest gap, not a few dots.
        var painted = await Page.WaitForFunctionAsync("""
            () => {
              const canvas = document.querySelector('canvas.leaflet-heatmap-layer');
              const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let n = 0;
              for (let i = 3; i < data.length; i += 4) if (data[i] > 40) n += 1;
              const share = n / (canvas.width * canvas.height);
              return share > 0.01 ? share : false;
            }
            """, null, new() { Timeout = 10_000 });
        Assert.True(await painted.JsonValueAsync<double>() > 0.01);
        await ScreenshotAsync($"planner-heat-z{zoom}");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_planner_sees_every_institutions_figures_beside_the_publics_filed_only_ones_each_labelled()
    {
        var coverage = await GetAsync($"/api/analysis/coverage?district={District}&radius_m=300&method=step", Role.Planner);
        await SignInWithTokenAsync(Role.Planner);

        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");

        var table = Page.Locator("#coverage-summary [data-figure=supply-compare]");
        var heads = await table.Locator("thead th").AllInnerTextsAsync();
        Assert.Equal(coverage.GetProperty("parameters").GetProperty("supply_label").GetString(), heads[1]);
        Assert.Equal(coverage.GetProperty("filed_only").GetProperty("supply_label").GetString(), heads[2]);
        var perThousand = await table.Locator("tbody tr").First.Locator("td").AllInnerTextsAsync();
        Assert.Equal(OneDecimal(coverage.GetProperty("district").GetProperty("slots_per_thousand").GetDouble()), perThousand[0]);
        Assert.Equal(OneDecimal(coverage.GetProperty("filed_only").GetProperty("district").GetProperty("slots_per_thousand").GetDouble()), perThousand[1]);
        await ScreenshotAsync("planner-supply-compare");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Targets_read_with_units_never_raw_codes_and_the_same_rounding_as_the_summary()
    {
        await OpenAsync("planner", group: "targets");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.targets");
        var text = await Page.InnerTextAsync("table.targets");
        Assert.Contains("托位/千人", text, StringComparison.Ordinal);
        // Targets now cite the plan of the unit that set them (no row names its unit by code any more): never a raw code.
        Assert.DoesNotMatch(@"\d{6}", text);
        Assert.DoesNotMatch(@"\d\.\d{2}", text);
        var perThousand = await Page.InnerTextAsync("#coverage-summary [data-figure=per-thousand] .value");
        Assert.Contains($"现状 {perThousand} 托位/千人", text, StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_targets_group_lists_the_new_areas_whose_facility_is_missing_late_or_short()
    {
        var body = await GetAsync($"/api/housing-delivery?unit={District}", Role.Planner);
        var all = body.GetProperty("areas").GetArrayLength();
        var areas = body.GetProperty("areas").EnumerateArray().Where(a => a.GetProperty("handover_on").ValueKind == JsonValueKind.String).ToList();
        var faulty = areas.Count(a => a.GetProperty("faults").GetArrayLength() > 0);
        Assert.InRange(faulty, 1, areas.Count - 1); // the demo plants faults beside areas delivered with their housing

        await SignInWithTokenAsync(Role.Planner);
        await OpenAsync("planner", group: "targets");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.housing-delivery");
        Assert.Equal(areas.Count, await Page.Locator("table.housing-delivery tbody tr").CountAsync());
        Assert.Equal(faulty, await Page.Locator("table.housing-delivery tr.fault").CountAsync());
        var text = await Page.InnerTextAsync("#housing-delivery");
        Assert.Contains("示例数据", text, StringComparison.Ordinal);
        Assert.Contains($"新建居住区 {all} 个", text, StringComparison.Ordinal); // those without a handover day are counted, not listed
        Assert.DoesNotMatch(@"\b(missing|late|short|delivered|pending|institution|parcel)\b", text);
        await ScreenshotAsync("planner-housing-delivery");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_planners_what_if_recolours_the_areas_and_changes_the_figures()
    {
        // An area without any 托位 within 300 m: a hypothetical institution at its centre must serve it.
        var coverage = await GetAsync($"/api/analysis/coverage?district={District}&radius_m=300&method=step");
        var unserved = coverage.GetProperty("areas").GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("class").GetString() == "unserved")
            .OrderByDescending(f => f.GetProperty("properties").GetProperty("population").GetInt32())
            .First();
        var area = await GetAsync($"/api/residential-areas/{unserved.GetProperty("id").GetInt64()}");
        var (lon, lat) = Centre(area.GetProperty("geometry"));

        await SignInWithTokenAsync(Role.Planner);
        await OpenAsync("planner", string.Create(CultureInfo.InvariantCulture, $"17/{lat:F6}/{lon:F6}"), group: "what-if");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.Equal("wang.planner · 规划人员", await Page.InnerTextAsync("#signed-in-as"));
        const string red = "#d73027";
        var redBefore = await Page.Locator($"path.area-shape[fill='{red}']").CountAsync();

        await Page.ClickAsync("button.mode[data-mode=add]");
        var box = (await Page.Locator("#map").BoundingBoxAsync())!;
        await Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Page.Locator(".poi.hypothetical").WaitForAsync();
        var answer = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#whatif-run"),
            r => r.Url.EndsWith("/api/analysis/coverage", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(200, answer.Status);

        var accessible = Page.Locator("#whatif-diff tr[data-figure=accessible_slots]");
        await accessible.WaitForAsync();
        Assert.True(Number(await accessible.Locator(".after").InnerTextAsync()) > Number(await accessible.Locator(".before").InnerTextAsync()));
        Assert.Contains("improved", await accessible.GetAttributeAsync("class"), StringComparison.Ordinal);
        var gap = Page.Locator("#whatif-diff tr[data-figure=gap]");
        Assert.True(Number(await gap.Locator(".after").InnerTextAsync()) < Number(await gap.Locator(".before").InnerTextAsync()));
        var approved = Page.Locator("#whatif-diff tr[data-figure=approved_slots]");
        Assert.Equal(60, Number(await approved.Locator(".after").InnerTextAsync()) - Number(await approved.Locator(".before").InnerTextAsync()));
        Assert.Matches(@"改善的居住区 [1-9]\d* 个", await Page.InnerTextAsync("#whatif-counts"));
        Assert.Contains(unserved.GetProperty("properties").GetProperty("name").GetString()!, await Page.InnerTextAsync("#whatif-areas"), StringComparison.Ordinal);

        // The map follows the scenario: fewer areas without accessible places.
        Assert.True(await Page.Locator($"path.area-shape[fill='{red}']").CountAsync() < redBefore);
        await ScreenshotAsync("planner-whatif");

        // 清除 brings back today's colours.
        await Page.ClickAsync("#whatif-reset");
        Assert.Equal(redBefore, await Page.Locator($"path.area-shape[fill='{red}']").CountAsync());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task What_if_lists_the_changes_placed_on_the_map()
    {
        await SignInWithTokenAsync(Role.Planner);
        await OpenAsync("planner", group: "what-if");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.True(await Page.IsDisabledAsync("#whatif-run"));
        await Page.ClickAsync("button.mode[data-mode=add]");
        var box = (await Page.Locator("#map").BoundingBoxAsync())!;
        await Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Page.Locator(".poi.hypothetical").WaitForAsync();
        Assert.Contains("假设机构1（60 托位）", await Page.InnerTextAsync("#whatif-changes"), StringComparison.Ordinal);
        Assert.False(await Page.IsDisabledAsync("#whatif-run"));

        await Page.ClickAsync("button.mode[data-mode=remove]");
        await Page.Locator("path.institution-dot").First.ClickAsync(new() { Force = true });
        Assert.Contains("移除", await Page.InnerTextAsync("#whatif-changes"), StringComparison.Ordinal);
        await Page.ClickAsync("#whatif-reset");
        Assert.Equal("", (await Page.InnerTextAsync("#whatif-changes")).Trim());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_missing_analysis_service_is_said_plainly_and_the_rest_keeps_working()
    {
        ExpectConsoleError("404", "/api/analysis/"); // the browser's own line for each refused call
        await Page.RouteAsync("**/api/analysis/**", route => route.FulfillAsync(new()
        {
            Status = 404, ContentType = "application/problem+json",
            Body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404}""",
        }));
        await SignInWithTokenAsync(Role.Planner); // planners may read parcels too
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.True(await Page.Locator(".view-planner .not-provided", new() { HasText = "分析服务尚未提供" }).CountAsync() >= 4);
        Assert.Equal(0, await Page.Locator(".message.error").CountAsync());
        Assert.Equal(DemoAreas, await Page.Locator("path.area-shape").CountAsync());

        await Page.ClickAsync("#tab-land");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        Assert.Contains("分析服务尚未提供", await Page.InnerTextAsync("#land-notice"), StringComparison.Ordinal);
        Assert.Equal(25, await Page.Locator("#parcel-list li").CountAsync());
        AssertNoConsoleErrors();
    }

    private static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>The centre of a GeoJSON geometry's bounding box (an area's outline or its point).</summary>
    private static (double Lon, double Lat) Centre(JsonElement geometry)
    {
        var points = new List<(double, double)>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
            {
                points.Add((e[0].GetDouble(), e[1].GetDouble()));
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in e.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }

        Walk(geometry.GetProperty("coordinates"));
        return ((points.Min(p => p.Item1) + points.Max(p => p.Item1)) / 2, (points.Min(p => p.Item2) + points.Max(p => p.Item2)) / 2);
    }
}
