using Geo.Api.Data.Entities;
using Geo.Api.Reference.Plans;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Targets;

/// <summary>
/// 托位/千人 by area kind on foot: the small town's river with one bridge 650 m east (as in WalkingComparisonTests),
/// and a second district 10 km east with the same homes and no network:
/// <code>
///   A 北岸 old (0,100) 1,000     N street (0,100) ─── (650,100)
///                ~~~ river ~~~                          │ bridge
///   I 15 托位 (0,0)   D 南岸新村 new (200,0) 1,000   S street (0,0) ─── (650,0)    B 南岸东 old (600,-30) 2,000
/// </code>
/// In a straight line I reaches A (100 m) and D (200 m): 15 托位 shared by 2,000 residents, 7.5 each area; old areas
/// (A, B) 7.5 × 1,000 / 3,000 = 2.5, new (D) 7.5. On foot A is 1,400 m away: I serves D alone, old 0, new 15.
/// </summary>
public sealed class WalkingTargetTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string OtherDistrict = "990102";
    private const double East = 10_000; // the second district's homes, as far east

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db);
        db.Districts.Add(new District
        {
            Code = OtherDistrict, Name = "无路网区", Level = DistrictLevel.District, ParentCode = SmallTown.City,
            Boundary = SmallTown.Square(2000, East), ShareUnder3 = SmallTown.Share,
        });
        db.UnitTargets.AddRange(Target("slots-old", SlotScope.OldAreas, 8), Target("slots-new", SlotScope.NewAreas, 10));
        foreach (var east in new[] { 0, East })
        {
            db.Institutions.Add(SmallTown.Institution("I 南岸托育", east, 0, 15));
            db.ResidentialAreas.AddRange(
                SmallTown.Area("A 北岸", east, 100, 1000, ResidentialKind.Old),
                SmallTown.Area("B 南岸东", east + 600, -30, 2000, ResidentialKind.Old),
                SmallTown.Area("D 南岸新村", east + 200, 0, 1000, ResidentialKind.New));
        }

        await db.SaveChangesAsync();
    }

    private static UnitTarget Target(string key, SlotScope scope, double value) => new()
    {
        UnitCode = SmallTown.City, Key = key, Name = key, Kind = PlanTargetKind.SlotsPerThousand, Scope = scope, Comparison = PlanComparison.AtLeast,
        Value = value, Due = new DateOnly(2030, 12, 31), SourceDocument = "测试文件", SourceClause = "—", SetBy = "test",
    };

    private static JsonNode Of(JsonNode body, string key) => body["targets"]!.AsArray().Single(t => t!["target"]!["key"]!.GetValue<string>() == key)!;

    private static (double Old, double New) Values(JsonNode body) => (Of(body, "slots-old").Number("current"), Of(body, "slots-new").Number("current"));

    private static JsonNode Measure(JsonNode target) => target["distances"]!.AsArray().Single()!["distance"]!;

    private Task<JsonNode> ProgressAsync(string query = "") => Client.GetJsonAsync($"/api/targets/progress?unit={SmallTown.District}&as_of=2026-06-30{query}");

    [Fact]
    public async Task A_district_with_a_network_reckons_its_slots_per_thousand_on_foot_and_says_so()
    {
        // No network yet: the straight line, as before, and the answer says so.
        var ground = await ProgressAsync();
        Assert.Equal((2.5, 7.5), Values(ground));
        Assert.Equal("ground", Measure(Of(ground, "slots-old"))["distance"]!.GetValue<string>());
        Assert.EndsWith("按直线距离", Of(ground, "slots-old")["basis"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(ground["targets"]!.AsArray().Single(t => t!["target"]!["key"]!.GetValue<string>() == "national-slots-per-thousand-2025")!["distances"]);

        await SmallTown.ImportStreetsAsync(Client, [(0, 0), (650, 0)], [(650, 0), (650, 100)], [(650, 100), (0, 100)]);
        var walking = await ProgressAsync();
        Assert.Equal((0.0, 15.0), Values(walking)); // A is across the river: its share of I's 托位 goes to D
        var measure = Measure(Of(walking, "slots-old"));
        Assert.Equal("network", measure["distance"]!.GetValue<string>());
        Assert.Equal(1, measure["network_version"]!.GetValue<int>());
        Assert.Equal(1.2, measure.Number("walking_speed_mps"));
        Assert.Equal(4.2, measure.Number("radius_minutes")); // 300 m at 1.2 m/s
        Assert.Contains("按步行路网距离（路网第 1 版，步行速度 1.2 米/秒，约 4.2 分钟）", Of(walking, "slots-new")["basis"]!.GetValue<string>());

        // Asked for: the straight line again, exactly as before the network; a slower walk changes the minutes, not the metres.
        Assert.Equal((2.5, 7.5), Values(await ProgressAsync("&distance=ground")));
        var slow = await ProgressAsync("&walking_speed=1");
        Assert.Equal((0.0, 15.0), Values(slow));
        Assert.Equal(5, Measure(Of(slow, "slots-new")).Number("radius_minutes"));
    }

    [Fact]
    public async Task The_rollup_walks_each_district_by_its_own_measure_and_the_city_mixes_them()
    {
        await SmallTown.ImportStreetsAsync(Client, [(0, 0), (650, 0)], [(650, 0), (650, 100)], [(650, 100), (0, 100)]);
        var rollup = await Client.GetJsonAsync($"/api/targets/rollup?unit={SmallTown.City}&as_of=2026-06-30");
        var rows = rollup["units"]!.AsArray().ToDictionary(r => r!["unit"]!.GetValue<string>(), r => r!);
        Assert.Equal((0.0, 15.0), Values(rows[SmallTown.District]));
        Assert.Equal("network", rows[SmallTown.District]["distances"]![0]!["distance"]!["distance"]!.GetValue<string>());
        Assert.Equal((2.5, 7.5), Values(rows[OtherDistrict])); // no network: today's figures
        Assert.Equal("ground", rows[OtherDistrict]["distances"]![0]!["distance"]!["distance"]!.GetValue<string>());

        // distance=network over a city: on foot where a district has a network, else the straight line, said per district.
        var asked = await Client.GetJsonAsync($"/api/targets/rollup?unit={SmallTown.City}&as_of=2026-06-30&distance=network");
        Assert.Equal(["network", "ground"], asked["units"]!.AsArray().OrderBy(r => r!["unit"]!.GetValue<string>())
            .Select(r => r!["distances"]![0]!["distance"]!["distance"]!.GetValue<string>()));

        // The city's own figure: each area by its district's measure in one 2SFCA. Old areas: A 0, B 0, A′ 7.5, B′ 0 over
        // 6,000 residents = 1.25; new: D 15, D′ 7.5 over 2,000 = 11.25.
        var city = await Client.GetJsonAsync($"/api/targets/progress?unit={SmallTown.City}&as_of=2026-06-30");
        Assert.Equal(1.25, Of(city, "slots-old").Number("current"), 1e-9);
        Assert.Equal(11.25, Of(city, "slots-new").Number("current"), 1e-9);
        Assert.Equal([(SmallTown.District, "network"), (OtherDistrict, "ground")], Of(city, "slots-old")["distances"]!.AsArray()
            .Select(d => (d!["district"]!.GetValue<string>(), d["distance"]!["distance"]!.GetValue<string>())));
        Assert.Contains("无路网区按直线距离", Of(city, "slots-old")["basis"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_distance_or_speed_and_network_without_one_get_the_fields_in_Chinese()
    {
        var word = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/targets/progress?unit={SmallTown.District}&distance=foot&walking_speed=9"));
        Assert.StartsWith("只能是 network（步行路网距离）或 ground（直线距离）", word["distance"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("步行速度须在 0.3 到 3 米/秒之间", word["walking_speed"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var none = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/targets/rollup?unit={SmallTown.District}&distance=network"));
        Assert.StartsWith($"行政区 {SmallTown.District} 没有步行路网", none["distance"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
