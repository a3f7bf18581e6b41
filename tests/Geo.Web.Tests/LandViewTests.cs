using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>用地保障: the parcels of the demo district, their filters, their cards and the export.</summary>
public sealed class LandViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const int DemoParcels = 25;

    [Fact]
    public async Task Lists_the_parcels_and_filters_them()
    {
        await OpenAsync("land");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        Assert.Equal(DemoParcels, await Page.Locator("#parcel-list li").CountAsync());
        Assert.Equal(DemoParcels, await Page.Locator("path.parcel-shape").CountAsync());
        await ScreenshotAsync("land");

        await Page.SelectOptionAsync("#land-status", "idle");
        var idle = await Page.Locator("#parcel-list li").CountAsync();
        Assert.InRange(idle, 1, DemoParcels - 1);
        Assert.All(await Page.Locator("#parcel-list li .meta").AllInnerTextsAsync(), meta => Assert.Contains("闲置", meta, StringComparison.Ordinal));
        Assert.Equal(idle, await Page.Locator("path.parcel-shape").CountAsync());

        await Page.FillAsync("#land-min-area", "1000000");
        Assert.Equal(0, await Page.Locator("#parcel-list li").CountAsync());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Clicking_a_parcel_opens_its_card()
    {
        await OpenAsync("land");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        var code = await Page.Locator("#parcel-list li").First.GetAttributeAsync("data-code");
        await Page.Locator("#parcel-list li button").First.ClickAsync(); // zooms to it
        await Page.Locator("#parcel-detail").WaitForAsync();
        await Page.ClickAsync("#parcel-detail .close");

        await Page.Locator("path.parcel-shape").First.ClickAsync();
        var card = Page.Locator("#parcel-detail .parcel-card");
        await card.WaitForAsync();
        var text = await card.InnerTextAsync();
        Assert.Contains(code!, text, StringComparison.Ordinal);
        foreach (var label in new[] { "用地性质", "现状", "面积", "示例数据" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }

        await ScreenshotAsync("land-card");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Exports_the_shown_parcels_as_CSV_and_GeoJSON()
    {
        await OpenAsync("land");
        await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
        await Page.SelectOptionAsync("#land-status", "idle");
        var shown = await Page.Locator("#parcel-list li").CountAsync();

        var csv = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#export-csv"));
        Assert.EndsWith(".csv", csv.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync((await csv.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // the BOM spreadsheet programs need to read UTF-8
        var lines = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n").Where(l => l.Length > 0).ToList();
        Assert.StartsWith("排名,", lines[0], StringComparison.Ordinal);
        Assert.Equal(shown, lines.Count - 1);
        Assert.All(lines.Skip(1), line => Assert.Contains(",闲置,", line, StringComparison.Ordinal));

        var geojson = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("#export-geojson"));
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync((await geojson.PathAsync())!));
        Assert.Equal("FeatureCollection", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(shown, document.RootElement.GetProperty("features").GetArrayLength());
        AssertNoConsoleErrors();
    }
}
