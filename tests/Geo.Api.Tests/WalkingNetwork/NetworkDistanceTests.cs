using System.Globalization;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.WalkingNetwork;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.WalkingNetwork;

/// <summary>
/// distance = network | ground through the API, on a river town drawn here in metres east/north of the small
/// town's centre. The river runs between y = 0 and y = 100; the one bridge is at x = 400:
/// <code>
///   N street (0,100) ──────────── (400,100)          A (0,120)          C (200,600): 500 m from any street
///                 ~~~ river ~~~       │ bridge
///   S street (0,0)   ──────────── (400,0)            I (0,-20), 15 托位   B (200,-30)
/// </code>
/// Every walking distance below is worked out by hand from this drawing.
/// </summary>
public sealed class NetworkDistanceTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Metre = 0.5; // ground lengths of the drawn lines differ from the drawing by centimetres

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db); // standards 12 new / 9 old per 1,000
        db.Institutions.Add(SmallTown.Institution("I 十五托位", 0, -20, 15));
        db.ResidentialAreas.AddRange(
            SmallTown.Area("A 北岸", 0, 120, 1000, ResidentialKind.Old),
            SmallTown.Area("B 南岸", 200, -30, 2000, ResidentialKind.Old),
            SmallTown.Area("C 远离道路", 200, 600, 500, ResidentialKind.Old));
        await db.SaveChangesAsync();
    }

    /// <summary>The two banks and the bridge; <paramref name="westBridge"/> adds a second bridge at x = 0.</summary>
    private Task ImportStreetsAsync(bool westBridge = false, string district = SmallTown.District)
    {
        (double E, double N)[][] banksAndBridge = [[(0, 0), (400, 0)], [(400, 0), (400, 100)], [(400, 100), (0, 100)]];
        return SmallTown.ImportStreetsInAsync(Client, district, westBridge ? [.. banksAndBridge, [(0, 0), (0, 100)]] : banksAndBridge);
    }

    private async Task<Dictionary<string, JsonNode>> CoverageAsync(string query)
    {
        var body = await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}&geometry=point{query}");
        Last = body["parameters"]!["distance"]!;
        return body["areas"]!["features"]!.AsArray().ToDictionary(f => f!["properties"]!["name"]!.GetValue<string>()[..1], f => f!["properties"]!);
    }

    private JsonNode Last { get; set; } = null!;

    [Fact]
    public async Task Coverage_walks_the_streets_where_the_district_has_a_network_and_a_straight_line_otherwise()
    {
        // No network yet: the default is the straight line, and asking for the network is refused by name.
        var ground = await CoverageAsync("");
        Assert.Equal("ground", Last["distance"]!.GetValue<string>());
        var refused = await Client.GetAsync($"/api/analysis/coverage?district={SmallTown.District}&distance=network");
        var errors = await SmallTown.ProblemErrorsAsync(refused);
        Assert.Contains("没有步行路网", errors["distance"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var unknown = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/analysis/coverage?district={SmallTown.District}&distance=taxi"));
        Assert.StartsWith("只能是 network", unknown["distance"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Straight line, 300 m: I reaches A (140 m, across the river) and B (√(200² + 10²) = 200.2 m).
        // R = 15 / 3,000 = 0.005: 5 托位 per 1,000 in A and B; A needs 9, B 18.
        Assert.Equal(5, ground["A"].Number("accessible_per_thousand"), 1e-3);
        Assert.Equal(5, ground["B"].Number("accessible_per_thousand"), 1e-3);
        Assert.Equal(140, ground["A"].Number("nearest_m"), Metre);

        await ImportStreetsAsync();
        var network = await CoverageAsync("");
        Assert.Equal("network", Last["distance"]!.GetValue<string>());
        Assert.Equal(1, Last["network_version"]!.GetValue<int>());
        Assert.Equal(200, Last.Number("snap_cap_m"));
        var off = Assert.Single(Last["off_network"]!.AsArray())!;
        Assert.Equal(("area", 500.0), (off["role"]!.GetValue<string>(), Math.Round(off.Number("snap_m"))));

        // On foot, 300 m: I joins S street 20 m from it at (0, 0). B joins S 30 m off at (200, 0): 20 + 200 + 30 = 250 m.
        // A joins N street 20 m off at (0, 100); the walk crosses at the bridge: 20 + 400 + 100 + 400 + 20 = 940 m, out of reach.
        // R = 15 / 2,000 = 0.0075: B has 7.5 per 1,000 (15 托位 of its 18), A none.
        Assert.Equal(7.5, network["B"].Number("accessible_per_thousand"), 1e-3);
        Assert.Equal(250, network["B"].Number("nearest_m"), Metre);
        Assert.Equal(0, network["A"].Number("accessible_per_thousand"));
        Assert.Equal("unserved", network["A"]["class"]!.GetValue<string>());
        Assert.Equal(9, network["A"].Number("gap"), 1e-3);

        // Asked for, the straight line is still there; at 1,000 m on foot A is reached at 940 m: back to 0.005.
        Assert.Equal(5, (await CoverageAsync("&distance=ground"))["A"].Number("accessible_per_thousand"), 1e-3);
        Assert.Equal("ground", Last["distance"]!.GetValue<string>());
        var far = await CoverageAsync("&radius_m=1000");
        Assert.Equal(940, far["A"].Number("nearest_m"), Metre);
        Assert.Equal(5, far["A"].Number("accessible_per_thousand"), 1e-3);

        // A second bridge at x = 0 (version 2) replaces the cached graph: A is 20 + 100 + 20 = 140 m away on foot too.
        await ImportStreetsAsync(westBridge: true);
        var bridged = await CoverageAsync("");
        Assert.Equal(2, Last["network_version"]!.GetValue<int>());
        Assert.Equal(140, bridged["A"].Number("nearest_m"), Metre);
        Assert.Equal(5, bridged["A"].Number("accessible_per_thousand"), 1e-3);
    }

    [Fact]
    public async Task Isochrones_follow_the_streets_and_cross_only_at_the_bridge()
    {
        var at = SmallTown.At(0, -20); // I, 20 m south of S street
        var url = string.Create(CultureInfo.InvariantCulture, $"/api/districts/{SmallTown.District}/network/isochrones?lon={at.X:R}&lat={at.Y:R}&speed_mps=1&minutes=5,20");
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync(url)).StatusCode);
        await ImportStreetsAsync();

        var body = await Public.GetJsonAsync(url);
        var features = body["features"]!.AsArray();
        Assert.Equal([20.0, 5.0], features.Select(f => f!["properties"]!.Number("minutes")));
        NetTopologySuite.Geometries.Geometry Area(int k) => System.Text.Json.JsonSerializer.Deserialize<NetTopologySuite.Geometries.Geometry>(
            features[k]!["geometry"]!.ToJsonString(), Geo.Api.Features.ImportExport.AttributeCoercion.Json)!;

        // 5 minutes at 1 m/s = 300 m: 20 m to the street, then 280 m east along S to (280, 0); 40 m either side.
        var five = Area(1);
        Assert.Equal(280, features[1]!["properties"]!.Number("street_m"), Metre);
        Assert.True(five.Contains(SmallTown.At(250, 0)) && five.Contains(SmallTown.At(200, -30)), "B and the street it is on are within 5 minutes");
        Assert.False(five.Contains(SmallTown.At(340, 0)), "300 m on foot ends at (280, 0), 40 m short of (320, 0)");
        Assert.False(five.Contains(SmallTown.At(0, 120)), "A is across the river");

        // 20 minutes = 1,200 m: S (400) + the bridge (100) + all of N (400) = 900 m of street; A is 20 m from N.
        var twenty = Area(0);
        Assert.Equal(900, features[0]!["properties"]!.Number("street_m"), Metre);
        Assert.True(twenty.Contains(SmallTown.At(0, 120)));
        Assert.True(twenty.Contains(five.InteriorPoint));

        var errors = await SmallTown.ProblemErrorsAsync(await Public.GetAsync($"/api/districts/{SmallTown.District}/network/isochrones?lon=119.30&lat=26.0&minutes=90"));
        Assert.Contains("minutes", errors.Select(e => e.Key));
        var far = SmallTown.At(200, 600); // C: 500 m from any street
        var offNetwork = await SmallTown.ProblemErrorsAsync(await Public.GetAsync(
            string.Create(CultureInfo.InvariantCulture, $"/api/districts/{SmallTown.District}/network/isochrones?lon={far.X:R}&lat={far.Y:R}")));
        Assert.StartsWith("起点距最近的步行道路 500 米", offNetwork["lon"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_if_and_targets_measure_by_the_same_distance()
    {
        await ImportStreetsAsync();

        // An institution added on the north bank at (0, 140): 40 m to N street at (0, 100), so A is 40 + 20 = 60 m from it on foot.
        var whatIf = await SmallTown.PostJsonAsync(Client, "/api/analysis/coverage", new
        {
            district = SmallTown.District, geometry = "point",
            add = new[] { new { name = "北岸新园", lon = SmallTown.At(0, 140).X, lat = SmallTown.At(0, 140).Y, approved_slots = 9 } },
        });
        Assert.Equal("network", whatIf["scenario"]!["parameters"]!["distance"]!["distance"]!.GetValue<string>());
        var after = whatIf["scenario"]!["areas"]!["features"]!.AsArray().Single(f => f!["properties"]!["name"]!.GetValue<string>() == "A 北岸")!["properties"]!;
        Assert.Equal(9, after.Number("accessible_per_thousand"), 1e-3); // its 9 托位 for A's 1,000 alone
        Assert.Equal(60, after.Number("nearest_m"), Metre);

        var targets = await Client.GetJsonAsync($"/api/analysis/targets?district={SmallTown.District}&distance=ground");
        Assert.Equal("ground", targets["parameters"]!["distance"]!["distance"]!.GetValue<string>());
    }

    [Fact]
    public async Task Maximal_covering_picks_the_north_bank_on_foot_where_a_straight_line_sees_no_river()
    {
        await ImportStreetsAsync();
        var points = new[]
        {
            new { id = "P1", lon = SmallTown.At(0, 140).X, lat = SmallTown.At(0, 140).Y },   // north bank, beside A
            new { id = "M", lon = SmallTown.At(100, 45).X, lat = SmallTown.At(100, 45).Y },   // in the river, 45 m from the south bank
            new { id = "P2", lon = SmallTown.At(200, -60).X, lat = SmallTown.At(200, -60).Y }, // south bank, beside B
        };

        async Task<JsonNode> RunAsync(string? distance)
        {
            var response = await Client.PostAsync("/api/analysis/siting", System.Net.Http.Json.JsonContent.Create(new Dictionary<string, object?>
            {
                ["district"] = SmallTown.District, ["model"] = "mclp", ["p"] = 1, ["radius_m"] = 300, ["candidate_source"] = "points",
                ["points"] = points, ["solver"] = "exact", ["distance"] = distance,
            }));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            return JsonNode.Parse(text)!;
        }

        // On foot (the default): the gaps are A 9 (unserved, 940 m from I) and B 18 − 15 = 3. P1 reaches A
        // (40 + 20 = 60 m) and not B (across the bridge); M (45 + 100 + 30 = 175 m) and P2 (60 + 30 = 90 m) reach only B.
        // The best single site is P1: 9.
        var network = await RunAsync(null);
        Assert.Equal("network_metres", network["cost_unit"]!.GetValue<string>());
        Assert.Equal("network", network["distance"]!["distance"]!.GetValue<string>());
        Assert.Equal("P1", network["sites"]!["features"]![0]!["properties"]!["candidate_id"]!.GetValue<string>());
        Assert.Equal(9, network.Number("objective"), 1e-6);

        // In a straight line every candidate is within 300 m of both A and B (gaps 9 − 5 = 4 and 18 − 10 = 8): 12.
        var ground = await RunAsync("ground");
        Assert.Equal("metres", ground["cost_unit"]!.GetValue<string>());
        Assert.Equal(12, ground.Number("objective"), 1e-6);
    }

    private async Task<JsonNode> NearestInstitutionAsync(double east, double north)
    {
        var at = SmallTown.At(east, north);
        var body = await Public.GetJsonAsync(string.Create(CultureInfo.InvariantCulture, $"/api/nearby?layer=institutions&lon={at.X:R}&lat={at.Y:R}"));
        return Assert.Single(body["features"]!.AsArray())!["properties"]!;
    }

    [Fact]
    public async Task Nearby_says_how_far_on_foot_once_the_district_has_a_network()
    {
        // No network: the ground figure alone, as before.
        var before = await NearestInstitutionAsync(200, -30);
        Assert.Equal(Math.Sqrt(200 * 200 + 10 * 10), before.Number("distance_m"), Metre);
        Assert.Null(before["walking_m"]);
        Assert.Null(before["walking_minutes"]);

        await ImportStreetsAsync();

        // From B: 30 m to S street at (200, 0), 200 m west along it, 20 m to I: 250 m, 250 / 1.2 / 60 = 3.47 minutes.
        var fromB = await NearestInstitutionAsync(200, -30);
        Assert.Equal(Math.Sqrt(200 * 200 + 10 * 10), fromB.Number("distance_m"), Metre);
        Assert.Equal(250, fromB.Number("walking_m"), Metre);
        Assert.Equal(3.5, fromB.Number("walking_minutes"));

        // From A, 140 m away across the river: 20 + 400 + 100 + 400 + 20 = 940 m by the bridge, 13.1 minutes.
        var fromA = await NearestInstitutionAsync(0, 120);
        Assert.Equal(140, fromA.Number("distance_m"), Metre);
        Assert.Equal(940, fromA.Number("walking_m"), Metre);
        Assert.Equal(13.1, fromA.Number("walking_minutes"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Minutes_are_reckoned_at_the_walking_speed_asked_for_and_each_result_states_it()
    {
        await ImportStreetsAsync();
        var b = SmallTown.At(200, -30);
        async Task<JsonNode> FromB(string speed) => Assert.Single((await Public.GetJsonAsync(
            Invariant($"/api/nearby?layer=institutions&lon={b.X:R}&lat={b.Y:R}{speed}")))["features"]!.AsArray())!["properties"]!;

        // From B the walk is 250 m (see above): 250 / 1.2 / 60 = 3.47 minutes by default, 250 / 0.8 / 60 = 5.21 at 0.8 m/s.
        var usual = await FromB("");
        Assert.Equal((3.5, 1.2), (usual.Number("walking_minutes"), usual.Number("walking_speed_mps")));
        var slow = await FromB("&walking_speed=0.8");
        Assert.Equal((250, 5.2, 0.8), (Math.Round(slow.Number("walking_m")), slow.Number("walking_minutes"), slow.Number("walking_speed_mps")));

        // Isochrones: 5 minutes at 0.5 m/s = 150 m, 20 of them to S street: 130 m of it reached (280 m at 1 m/s above).
        var i = SmallTown.At(0, -20);
        var five = (await Public.GetJsonAsync(Invariant(
            $"/api/districts/{SmallTown.District}/network/isochrones?lon={i.X:R}&lat={i.Y:R}&minutes=5&walking_speed=0.5")))["features"]![0]!["properties"]!;
        Assert.Equal((150, 0.5), (five.Number("metres"), five.Number("speed_mps")));
        Assert.Equal(130, five.Number("street_m"), Metre);

        // The analyses state the speed and what their radius is in minutes at it: 300 m is 4.2 minutes at 1.2 m/s, 5 at 1 m/s.
        foreach (var route in new[] { "/api/analysis/coverage?geometry=point&", "/api/analysis/targets?", "/api/analysis/priority-parcels?" })
        {
            var byDefault = (await Client.GetJsonAsync($"{route}district={SmallTown.District}"))["parameters"]!["distance"]!;
            Assert.Equal((1.2, 4.2), (byDefault.Number("walking_speed_mps"), byDefault.Number("radius_minutes")));
            var asked = (await Client.GetJsonAsync($"{route}district={SmallTown.District}&walking_speed=1"))["parameters"]!["distance"]!;
            Assert.Equal((1.0, 5.0), (asked.Number("walking_speed_mps"), asked.Number("radius_minutes")));
        }

        var whatIf = await SmallTown.PostJsonAsync(Client, "/api/analysis/coverage", new { district = SmallTown.District, geometry = "point", walking_speed = 1, radius_m = 600 });
        Assert.Equal((1.0, 10.0), (whatIf["scenario"]!["parameters"]!["distance"]!.Number("walking_speed_mps"), whatIf["scenario"]!["parameters"]!["distance"]!.Number("radius_minutes")));
        var siting = await Client.PostAsync("/api/analysis/siting", System.Net.Http.Json.JsonContent.Create(new Dictionary<string, object?>
        {
            ["district"] = SmallTown.District, ["model"] = "mclp", ["p"] = 1, ["radius_m"] = 300, ["candidate_source"] = "points", ["solver"] = "exact",
            ["points"] = new[] { new { id = "P1", lon = SmallTown.At(0, 140).X, lat = SmallTown.At(0, 140).Y } }, ["walking_speed"] = 1.5,
        }));
        var run = JsonNode.Parse(await siting.Content.ReadAsStringAsync())!;
        Assert.True(siting.IsSuccessStatusCode, run.ToJsonString());
        Assert.Equal((1.5, 3.3), (run["distance"]!.Number("walking_speed_mps"), run["distance"]!.Number("radius_minutes")));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("0.1")]
    [InlineData("-1")]
    public async Task A_walking_speed_out_of_range_is_a_400_naming_it_and_changes_nothing(string speed)
    {
        await ImportStreetsAsync();
        var b = SmallTown.At(200, -30);
        foreach (var url in new[]
                 {
                     Invariant($"/api/nearby?layer=institutions&lon={b.X:R}&lat={b.Y:R}&walking_speed={speed}"),
                     Invariant($"/api/districts/{SmallTown.District}/network/isochrones?lon={b.X:R}&lat={b.Y:R}&walking_speed={speed}"),
                     $"/api/analysis/coverage?district={SmallTown.District}&walking_speed={speed}",
                     $"/api/export/analysis/coverage?district={SmallTown.District}&walking_speed={speed}",
                     $"/api/analysis/targets?district={SmallTown.District}&walking_speed={speed}",
                     $"/api/analysis/priority-parcels?district={SmallTown.District}&walking_speed={speed}",
                 })
        {
            var errors = await SmallTown.ProblemErrorsAsync(await Client.GetAsync(url));
            Assert.StartsWith("步行速度须在 0.3 到 3 米/秒之间", Assert.Single(errors)!.Value![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("walking_speed", Assert.Single(errors).Key);
        }

        var value = double.Parse(speed, CultureInfo.InvariantCulture);
        var whatIf = await SmallTown.ProblemErrorsAsync(await Client.PostAsync("/api/analysis/coverage",
            System.Net.Http.Json.JsonContent.Create(new { district = SmallTown.District, walking_speed = value })));
        Assert.Equal("walking_speed", Assert.Single(whatIf).Key);
        var siting = await SmallTown.ProblemErrorsAsync(await Client.PostAsync("/api/analysis/siting", System.Net.Http.Json.JsonContent.Create(new Dictionary<string, object?>
        {
            ["district"] = SmallTown.District, ["model"] = "mclp", ["p"] = 1, ["candidate_source"] = "points",
            ["points"] = new[] { new { id = "P1", lon = SmallTown.At(0, 140).X, lat = SmallTown.At(0, 140).Y } }, ["walking_speed"] = value,
        })));
        Assert.Equal("walking_speed", Assert.Single(siting).Key);

        // The next request without a speed walks at the deployment's again.
        var after = Assert.Single((await Public.GetJsonAsync(Invariant($"/api/nearby?layer=institutions&lon={b.X:R}&lat={b.Y:R}")))["features"]!.AsArray())!["properties"]!;
        Assert.Equal((3.5, 1.2), (after.Number("walking_minutes"), after.Number("walking_speed_mps")));
    }

    [Fact]
    public async Task The_default_walking_speed_comes_from_configuration()
    {
        await ImportStreetsAsync();
        await using var slower = Fixture.WithWebHostBuilder(w => w.UseSetting(WalkingSpeeds.ConfigurationKey, "1"));
        using var client = slower.CreateClient();
        var b = SmallTown.At(200, -30);
        var body = await client.GetJsonAsync(Invariant($"/api/nearby?layer=institutions&lon={b.X:R}&lat={b.Y:R}"));
        var nearest = Assert.Single(body["features"]!.AsArray())!["properties"]!;
        Assert.Equal((4.2, 1.0), (nearest.Number("walking_minutes"), nearest.Number("walking_speed_mps"))); // 250 m at 1 m/s

        var i = SmallTown.At(0, -20);
        var five = (await client.GetJsonAsync(Invariant($"/api/districts/{SmallTown.District}/network/isochrones?lon={i.X:R}&lat={i.Y:R}&minutes=5")))["features"]![0]!["properties"]!;
        Assert.Equal((300, 1.0), (five.Number("metres"), five.Number("speed_mps")));

        Assert.Throws<InvalidOperationException>(() => new WalkingSpeeds(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [WalkingSpeeds.ConfigurationKey] = "12" }).Build()));
    }

    private async Task<JsonNode> PriorityParcelsAsync(string query = "")
    {
        var body = await Client.GetJsonAsync($"/api/analysis/priority-parcels?district={SmallTown.District}&radius_m=300{query}");
        Last = body["parameters"]!["distance"]!;
        return body;
    }

    [Fact]
    public async Task Priority_parcels_count_the_demand_within_a_walk_and_say_which_distance_was_used()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            db.Parcels.AddRange(
                SmallTown.Parcel("N-1 北岸", 0, 140, 30, LandUse.Education, ParcelStatus.Idle, true),
                SmallTown.Parcel("S-1 南岸", 200, -60, 30, LandUse.Education, ParcelStatus.Idle, true));
            await db.SaveChangesAsync();
        }

        static Dictionary<string, JsonNode> ByCode(JsonNode body) =>
            body["features"]!.AsArray().ToDictionary(f => f!["properties"]!["code"]!.GetValue<string>()[..1], f => f!["properties"]!);

        // Straight line, 300 m: each parcel has A (gap 9 − 5 = 4) and B (18 − 10 = 8) within reach: 12 from 2 areas.
        var ground = ByCode(await PriorityParcelsAsync());
        Assert.Equal("ground", Last["distance"]!.GetValue<string>());
        Assert.Equal((12.0, 2), (ground["N"].Number("unmet_demand"), ground["N"]["residential_areas_within"]!.GetValue<int>()));
        Assert.Equal((12.0, 2), (ground["S"].Number("unmet_demand"), ground["S"]["residential_areas_within"]!.GetValue<int>()));
        Assert.DoesNotContain("步行", ground["N"]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var refused = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/analysis/priority-parcels?district={SmallTown.District}&distance=network"));
        Assert.Contains("没有步行路网", refused["distance"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        await ImportStreetsAsync();

        // On foot (the default now): the gaps are A 9 (940 m from I) and B 3. N-1 reaches A (40 + 20 = 60 m) only,
        // S-1 reaches B (60 + 30 = 90 m) only: the north bank's parcel ranks first.
        var network = await PriorityParcelsAsync();
        Assert.Equal(("network", 1), (Last["distance"]!.GetValue<string>(), Last["network_version"]!.GetValue<int>()));
        var walked = ByCode(network);
        Assert.Equal((9.0, 1), (walked["N"].Number("unmet_demand"), walked["N"]["residential_areas_within"]!.GetValue<int>()));
        Assert.Equal((3.0, 1), (walked["S"].Number("unmet_demand"), walked["S"]["residential_areas_within"]!.GetValue<int>()));
        Assert.Equal(1, walked["N"]["rank"]!.GetValue<int>());
        Assert.Contains("步行300米内未满足托位需求约 9 个（1 个居住区）", walked["N"]["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // Asked for, the straight line gives what it gave before the import.
        var again = ByCode(await PriorityParcelsAsync("&distance=ground"));
        Assert.Equal("ground", Last["distance"]!.GetValue<string>());
        Assert.Equal(ground["N"].ToJsonString(), again["N"].ToJsonString());
    }

    [Fact]
    public async Task A_district_without_a_network_answers_exactly_as_with_distance_ground()
    {
        foreach (var route in new[] { "/api/analysis/coverage?geometry=point&", "/api/analysis/targets?", "/api/analysis/priority-parcels?" })
        {
            var byDefault = await Client.GetJsonAsync($"{route}district={SmallTown.District}");
            var ground = await Client.GetJsonAsync($"{route}district={SmallTown.District}&distance=ground");
            Assert.Equal("ground", byDefault["parameters"]!["distance"]!["distance"]!.GetValue<string>());
            Assert.Null(byDefault["parameters"]!["distance"]!["network_version"]);
            Assert.Empty(byDefault["parameters"]!["distance"]!["off_network"]!.AsArray());
            Assert.Equal(ground.ToJsonString(), byDefault.ToJsonString());
        }
    }

    /// <summary>
    /// The graph cache keeps what its budget holds, least recently used dropped first, and loads a district
    /// again when its network gets a new version. Two districts with the same streets, so the same size.
    /// </summary>
    [Fact]
    public async Task Graph_cache_drops_the_least_recently_used_graph_past_its_budget_and_reloads_a_new_version()
    {
        const string Other = "990102";
        await using (var db = Fixture.CreateDbContext())
        {
            db.Districts.Add(new District { Code = Other, Name = "测试二区", Level = DistrictLevel.District, ParentCode = SmallTown.City, Boundary = SmallTown.Square(1000, 10_000) });
            await db.SaveChangesAsync();
        }

        await ImportStreetsAsync();
        await ImportStreetsAsync(district: Other);
        var scopes = Fixture.Services.GetRequiredService<IServiceScopeFactory>();
        NetworkGraphs Cache(double megabytes) => new(scopes,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WalkingNetwork:GraphCacheMegabytes"] = megabytes.ToString("R", CultureInfo.InvariantCulture),
            }).Build(),
            NullLogger<NetworkGraphs>.Instance);

        await using var context = Fixture.CreateDbContext();
        var one = (await Cache(512).GetAsync(context, SmallTown.District, CancellationToken.None))!.Graph.ApproximateBytes;

        // Room for one graph and a half.
        var cache = Cache(one * 1.5 / 1024 / 1024);
        async Task<DistrictNetwork> Get(string district) => (await cache.GetAsync(context, district, CancellationToken.None))!;
        await Get(SmallTown.District);
        await Get(SmallTown.District);
        Assert.Equal((1, one), (cache.Loads, cache.HeldBytes));

        await Get(Other); // over budget: the town's graph, used least recently, goes
        Assert.Equal((2, one), (cache.Loads, cache.HeldBytes));
        await Get(Other);
        Assert.Equal(2, cache.Loads);
        await Get(SmallTown.District); // loaded again; now the other district's goes
        Assert.Equal((3, one), (cache.Loads, cache.HeldBytes));
        await Get(SmallTown.District);
        Assert.Equal(3, cache.Loads);

        // A new version of the town's network, imported through another instance's cache: this one sees it and rebuilds.
        await ImportStreetsAsync(westBridge: true);
        var rebuilt = await Get(SmallTown.District);
        Assert.Equal((4, 2), (cache.Loads, rebuilt.Version));
        Assert.Equal(4, rebuilt.Graph.EdgeCount);
    }
}
