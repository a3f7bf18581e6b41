using Geo.Analysis.Coordinates;
using Geo.Api.Data.Entities;
using Geo.Api.Demo;

namespace Geo.Api.Tests.Ogc;

/// <summary>OGC API – Features at /ogc over the demo district, checked against the layers' own list routes.</summary>
public sealed class OgcApiTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] PublicLayers = ["institutions", "nursing-rooms", "public-places", "residential-areas"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.WithDbAsync(db => DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance).ContinueWith(_ => 0));
    }

    [Fact]
    public async Task The_landing_page_links_conformance_and_collections_and_the_public_sees_every_layer_but_parcels()
    {
        var landing = await Public.GetNodeAsync("/ogc");
        var rels = landing["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()).ToList();
        Assert.Contains("conformance", rels);
        Assert.Contains("data", rels);

        var conformance = (await Public.GetNodeAsync("/ogc/conformance"))["conformsTo"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", conformance);

        Assert.Equal(PublicLayers, Ids(await Public.GetNodeAsync("/ogc/collections")));
        Assert.Equal([.. PublicLayers, "parcels"], Ids(await Fixture.CreateClient(Role.LandOfficer).GetNodeAsync("/ogc/collections")));
        var institutions = await Public.GetNodeAsync("/ogc/collections/institutions");
        Assert.Equal(OgcCrsUri(4490), institutions["crs"]!.AsArray().Select(c => c!.GetValue<string>()).Single(c => c.EndsWith("/4490", StringComparison.Ordinal)));
        Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", institutions["storageCrs"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("institutions")]
    [InlineData("nursing-rooms")]
    [InlineData("public-places")]
    [InlineData("residential-areas")]
    public async Task Paging_through_a_collection_by_its_next_links_gives_the_rows_and_properties_the_public_list_gives(string layer)
    {
        var list = await Public.GetNodeAsync($"/api/{layer}?page_size=10000");
        var expected = list["features"]!.AsArray();

        var seen = new List<JsonNode>();
        var url = $"/ogc/collections/{layer}/items?limit=7";
        var pages = 0;
        while (url is not null)
        {
            var page = await Public.GetNodeAsync(url);
            Assert.Equal(list["total"]!.GetValue<int>(), page["numberMatched"]!.GetValue<int>());
            Assert.Equal(page["features"]!.AsArray().Count, page["numberReturned"]!.GetValue<int>());
            Assert.Equal(pages > 0, Link(page, "prev") is not null);
            seen.AddRange(page["features"]!.AsArray().Select(f => f!));
            url = Link(page, "next");
            pages++;
        }

        Assert.Equal((expected.Count + 6) / 7, pages);
        Assert.Equal(expected.Select(f => f!.ToJsonString()), seen.Select(f => f.ToJsonString()));
    }

    [Fact]
    public async Task Bbox_selects_what_the_list_s_bbox_selects_and_an_item_is_the_list_s_feature()
    {
        const string box = "119.27,26.07,119.30,26.10";
        var list = await Public.GetNodeAsync($"/api/residential-areas?bbox={box}&page_size=10000");
        var items = await Public.GetNodeAsync($"/ogc/collections/residential-areas/items?bbox={box}&limit=10000");
        Assert.InRange(list["total"]!.GetValue<int>(), 1, 419);
        Assert.Equal(list["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()), items["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()));

        var first = list["features"]![0]!;
        var item = await Public.GetAsync($"/ogc/collections/residential-areas/items/{first["id"]}");
        Assert.Equal("application/geo+json", item.Content.Headers.ContentType!.MediaType);
        Assert.Equal(first.ToJsonString(), (await item.ReadNodeAsync()).ToJsonString());
    }

    [Fact]
    public async Task The_public_cannot_read_parcels_nor_institutions_the_public_list_hides()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync("/ogc/collections/parcels/items")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync("/ogc/collections/parcels")).StatusCode);
        var parcels = await Fixture.CreateClient(Role.Planner).GetNodeAsync("/ogc/collections/parcels/items");
        Assert.Equal((await Client.GetNodeAsync("/api/parcels?page_size=1"))["total"]!.GetValue<int>(), parcels["numberMatched"]!.GetValue<int>());

        var all = (await Client.GetNodeAsync("/api/institutions?page_size=10000"))["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>());
        var shown = (await Public.GetNodeAsync("/api/institutions?page_size=10000"))["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>());
        var hidden = all.Except(shown).First();
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync($"/ogc/collections/institutions/items/{hidden}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/ogc/collections/institutions/items/{hidden}")).StatusCode);
        var staffItem = await Client.GetNodeAsync($"/ogc/collections/institutions/items/{shown.First()}");
        var publicItem = await Public.GetNodeAsync($"/ogc/collections/institutions/items/{shown.First()}");
        Assert.NotNull(staffItem["properties"]!["data_source"]);
        Assert.Equal("", publicItem["properties"]!["source_crs"]!.GetValue<string>()); // staff-only fields blanked as in the list

        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync("/ogc/collections/kindergartens/items")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync("/ogc/collections/institutions/items/abc")).StatusCode);
    }

    [Fact]
    public async Task Crs_gives_Gauss_Kruger_and_CGCS2000_coordinates_in_EPSG_axis_order_and_bbox_crs_selects_in_that_system()
    {
        var wgs84 = await Public.GetNodeAsync("/ogc/collections/institutions/items?limit=1");
        var zone = await Public.GetAsync($"/ogc/collections/institutions/items?limit=1&crs={OgcCrsUri(4527)}");
        Assert.Equal($"<{OgcCrsUri(4527)}>", zone.Headers.GetValues("Content-Crs").Single());
        var (lon, lat) = Coordinates(wgs84["features"]![0]!);
        var (northing, easting) = Coordinates((await zone.ReadNodeAsync())["features"]![0]!);
        var (x, y) = Crs.FromEpsg(4527).FromWgs84(lon, lat);
        Assert.Equal(x, easting, 3);
        Assert.Equal(y, northing, 3);
        Assert.StartsWith("39", ((long)easting).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var cgcs = await Public.GetNodeAsync($"/ogc/collections/institutions/items?limit=1&crs={OgcCrsUri(4490)}");
        Assert.Equal((lat, lon), Coordinates(cgcs["features"]![0]!));

        // The same area as a CRS84 box and as a zone-39 box (northing first) selects the same institutions.
        var (south, west) = Crs.FromEpsg(4527).FromWgs84(119.27, 26.07, AxisOrder.NorthingFirst);
        var (north, east) = Crs.FromEpsg(4527).FromWgs84(119.30, 26.10, AxisOrder.NorthingFirst);
        var inZone = await Public.GetNodeAsync(
            $"/ogc/collections/institutions/items?limit=1000&bbox={south:R},{west:R},{north:R},{east:R}&bbox-crs={OgcCrsUri(4527)}");
        var inDegrees = await Public.GetNodeAsync("/ogc/collections/institutions/items?limit=1000&bbox=119.2695,26.0695,119.3005,26.1005");
        var degreeIds = inDegrees["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()).ToHashSet();
        var zoneIds = inZone["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()).ToList();
        Assert.NotEmpty(zoneIds);
        Assert.Subset(degreeIds, zoneIds.ToHashSet());

        var refused = await Public.GetAsync("/ogc/collections/institutions/items?crs=EPSG:2385");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("crs", (await refused.ReadNodeAsync())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, (await Public.GetAsync("/ogc/collections/institutions/items?limit=0")).StatusCode);
    }

    private static string OgcCrsUri(int epsg) => $"http://www.opengis.net/def/crs/EPSG/0/{epsg}";

    private static List<string> Ids(JsonNode collections) =>
        collections["collections"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();

    private static string? Link(JsonNode page, string rel) =>
        page["links"]!.AsArray().FirstOrDefault(l => l!["rel"]!.GetValue<string>() == rel)?["href"]!.GetValue<string>();

    private static (double, double) Coordinates(JsonNode feature)
    {
        var c = feature["geometry"]!["coordinates"]!.AsArray();
        return (c[0]!.GetValue<double>(), c[1]!.GetValue<double>());
    }
}
