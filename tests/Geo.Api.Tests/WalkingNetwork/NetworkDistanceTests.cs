using System.Globalization;
using System.Text;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.AnalysisApi;
using Geo.Api.Tests.ImportExport;

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

    /// <summary>A street through points drawn in metres east/north of the small town's centre.</summary>
    internal static string Line(params (double E, double N)[] points) =>
        "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[" +
        string.Join(",", points.Select(p => SmallTown.At(p.E, p.N)).Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X:R},{c.Y:R}]"))) + "]}}";

    /// <summary>The two banks and the bridge; <paramref name="westBridge"/> adds a second bridge at x = 0.</summary>
    private async Task ImportStreetsAsync(bool westBridge = false)
    {
        var lines = new List<string> { Line((0, 0), (400, 0)), Line((400, 0), (400, 100)), Line((400, 100), (0, 100)) };
        if (westBridge)
        {
            lines.Add(Line((0, 0), (0, 100)));
        }

        var file = Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", lines) + "]}");
        var response = await ImportFiles.PostFileAsync(Client, $"/api/districts/{SmallTown.District}/network?mode=commit", file, "streets.geojson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
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
}
