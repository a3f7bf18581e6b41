using System.Net.Http.Json;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.WalkingNetwork;

/// <summary>
/// The straight-line / walking comparison on a river town drawn in metres east/north of the small town's centre. The
/// river runs between y = 0 and y = 100; its one bridge is 650 m east:
/// <code>
///   C (0,250): 150 m north of N street
///   N street (0,100) A ─────────────── (650,100)
///                ~~~ river ~~~              │ bridge
///   S street (0,0) I ───────────────── (650,0)      B (600,-30)
/// </code>
/// I (15 托位) stands on S street; A on N street straight across, 100 m away in a line and 650 + 100 + 650 = 1,400 m on foot.
/// </summary>
public sealed class WalkingComparisonTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Metre = 0.5; // ground lengths of the drawn lines differ from the drawing by centimetres
    private const string Url = $"/api/analysis/walking-comparison?district={SmallTown.District}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db); // standards 12 new / 9 old per 1,000
        db.Institutions.Add(SmallTown.Institution("I 南岸托育", 0, 0, 15));
        db.ResidentialAreas.AddRange(
            SmallTown.Area("A 北岸", 0, 100, 1000, ResidentialKind.Old),
            SmallTown.Area("B 南岸东", 600, -30, 2000, ResidentialKind.Old),
            SmallTown.Area("C 北岸后街", 0, 250, 500, ResidentialKind.Old));
        await db.SaveChangesAsync();
    }

    private Task ImportRiverTownAsync() =>
        SmallTown.ImportStreetsAsync(Client, [(0, 0), (650, 0)], [(650, 0), (650, 100)], [(650, 100), (0, 100)]);

    [Fact]
    public async Task Lists_the_areas_covered_in_a_straight_line_but_not_on_foot_with_both_distances()
    {
        await ImportRiverTownAsync();
        var body = await Client.GetJsonAsync(Url);
        Assert.Equal(1, body["parameters"]!["network_version"]!.GetValue<int>());
        Assert.Equal(300, body["parameters"]!.Number("radius_m"));
        Assert.Equal(1500, body["parameters"]!.Number("searched_to_m")); // five times the radius

        // In a straight line I reaches A (100 m) and C (250 m), not B (√(600² + 30²) = 600.7 m): 1,500 of 3,500 residents,
        // and its 15 托位 are shared by them: 15 / 3,500 × 1,000 = 4.286 per 1,000 of the district.
        var ground = body["ground"]!;
        Assert.Equal(1500.0 / 3500, ground.Number("covered_share"), 1e-3);
        Assert.Equal(2, ground["areas_covered"]!.GetValue<int>());
        Assert.Equal(15.0 / 3500 * 1000, ground.Number("accessible_per_thousand"), 1e-3);

        // On foot I reaches nobody within 300 m: A is 1,400 m away over the bridge, B 600 + 30 = 630 m along S street.
        var network = body["network"]!;
        Assert.Equal(0, network.Number("covered_share"));
        Assert.Equal(0, network["areas_covered"]!.GetValue<int>());
        Assert.Equal(0, network.Number("accessible_per_thousand"));

        Assert.Equal(2, body["areas_lost"]!.GetValue<int>());
        Assert.Equal(1500, body.Number("population_lost"), 1e-6);
        var lost = body["areas"]!["features"]!.AsArray().Select(f => f!["properties"]!).ToList();
        // Farthest walk first: C's walk (150 m to N street + 1,400 m) is past the 1,500 m searched, so it has none.
        Assert.Equal(["C 北岸后街", "A 北岸"], lost.Select(p => p["name"]!.GetValue<string>()));
        Assert.Equal(250, lost[0].Number("ground_m"), Metre);
        Assert.Null(lost[0]["walking_m"]);
        Assert.False(lost[0]["off_network"]!.GetValue<bool>());
        Assert.Equal(100, lost[1].Number("ground_m"), Metre);
        Assert.Equal(1400, lost[1].Number("walking_m"), Metre);
        Assert.Equal(1400, lost[1].Number("nearest_walking_m"), Metre); // I is the only institution
        Assert.Equal(lost[0]["institution_id"]!.GetValue<long>(), lost[1]["institution_id"]!.GetValue<long>());
        Assert.Equal("Point", body["areas"]!["features"]![1]!["geometry"]!["type"]!.GetValue<string>());

        // At 1,000 m the walk is searched to 5,000 m: C is 1,550 m away on foot, still lost; B is covered both ways.
        var wide = await Client.GetJsonAsync($"{Url}&radius_m=1000");
        var wideLost = wide["areas"]!["features"]!.AsArray().Select(f => f!["properties"]!).ToList();
        Assert.Equal([1550.0, 1400.0], wideLost.Select(p => Math.Round(p.Number("walking_m"))));
        Assert.Equal(1, wide["network"]!["areas_covered"]!.GetValue<int>());
    }

    [Fact]
    public async Task Is_for_staff_and_refused_by_name_where_the_district_has_no_network()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync(Url)).StatusCode);
        var errors = await SmallTown.ProblemErrorsAsync(await Client.GetAsync(Url));
        Assert.StartsWith("行政区 990101 没有步行路网", errors["district"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await ImportRiverTownAsync();
        var radius = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"{Url}&radius_m=0"));
        Assert.Contains("radius_m", radius.Select(e => e.Key));
    }

    [Fact]
    public async Task States_the_walking_speed_it_reckons_minutes_at_and_refuses_one_out_of_range()
    {
        await ImportRiverTownAsync();
        var usual = (await Client.GetJsonAsync(Url))["parameters"]!;
        Assert.Equal(1.2, usual.Number("walking_speed_mps")); // the deployment's
        Assert.Equal(4.2, usual.Number("radius_minutes"));   // 300 m at 1.2 m/s = 4.17 min

        var slow = await Client.GetJsonAsync($"{Url}&walking_speed=0.5&radius_m=600");
        Assert.Equal(0.5, slow["parameters"]!.Number("walking_speed_mps"));
        Assert.Equal(20, slow["parameters"]!.Number("radius_minutes"));
        // The radius is metres: the speed only states them as minutes, so the figures are those at the usual speed.
        Assert.Equal((await Client.GetJsonAsync($"{Url}&radius_m=600"))["network"]!.ToJsonString(), slow["network"]!.ToJsonString());
        var errors = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"{Url}&walking_speed=0.1"));
        Assert.StartsWith("步行速度须在 0.3 到 3 米/秒之间", errors["walking_speed"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reaches_of_many_sites_in_one_request_follow_the_streets_and_say_which_are_off_the_network()
    {
        var url = $"/api/districts/{SmallTown.District}/network/reaches";
        object Body(double radius, params (string Id, double E, double N)[] sites) => new
        {
            RadiusM = radius,
            Sites = sites.Select(s => new { s.Id, Lon = SmallTown.At(s.E, s.N).X, Lat = SmallTown.At(s.E, s.N).Y }).ToArray(),
        };
        var none = await Public.PostAsJsonAsync(url, Body(300, ("I", 0, 0)), SmallTown.Json);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        await ImportRiverTownAsync();

        var body = await SmallTown.PostJsonAsync(Public, url, Body(300, ("I", 0, 0), ("far", 0, 900)));
        var features = body["features"]!.AsArray();
        Assert.Equal(["I", "far"], features.Select(f => f!["id"]!.GetValue<string>()));
        var reach = System.Text.Json.JsonSerializer.Deserialize<NetTopologySuite.Geometries.Geometry>(
            features[0]!["geometry"]!.ToJsonString(), Geo.Api.Features.ImportExport.AttributeCoercion.Json)!;
        Assert.True(reach.Contains(SmallTown.At(250, 0)), "300 m east along S street is reached");
        Assert.False(reach.Contains(SmallTown.At(0, 100)), "A, 100 m across the river, is 1,400 m on foot");
        var p = features[0]!["properties"]!;
        Assert.Equal((300, 4.2, 1.2, 1, false), (p.Number("metres"), p.Number("minutes"), p.Number("speed_mps"), p["network_version"]!.GetValue<int>(), p["off_network"]!.GetValue<bool>()));
        Assert.True(features[1]!["properties"]!["off_network"]!.GetValue<bool>()); // 800 m north of N street, beyond the 200 m cap
        Assert.Equal(800, features[1]!["properties"]!.Number("snap_m"), Metre);

        var empty = await SmallTown.ProblemErrorsAsync(await Public.PostAsJsonAsync(url, Body(300), SmallTown.Json));
        Assert.StartsWith("须列出 1 到 500 个地点", empty["sites"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var radius = await SmallTown.ProblemErrorsAsync(await Public.PostAsJsonAsync(url, Body(9000, ("I", 0, 0)), SmallTown.Json));
        Assert.Contains("radius_m", radius.Select(e => e.Key));
    }
}
