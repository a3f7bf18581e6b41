using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// The large layers drawn from the API's vector tiles. The demo district is small enough for GeoJSON, so the
/// permalink's tiles=on forces tile mode; without it the views load GeoJSON as before and ask for no tile.
/// </summary>
public sealed partial class VectorTileTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const int DemoAreas = 420;

    private readonly List<IRequest> _requests = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Page.Request += (_, request) =>
        {
            lock (_requests)
            {
                _requests.Add(request);
            }
        };
    }

    [Fact]
    public async Task The_public_view_draws_the_residential_areas_from_tiles_of_the_API_s_own_origin()
    {
        await OpenAsync("public", tiles: "on");
        await WaitForPathsAsync("path.area-tile", DemoAreas);

        var tiles = Requests("/tiles/");
        Assert.NotEmpty(tiles);
        Assert.All(tiles, url => Assert.Matches(TileUrl(), url));
        Assert.All(tiles, url => Assert.StartsWith(Fixture.BaseAddress.GetLeftPart(UriPartial.Authority) + "/tiles/residential-areas/", url));
        Assert.DoesNotContain(Requests("/api/residential-areas?"), url => url.Contains("page_size=5000", StringComparison.Ordinal));
        Assert.DoesNotContain(BlockedRequests, url => url.Contains(".mvt", StringComparison.Ordinal));
        Assert.Contains("新建居住区", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);
        await ScreenshotAsync("public-tiles");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_planner_keeps_the_analysis_colours_in_GeoJSON_over_the_residential_tiles()
    {
        await OpenAsync("planner", tiles: "on");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        await WaitForPathsAsync("path.area-tile", DemoAreas);
        Assert.Equal(DemoAreas, await Page.Locator("path.area-shape").CountAsync());
        Assert.Contains(Requests("/tiles/"), url => url.Contains("/tiles/residential-areas/", StringComparison.Ordinal));
        Assert.Contains("居住区·类型（矢量切片）", await Page.InnerTextAsync(".leaflet-control-layers"), StringComparison.Ordinal);
        await ScreenshotAsync("planner-tiles");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_land_officer_sees_the_parcels_from_tiles_fetched_with_the_token_and_a_click_opens_the_card()
    {
        var token = WebFixture.Token(Role.LandOfficer);
        await SignInWithTokenAsync(Role.LandOfficer, token);
        await OpenAsync("land", tiles: "on");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        await WaitForPathsAsync("path.parcel-tile", 25);
        Assert.Equal(0, await Page.Locator("path.parcel-shape").CountAsync());
        Assert.Equal(25, await Page.Locator("#parcel-list li").CountAsync()); // the ranking is the list, as before

        var parcelTiles = RequestsOf("/tiles/parcels/");
        Assert.NotEmpty(parcelTiles);
        foreach (var tile in parcelTiles)
        {
            Assert.Equal($"Bearer {token}", await tile.HeaderValueAsync("authorization"));
            Assert.Equal(200, (await tile.ResponseAsync())?.Status);
        }

        Assert.DoesNotContain(Requests("/api/parcels?"), url => url.Contains("page_size=1000", StringComparison.Ordinal)); // never the whole layer

        var read = await Page.RunAndWaitForResponseAsync(
            () => Page.Locator("path.parcel-tile").First.ClickAsync(new() { Force = true }),
            response => ParcelRead().IsMatch(response.Url));
        Assert.Equal(200, read.Status);
        var card = Page.Locator("#parcel-detail .parcel-card");
        await card.WaitForAsync();
        var code = (await read.JsonAsync())!.Value.GetProperty("properties").GetProperty("code").GetString()!;
        var text = await card.InnerTextAsync();
        Assert.Contains(code, text, StringComparison.Ordinal);
        foreach (var label in new[] { "用地性质", "现状", "面积", "权属", "得分" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }

        // A filter redraws the tiles with only the parcels it keeps.
        var all = await Page.Locator("path.parcel-tile").CountAsync();
        await Page.SelectOptionAsync("#land-status", "idle");
        Assert.InRange(await Page.Locator("#parcel-list li").CountAsync(), 1, 24);
        await Page.WaitForFunctionAsync($"() => {{ const n = document.querySelectorAll('path.parcel-tile').length; return n > 0 && n < {all}; }}");
        await Page.SelectOptionAsync("#land-status", "");
        await WaitForPathsAsync("path.parcel-tile", 25);

        // The list opens a card the same way, reading the parcel; its zoom asks for tiles of that zoom.
        var first = Page.Locator("#parcel-list li").First;
        await Page.RunAndWaitForResponseAsync(() => first.Locator("button").ClickAsync(), response => ParcelRead().IsMatch(response.Url));
        // The card is drawn after the read's answer arrives, and holds the tile's parcel until then.
        await Assertions.Expect(card).ToContainTextAsync((await first.GetAttributeAsync("data-code"))!);
        await Page.WaitForFunctionAsync("() => location.hash.includes('map=17/')");
        await Page.WaitForFunctionAsync("() => [...document.querySelectorAll('path.parcel-tile')].some(p => p.getAttribute('stroke-width') === '3')");
        Assert.Contains(Requests("/tiles/parcels/17/"), url => url.EndsWith(".mvt", StringComparison.Ordinal));
        await Page.WaitForTimeoutAsync(1000); // for the screenshot: Leaflet prunes the previous zoom's tiles 250 ms after the last new one
        await ScreenshotAsync("land-tiles");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Without_a_sign_in_no_parcel_tile_is_asked_for()
    {
        await OpenAsync("land", tiles: "on");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        Assert.Equal("denied", await Page.GetAttributeAsync(".view-land", "data-access"));
        await Page.ClickAsync("#tab-public");
        await WaitForPathsAsync("path.area-tile", 1);
        Assert.Empty(Requests("/tiles/parcels/"));
        Assert.Equal(0, await Page.Locator("path.parcel-tile").CountAsync());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task By_default_the_small_demo_district_is_drawn_from_GeoJSON_and_no_tile_is_asked_for()
    {
        await SignInWithTokenAsync(Role.LandOfficer);
        await OpenAsync("public");
        await WaitForPathsAsync("path.area-tile", DemoAreas); // the residential context, as GeoJSON
        Assert.Equal(DemoAreas, await Page.Locator("path.area-tile").CountAsync());
        Assert.Contains(Requests("/api/residential-areas?"), url => SizeProbe().IsMatch(url)); // one cheap request decides the mode

        await Page.ClickAsync("#tab-land");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        Assert.Equal(25, await Page.Locator("path.parcel-shape").CountAsync());
        Assert.Empty(Requests("/tiles/"));
        Assert.DoesNotContain("tiles=", await Page.EvaluateAsync<string>("() => location.hash"), StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_permalink_keeps_tile_mode()
    {
        await OpenAsync("public", "14/26.08000/119.29000", tiles: "on");
        await Page.ClickAsync("#tab-planner");
        await Page.WaitForFunctionAsync("() => location.hash.startsWith('#view=planner')");
        Assert.EndsWith("&tiles=on", await Page.GetAttributeAsync("#permalink", "href"), StringComparison.Ordinal);
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        AssertNoConsoleErrors();
    }

    private Task WaitForPathsAsync(string selector, int atLeast) =>
        Page.WaitForFunctionAsync($"() => document.querySelectorAll({System.Text.Json.JsonSerializer.Serialize(selector)}).length >= {atLeast}");

    private List<IRequest> RequestsOf(string part)
    {
        lock (_requests)
        {
            return _requests.Where(r => r.Url.Contains(part, StringComparison.Ordinal)).ToList();
        }
    }

    private List<string> Requests(string part) => RequestsOf(part).Select(r => r.Url).ToList();

    [GeneratedRegex(@"/tiles/[a-z-]+/\d+/\d+/\d+\.mvt$")]
    private static partial Regex TileUrl();

    [GeneratedRegex(@"[?&]page_size=1(&|$)")]
    private static partial Regex SizeProbe();

    [GeneratedRegex(@"/api/parcels/\d+$")]
    private static partial Regex ParcelRead();
}
