using Geo.Api.Data.Entities;

namespace Geo.Api.Tests.AnalysisApi;

/// <summary>
/// A city's coverage on foot: the small town's river with one bridge 650 m east (as in WalkingTargetTests) in district 990101,
/// and a second district 990102 10 km east with the same homes and no network:
/// <code>
///   A 北岸 old (0,100) 1,000     N street (0,100) ─── (650,100)
///                ~~~ river ~~~                          │ bridge
///   I 15 托位 (0,0)   D 南岸新村 new (200,0) 1,000   S street (0,0) ─── (650,0)    B 南岸东 old (600,-30) 2,000
/// </code>
/// In a straight line I reaches A (100 m) and D (200 m) within 300 m: R = 15 / 2,000, so A and D reach 7.5 托位 each, B none.
/// On foot A is 1,400 m from I: I serves D alone, 15 托位. The second district, 10 km from the first, keeps 7.5 and 7.5.
/// </summary>
public sealed class CityWalkingCoverageTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string OtherDistrict = "990102";
    private const double East = 10_000;
    private const double Tolerance = 5e-4;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db);
        (await db.Districts.SingleAsync(d => d.Code == SmallTown.City)).ShareUnder3 = SmallTown.Share;
        db.Districts.Add(new District
        {
            Code = OtherDistrict, Name = "无路网区", Level = DistrictLevel.District, ParentCode = SmallTown.City,
            Boundary = SmallTown.Square(2000, East), ShareUnder3 = SmallTown.Share,
        });
        foreach (var east in new[] { 0, East })
        {
            db.Institutions.Add(SmallTown.Institution("I 南岸托育", east, 0, 15));
            db.ResidentialAreas.AddRange(
                SmallTown.Area(Name("A 北岸", east), east, 100, 1000, ResidentialKind.Old),
                SmallTown.Area(Name("B 南岸东", east), east + 600, -30, 2000, ResidentialKind.Old),
                SmallTown.Area(Name("D 南岸新村", east), east + 200, 0, 1000, ResidentialKind.New));
        }

        await db.SaveChangesAsync();
    }

    private static string Name(string name, double east) => east == 0 ? name : name + "′";

    private Task<string> CityAsync(string query = "") => Client.GetStringAsync($"/api/analysis/coverage?district={SmallTown.City}&geometry=point{query}");

    private static Dictionary<string, double> Reach(JsonNode body) => body["areas"]!["features"]!.AsArray()
        .ToDictionary(f => f!["properties"]!["name"]!.GetValue<string>(), f => f!["properties"]!.Number("accessible_slots"));

    private static Task ImportBridgeAsync(HttpClient client) =>
        SmallTown.ImportStreetsAsync(client, [(0, 0), (650, 0)], [(650, 0), (650, 100)], [(650, 100), (0, 100)]);

    [Fact]
    public async Task On_foot_the_network_district_loses_the_reach_across_the_river_and_the_other_keeps_its_straight_line()
    {
        await ImportBridgeAsync(Client);
        var body = JsonNode.Parse(await CityAsync())!;
        var reach = Reach(body);
        Assert.Equal(0, reach["A 北岸"], Tolerance); // 1,400 m on foot
        Assert.Equal(15, reach["D 南岸新村"], Tolerance);
        Assert.Equal(0, reach["B 南岸东"], Tolerance);
        Assert.Equal(7.5, reach["A 北岸′"], Tolerance); // no network: the straight line
        Assert.Equal(7.5, reach["D 南岸新村′"], Tolerance);
        var totals = body["subdistricts"]!.AsArray().ToDictionary(d => d!["code"]!.GetValue<string>(), d => d!.Number("accessible_slots"));
        Assert.Equal((15.0, 15.0), (totals[SmallTown.District], totals[OtherDistrict]));

        // The measure of the city, and of each district the way a target's roll-up states it.
        var parameters = body["parameters"]!;
        Assert.Equal("network", parameters["distance"]!["distance"]!.GetValue<string>());
        Assert.Null(parameters["distance"]!["network_version"]);
        var districts = parameters["districts"]!.AsArray();
        Assert.Equal([(SmallTown.District, "network"), (OtherDistrict, "ground")],
            districts.Select(d => (d!["district"]!.GetValue<string>(), d["distance"]!["distance"]!.GetValue<string>())));
        Assert.Equal(1, districts[0]!["distance"]!["network_version"]!.GetValue<int>());
        Assert.Equal(4.2, districts[0]!["distance"]!.Number("radius_minutes")); // 300 m at 1.2 m/s
        Assert.Equal("无路网区", districts[1]!["name"]!.GetValue<string>());

        // A slower walk changes the minutes everywhere, not the metres.
        var slow = JsonNode.Parse(await CityAsync("&walking_speed=1"))!;
        Assert.Equal(15, Reach(slow)["D 南岸新村"], Tolerance);
        Assert.Equal([5.0, 5.0], slow["parameters"]!["districts"]!.AsArray().Select(d => d!["distance"]!.Number("radius_minutes")));
        Assert.Equal(5, slow["parameters"]!["distance"]!.Number("radius_minutes"));
    }

    [Fact]
    public async Task Without_a_network_or_with_distance_ground_the_city_gets_todays_straight_line_answer_byte_for_byte()
    {
        var before = await CityAsync();
        var body = JsonNode.Parse(before)!;
        Assert.Equal(7.5, Reach(body)["A 北岸"], Tolerance);
        Assert.Equal("ground", body["parameters"]!["distance"]!["distance"]!.GetValue<string>());
        Assert.Null(body["parameters"]!["districts"]);
        Assert.Equal(before, await CityAsync("&distance=ground"));
        Assert.Equal(before, await CityAsync("&distance=network")); // a city: network where a district has one, and none has

        await ImportBridgeAsync(Client);
        Assert.NotEqual(before, await CityAsync());
        Assert.Equal(before, await CityAsync("&distance=ground"));
    }

    [Fact]
    public async Task Bad_distance_or_speed_for_a_city_get_the_fields_in_Chinese()
    {
        var errors = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/analysis/coverage?district={SmallTown.City}&distance=foot&walking_speed=9"));
        Assert.StartsWith("只能是 network（步行路网距离）或 ground（直线距离）", errors["distance"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("步行速度须在 0.3 到 3 米/秒之间", errors["walking_speed"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
