using Geo.Analysis.Spatial;
using static Geo.Api.Tests.Infrastructure.Json;
using MapboxTile = NetTopologySuite.IO.VectorTiles.Mapbox.Tile;

namespace Geo.Api.Tests.Layers;

public sealed class NearbyAndTileTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Lon = 119.30, Lat = 26.08;

    [Fact]
    public async Task Nearby_returns_filed_operating_institutions_nearest_first_with_ground_distances()
    {
        // North and east offsets in metres; the distances are those offsets (to 0.1 %, see the tolerance).
        await Post(0, 400, "北400");
        await Post(120, 0, "东120");
        await Post(0, -250, "南250");
        await Post(0, 3500, "北3500（超出）");
        await Post(30, 0, "东30未备案", filing: "unfiled");
        await Post(60, 0, "东60已关闭", status: "closed");

        var found = await Client.GetNodeAsync($"/api/nearby?lon={Lon}&lat={Lat}&layer=institutions&max_distance_m=3000");

        var features = found["features"]!.AsArray();
        Assert.Equal(["东120", "南250", "北400"], features.Select(f => f!["properties"]!["details"]!["name"]!.GetValue<string>()));
        Assert.Equal([120.0, 250.0, 400.0], features.Select(f => f!["properties"]!["distance_m"]!.GetValue<double>()), new Tolerance(0.5));

        var limited = await Client.GetNodeAsync($"/api/nearby?lon={Lon}&lat={Lat}&layer=institutions&limit=1");
        Assert.Single(limited["features"]!.AsArray());
    }

    [Fact]
    public async Task Nearby_finds_nursing_rooms_too()
    {
        await Client.PostJsonAsync("/api/nursing-rooms", PointFeature(Lon, Lat + 0.001, LayerSample.Room(12)));
        var found = await Client.GetNodeAsync($"/api/nearby?lon={Lon}&lat={Lat}&layer=nursing-rooms");
        var metres = found["features"]![0]!["properties"]!["distance_m"]!.GetValue<double>();
        Assert.Equal(GroundDistance.Metres(Lon, Lat, Lon, Lat + 0.001), metres, 0.5);
    }

    [Fact]
    public async Task A_vector_tile_holds_exactly_the_features_in_its_extent()
    {
        const int z = 14;
        var (x, y) = TileOf(Lon, Lat, z);
        var (west, south, east, north) = TileBounds(x, y, z);
        var inside1 = await IdOf(await Client.PostJsonAsync("/api/institutions", PointFeature(west + (east - west) * 0.3, south + (north - south) * 0.5, LayerSample.Institution("内1", 20, 5))));
        var inside2 = await IdOf(await Client.PostJsonAsync("/api/institutions", PointFeature(west + (east - west) * 0.9, south + (north - south) * 0.1, LayerSample.Institution("内2", 20, 5))));
        await Client.PostJsonAsync("/api/institutions", PointFeature(east + (east - west) * 0.02, south + (north - south) * 0.5, LayerSample.Institution("东外", 20, 5)));
        await Client.PostJsonAsync("/api/institutions", PointFeature(west + 0.1, north + 0.1, LayerSample.Institution("远", 20, 5)));
        var parcel = await IdOf(await Client.PostJsonAsync("/api/parcels",
            BoxFeature(east - (east - west) * 0.1, north - (north - south) * 0.1, east + (east - west) * 0.1, north + (north - south) * 0.1, LayerSample.Parcel("idle"))));

        var institutions = await ReadTileAsync($"/tiles/institutions/{z}/{x}/{y}.mvt");
        var layer = Assert.Single(institutions.Layers);
        Assert.Equal("institutions", layer.Name);
        Assert.Equal(new[] { inside1, inside2 }.Order(), layer.Features.Select(f => (long)f.Id).Order());
        Assert.Contains("approved_slots", layer.Keys);

        // A parcel across the tile's corner is in this tile and in its neighbour.
        Assert.Equal([parcel], (await ReadTileAsync($"/tiles/parcels/{z}/{x}/{y}.mvt")).Layers.Single().Features.Select(f => (long)f.Id));
        Assert.Equal([parcel], (await ReadTileAsync($"/tiles/parcels/{z}/{x + 1}/{y - 1}.mvt")).Layers.Single().Features.Select(f => (long)f.Id));
        Assert.Empty((await ReadTileAsync($"/tiles/parcels/{z}/{x - 1}/{y + 1}.mvt")).Layers);
    }

    [Fact]
    public async Task The_public_tile_holds_only_filed_operating_institutions_and_no_parcels()
    {
        var filed = await Post(0, 0, "已备案");
        var staffOnly = new[]
        {
            await Post(30, 0, "未备案", filing: "unfiled"),
            await Post(60, 0, "已关闭", status: "closed"),
            await Post(90, 0, "筹建中", status: "planned"),
            await Post(0, 30, "不合规", filing: "non_compliant"),
        };
        await Client.PostJsonAsync("/api/parcels", BoxFeature(Lon, Lat, Lon + 0.001, Lat + 0.001, LayerSample.Parcel("idle")));
        const int z = 14;
        var (x, y) = TileOf(Lon, Lat, z);

        var seen = Assert.Single((await ReadTileAsync($"/tiles/institutions/{z}/{x}/{y}.mvt", Public)).Layers);
        Assert.Equal([filed], seen.Features.Select(f => (long)f.Id));
        var staff = Assert.Single((await ReadTileAsync($"/tiles/institutions/{z}/{x}/{y}.mvt")).Layers);
        Assert.Equal(staffOnly.Append(filed).Order(), staff.Features.Select(f => (long)f.Id).Order());

        // Not an empty tile for the public: the parcel layer is refused outright, though this tile holds one.
        Assert.Single((await ReadTileAsync($"/tiles/parcels/{z}/{x}/{y}.mvt")).Layers);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync($"/tiles/parcels/{z}/{x}/{y}.mvt")).StatusCode);
    }

    private async Task<long> Post(double east, double north, string name, string filing = "filed", string status = "operating")
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(Lat);
        var properties = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(LayerSample.Institution(name, 30, 10), Options))!.AsObject();
        properties["filing_status"] = filing;
        properties["status"] = status;
        if (filing == "unfiled")
        {
            properties.Remove("filed_on");
        }

        var response = await Client.PostJsonAsync("/api/institutions", PointFeature(Lon + east / perLon, Lat + north / perLat, properties));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await IdOf(response);
    }

    private static async Task<long> IdOf(HttpResponseMessage response) => (await response.ReadNodeAsync())["id"]!.GetValue<long>();

    private async Task<MapboxTile> ReadTileAsync(string url, HttpClient? client = null)
    {
        var response = await (client ?? Client).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        return ProtoBuf.Serializer.Deserialize<MapboxTile>(stream);
    }

    private static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var latRad = lat * Math.PI / 180;
        return ((int)Math.Floor((lon + 180) / 360 * n), (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n));
    }

    private static (double West, double South, double East, double North) TileBounds(int x, int y, int z)
    {
        var n = 1 << z;
        static double Lat(double yy, int nn) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * yy / nn))) * 180 / Math.PI;
        return (x * 360.0 / n - 180, Lat(y + 1, n), (x + 1) * 360.0 / n - 180, Lat(y, n));
    }

    private sealed class Tolerance(double delta) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= delta;

        public int GetHashCode(double obj) => 0;
    }
}
