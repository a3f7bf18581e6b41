using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// Siting on the real API over the demo district, as a planner: a run shows its sites and the areas each serves;
/// saved scenarios reopen, compare side by side and delete; a background run shows its state and is cancelled;
/// a refused run reads as words. Every scenario a test saves is deleted again.
/// </summary>
public sealed class SitingViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string District = "350102";

    private readonly HttpClient _planner = fixture.Client(Role.Planner);
    private readonly List<long> _saved = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SignInWithTokenAsync(Role.Planner);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    private async Task OpenPlannerAsync()
    {
        await OpenAsync("planner", group: "siting");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
    }

    /// <summary>A scenario saved through the API, as a colleague's earlier run.</summary>
    private async Task<JsonElement> SaveScenarioAsync(string name, int p)
    {
        var response = await _planner.PostAsJsonAsync("/api/analysis/siting",
            new { name, district = District, model = "mclp", p, solver = "heuristic" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        _saved.Add(result.GetProperty("id").GetInt64());
        return result;
    }

    private static IEnumerable<JsonElement> Sites(JsonElement result) => result.GetProperty("sites").GetProperty("features").EnumerateArray();

    private static string OneDecimal(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Whole(double value) => Math.Round(value).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_planners_run_shows_its_sites_and_the_demand_each_serves()
    {
        await OpenPlannerAsync();
        var name = Unique("试算");
        await Page.FillAsync("#siting-name", name);
        await Page.SelectOptionAsync("#siting-solver", "heuristic");
        await Page.FillAsync("#siting-p", "3");
        var response = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#siting-run"),
            r => r.Url.EndsWith("/api/analysis/siting", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(200, response.Status); // a short run answers at once
        var result = await response.JsonAsync() ?? throw new InvalidOperationException("no body");
        _saved.Add(result.GetProperty("id").GetInt64());
        var posted = JsonDocument.Parse(response.Request.PostData!).RootElement;
        Assert.Equal(name, posted.GetProperty("name").GetString());
        Assert.Equal(300, posted.GetProperty("radius_m").GetDouble());

        await Page.Locator("#siting-sites li").First.WaitForAsync();
        var sites = Sites(result).ToList();
        Assert.Equal(3, sites.Count);
        var items = await Page.Locator("#siting-sites li").AllInnerTextsAsync();
        Assert.Equal(sites.Count, items.Count);
        foreach (var (site, text) in sites.Zip(items))
        {
            var p = site.GetProperty("properties");
            Assert.Contains(p.GetProperty("name").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains($"服务需求 {OneDecimal(p.GetProperty("served_demand").GetDouble())} 托位", text, StringComparison.Ordinal);
            Assert.Contains($"{p.GetProperty("demand_points_served").GetInt32()} 个居住区", text, StringComparison.Ordinal);
        }

        // On the map: a numbered marker per site, and lines to the residential areas each serves.
        Assert.Equal(3, await Page.Locator(".poi.site").CountAsync());
        Assert.True(await Page.Locator("path.served-link").CountAsync() > 0);
        Assert.Equal(await Page.Locator("path.served-link").CountAsync(), await Page.Locator("path.served-area").CountAsync());

        // Coverage before and after, as the API computed it: the gap shrinks.
        var gapRow = Page.Locator("#siting-coverage tr[data-row=gap]");
        Assert.Equal("improved", await gapRow.GetAttributeAsync("class"));
        var gapAfter = result.GetProperty("coverage_after").GetProperty("gap").GetDouble();
        Assert.Equal(Whole(gapAfter), (await gapRow.Locator("td.after").InnerTextAsync()).Replace(",", "", StringComparison.Ordinal));
        Assert.Equal("新覆盖的未满足托位", await Page.InnerTextAsync("[data-figure=objective] .label"));
        Assert.Contains("已保存为方案", await Page.InnerTextAsync("#siting-status"), StringComparison.Ordinal);

        // Saved: it heads the list of scenarios.
        await Assertions.Expect(Page.Locator("#scenario-list li").First).ToContainTextAsync(name);
        await ScreenshotAsync("planner-siting");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Two_saved_scenarios_compare_side_by_side_and_reopen_and_delete()
    {
        var a = await SaveScenarioAsync(Unique("两处"), 2);
        var b = await SaveScenarioAsync(Unique("四处"), 4);
        var (idA, idB) = (a.GetProperty("id").GetInt64(), b.GetProperty("id").GetInt64());
        var expected = await _planner.GetFromJsonAsync<JsonElement>($"/api/analysis/scenarios/compare?a={idA}&b={idB}");

        await OpenPlannerAsync();
        await Page.SelectOptionAsync("#compare-a", idA.ToString(CultureInfo.InvariantCulture));
        await Page.SelectOptionAsync("#compare-b", idB.ToString(CultureInfo.InvariantCulture));
        await Page.ClickAsync("#compare-run");
        var table = Page.Locator("#compare-table");
        await table.WaitForAsync();

        var text = await table.InnerTextAsync();
        Assert.Contains(a.GetProperty("name").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains(b.GetProperty("name").GetString()!, text, StringComparison.Ordinal);
        var headers = await table.Locator("thead th").AllInnerTextsAsync();
        Assert.Equal("B − A", headers[^1]);
        var (countA, countB) = (Sites(a).Count(), Sites(b).Count());
        var sitesRow = await table.Locator("tbody tr", new() { HasText = "新增机构" }).Locator("td").AllInnerTextsAsync();
        Assert.Equal(new[] { $"{countA} 处", $"{countB} 处", countB > countA ? $"+{countB - countA}" : $"{countB - countA}" }, sitesRow);
        var gapAfter = await table.Locator("tbody tr", new() { HasText = "选址后托位缺口" }).Locator("td").AllInnerTextsAsync();
        Assert.Equal(Whole(a.GetProperty("coverage_after").GetProperty("gap").GetDouble()), gapAfter[0].Replace(",", "", StringComparison.Ordinal));
        Assert.Equal(Whole(b.GetProperty("coverage_after").GetProperty("gap").GetDouble()), gapAfter[1].Replace(",", "", StringComparison.Ordinal));
        Assert.Equal(0, await Page.Locator("#scenario-compare pre").CountAsync()); // read as a table, not as JSON

        // Shared and one-sided sites, as the API compared them; on the map a shared site is drawn once.
        var common = expected.GetProperty("common_sites").GetArrayLength();
        var onlyB = expected.GetProperty("only_in_b").GetArrayLength();
        Assert.Equal(common, await Page.Locator("[data-sites=common] li").CountAsync());
        Assert.Equal(expected.GetProperty("only_in_a").GetArrayLength(), await Page.Locator("[data-sites=only-a] li").CountAsync());
        Assert.Equal(onlyB, await Page.Locator("[data-sites=only-b] li").CountAsync());
        Assert.Equal(countA + onlyB, await Page.Locator(".poi.site").CountAsync());
        await ScreenshotAsync("planner-compare");

        // Reopen A: its own sites again.
        await Page.Locator($"#scenario-list li[data-id='{idA}'] .scenario-open").ClickAsync();
        await Assertions.Expect(Page.Locator("#siting-sites li")).ToHaveCountAsync(countA);
        Assert.Equal(idA.ToString(CultureInfo.InvariantCulture), await Page.GetAttributeAsync(".siting-result", "data-scenario"));

        // Delete B: the first click asks, the second deletes.
        var delete = Page.Locator($"#scenario-list li[data-id='{idB}'] .scenario-delete");
        await delete.ClickAsync();
        await Assertions.Expect(delete).ToHaveTextAsync("确认删除");
        await delete.ClickAsync();
        await Assertions.Expect(Page.Locator($"#scenario-list li[data-id='{idB}']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await _planner.GetAsync($"/api/analysis/scenarios/{idB}")).StatusCode);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_background_run_shows_its_state_can_be_cancelled_and_otherwise_shows_its_result()
    {
        // A colleague's run holds the one background worker at the closed gate, however fast the machine, so this
        // page's run waits in the queue until the test lets it go.
        string longUrl;
        using (Fixture.SitingGate.Close())
        {
            var longRun = await _planner.PostAsJsonAsync("/api/analysis/siting", ColleaguesRun());
            Assert.Equal(HttpStatusCode.Accepted, longRun.StatusCode);
            longUrl = (await longRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status_url").GetString()!;
            try
            {
                await OpenPlannerAsync();
                var name = Unique("后台");
                await Page.FillAsync("#siting-name", name);
                await Page.CheckAsync("#siting-async");
                var accepted = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#siting-run"),
                    r => r.Url.EndsWith("/api/analysis/siting", StringComparison.Ordinal) && r.Request.Method == "POST");
                Assert.Equal(202, accepted.Status);
                await Assertions.Expect(Page.Locator("#siting-status")).ToContainTextAsync("排队等候");
                Assert.True(await Page.IsVisibleAsync("#siting-progress"));

                var cancelled = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#siting-cancel"), r => r.Request.Method == "DELETE");
                Assert.Equal(200, cancelled.Status);
                await Assertions.Expect(Page.Locator("#siting-status")).ToHaveTextAsync("已取消：未保存方案");
                Assert.False(await Page.IsVisibleAsync("#siting-cancel"));
                Assert.Equal(0, await Page.Locator("#siting-sites li").CountAsync());
                Assert.Equal(0, await Page.Locator("#scenario-list li", new() { HasText = name }).CountAsync());
            }
            finally
            {
                await _planner.DeleteAsync(longUrl);
            }
        }

        await WaitUntilFinishedAsync(longUrl);
        var run = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#siting-run"),
            r => r.Url.EndsWith("/api/analysis/siting", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(202, run.Status);
        await Page.Locator("#siting-sites li").First.WaitForAsync(new() { Timeout = 60_000 });
        var id = long.Parse((await Page.GetAttributeAsync(".siting-result", "data-scenario"))!, CultureInfo.InvariantCulture);
        _saved.Add(id);
        Assert.Equal(3, await Page.Locator("#siting-sites li").CountAsync());
        Assert.True(await Page.IsHiddenAsync("#siting-cancel"));
        Assert.True(await Page.IsHiddenAsync("#siting-progress"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_refused_run_is_explained_in_words()
    {
        ExpectConsoleError("400", "/api/analysis/siting");
        await OpenPlannerAsync();
        await Page.FillAsync("#siting-capacity", "10000"); // no demo parcel is large enough for 10,000 托位
        await Page.ClickAsync("#siting-run");
        var error = Page.Locator(".message.error");
        await error.WaitForAsync();
        var text = await error.InnerTextAsync();
        Assert.Contains("选址", text, StringComparison.Ordinal);
        Assert.Contains("candidate_source", text, StringComparison.Ordinal);
        Assert.Contains("10000 托位", text, StringComparison.Ordinal);
        Assert.True(await Page.IsEnabledAsync("#siting-run"));
        Assert.Equal(0, await Page.Locator("#siting-sites li").CountAsync());
        AssertNoConsoleErrors();
    }

    private async Task WaitUntilFinishedAsync(string url)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var job = await _planner.GetFromJsonAsync<JsonElement>(url);
            if (job.GetProperty("status").GetString() is not ("queued" or "running"))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} did not finish");
    }

    /// <summary>A colleague's background run on their own small data; the closed gate keeps it running.</summary>
    private static object ColleaguesRun() => new
    {
        name = "占用后台",
        model = "mclp",
        p = 1,
        radius_m = 5,
        solver = "exact",
        @async = true,
        problem = new
        {
            demand = new[] { new { id = "d0", weight = 3.0 }, new { id = "d1", weight = 5.0 } },
            candidates = new[] { new { id = "a" }, new { id = "b" } },
            cost_matrix = new { to_candidates = new double?[][] { [1, 9], [9, 2] } },
        },
    };

    public override async Task DisposeAsync()
    {
        foreach (var id in _saved)
        {
            await _planner.DeleteAsync($"/api/analysis/scenarios/{id}"); // 404 when the test deleted it itself
        }

        _planner.Dispose();
        await base.DisposeAsync();
    }
}
