using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// Siting runs and saved scenarios, against <see cref="SitingStub"/> until the siting endpoints land: a run is a
/// job that is polled and shows its sites; two scenarios compare side by side.
/// </summary>
public sealed class SitingViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_siting_run_shows_its_sites_and_two_scenarios_compare()
    {
        var stub = await SitingStub.InstallAsync(Page, Fixture);
        await SignInWithTokenAsync(Role.Planner);
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
}
