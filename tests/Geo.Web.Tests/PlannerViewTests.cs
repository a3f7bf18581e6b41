using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>规划分析: the residential areas, catchments and institutions of the demo, and the analysis sections.</summary>
public sealed class PlannerViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const int DemoAreas = 420;

    [Fact]
    public async Task Shows_areas_catchments_and_institutions()
    {
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.Equal(DemoAreas, await Page.Locator("path.area-shape").CountAsync());
        Assert.True(await Page.Locator("path.institution-dot").CountAsync() >= 30);
        Assert.Contains("可达托位/千人", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);
        await ScreenshotAsync("planner");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_missing_analysis_service_is_said_plainly_and_the_rest_keeps_working()
    {
        await Page.RouteAsync("**/api/analysis/**", route => route.FulfillAsync(new()
        {
            Status = 404, ContentType = "application/problem+json",
            Body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404}""",
        }));
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

    [Fact]
    public async Task What_if_lists_the_changes_placed_on_the_map()
    {
        await OpenAsync("planner");
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
}
