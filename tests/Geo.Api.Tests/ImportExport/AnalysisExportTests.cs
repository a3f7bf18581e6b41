using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Geo.Api.Demo;
using Geo.Api.Tests.Infrastructure;

namespace Geo.Api.Tests.ImportExport;

public sealed class AnalysisExportTests(ApiFixture fixture) : ApiTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
    }

    [Fact]
    public async Task Coverage_exports_every_area_with_its_figures_in_a_Gauss_Kruger_zone()
    {
        var geojson = await Client.GetNodeAsync("/api/export/analysis/coverage?district=350102&radius_m=500&format=geojson&crs=EPSG:4549");

        await using var db = Fixture.CreateDbContext();
        var features = geojson["features"]!.AsArray();
        Assert.Equal(await db.ResidentialAreas.CountAsync(), features.Count);
        Assert.Equal("urn:ogc:def:crs:EPSG::4549", geojson["crs"]!["properties"]!["name"]!.GetValue<string>());
        var first = features[0]!;
        Assert.NotNull(first["properties"]!["accessible_per_thousand"]);
        Assert.NotNull(first["properties"]!["class"]);
        // EPSG:4549 (CGCS2000 3-degree GK, central meridian 120°E, no zone prefix): 鼓楼 lies ~70 km west of it.
        var easting = first["geometry"]!["coordinates"]![0]![0]![0]![0]!.GetValue<double>();
        Assert.InRange(easting, 400_000, 500_000);

        var csv = await Client.GetAsync("/api/export/analysis/coverage?district=350102&format=csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var header = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[0];
        Assert.Contains("gap", header.Split(','));

        var gpkg = await (await Client.GetAsync("/api/export/analysis/coverage?district=350102&format=gpkg&crs=GCJ-02")).Content.ReadAsByteArrayAsync();
        Assert.Equal("SQLite format 3", Encoding.ASCII.GetString(gpkg, 0, 15));
    }

    [Fact]
    public async Task Priority_parcels_export_in_rank_order_to_those_who_may_read_parcels()
    {
        var ranked = await Client.GetNodeAsync("/api/export/analysis/priority-parcels?district=350102&format=geojson");
        var ranks = ranked["features"]!.AsArray().Select(f => f!["properties"]!["rank"]!.GetValue<int>()).ToList();
        Assert.Equal(25, ranks.Count);
        Assert.Equal(Enumerable.Range(1, 25), ranks);

        using var land = Fixture.CreateClient(Data.Entities.Role.LandOfficer);
        Assert.Equal(HttpStatusCode.OK, (await land.GetAsync("/api/export/analysis/priority-parcels?district=350102&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync("/api/export/analysis/coverage?district=350102")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/export/analysis/opinions?district=350102")).StatusCode);
    }
}
