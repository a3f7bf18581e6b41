using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>公众查询: what a parent sees near a point, the filters, the detail cards, on a desktop and a phone.</summary>
public sealed class PublicViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private ILocator Results => Page.Locator("#results li");

    [Fact]
    public async Task Lists_institutions_and_nursing_rooms_nearest_first_over_the_district_outline_without_tiles()
    {
        await OpenAsync("public");
        await Results.First.WaitForAsync();

        var distances = (await Results.EvaluateAllAsync<double[]>("items => items.map(li => Number(li.dataset.distance))")).ToList();
        Assert.True(distances.Count >= 10, $"only {distances.Count} results near the district centre");
        Assert.Equal(distances.OrderBy(d => d), distances);
        Assert.True(await Page.Locator("#results li[data-kind=institution]").CountAsync() > 0);
        Assert.True(await Page.Locator("#results li[data-kind=room]").CountAsync() > 0);
        Assert.Matches(@"\d+(\.\d+)? (米|公里)", await Results.First.Locator(".distance").InnerTextAsync());

        // No tile reached the page, yet the district outline and the markers are drawn.
        Assert.Contains(BlockedRequests, url => url.Contains("tile.openstreetmap.org", StringComparison.Ordinal));
        Assert.Equal(1, await Page.Locator("path.district-outline").CountAsync());
        Assert.True(await Page.Locator(".leaflet-marker-icon").CountAsync() > 0);
        Assert.Contains("示例", await Page.Locator("footer").InnerTextAsync(), StringComparison.Ordinal);

        await ScreenshotAsync("public");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Filters_narrow_the_list()
    {
        await OpenAsync("public");
        await Results.First.WaitForAsync();
        var all = await Results.CountAsync();
        var institutions = await Page.Locator("#results li[data-kind=institution]").CountAsync();

        await Page.CheckAsync("#filter-puhui");
        var puhui = await Page.Locator("#results li[data-kind=institution]").CountAsync();
        Assert.InRange(puhui, 1, institutions - 1);
        Assert.Equal(puhui, await Page.Locator("#results li[data-kind=institution] .badge.puhui").CountAsync());

        await Page.UncheckAsync("#show-rooms");
        Assert.Equal(0, await Page.Locator("#results li[data-kind=room]").CountAsync());
        Assert.Equal(puhui, await Results.CountAsync());

        await Page.UncheckAsync("#filter-puhui");
        await Page.CheckAsync("#show-rooms");
        await Page.CheckAsync("#filter-complete");
        var rooms = await Page.Locator("#results li[data-kind=room]").CountAsync();
        Assert.Equal(rooms, await Page.Locator("#results li[data-kind=room] .badge.ok").CountAsync());
        Assert.True(await Results.CountAsync() < all);
        Assert.Contains($"筛选后显示 {await Results.CountAsync()} 处", await Page.InnerTextAsync("#result-count"), StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Clicking_an_institution_on_the_map_opens_its_card()
    {
        // Centre the map on a filed institution, close enough that its marker stands alone.
        using var client = new HttpClient { BaseAddress = Fixture.BaseAddress };
        var nearby = await client.GetFromJsonAsync<JsonElement>("/api/nearby?lon=119.2966&lat=26.0860&layer=institutions&limit=1");
        var first = nearby.GetProperty("features")[0];
        var coordinates = first.GetProperty("geometry").GetProperty("coordinates");
        var name = first.GetProperty("properties").GetProperty("details").GetProperty("name").GetString()!;
        var (lon, lat) = (coordinates[0].GetDouble(), coordinates[1].GetDouble());

        await OpenAsync("public", string.Create(CultureInfo.InvariantCulture, $"18/{lat:F6}/{lon:F6}"));
        await Page.Locator($".leaflet-marker-icon.poi.institution[title='{name}']").ClickAsync();

        var card = Page.Locator("#detail .institution-card");
        await card.WaitForAsync();
        var text = await card.InnerTextAsync();
        Assert.Contains(name, text, StringComparison.Ordinal);
        foreach (var label in new[] { "核定", "空余", "收费", "电话", "开放时间", "备案", "质量评估", "班级", "示例数据" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }

        Assert.True(await card.Locator("table.classes tbody tr").CountAsync() > 0);
        await ScreenshotAsync("public-card");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_nursing_room_from_the_list_shows_its_equipment()
    {
        await OpenAsync("public");
        await Page.Locator("#results li[data-kind=room] button").First.ClickAsync();
        var card = Page.Locator("#detail .room-card");
        await card.WaitForAsync();
        Assert.Equal(9, await card.Locator("ul.equipment li").CountAsync());
        Assert.Contains("所在场所", await card.InnerTextAsync(), StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Clicking_the_map_searches_around_the_new_point()
    {
        await OpenAsync("public");
        await Results.First.WaitForAsync();
        var before = await Results.First.GetAttributeAsync("data-id");
        var box = (await Page.Locator("#map").BoundingBoxAsync())!;
        var answered = Page.WaitForResponseAsync(r => r.Url.Contains("/api/nearby", StringComparison.Ordinal));
        await Page.Mouse.ClickAsync(box.X + box.Width * 0.3f, box.Y + box.Height * 0.75f);
        await answered;
        await Page.WaitForFunctionAsync($"() => document.querySelector('#results li')?.dataset.id !== '{before}'");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task An_API_error_reads_as_the_problem_it_reports()
    {
        await Page.RouteAsync("**/api/nearby?*", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 400,
            ContentType = "application/problem+json",
            Body = """{"title":"One or more validation errors occurred.","status":400,"errors":{"lon":["lon/lat must lie inside China's extent"]}}""",
        }));
        await OpenAsync("public");
        var message = Page.Locator(".message.error").First;
        await message.WaitForAsync();
        var text = await message.InnerTextAsync();
        Assert.Contains("附近查询失败", text, StringComparison.Ordinal);
        Assert.Contains("lon：lon/lat must lie inside China's extent", text, StringComparison.Ordinal);
    }
}

/// <summary>The public view on a phone: the map above, the list below, nothing wider than the screen.</summary>
public sealed class PhoneLayoutTests(WebFixture fixture) : BrowserTest(fixture)
{
    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    [Fact]
    public async Task The_public_view_fits_a_phone()
    {
        await OpenAsync("public");
        await Page.Locator("#results li").First.WaitForAsync();
        var map = (await Page.Locator("#map").BoundingBoxAsync())!;
        var panel = (await Page.Locator("#panel").BoundingBoxAsync())!;
        Assert.True(map.Width >= 380 && map.Height >= 300, $"map {map.Width}×{map.Height}");
        Assert.True(panel.Y >= map.Y + map.Height - 1, "the list sits below the map");
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ScreenshotAsync("public-phone");
        AssertNoConsoleErrors();
    }
}
