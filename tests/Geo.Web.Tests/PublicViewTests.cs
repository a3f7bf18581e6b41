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
    public async Task Now_open_keeps_the_rooms_the_API_finds_open_and_each_room_says_open_or_closed()
    {
        // Monday 22:00 in China: only the transport hubs' rooms (06:30–23:00) are open.
        await Page.Clock.SetFixedTimeAsync(new DateTime(2026, 11, 23, 14, 0, 0, DateTimeKind.Utc));
        using var client = Fixture.Client();
        var open = (await client.GetFromJsonAsync<JsonElement>("/api/nursing-rooms?district=350102&open_at=2026-11-23T22:00&page_size=10000"))
            .GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").ToString()).ToHashSet();

        await OpenAsync("public");
        await Results.First.WaitForAsync();
        var rooms = Page.Locator("#results li[data-kind=room]");
        var states = await rooms.EvaluateAllAsync<string[][]>("items => items.map(li => [li.dataset.id, li.querySelector('.badge.open') ? 'open' : li.querySelector('.badge.closed') ? 'closed' : ''])");
        Assert.NotEmpty(states);
        Assert.All(states, s => Assert.Equal(open.Contains(s[0]) ? "open" : "closed", s[1]));
        Assert.Contains(states, s => s[1] == "closed");

        await Page.CheckAsync("#filter-open-now");
        var shown = await rooms.EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.id)");
        Assert.Equal(states.Where(s => s[1] == "open").Select(s => s[0]), shown);
        Assert.True(await Page.Locator("#results li[data-kind=institution]").CountAsync() > 0, "the filter is the rooms' only");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Searching_a_residential_area_by_name_searches_around_it()
    {
        await OpenAsync("public");
        await Results.First.WaitForAsync();
        await Page.FillAsync("#place-search", "白马");
        await Page.PressAsync("#place-search", "Enter");
        var hit = Page.Locator("#place-hits li button", new() { HasText = "白马小区" });
        await hit.WaitForAsync();
        Assert.Contains("小区", await hit.InnerTextAsync(), StringComparison.Ordinal);

        var answered = Page.WaitForRequestAsync(r => r.Url.Contains("/api/nearby", StringComparison.Ordinal));
        await hit.ClickAsync();
        var asked = new Uri((await answered).Url);
        using var client = Fixture.Client();
        var area = (await client.GetFromJsonAsync<JsonElement>("/api/residential-areas?district=350102&q=" + Uri.EscapeDataString("白马小区")))
            .GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        var query = System.Web.HttpUtility.ParseQueryString(asked.Query);
        Assert.InRange(double.Parse(query["lon"]!, CultureInfo.InvariantCulture), area[0].GetDouble() - 0.005, area[0].GetDouble() + 0.005);
        Assert.InRange(double.Parse(query["lat"]!, CultureInfo.InvariantCulture), area[1].GetDouble() - 0.005, area[1].GetDouble() + 0.005);
        Assert.Equal(0, await Page.Locator("#place-hits li").CountAsync());

        await Page.FillAsync("#place-search", "没有这个小区");
        await Page.PressAsync("#place-search", "Enter");
        await Page.Locator("#place-hits li", new() { HasText = "没有名称或地址含" }).WaitForAsync();
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_room_too_small_with_all_its_equipment_says_so_and_the_legend_shows_both_institution_colours()
    {
        // The demo's rooms are all large enough: one is made 8 m² with every item, as the API would then describe it.
        await Page.RouteAsync("**/api/nearby?*layer=nursing-rooms*", async route =>
        {
            var response = await route.FetchAsync();
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            var details = body["features"]![0]!["properties"]!["details"]!;
            details["usable_area_m2"] = 8;
            details["missing_equipment"] = new System.Text.Json.Nodes.JsonArray();
            details["compliant"] = false;
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body.ToJsonString() });
        });
        await OpenAsync("public");
        var room = Page.Locator("#results li[data-kind=room]").First;
        await room.WaitForAsync();
        var meta = await room.InnerTextAsync();
        Assert.Contains("面积不足10平方米", meta, StringComparison.Ordinal);
        Assert.DoesNotContain("缺0项", meta, StringComparison.Ordinal);
        await room.Locator("button").ClickAsync();
        Assert.Contains("面积不足10平方米", await Page.InnerTextAsync("#detail"), StringComparison.Ordinal);

        var legend = await Page.InnerTextAsync("#legend");
        Assert.Contains("普惠托育机构", legend, StringComparison.Ordinal);
        Assert.Contains("其他托育机构", legend, StringComparison.Ordinal);
        Assert.Equal(1, await Page.Locator("#legend .swatch.dot[style*='#2563eb']").CountAsync());
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
