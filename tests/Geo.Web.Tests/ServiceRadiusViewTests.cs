using System.Diagnostics;
using System.Text.Json;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Geo.Web.Tests;

/// <summary>
/// 规划分析's 服务半径圈: straight circles labelled 直线 where the demo district has no walking network; once a street grid
/// is imported, each institution in view drawn by the streets it reaches on foot within the radius, labelled with the
/// minutes and the network, asked for in one request however many institutions are in view.
/// </summary>
public sealed class ServiceRadiusViewTests(WebFixture fixture, ITestOutputHelper output) : BrowserTest(fixture)
{
    private const string Gulou = "350102";

    [Fact]
    public async Task Service_radii_are_circles_without_a_network_and_walking_reaches_with_one()
    {
        await SignInWithTokenAsync(Role.Planner);
        await OpenAsync("planner", group: "coverage");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.True(await Page.Locator("path.catchment-circle").CountAsync() > 0);
        Assert.Equal(0, await Page.Locator("path.catchment-walk").CountAsync());
        Assert.Contains("服务半径圈：直线 300 米", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);

        var grid = await StreetGrid.OverDistrictAsync(Fixture, Gulou);
        try
        {
            await grid.ImportAsync(Fixture, Gulou);
            var asked = new List<JsonElement>();
            Page.Request += (_, request) =>
            {
                if (request.Url.EndsWith($"/api/districts/{Gulou}/network/reaches", StringComparison.Ordinal))
                {
                    asked.Add(JsonDocument.Parse(request.PostData!).RootElement.Clone());
                }
            };

            var clock = Stopwatch.StartNew();
            await Page.ReloadAsync(); // a new load: the page kept its coverage measured without a network
            await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
            await Page.Locator("path.catchment-walk").First.WaitForAsync();
            await Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
            var drawnIn = clock.ElapsedMilliseconds;

            var walks = await Page.Locator("path.catchment-walk").CountAsync();
            var institutions = await Page.Locator("path.institution-dot").CountAsync();
            Assert.Equal(0, await Page.Locator("path.catchment-circle").CountAsync());
            var sites = asked.Sum(b => b.GetProperty("sites").GetArrayLength());
            output.WriteLine($"{institutions} institution markers, {sites} reaches asked in {asked.Count} request(s), {walks} drawn; {drawnIn} ms from reload");
            Assert.Single(asked); // the institutions in view, in one request
            Assert.InRange(walks, 1, sites);
            Assert.Equal(300, asked[0].GetProperty("radius_m").GetDouble());
            Assert.Contains("服务半径圈：步行 300 米（约 4.2 分钟，按步行路网）", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);
            await ScreenshotAsync("planner-service-radius-walking");

            // A wider radius asks again, for 500 m, and says so.
            var wider = Page.WaitForResponseAsync(r => r.Url.EndsWith("/network/reaches", StringComparison.Ordinal) && r.Request.PostData!.Contains("\"radius_m\":500", StringComparison.Ordinal));
            await Page.SelectOptionAsync("#planner-radius", "500");
            await wider;
            await Page.WaitForFunctionAsync("() => document.querySelectorAll('path.catchment-walk').length > 0");
            Assert.Equal(2, asked.Count); // the institutions, reloaded with the radius, are the same: one more request
            Assert.Equal(500, asked[^1].GetProperty("radius_m").GetDouble());
            Assert.Contains("服务半径圈：步行 500 米（约 6.9 分钟，按步行路网）", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);
            AssertNoConsoleErrors();
        }
        finally
        {
            await StreetGrid.RemoveAsync(Fixture, Gulou);
        }
    }
}
