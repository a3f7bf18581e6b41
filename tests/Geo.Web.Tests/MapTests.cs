using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>What every view shares: base maps, layer control, scale bar, legend and the permalink.</summary>
public sealed class MapTests(WebFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Base_maps_offer_OpenStreetMap_and_none_and_hide_Tianditu_without_a_key()
    {
        await OpenAsync("public");
        var control = Page.Locator(".leaflet-control-layers");
        var bases = await control.Locator(".leaflet-control-layers-base label").AllInnerTextsAsync();
        Assert.Equal(["OpenStreetMap", "无底图"], bases.Select(b => b.Trim()));
        Assert.Contains("区界", await control.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await Page.Locator(".leaflet-control-scale").CountAsync());
        Assert.True(await Page.Locator("#legend .legend-row").CountAsync() > 0);

        await control.Locator("label", new() { HasText = "无底图" }).Locator("input").CheckAsync(new() { Force = true });
        await Page.WaitForFunctionAsync("() => location.hash.includes('base=none')");
        Assert.Equal(0, await Page.Locator(".leaflet-tile").CountAsync());
        Assert.Equal(1, await Page.Locator("path.district-outline").CountAsync());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_permalink_keeps_view_zoom_and_centre()
    {
        await OpenAsync("land", "15/26.08000/119.29000");
        Assert.Equal("true", await Page.GetAttributeAsync("#tab-land", "aria-selected"));
        Assert.Equal(15, await Page.EvaluateAsync<int>("() => Number(location.hash.match(/map=(\\d+)/)[1])"));

        await Page.ClickAsync("#tab-public");
        await Page.WaitForFunctionAsync("() => location.hash.startsWith('#view=public')");
        var link = await Page.GetAttributeAsync("#permalink", "href");
        Assert.StartsWith("#view=public&map=15/26.08000/119.29000", link, StringComparison.Ordinal);

        await Page.ReloadAsync();
        await Page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal("true", await Page.GetAttributeAsync("#tab-public", "aria-selected"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_page_has_its_icon_and_copying_the_link_says_so()
    {
        var missing = new List<string>();
        Page.Response += (_, response) =>
        {
            if (response.Status == 404)
            {
                lock (missing)
                {
                    missing.Add(response.Url);
                }
            }
        };
        await Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Fixture.BaseAddress.GetLeftPart(UriPartial.Authority) });
        await OpenAsync("public");
        Assert.Equal(200, (await Page.APIRequest.GetAsync(new Uri(Fixture.BaseAddress, "/favicon.svg").ToString())).Status);

        await Page.ClickAsync("#permalink");
        await Page.Locator(".message.notice", new() { HasText = "已复制本视图的链接" }).WaitForAsync();
        Assert.Equal(Page.Url, await Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        lock (missing)
        {
            Assert.Empty(missing);
        }

        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Config_gives_no_Tianditu_key_when_none_is_configured_and_the_district_to_open_on()
    {
        using var client = new HttpClient { BaseAddress = Fixture.BaseAddress };
        var body = await client.GetStringAsync("/api/config");
        Assert.Equal("""{"tianditu_key":null,"default_district":"350102"}""", body);
    }
}
