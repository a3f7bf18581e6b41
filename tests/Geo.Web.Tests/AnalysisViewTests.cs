using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// The analysis views against docs/api.md's analysis contract, answered by <see cref="AnalysisStub"/>: coverage
/// colours and figures, targets, 母婴室 coverage, a what-if that changes the figures, a siting run that shows its
/// sites, a comparison of two scenarios, and the ranked parcels.
/// </summary>
public sealed class AnalysisViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_planner_shows_coverage_targets_and_nursing_room_figures()
    {
        await AnalysisStub.InstallAsync(Page, Fixture.BaseAddress);
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");

        Assert.Equal("5.2", await Page.InnerTextAsync("#coverage-summary [data-figure=per-thousand] .value"));
        Assert.Equal(10, await Page.Locator("#chart-subdistricts .bar").CountAsync());
        Assert.Equal(2, await Page.Locator("table.targets tbody tr").CountAsync());
        Assert.Equal("75.0%", await Page.InnerTextAsync("[data-figure=nursing-coverage] .value"));
        Assert.Equal(0, await Page.Locator(".not-provided").CountAsync());
        // Areas meeting the standard are green, those without accessible places red.
        var fills = await Page.Locator("path.area-shape").EvaluateAllAsync<string[]>("paths => [...new Set(paths.map(p => p.getAttribute('fill')))]");
        Assert.Contains("#1a9850", fills);
        Assert.Contains("#d73027", fills);
        await ScreenshotAsync("planner-analysis");

        // The gap heat map and the 街道 coloured by target status, then a new radius with the heat map off again.
        var control = Page.Locator(".leaflet-control-layers-overlays");
        await control.Locator("label", new() { HasText = "托位缺口（热力）" }).Locator("input").CheckAsync(new() { Force = true });
        await control.Locator("label", new() { HasText = "街道·目标达成" }).Locator("input").CheckAsync(new() { Force = true });
        Assert.Equal(1, await Page.Locator("canvas.leaflet-heatmap-layer").CountAsync());
        Assert.Equal(10, await Page.Locator("path.subdistrict-shape").CountAsync());
        var streetColours = await Page.Locator("path.subdistrict-shape").EvaluateAllAsync<string[]>("paths => [...new Set(paths.map(p => p.getAttribute('stroke')))]");
        Assert.Contains("#16a34a", streetColours);
        Assert.Contains("#dc2626", streetColours);
        await ScreenshotAsync("planner-gap-subdistricts");
        await control.Locator("label", new() { HasText = "托位缺口（热力）" }).Locator("input").UncheckAsync(new() { Force = true });
        await Page.RunAndWaitForResponseAsync(() => Page.SelectOptionAsync("#planner-radius", "500"),
            r => r.Url.Contains("/api/analysis/coverage?", StringComparison.Ordinal) && r.Url.Contains("radius_m=500", StringComparison.Ordinal));
        await Page.WaitForSelectorAsync("#loading", new() { State = Microsoft.Playwright.WaitForSelectorState.Hidden });
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_what_if_changes_the_figures()
    {
        var stub = await AnalysisStub.InstallAsync(Page, Fixture.BaseAddress);
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        await Page.ClickAsync("button.mode[data-mode=add]");
        var box = (await Page.Locator("#map").BoundingBoxAsync())!;
        await Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Page.ClickAsync("button.mode[data-mode=remove]");
        await Page.Locator("path.institution-dot").First.ClickAsync(new() { Force = true });
        await Page.ClickAsync("#whatif-run");

        var row = Page.Locator("#whatif-diff tr[data-figure=slots_per_thousand]");
        await row.WaitForAsync();
        Assert.Equal("5.2", await row.Locator(".before").InnerTextAsync());
        Assert.Equal("8.2", await row.Locator(".after").InnerTextAsync());
        Assert.Contains("improved", await row.GetAttributeAsync("class"), StringComparison.Ordinal);
        Assert.Contains("改善的居住区 12 个", await Page.InnerTextAsync("#whatif-counts"), StringComparison.Ordinal);

        var posted = stub.Posted.Single();
        Assert.Equal("350102", posted["district"]!.GetValue<string>());
        Assert.Single(posted["add"]!.AsArray());
        Assert.Equal(60, posted["add"]![0]!["approved_slots"]!.GetValue<int>());
        Assert.Single(posted["remove"]!.AsArray());
        await ScreenshotAsync("planner-whatif");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_siting_run_shows_its_sites_and_two_scenarios_compare()
    {
        var stub = await AnalysisStub.InstallAsync(Page, Fixture.BaseAddress);
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        await Page.FillAsync("#siting-name", "试算");
        await Page.ClickAsync("#siting-run");

        await Page.Locator("#siting-sites li").First.WaitForAsync();
        Assert.Equal(2, await Page.Locator("#siting-sites li").CountAsync());
        Assert.Equal(2, await Page.Locator(".poi.site").CountAsync());
        Assert.Contains("服务需求 300", await Page.InnerTextAsync("#siting-sites"), StringComparison.Ordinal);
        Assert.Equal("最优", await Page.InnerTextAsync("[data-figure=optimality] .value"));
        Assert.Equal("试算", stub.Posted.Single()["name"]!.GetValue<string>());
        await ScreenshotAsync("planner-siting");

        await Page.SelectOptionAsync("#compare-b", "2");
        await Page.ClickAsync("#compare-run");
        var table = Page.Locator("#compare-table");
        await table.WaitForAsync();
        var text = await table.InnerTextAsync();
        Assert.Contains("方案甲", text, StringComparison.Ordinal);
        Assert.Contains("方案乙", text, StringComparison.Ordinal);
        Assert.Equal(4, await Page.Locator(".poi.site").CountAsync());
        await ScreenshotAsync("planner-compare");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_land_view_ranks_parcels_with_their_reasons()
    {
        await AnalysisStub.InstallAsync(Page, Fixture.BaseAddress);
        await OpenAsync("land");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        var ranks = await Page.Locator("#parcel-list li .rank").AllInnerTextsAsync();
        Assert.Equal(Enumerable.Range(1, 25).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)), ranks);
        Assert.Equal(25, await Page.Locator(".rank-label").CountAsync());
        Assert.Contains("示例理由", await Page.Locator("#parcel-list li .reason").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("", await Page.InnerTextAsync("#land-notice"));

        await Page.SelectOptionAsync("#land-top", "5");
        Assert.Equal(5, await Page.Locator("#parcel-list li").CountAsync());
        await Page.Locator("#parcel-list li button").First.ClickAsync();
        Assert.Contains("得分构成", await Page.InnerTextAsync("#parcel-detail"), StringComparison.Ordinal);
        await ScreenshotAsync("land-ranked");
        AssertNoConsoleErrors();
    }
}
