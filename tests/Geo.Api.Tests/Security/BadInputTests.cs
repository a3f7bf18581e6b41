using System.Text;

namespace Geo.Api.Tests.Security;

/// <summary>A corpus of hostile or broken requests against every write endpoint: each a 4xx, nothing changed.</summary>
public sealed class BadInputTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] WriteRoutes =
        ["/api/institutions", "/api/nursing-rooms", "/api/public-places", "/api/residential-areas", "/api/parcels", "/api/districts"];

    /// <summary>Route, what is wrong, the body, and the field the 400 must name (`body` when the body as a whole is refused).</summary>
    public static TheoryData<string, string, string, string> Corpus()
    {
        var point = """{"type":"Point","coordinates":[119.3,26.08]}""";
        var data = new TheoryData<string, string, string, string>();
        foreach (var route in WriteRoutes)
        {
            data.Add(route, "malformed GeoJSON", """{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[1,2]]},"properties":{"name":"x"}}""", "geometry");
            data.Add(route, "NaN coordinate", """{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,26.08]},"properties":{"name":"x"}}""", "geometry");
            data.Add(route, "huge coordinate", """{"type":"Feature","geometry":{"type":"Point","coordinates":[1e308,26.08]},"properties":{"name":"x"}}""", "geometry");
            // Layers with a status refuse the value; the others refuse the field itself: either way 'status' is named.
            data.Add(route, "SQL in an enumeration", "{\"type\":\"Feature\",\"geometry\":" + point +
                ",\"properties\":{\"name\":\"x\",\"status\":\"operating'; DROP TABLE institutions; --\",\"kind\":\"old'--\",\"level\":\"district' OR '1'='1\"}}", "status");
            // Refused as a whole: the body itself is the field named.
            data.Add(route, "not an object", "[1,2,3]", "body");
            data.Add(route, "empty body", "", "body");
            data.Add(route, "deeply nested", new string('[', 5000) + new string(']', 5000), "body");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Broken_or_hostile_bodies_are_refused_and_change_nothing(string route, string what, string body, string field)
    {
        // Exactly a 400 ProblemDetails: a 404 from a renamed route or a 405 must not pass for a refusal.
        var response = await Client.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what} on {route}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.StartsWith("请求", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"{what} on {route}: {errors.ToJsonString()}");
        Assert.NotEmpty(errors[field]![0]!.GetValue<string>());

        Assert.Equal(0, await RowsAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Invalid_UTF8_wrong_content_types_and_oversized_bodies_are_refused(string route)
    {
        var invalidUtf8 = new ByteArrayContent([.. "{\"type\":\"Feature\",\"properties\":{\"name\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}}"u8.ToArray()]);
        invalidUtf8.Headers.ContentType = new("application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.PostAsync(route, invalidUtf8)).StatusCode);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Client.PostAsync(route, new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"))).StatusCode);

        var huge = new StringContent("{\"type\":\"Feature\",\"properties\":{\"name\":\"" + new string('x', 11 * 1024 * 1024) + "\"}}", Encoding.UTF8, "application/json");
        var tooLarge = await Client.PostAsync(route, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await RowsAsync());
    }

    public static TheoryData<string> Routes() => new(WriteRoutes);

    [Fact]
    public async Task SQL_in_a_search_is_only_text()
    {
        await Client.PostJsonAsync("/api/institutions", Json.PointFeature(119.3, 26.08, Layers.LayerSample.Institution("甲", 30, 10)));
        var found = await Client.GetNodeAsync("/api/institutions?q=" + Uri.EscapeDataString("' OR 1=1; DROP TABLE institutions; --"));
        Assert.Equal(0, found["total"]!.GetValue<int>());
        Assert.Equal(1, (await Client.GetNodeAsync("/api/institutions"))["total"]!.GetValue<int>());
    }

    private async Task<int> RowsAsync()
    {
        await using var db = Fixture.CreateDbContext();
        return await db.Institutions.CountAsync() + await db.NursingRooms.CountAsync() + await db.PublicPlaces.CountAsync()
               + await db.ResidentialAreas.CountAsync() + await db.Parcels.CountAsync() + await db.Districts.CountAsync();
    }
}
