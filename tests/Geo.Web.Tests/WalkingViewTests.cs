using System.Net.Http.Json;
using System.Text.Json;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// 公众查询 on the street network: 步行 5/10/15 分钟 isochrones and 步行约 N 分钟 in the results where the district has a
/// walking network, and the map as before (no isochrone, no walk, no error) where it has none.
/// </summary>
public sealed class WalkingViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string Gulou = "350102";

    [Fact]
    public async Task A_district_with_streets_shows_walking_isochrones_and_minutes_and_one_without_shows_neither()
    {
        await OpenAsync("public");
        await Page.Locator("#results li").First.WaitForAsync();
        Assert.Equal(0, await Page.Locator("path.isochrone").CountAsync());
        Assert.Equal(0, await Page.Locator("#results .walk").CountAsync());
        Assert.DoesNotContain("步行 5 分钟可达", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);

        await (await StreetGrid.OverDistrictAsync(Fixture, Gulou)).ImportAsync(Fixture, Gulou);
        try
        {
            await Page.ReloadAsync();
            await Page.WaitForSelectorAsync("body[data-ready=true]");
            await Page.Locator("path.isochrone").Nth(2).WaitForAsync();
            Assert.Equal(3, await Page.Locator("path.isochrone").CountAsync());
            Assert.Equal(1, await Page.Locator("path.isochrone-5").CountAsync());
            var legend = await Page.InnerTextAsync("#legend");
            foreach (var minutes in new[] { 5, 10, 15 })
            {
                Assert.Contains($"步行 {minutes} 分钟可达", legend, StringComparison.Ordinal);
            }

            // Each result on the grid tells its walk, never shorter than the straight line.
            var walks = await TextsAsync(Page.Locator("#results .walk"));
            Assert.True(walks.Count >= 5, $"only {walks.Count} results tell a walk");
            Assert.All(walks, w => Assert.Matches(@"^步行约 \d+ 分钟$", w));
            var nearby = await Fixture.Client().GetFromJsonAsync<JsonElement>(
                $"/api/nearby?layer=institutions&limit=20&max_distance_m=3000&lon={await CentreAsync("lng")}&lat={await CentreAsync("lat")}");
            var features = nearby.GetProperty("features").EnumerateArray().ToList();
            Assert.NotEmpty(features);
            foreach (var f in features.Where(f => f.GetProperty("properties").GetProperty("walking_m").ValueKind == JsonValueKind.Number))
            {
                var p = f.GetProperty("properties");
                Assert.True(p.GetProperty("walking_m").GetDouble() >= p.GetProperty("distance_m").GetDouble() - 0.5, p.ToString());
                Assert.Equal(p.GetProperty("walking_m").GetDouble() / 1.2 / 60, p.GetProperty("walking_minutes").GetDouble(), 0.06);
            }

            // A card tells the walk beside the straight line, and the map shows the facility's own isochrones.
            await Page.Locator("#results li[data-kind=institution] button").First.ClickAsync();
            Assert.Matches(@"步行约 \d+ 分钟，\d+(\.\d+)? (米|公里)", await Page.InnerTextAsync("#detail"));
            await Page.Locator("path.isochrone").Nth(2).WaitForAsync();
            await ScreenshotAsync("public-walking");
            AssertNoConsoleErrors();
        }
        finally
        {
            await StreetGrid.RemoveAsync(Fixture, Gulou);
        }
    }

    /// <summary>The page's query point (the map's centre on first view), as the page sent it to /api/nearby.</summary>
    private async Task<string> CentreAsync(string axis) =>
        await Page.EvaluateAsync<string>($"() => new URL(performance.getEntriesByType('resource').find((r) => r.name.includes('/api/nearby')).name).searchParams.get('{(axis == "lng" ? "lon" : "lat")}')");
}
