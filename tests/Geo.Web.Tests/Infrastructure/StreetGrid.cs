using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Geo.Api.Data.Entities;
using Npgsql;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// A walking network drawn over a district for the browser tests: streets every <see cref="Step"/>° (about 200 m)
/// over its bounding box, crossing at shared vertices; optionally a river between two rows that only one column bridges.
/// </summary>
public sealed class StreetGrid
{
    public const double Step = 0.002;

    private StreetGrid(IReadOnlyList<double> lons, IReadOnlyList<double> lats) => (Lons, Lats) = (lons, lats);

    public IReadOnlyList<double> Lons { get; }

    public IReadOnlyList<double> Lats { get; }

    /// <summary>The river: no street crosses between row <c>Row</c> and the next except column <c>Bridge</c>.</summary>
    public (int Row, int Bridge)? River { get; set; }

    public static async Task<StreetGrid> OverDistrictAsync(WebFixture fixture, string district)
    {
        var body = await fixture.Client().GetFromJsonAsync<JsonElement>($"/api/districts/{district}");
        var (minLon, minLat, maxLon, maxLat) = (double.MaxValue, double.MaxValue, double.MinValue, double.MinValue);
        void Walk(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            if (e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
            {
                (minLon, maxLon) = (Math.Min(minLon, e[0].GetDouble()), Math.Max(maxLon, e[0].GetDouble()));
                (minLat, maxLat) = (Math.Min(minLat, e[1].GetDouble()), Math.Max(maxLat, e[1].GetDouble()));
                return;
            }

            foreach (var child in e.EnumerateArray())
            {
                Walk(child);
            }
        }

        Walk(body.GetProperty("geometry").GetProperty("coordinates"));
        var lons = Enumerable.Range(0, (int)Math.Ceiling((maxLon - minLon) / Step) + 1).Select(i => minLon + (i * Step)).ToList();
        var lats = Enumerable.Range(0, (int)Math.Ceiling((maxLat - minLat) / Step) + 1).Select(i => minLat + (i * Step)).ToList();
        return new StreetGrid(lons, lats);
    }

    /// <summary>The streets as a GeoJSON file of residential ways.</summary>
    public byte[] File()
    {
        static string Line(IEnumerable<(double Lon, double Lat)> points) =>
            "{\"type\":\"Feature\",\"properties\":{\"highway\":\"residential\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[" +
            string.Join(",", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.Lon:F6},{p.Lat:F6}]"))) + "]}}";
        var rows = Lats.Select(lat => Line(Lons.Select(lon => (lon, lat))));
        var columns = Lons.SelectMany((lon, i) => River is { } river && i != river.Bridge
            ? new[] { Lats.Take(river.Row + 1), Lats.Skip(river.Row + 1) }.Select(part => Line(part.Select(lat => (lon, lat))))
            : [Line(Lats.Select(lat => (lon, lat)))]);
        return Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", rows.Concat(columns)) + "]}");
    }

    public async Task ImportAsync(WebFixture fixture, string district)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(File()), "file", "streets.geojson");
        var imported = await fixture.Client(Role.Planner).PostAsync($"/api/districts/{district}/network?mode=commit", content);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
    }

    /// <summary>Removes the district's network, so the other tests see it as they expect: without one.</summary>
    public static async Task RemoveAsync(WebFixture fixture, string district)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand(
            "DELETE FROM street_edges WHERE district_code = @d; DELETE FROM street_nodes WHERE district_code = @d; DELETE FROM street_networks WHERE district_code = @d;", connection);
        delete.Parameters.AddWithValue("d", district);
        await delete.ExecuteNonQueryAsync();
    }
}
