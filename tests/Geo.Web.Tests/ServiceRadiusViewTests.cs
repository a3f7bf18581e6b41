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

    private const string CompareRequests = """
        async ({ district, sites: json, minutes }) => {
          const sites = JSON.parse(json);
          const best = async (run) => { let ms = Infinity; for (let k = 0; k < 3; k += 1) { const t = performance.now(); await run(); ms = Math.min(ms, performance.now() - t); } return ms; };
          let polygons = 0;
          const batch = await best(async () => {
            const r = await fetch(`/api/districts/${district}/network/reaches`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sites, radius_m: 300 }) });
            polygons = (await r.json()).features.length;
          });
          const single = await best(() => Promise.all(sites.map((s) => fetch(`/api/districts/${district}/network/isochrones?lon=${s.lon}&lat=${s.lat}&minutes=${minutes}`).then((r) => r.text()))));
          return { sites: sites.length, polygons, batch, single };
        }
        """;

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

            // The same reaches asked for one institution at a time through the isochrones (the peer), beside one request
            // for them all, timed in the page in one run (docs/benchmarks.md, 2026-12-02).
            var timing = await Page.EvaluateAsync<JsonElement>(CompareRequests, new { district = Gulou, sites = asked[0].GetProperty("sites").GetRawText(), minutes = 300 / 1.2 / 60 });
            output.WriteLine($"one reaches request for {timing.GetProperty("sites").GetInt32()} sites: {timing.GetProperty("batch").GetDouble():F0} ms (best of 3); " +
                $"one isochrone request per site: {timing.GetProperty("single").GetDouble():F0} ms (best of 3); load {File.ReadAllText("/proc/loadavg").Trim()}");
            Assert.Equal(timing.GetProperty("sites").GetInt32(), timing.GetProperty("polygons").GetInt32());

            // A wider radius asks again, for 500 m, and says so.
            var before = asked.Count; // the timing's own requests included
            var wider = Page.WaitForResponseAsync(r => r.Url.EndsWith("/network/reaches", StringComparison.Ordinal) && r.Request.PostData!.Contains("\"radius_m\":500", StringComparison.Ordinal));
            await Page.SelectOptionAsync("#planner-radius", "500");
            await wider;
            await Page.WaitForFunctionAsync("() => document.querySelectorAll('path.catchment-walk').length > 0");
            Assert.Equal(before + 1, asked.Count); // the institutions, reloaded with the radius, are the same: one more request
            Assert.Equal(500, asked[^1].GetProperty("radius_m").GetDouble());
            // The legend is redrawn when the whole reload for the new radius is done, which may end after the reaches answer.
            await Microsoft.Playwright.Assertions.Expect(Page.Locator("#legend")).ToContainTextAsync("服务半径圈：步行 500 米（约 6.9 分钟，按步行路网）");

            // A siting run measured on foot draws each new site's walk, not a circle.
            await Page.ClickAsync("#planner-groups-tab-siting");
            await Page.FillAsync("#siting-name", $"步行-{Guid.NewGuid().ToString("N")[..6]}");
            await Page.SelectOptionAsync("#siting-solver", "heuristic");
            await Page.FillAsync("#siting-p", "2");
            var run = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#siting-run"),
                r => r.Url.EndsWith("/api/analysis/siting", StringComparison.Ordinal) && r.Request.Method == "POST");
            var result = await run.JsonAsync() ?? throw new InvalidOperationException("no body");
            using var planner = Fixture.Client(Role.Planner);
            try
            {
                Assert.Equal("network", result.GetProperty("distance").GetProperty("distance").GetString());
                await Page.WaitForFunctionAsync("() => document.querySelectorAll('path.site-walk').length === 2");
                Assert.Equal(2, await Page.Locator(".poi.site").CountAsync());
            }
            finally
            {
                await planner.DeleteAsync($"/api/analysis/scenarios/{result.GetProperty("id").GetInt64()}");
            }

            AssertNoConsoleErrors();
        }
        finally
        {
            await StreetGrid.RemoveAsync(Fixture, Gulou);
        }
    }
}
