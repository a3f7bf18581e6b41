using System.Text;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Layers;

public sealed class ValidationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static object Inst(Func<JsonObject, JsonObject> change)
    {
        var properties = JsonSerializer(LayerSample.Institution("甲", 40, 20));
        return new { type = "Feature", geometry = new { type = "Point", coordinates = new[] { 119.3, 26.08 } }, properties = change(properties) };
    }

    private static JsonObject JsonSerializer(object o) => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(o, Options))!.AsObject();

    private static JsonObject With(JsonObject o, string key, JsonNode? value)
    {
        o[key] = value;
        return o;
    }

    public static TheoryData<string, string, object> BadRequests() => new()
    {
        { "institutions", "enrolled_slots", Inst(p => With(p, "enrolled_slots", 41)) },
        { "institutions", "approved_slots", Inst(p => With(p, "approved_slots", -1)) },
        { "institutions", "name", Inst(p => With(p, "name", " ")) },
        { "institutions", "credit_code", Inst(p => With(p, "credit_code", "91350102MA12345678")) },
        { "institutions", "classes[0].children", Inst(p => With(p, "classes", JsonNode.Parse("""[{"type":"infant","count":1,"children":11}]"""))) },
        { "institutions", "opening_hours", Inst(p => With(p, "opening_hours", "8点到18点")) },
        { "institutions", "opening_hours", Inst(p => With(p, "opening_hours", "Mo-Fr 18:00-07:30")) },
        { "institutions", "monthly_fee_max", Inst(p => With(p, "monthly_fee_max", 1000)) },
        { "institutions", "nature", Inst(p => With(p, "nature", "charity")) },
        { "institutions", "nickname", Inst(p => With(p, "nickname", "x")) },
        { "institutions", "approved_slots", Inst(p => With(With(p, "operator_type", "home_based"), "classes", new JsonArray())) },
        { "institutions", "filed_on", Inst(p => With(p, "filing_status", "unfiled")) },
        { "institutions", "geometry", new { type = "Feature", geometry = new { type = "Point", coordinates = new[] { 2.35, 48.85 } }, properties = LayerSample.Institution("巴黎", 10, 1) } },
        { "institutions", "geometry", new { type = "Feature", geometry = new { type = "LineString", coordinates = new[] { new[] { 119.3, 26.08 }, new[] { 119.31, 26.08 } } }, properties = LayerSample.Institution("线", 10, 1) } },
        { "institutions", "geometry", new { type = "Feature", geometry = (object?)null, properties = LayerSample.Institution("无", 10, 1) } },
        { "institutions", "type", new { type = "FeatureCollection", geometry = new { type = "Point", coordinates = new[] { 119.3, 26.08 } }, properties = LayerSample.Institution("类", 10, 1) } },
        { "nursing-rooms", "usable_area_m2", PointFeature(119.3, 26.08, LayerSample.Room(0)) },
        { "nursing-rooms", "equipment[0]", PointFeature(119.3, 26.08, new { name = "r", venue_name = "v", venue_type = "mall", usable_area_m2 = 12, equipment = new[] { "sofa" } }) },
        { "public-places", "daily_visitors", PointFeature(119.3, 26.08, new { name = "p", place_type = "mall", daily_visitors = -5 }) },
        { "residential-areas", "population", PointFeature(119.3, 26.08, new { name = "a", kind = "old" }) },
        { "residential-areas", "kind", PointFeature(119.3, 26.08, new { name = "a", population = 100 }) },
        { "parcels", "geometry", PointFeature(119.3, 26.08, LayerSample.Parcel("idle")) },
        { "parcels", "geometry", BoxFeature(119.3, 26.08, 119.3, 26.09, LayerSample.Parcel("idle")) },
        { "parcels", "status", BoxFeature(119.3, 26.08, 119.301, 26.081, LayerSample.Parcel("for_sale")) },
        { "parcels", "code", BoxFeature(119.3, 26.08, 119.301, 26.081, new { name = "无编号", land_use = "education", status = "idle" }) },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_feature_is_refused_naming_the_field_and_nothing_is_written(string route, string field, object body)
    {
        var response = await Client.PostJsonAsync($"/api/{route}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadNodeAsync();
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"expected an error on '{field}', got {problem.ToJsonString()}");
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_bad_update_changes_nothing()
    {
        var created = await (await Client.PostJsonAsync("/api/institutions", Inst(p => p))).ReadNodeAsync();
        var id = created["id"]!.GetValue<long>();

        var response = await Client.PutJsonAsync($"/api/institutions/{id}", Inst(p => With(p, "enrolled_slots", 99)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await Client.GetNodeAsync($"/api/institutions/{id}");
        Assert.Equal(created["properties"]!.ToJsonString(), after["properties"]!.ToJsonString());
    }

    [Fact]
    public async Task A_self_intersecting_polygon_is_repaired_and_the_response_says_so()
    {
        var bowtie = new
        {
            type = "Feature",
            geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { 119.30, 26.08 }, new[] { 119.302, 26.082 }, new[] { 119.302, 26.08 }, new[] { 119.30, 26.082 }, new[] { 119.30, 26.08 } } } },
            properties = LayerSample.Parcel("idle"),
        };

        var response = await Client.PostJsonAsync("/api/parcels", bowtie);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var feature = await response.ReadNodeAsync();
        Assert.Contains("repaired", feature["notes"]![0]!.GetValue<string>());
        Assert.Equal("MultiPolygon", feature["geometry"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_JSON_and_bad_query_parameters_are_400s_that_name_the_problem()
    {
        var malformed = await Client.PostAsync("/api/institutions", new StringContent("{\"type\": \"Feature\", \"geometry\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var badGeoJson = await Client.PostAsync("/api/institutions", new StringContent(
            """{"type":"Feature","geometry":{"type":"Point","coordinates":["east","north"]},"properties":{}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badGeoJson.StatusCode);

        foreach (var (url, field) in new[]
        {
            ("/api/institutions?bbox=1,2,3", "bbox"), ("/api/institutions?page_size=0", "page_size"),
            ("/api/institutions?status=open", "status"), ("/api/institutions?district=35", "district"),
            ("/api/parcels?min_area_m2=-1", "min_area_m2"), ("/api/nursing-rooms?open_at=tonight", "open_at"),
            ("/api/nearby?lon=119.3&lat=26.08&layer=parcels", "layer"), ("/api/nearby?lon=2.3&lat=48.8&layer=institutions", "lon"),
            ("/tiles/parcels/3/9/1.mvt", "x"), ("/tiles/schools/14/1/1.mvt", "layer"),
        })
        {
            var response = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.ReadNodeAsync())["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{url}: expected an error on {field}");
        }
    }

    [Fact]
    public async Task A_duplicate_credit_code_is_a_409_conflict()
    {
        var valid = ImportExport.ImportFiles.Code(1);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 10, 1, valid)))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("乙", 10, 1, valid)))).StatusCode);
        Assert.Equal(1, await CountAsync());
    }

    private async Task<int> CountAsync()
    {
        await using var db = Fixture.CreateDbContext();
        return await db.Institutions.CountAsync() + await db.NursingRooms.CountAsync() + await db.PublicPlaces.CountAsync()
               + await db.ResidentialAreas.CountAsync() + await db.Parcels.CountAsync();
    }
}
