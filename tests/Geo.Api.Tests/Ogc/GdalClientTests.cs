using System.Text.RegularExpressions;
using Geo.Api.Data.Entities;
using Geo.Api.Demo;

namespace Geo.Api.Tests.Ogc;

/// <summary>
/// GDAL (what QGIS reads with) as a client of the running service over the demo district: the OAPIF driver
/// lists and reads the collections, the MVT driver opens a tile found through the layer's TileJSON.
/// </summary>
public sealed partial class GdalClientTests(ApiFixture fixture) : ApiTest(fixture)
{
    private LoopbackServer? _server;

    private LoopbackServer Server => _server!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.WithDbAsync(db => DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance).ContinueWith(_ => 0));
        _server = LoopbackServer.Start(Fixture);
    }

    public override async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_OAPIF_driver_lists_every_public_collection_with_the_list_s_counts_and_reads_every_item_back()
    {
        var listing = await Gdal.RunAsync("ogrinfo", "-ro", "-q", $"OAPIF:{Server.Url("/ogc")}");
        var layers = LayerLine().Matches(listing.Output).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["institutions", "nursing-rooms", "public-places", "residential-areas"], layers);

        foreach (var layer in layers)
        {
            var list = await Public.GetNodeAsync($"/api/{layer}?page_size=10000");
            var summary = await Gdal.RunAsync("ogrinfo", "-ro", "-so", $"OAPIF:{Server.Url("/ogc")}", layer);
            Assert.Contains($"Feature Count: {list["total"]}", summary.Output, StringComparison.Ordinal);

            // Every feature read through the driver (it pages by the next links), as GeoJSON for comparison.
            var file = Path.Combine(Path.GetTempPath(), $"tuoyu-oapif-{Guid.NewGuid():N}.geojson");
            try
            {
                var copy = await Gdal.RunAsync("ogr2ogr", "-f", "GeoJSON", file, $"OAPIF:{Server.Url("/ogc")}", layer, "-oo", "PAGE_SIZE=50");
                Assert.Empty(copy.Complaints);
                var read = JsonNode.Parse(await File.ReadAllTextAsync(file))!["features"]!.AsArray();
                var expected = list["features"]!.AsArray();
                Assert.Equal(expected.Select(f => f!["properties"]!["name"]!.GetValue<string>()), read.Select(f => f!["properties"]!["name"]!.GetValue<string>()));
                Assert.Equal(expected.Select(f => f!["geometry"]!["type"]!.GetValue<string>()), read.Select(f => f!["geometry"]!["type"]!.GetValue<string>()));
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task With_a_staff_token_the_OAPIF_driver_reads_the_parcels_too()
    {
        var token = ApiFixture.Token("test-land_officer", Role.LandOfficer);
        var summary = await Gdal.RunAsync("ogrinfo", "-ro", "-so", "--config", "GDAL_HTTP_HEADERS", $"Authorization: Bearer {token}",
            $"OAPIF:{Server.Url("/ogc")}", "parcels");
        var total = (await Client.GetNodeAsync("/api/parcels?page_size=1"))["total"]!.GetValue<int>();
        Assert.Contains($"Feature Count: {total}", summary.Output, StringComparison.Ordinal);
        Assert.Contains("Multi Polygon", summary.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_MVT_driver_opens_a_tile_found_through_the_layer_s_TileJSON()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress }; // the document names the server's own origin
        var tileJson = await http.GetNodeAsync("/tiles/residential-areas.json");
        Assert.Equal("3.0.0", tileJson["tilejson"]!.GetValue<string>());
        Assert.Contains("population", tileJson["vector_layers"]![0]!["fields"]!.AsObject().Select(f => f.Key));
        var template = tileJson["tiles"]![0]!.GetValue<string>();
        Assert.EndsWith("/tiles/residential-areas/{z}/{x}/{y}.mvt", template, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await Public.GetAsync("/tiles/parcels.json")).StatusCode);

        // The tile holding the demo district's centre at zoom 14.
        const int z = 14;
        const double lon = 119.285, lat = 26.09;
        var x = (int)Math.Floor((lon + 180) / 360 * (1 << z));
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(lat * Math.PI / 180) + 1 / Math.Cos(lat * Math.PI / 180)) / Math.PI) / 2 * (1 << z));
        var url = template.Replace("{z}", $"{z}", StringComparison.Ordinal).Replace("{x}", $"{x}", StringComparison.Ordinal).Replace("{y}", $"{y}", StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"tuoyu-{Guid.NewGuid():N}.mvt");
        await File.WriteAllBytesAsync(file, await http.GetByteArrayAsync(url));
        try
        {
            var info = await Gdal.RunAsync("ogrinfo", "-ro", "-al", "-so", "-oo", $"Z={z}", "-oo", $"X={x}", "-oo", $"Y={y}", file);
            Assert.Contains("Layer name: residential-areas", info.Output, StringComparison.Ordinal);
            var count = int.Parse(FeatureCount().Match(info.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(count, 1, 420);
            Assert.Contains("population: Integer", info.Output, StringComparison.Ordinal);
            Assert.Empty(info.Complaints);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"^\d+: (\S+)", RegexOptions.Multiline)]
    private static partial Regex LayerLine();

    [GeneratedRegex(@"Feature Count: (\d+)")]
    private static partial Regex FeatureCount();
}
