using System.Text.Encodings.Web;
using System.Text.Json;
using Geo.Analysis.Spatial;
using Geo.Api.Tests.AnalysisApi;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Layers;

/// <summary>
/// /api/nearby writes institutions from JSON the database builds, not through the layer's records: its answer must
/// stay the one the layer gives (every field, word and value, in the same order, as each caller may see it), and the
/// walk where the district has a network.
/// </summary>
public sealed class NearbyAnswerTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Lon = 119.30, Lat = 26.08;

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task<long> PostAsync(double east, double north, Action<JsonObject> change)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(Lat);
        var properties = JsonNode.Parse(JsonSerializer.Serialize(LayerSample.Institution("样例", 40, 12), Options))!.AsObject();
        change(properties);
        var response = await Json.PostJsonAsync(Client, "/api/institutions", PointFeature(Lon + east / perLon, Lat + north / perLat, properties));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadNodeAsync())["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task Each_institution_near_a_point_is_the_one_the_layer_reads_for_the_public_and_for_staff()
    {
        await PostAsync(100, 0, p =>
        {
            p["name"] = "带\"引号\"与\\反斜杠的托育园";
            p["address"] = "鼓楼区\n五四路 🏠 1号";
            p["credit_code"] = "91350100M000100Y43";
            p["monthly_fee_min"] = 1800.50;
            p["monthly_fee_max"] = 2600.00;
            p["classes"] = new JsonArray(
                new JsonObject { ["type"] = "older", ["count"] = 1, ["children"] = 5 },
                new JsonObject { ["type"] = "infant", ["count"] = 1, ["children"] = 3 },
                new JsonObject { ["type"] = "toddler", ["count"] = 1, ["children"] = 4 });
            p["opened_on"] = "2023-09-01";
            p["puhui_on"] = "2024-03-15";
        });
        await PostAsync(0, 200, p =>
        {
            p["monthly_fee_min"] = 0;
            p["monthly_fee_max"] = null;
            p["classes"] = new JsonArray();
            p["quality_grade"] = null;
            p["phone"] = null;
            p["floor"] = -1;
        });
        await PostAsync(-300, 0, p => p["service_types"] = new JsonArray());

        foreach (var client in new[] { Public, Client })
        {
            var body = await client.GetNodeAsync($"/api/nearby?lon={Lon}&lat={Lat}&layer=institutions");
            Assert.Equal(["type", "features", "total", "page", "page_size", "has_more"], body.AsObject().Select(p => p.Key));
            Assert.Equal((3, 1, 3, false), (body["total"]!.GetValue<int>(), body["page"]!.GetValue<int>(), body["page_size"]!.GetValue<int>(), body["has_more"]!.GetValue<bool>()));
            var features = body["features"]!.AsArray().Select(f => f!.AsObject()).ToList();
            Assert.All(features.Zip([100.0, 200.0, 300.0]), f => Assert.Equal(f.Second, f.First["properties"]!["distance_m"]!.GetValue<double>(), 0.5));

            foreach (var feature in features)
            {
                Assert.Equal(["type", "id", "geometry", "properties"], feature.Select(p => p.Key));
                var properties = feature["properties"]!.AsObject();
                Assert.Equal(["distance_m", "details", "walking_m", "walking_minutes", "walking_speed_mps"], properties.Select(p => p.Key));
                Assert.Null(properties["walking_m"]);
                Assert.Null(properties["walking_minutes"]);

                var layer = await client.GetNodeAsync($"/api/institutions/{feature["id"]}");
                Assert.Equal(layer["geometry"]!.ToJsonString(Compact), feature["geometry"]!.ToJsonString(Compact));
                Assert.Equal(layer["properties"]!.ToJsonString(Compact), properties["details"]!.ToJsonString(Compact)); // order-sensitive
            }

            var first = features[0]["properties"]!["details"]!;
            Assert.Equal("鼓楼区\n五四路 🏠 1号", first["address"]!.GetValue<string>());
            Assert.Equal(["older", "infant", "toddler"], first["classes"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()));
            Assert.Equal(1800.5m, first["monthly_fee_min"]!.GetValue<decimal>());
            Assert.Equal("2600", first["monthly_fee_max"]!.ToJsonString());
            Assert.Equal(client == Public ? null : "91350100M000100Y43", first["credit_code"]?.GetValue<string>());
            Assert.Equal(client == Public, first["version"]!.GetValue<long>() == 0);
        }
    }

    /// <summary>The river town of NetworkDistanceTests: S street y = 0 and N street y = 100, one bridge at x = 400.</summary>
    [Fact]
    public async Task Walks_are_added_where_the_district_has_a_network_and_absent_before_it_is_imported()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(db);
            db.Institutions.AddRange(
                SmallTown.Institution("A 北岸", 0, 120, 10),
                SmallTown.Institution("B 南岸", 200, -30, 10),
                SmallTown.Institution("C 远离道路", 200, 600, 10));
            await db.SaveChangesAsync();
        }

        var at = SmallTown.At(0, -20); // 20 m south of S street
        var url = FormattableString.Invariant($"/api/nearby?lon={at.X:R}&lat={at.Y:R}&layer=institutions&max_distance_m=1000");
        var before = (await Public.GetNodeAsync(url))["features"]!.AsArray();
        Assert.Equal(["A 北岸", "B 南岸", "C 远离道路"], before.Select(f => f!["properties"]!["details"]!["name"]!.GetValue<string>()));
        Assert.All(before, f => Assert.Null(f!["properties"]!["walking_m"]));

        await SmallTown.ImportStreetsAsync(Client, [(0, 0), (400, 0)], [(400, 0), (400, 100)], [(400, 100), (0, 100)]);

        var after = (await Public.GetNodeAsync(url))["features"]!.AsArray().Select(f => f!["properties"]!).ToList();
        Assert.Equal(["A 北岸", "B 南岸", "C 远离道路"], after.Select(p => p["details"]!["name"]!.GetValue<string>()));
        // A: 20 m to S, 400 east, the bridge 100, 400 back west along N, 20 m up = 940 m; B: 20 + 200 + 30 = 250 m;
        // C is 500 m from any street, beyond the snap cap: no walk.
        Assert.Equal(940, after[0]["walking_m"]!.GetValue<double>(), 0.5);
        Assert.Equal(13.1, after[0]["walking_minutes"]!.GetValue<double>(), 0.05);
        Assert.Equal(250, after[1]["walking_m"]!.GetValue<double>(), 0.5);
        Assert.Equal(3.5, after[1]["walking_minutes"]!.GetValue<double>(), 0.05);
        Assert.Null(after[2]["walking_m"]);
        Assert.Null(after[2]["walking_minutes"]);
    }
}
