using NetTopologySuite.Geometries;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Districts;

/// <summary>
/// The residents outside any listed 小区, shared among the 街道 (Features/Analysis/OutsideApportionment). Worked by hand:
/// 环翠区 holds 100,000 residents (its census figure here), under-3 share 0.03, no institutions; 街道 甲 is the west
/// half [122.10, 122.12] × [37.48, 37.52] with 60,000 residents, 乙 the east half with 40,000; their listed 小区 hold
/// 20,000 and 30,000. Outside the 小区: 100,000 − 50,000 = 50,000.
/// </summary>
public sealed class OutsidePopulationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Share = 0.03;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        db.Districts.AddRange(
            new District { Code = "370000", Name = "山东省", Level = DistrictLevel.Province },
            new District { Code = "371000", Name = "威海市", Level = DistrictLevel.City, ParentCode = "370000" },
            new District
            {
                Code = "371002", Name = "环翠区", Level = DistrictLevel.District, ParentCode = "371000", Population = 100_000, PopulationSource = "census",
                ShareUnder3 = Share, Boundary = Rectangle(122.10, 122.14),
            },
            new District { Code = "371002001", Name = "甲街道", Level = DistrictLevel.Subdistrict, ParentCode = "371002", Population = 60_000, Boundary = Rectangle(122.10, 122.12) },
            new District { Code = "371002002", Name = "乙街道", Level = DistrictLevel.Subdistrict, ParentCode = "371002", Population = 40_000, Boundary = Rectangle(122.12, 122.14) });
        await db.SaveChangesAsync();
        var csv = "name,lon,lat,population,kind\r\n甲小区,122.11,37.50,20000,old\r\n乙小区,122.13,37.50,30000,old\r\n"u8.ToArray();
        var report = await ImportExport.ImportFiles.JsonAsync(await ImportExport.ImportFiles.PostAsync(Client, "residential-areas", csv, "小区.csv", "crs=EPSG:4326&mode=commit"));
        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
    }

    [Fact]
    public async Task Where_every_street_has_a_population_each_gets_the_remainder_by_what_its_figure_exceeds_its_listed_areas()
    {
        // 甲 exceeds its 小区 by 40,000, 乙 by 10,000: of the 50,000 outside, 甲 gets 40,000 and 乙 10,000.
        var coverage = await Client.GetJsonAsync("/api/analysis/coverage?district=371002");

        Assert.Equal("subdistrict_population", coverage["population"]!["outside_apportioned_by"]!.GetValue<string>());
        AssertStreet(coverage, "371002001", 20_000 + 40_000);
        AssertStreet(coverage, "371002002", 30_000 + 10_000);
        Assert.Equal(100_000, coverage["district"]!["population"]!.GetValue<double>(), 6);
        Assert.Equal(100_000 * Share, coverage["district"]!["unserved_children"]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task Without_every_streets_population_the_remainder_follows_their_areas_and_without_either_it_stays_with_the_district()
    {
        await Fixture.WithDbAsync(db => db.Districts.Where(d => d.Code == "371002002").ExecuteUpdateAsync(u => u.SetProperty(d => d.Population, (int?)null)));

        // Two halves of equal area: 25,000 each.
        var byArea = await Client.GetJsonAsync("/api/analysis/coverage?district=371002");
        Assert.Equal("subdistrict_area", byArea["population"]!["outside_apportioned_by"]!.GetValue<string>());
        AssertStreet(byArea, "371002001", 20_000 + 25_000);
        AssertStreet(byArea, "371002002", 30_000 + 25_000);

        // Names only (as set-up leaves 街道): nothing tells where the 50,000 live, so no 街道 gets them.
        await Fixture.WithDbAsync(db => db.Districts.Where(d => d.Code == "371002002").ExecuteUpdateAsync(u => u.SetProperty(d => d.Boundary, (MultiPolygon?)null)));
        var unknown = await Client.GetJsonAsync("/api/analysis/coverage?district=371002");
        Assert.Null(unknown["population"]!["outside_apportioned_by"]);
        AssertStreet(unknown, "371002001", 20_000);
        Assert.Equal(100_000, unknown["district"]!["population"]!.GetValue<double>(), 6);
    }

    /// <summary>A 街道's population, and its children and 托位 as unserved as its residents: no institution anywhere, all areas old.</summary>
    private static void AssertStreet(JsonNode coverage, string code, double population)
    {
        var street = coverage["subdistricts"]!.AsArray().Single(s => s!["code"]?.GetValue<string>() == code)!;
        var old = coverage["parameters"]!["standard_old_per_thousand"]!["value"]!.GetValue<double>();
        Assert.Equal(population, street["population"]!.GetValue<double>(), 3);
        Assert.Equal(population * Share, street["unserved_children"]!.GetValue<double>(), 3);
        Assert.Equal(population / 1000 * old, street["required_slots"]!.GetValue<double>(), 3);
    }

    private static MultiPolygon Rectangle(double west, double east) =>
        new([new Polygon(new LinearRing([new(west, 37.48), new(east, 37.48), new(east, 37.52), new(west, 37.52), new(west, 37.48)]))]) { SRID = 4326 };
}
