using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// The first view opens on one district, chosen in the header's selector and kept in the permalink, never fitted to
/// every district in the database. The demo holds one district, so the page is given a second one far away.
/// </summary>
public sealed class FirstViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string Gulou = "350102";
    private const string Faraway = "220102";

    /// <summary>A square district in 长春 (about 125.30–125.34 E, 43.84–43.87 N), added to the API's list.</summary>
    private async Task WithSecondDistrictAsync(bool listedFirst = false) => await Page.RouteAsync("**/api/districts?level=district*", async route =>
    {
        var response = await route.FetchAsync();
        var body = JsonNode.Parse(await response.TextAsync())!;
        var ring = new JsonArray(new JsonArray(125.30, 43.84), new JsonArray(125.34, 43.84), new JsonArray(125.34, 43.87), new JsonArray(125.30, 43.87), new JsonArray(125.30, 43.84));
        var faraway = new JsonObject
        {
            ["type"] = "Feature", ["id"] = Faraway,
            ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) },
            ["properties"] = new JsonObject { ["code"] = Faraway, ["name"] = "南关区", ["level"] = "district" },
        };
        body["features"]!.AsArray().Insert(listedFirst ? 0 : body["features"]!.AsArray().Count, faraway);
        await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body.ToJsonString() });
    });

    private Task<double[]> CentreAndZoomAsync() =>
        Page.EvaluateAsync<double[]>("() => { const m = location.hash.match(/map=(\\d+)\\/([\\d.]+)\\/([\\d.]+)/); return [Number(m[1]), Number(m[2]), Number(m[3])]; }");

    /// <summary>A deployment lists many districts; a link without one opens on Map:DefaultDistrict (the demo here), not on the first listed.</summary>
    [Fact]
    public async Task Without_a_district_in_the_link_it_opens_on_the_configured_one_not_the_first_listed()
    {
        await WithSecondDistrictAsync(listedFirst: true);
        await OpenAsync("public");
        Assert.Equal(["南关区", "鼓楼区"], (await Page.Locator("#district option").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(Gulou, await Page.InputValueAsync("#district"));
        var view = await CentreAndZoomAsync();
        Assert.InRange(view[1], 26.0, 26.15);
        Assert.InRange(view[2], 119.2, 119.4);
    }

    [Fact]
    public async Task Opens_on_the_first_district_and_the_selector_moves_to_another_kept_in_the_permalink()
    {
        await WithSecondDistrictAsync();
        await OpenAsync("public");

        // 鼓楼区 fills the map: a district's zoom, not two provinces'.
        var view = await CentreAndZoomAsync();
        Assert.InRange(view[0], 11, 15);
        Assert.InRange(view[1], 26.0, 26.15);
        Assert.InRange(view[2], 119.2, 119.4);
        Assert.Equal(["鼓楼区", "南关区"], (await Page.Locator("#district option").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(Gulou, await Page.InputValueAsync("#district"));
        Assert.Contains($"district={Gulou}", await Page.GetAttributeAsync("#permalink", "href"), StringComparison.Ordinal);

        // The page loads afresh on the other district: its first request is for the configuration.
        await Page.RunAndWaitForRequestAsync(() => Page.SelectOptionAsync("#district", Faraway), "**/api/config");
        await Page.WaitForSelectorAsync("body[data-ready=true]");
        view = await CentreAndZoomAsync();
        Assert.InRange(view[1], 43.84, 43.87);
        Assert.InRange(view[2], 125.30, 125.34);
        Assert.True(view[0] >= 12, $"zoom {view[0]}");
        Assert.Contains($"district={Faraway}", await Page.GetAttributeAsync("#permalink", "href"), StringComparison.Ordinal);

        await Page.ReloadAsync();
        await Page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal(Faraway, await Page.InputValueAsync("#district"));
        await ScreenshotAsync("first-view-other-district");
    }

    [Fact]
    public async Task A_permalink_names_its_district()
    {
        await WithSecondDistrictAsync();
        await Page.GotoAsync(new Uri(Fixture.BaseAddress, $"/#view=public&district={Faraway}").ToString());
        await Page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal(Faraway, await Page.InputValueAsync("#district"));
        var centre = await CentreAndZoomAsync();
        Assert.InRange(centre[1], 43.84, 43.87);
    }
}
