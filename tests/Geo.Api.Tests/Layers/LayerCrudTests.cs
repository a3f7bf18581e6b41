namespace Geo.Api.Tests.Layers;

public sealed class LayerCrudTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [MemberData(nameof(LayerSample.All), MemberType = typeof(LayerSample))]
    public async Task Create_read_replace_delete_round_trip(LayerSample sample)
    {
        var created = await Client.PostJsonAsync($"/api/{sample.Route}", sample.Create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var feature = await created.ReadNodeAsync();
        var id = feature["id"]!.GetValue<long>();
        Assert.Equal($"/api/{sample.Route}/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Feature", feature["type"]!.GetValue<string>());
        Assert.Equal("api", feature["properties"]!["data_source"]!.GetValue<string>());

        var read = await Client.GetNodeAsync($"/api/{sample.Route}/{id}");
        Assert.Equal(feature["properties"]!["name"]!.GetValue<string>(), read["properties"]!["name"]!.GetValue<string>());
        Assert.Equal(feature["geometry"]!.ToJsonString(), read["geometry"]!.ToJsonString());
        Assert.Equal(Coordinates(sample.Create), Coordinates(read), new Near());

        var replaced = await Client.PutJsonAsync($"/api/{sample.Route}/{id}", sample.Replace);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var after = await Client.GetNodeAsync($"/api/{sample.Route}/{id}");
        Assert.Equal(JsonValue.Create(sample.ChangedValue)!.ToJsonString(), after["properties"]![sample.ChangedField]!.ToJsonString());
        Assert.Equal(Coordinates(sample.Replace), Coordinates(after), new Near());

        var list = await Client.GetNodeAsync($"/api/{sample.Route}");
        Assert.Equal(1, list["total"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/{sample.Route}/{id}")).StatusCode);
        var gone = await Client.GetAsync($"/api/{sample.Route}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/{sample.Route}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PutJsonAsync($"/api/{sample.Route}/{id}", sample.Replace)).StatusCode);
    }

    /// <summary>Every coordinate of a feature's geometry in order; a Polygon sent may come back a MultiPolygon.</summary>
    private static List<double> Coordinates(object feature)
    {
        var node = feature as JsonNode ?? System.Text.Json.JsonSerializer.SerializeToNode(feature, Json.Options)!;
        var numbers = new List<double>();
        void Walk(JsonNode? n)
        {
            if (n is JsonArray array)
            {
                foreach (var item in array)
                {
                    Walk(item);
                }
            }
            else if (n is JsonValue value)
            {
                numbers.Add(value.GetValue<double>());
            }
        }

        Walk(node["geometry"]!["coordinates"]);
        return numbers;
    }

    /// <summary>Equal to within 1e-9°, about 0.1 mm: what survives a round trip through PostGIS and GeoJSON.</summary>
    private sealed class Near : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public async Task Derived_fields_follow_a_feature_moved_across_a_subdistrict_boundary()
    {
        // Two 街道 side by side along longitude 119.30 inside one district.
        await Client.PostJsonAsync("/api/districts", new { type = "Feature", geometry = (object?)null, properties = new { code = "350000", name = "福建省", level = "province" } });
        await Client.PostJsonAsync("/api/districts", new { type = "Feature", geometry = (object?)null, properties = new { code = "350100", name = "福州市", level = "city", parent_code = "350000" } });
        await Client.PostJsonAsync("/api/districts", Json.BoxFeature(119.28, 26.06, 119.32, 26.10, new { code = "350102", name = "鼓楼区", level = "district", parent_code = "350100" }));
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/districts", Json.BoxFeature(119.28, 26.06, 119.30, 26.10, new { code = "350102001", name = "西街道", level = "subdistrict", parent_code = "350102" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/districts", Json.BoxFeature(119.30, 26.06, 119.32, 26.10, new { code = "350102002", name = "东街道", level = "subdistrict", parent_code = "350102" }))).StatusCode);

        var created = await (await Client.PostJsonAsync("/api/institutions", Json.PointFeature(119.29, 26.08, LayerSample.Institution("甲", 30, 10)))).ReadNodeAsync();
        Assert.Equal("350102001", created["properties"]!["subdistrict_code"]!.GetValue<string>());
        Assert.Equal("350102", created["properties"]!["district_code"]!.GetValue<string>());
        Assert.Equal(20, created["properties"]!["vacancies"]!.GetValue<int>());

        var id = created["id"]!.GetValue<long>();
        var moved = await (await Client.PutJsonAsync($"/api/institutions/{id}", Json.PointFeature(119.31, 26.08, LayerSample.Institution("甲", 30, 25)))).ReadNodeAsync();
        Assert.Equal("350102002", moved["properties"]!["subdistrict_code"]!.GetValue<string>());
        Assert.Equal(5, moved["properties"]!["vacancies"]!.GetValue<int>());

        // Outside every 街道 and district: no codes.
        var away = await (await Client.PutJsonAsync($"/api/institutions/{id}", Json.PointFeature(119.40, 26.08, LayerSample.Institution("甲", 30, 25)))).ReadNodeAsync();
        Assert.Null(away["properties"]!["subdistrict_code"]);
        Assert.Null(away["properties"]!["district_code"]);

        // A polygon gets its ground area: 0.002° × 0.002° at 26.08°N ≈ 200.2 m × 221.6 m.
        var area = await (await Client.PostJsonAsync("/api/residential-areas", Json.BoxFeature(119.301, 26.07, 119.303, 26.072, LayerSample.Area(900)))).ReadNodeAsync();
        Assert.Equal(200.1 * 221.6, area["properties"]!["area_m2"]!.GetValue<double>(), 200.0);
        Assert.Equal("350102002", area["properties"]!["subdistrict_code"]!.GetValue<string>());

        // The district filter works at every level.
        Assert.Equal(1, (await Client.GetNodeAsync("/api/residential-areas?district=350102002"))["total"]!.GetValue<int>());
        Assert.Equal(1, (await Client.GetNodeAsync("/api/residential-areas?district=350102"))["total"]!.GetValue<int>());
        Assert.Equal(1, (await Client.GetNodeAsync("/api/residential-areas?district=350100"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await Client.GetNodeAsync("/api/residential-areas?district=350102001"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_public_place_knows_whether_it_must_have_a_nursing_room()
    {
        var small = await (await Client.PostJsonAsync("/api/public-places", Json.PointFeature(119.3, 26.08, new { name = "小超市", place_type = "mall", building_area_m2 = 3000, daily_visitors = 2000 }))).ReadNodeAsync();
        var big = await (await Client.PostJsonAsync("/api/public-places", Json.PointFeature(119.3, 26.08, new { name = "购物中心", place_type = "mall", building_area_m2 = 30000 }))).ReadNodeAsync();
        var clinic = await (await Client.PostJsonAsync("/api/public-places", Json.PointFeature(119.3, 26.08, new { name = "社区卫生服务中心", place_type = "community_health_centre" }))).ReadNodeAsync();

        Assert.False(small["properties"]!["requires_nursing_room"]!.GetValue<bool>());
        Assert.True(big["properties"]!["requires_nursing_room"]!.GetValue<bool>());
        Assert.True(clinic["properties"]!["requires_nursing_room"]!.GetValue<bool>());
        Assert.Equal(2, (await Client.GetNodeAsync("/api/public-places?requires_nursing_room=true"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_residential_area_given_as_a_point_with_households_gets_an_estimated_population()
    {
        var created = await Client.PostJsonAsync("/api/residential-areas",
            Json.PointFeature(119.3, 26.08, new { name = "统计小区", households = 1000, kind = "new" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var properties = (await created.ReadNodeAsync())["properties"]!;
        Assert.Equal(2620, properties["population"]!.GetValue<int>());
        Assert.True(properties["population_is_estimated"]!.GetValue<bool>());
        Assert.Null(properties["area_m2"]);
    }

    [Fact]
    public async Task Filters_select_by_attribute_extent_text_and_page()
    {
        await Client.PostJsonAsync("/api/institutions", Json.PointFeature(119.30, 26.08, LayerSample.Institution("满员托育园", 30, 30)));
        await Client.PostJsonAsync("/api/institutions", Json.PointFeature(119.31, 26.09, LayerSample.Institution("有空位托育园", 30, 10)));
        await Client.PostJsonAsync("/api/institutions", Json.PointFeature(119.50, 26.30, LayerSample.Institution("远处托育园", 30, 10)));

        Assert.Equal(["有空位托育园", "远处托育园"], Names(await Client.GetNodeAsync("/api/institutions?has_vacancies=true")));
        Assert.Equal(["满员托育园", "有空位托育园"], Names(await Client.GetNodeAsync("/api/institutions?bbox=119.2,26.0,119.4,26.2")));
        Assert.Equal(["远处托育园"], Names(await Client.GetNodeAsync("/api/institutions?q=远处")));
        Assert.Equal(3, (await Client.GetNodeAsync("/api/institutions?service_type=hourly"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await Client.GetNodeAsync("/api/institutions?age_class=infant"))["total"]!.GetValue<int>());
        var page = await Client.GetNodeAsync("/api/institutions?page=2&page_size=2");
        Assert.Equal(["远处托育园"], Names(page));
        Assert.False(page["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Nursing_rooms_filter_by_equipment_and_opening_time()
    {
        await Client.PostJsonAsync("/api/nursing-rooms", Json.PointFeature(119.3, 26.08, new
        {
            name = "全配母婴室", venue_name = "商场", venue_type = "mall", usable_area_m2 = 12,
            equipment = new[] { "changing_table", "basin_hot_water", "crib", "nursing_chair", "table", "power_socket", "call_device", "bin", "lockable_door" },
            opening_hours = "Mo-Su 10:00-22:00",
        }));
        await Client.PostJsonAsync("/api/nursing-rooms", Json.PointFeature(119.3, 26.08, LayerSample.Room(8)));

        var complete = await Client.GetNodeAsync("/api/nursing-rooms?equipment_complete=true");
        Assert.Equal(["全配母婴室"], Names(complete));
        Assert.True(complete["features"]![0]!["properties"]!["compliant"]!.GetValue<bool>());
        Assert.Equal(["东街口地铁站母婴室"], Names(await Client.GetNodeAsync("/api/nursing-rooms?open_at=2026-11-23T07:00")));
        Assert.Equal(2, (await Client.GetNodeAsync("/api/nursing-rooms?open_at=2026-11-23T12:00"))["total"]!.GetValue<int>());
        Assert.Equal(2, (await Client.GetNodeAsync("/api/nursing-rooms?equipment=crib,changing_table"))["total"]!.GetValue<int>());
    }

    private static List<string> Names(JsonNode collection) =>
        collection["features"]!.AsArray().Select(f => f!["properties"]!["name"]!.GetValue<string>()).ToList();
}
