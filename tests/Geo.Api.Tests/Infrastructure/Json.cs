using System.Net.Http.Json;
using System.Text.Json;

namespace Geo.Api.Tests.Infrastructure;

/// <summary>Requests and responses in the API's JSON (snake_case).</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Options);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Options);

    public static async Task<JsonNode> ReadNodeAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())
        ?? throw new InvalidOperationException("empty body");

    public static async Task<JsonNode> GetNodeAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>A GeoJSON Feature with a point geometry.</summary>
    public static object PointFeature(double lon, double lat, object properties) => new
    {
        type = "Feature",
        geometry = new { type = "Point", coordinates = new[] { lon, lat } },
        properties,
    };

    /// <summary>A GeoJSON Feature with a rectangle polygon.</summary>
    public static object BoxFeature(double minLon, double minLat, double maxLon, double maxLat, object properties) => new
    {
        type = "Feature",
        geometry = new
        {
            type = "Polygon",
            coordinates = new[] { new[] { new[] { minLon, minLat }, new[] { maxLon, minLat }, new[] { maxLon, maxLat }, new[] { minLon, maxLat }, new[] { minLon, minLat } } },
        },
        properties,
    };
}
