using Geo.Api.Data.Entities;

namespace Geo.Api.Tests.AnalysisApi;

/// <summary>
/// A city's coverage: its districts in one 2SFCA, so an institution across a district line inside the city serves
/// the areas in reach on both sides, with totals per district. SmallTown's district 990101 (share 0.03) and a second
/// district 990102 east of it (share 0.04); the city sets the standards (12 new / 9 old) and a share of its own.
/// </summary>
public sealed class CityCoverageTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Tolerance = 5e-4;
    private const string East = "990102";

    [Fact]
    public async Task A_catchment_crosses_the_district_line_inside_the_city_and_each_district_has_its_totals()
    {
        await SeedAsync();

        // 30 托位 at 2,100 m east, in 990102; A (990101) at 1,900 m and B (990102) at 2,300 m are 200 m from it, inside 300 m.
        // Step 1: R = 30 / (1,000 + 1,000) = 0.015. Step 2: A_i = 0.015 for both: 15 托位 each, 15 per 1,000.
        var body = await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.City}");
        var areas = body["areas"]!["features"]!.AsArray().ToDictionary(f => f!["properties"]!["name"]!.GetValue<string>(), f => f!["properties"]!);
        Assert.Equal(15, areas["A"]!.Number("accessible_slots"), Tolerance);
        Assert.Equal(15, areas["B"]!.Number("accessible_slots"), Tolerance);
        Assert.Equal(30, areas["A"]!.Number("children_under3"), Tolerance); // 990101's share, 0.03
        Assert.Equal(40, areas["B"]!.Number("children_under3"), Tolerance); // 990102's own, 0.04
        Assert.Equal((SmallTown.District, East), (areas["A"]!["subdistrict_code"]!.GetValue<string>(), areas["B"]!["subdistrict_code"]!.GetValue<string>()));

        var districts = body["subdistricts"]!.AsArray().ToDictionary(d => d!["code"]!.GetValue<string>(), d => d!);
        Assert.Equal([SmallTown.District, East], districts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((0, 1), ((int)districts[SmallTown.District]!.Number("institutions"), (int)districts[East]!.Number("institutions")));
        Assert.Equal((15.0, 15.0), (districts[SmallTown.District]!.Number("accessible_slots"), districts[East]!.Number("accessible_slots")));
        Assert.Equal("测试东区", districts[East]!["name"]!.GetValue<string>());
        Assert.Equal((SmallTown.City, 2000.0, 30.0), (body["district"]!["code"]!.GetValue<string>(), body["district"]!.Number("population"), body["district"]!.Number("accessible_slots")));

        // The district alone stops at its border: A reaches nothing.
        var alone = await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}");
        Assert.Equal(0, alone["district"]!.Number("accessible_slots"));
    }

    [Fact]
    public async Task A_district_with_a_standard_of_its_own_is_named_in_a_400()
    {
        await SeedAsync(eastNewPerThousand: 15);
        var errors = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/analysis/coverage?district={SmallTown.City}"));
        Assert.StartsWith($"{East} 测试东区 的托位标准", errors["district"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task SeedAsync(double? eastNewPerThousand = null)
    {
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db);
        (await db.Districts.SingleAsync(d => d.Code == SmallTown.City)).ShareUnder3 = 0.035;
        db.Districts.Add(new District
        {
            Code = East, Name = "测试东区", Level = DistrictLevel.District, ParentCode = SmallTown.City, Boundary = SmallTown.Square(2000, east: 4000),
            ShareUnder3 = 0.04, SlotsPerThousandNew = eastNewPerThousand,
        });
        db.Institutions.Add(SmallTown.Institution("东区机构", 2100, 0, 30));
        db.ResidentialAreas.AddRange(SmallTown.Area("A", 1900, 0, 1000, ResidentialKind.Old), SmallTown.Area("B", 2300, 0, 1000, ResidentialKind.Old));
        await db.SaveChangesAsync();
    }
}
