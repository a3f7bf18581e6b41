using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Geo.Analysis.Coordinates;
using Geo.Analysis.Spatial;
using Geo.Api.Cli;
using Geo.Api.Features.ImportExport;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.ImportExport;

public sealed class ExportTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Properties the service derives or stamps: not part of what a file carries.</summary>
    private static readonly string[] Derived =
        ["vacancies", "subdistrict_code", "district_code", "data_source", "source_crs", "updated_at", "version", "area_m2",
         "missing_equipment", "compliant", "requires_nursing_room"];

    [Theory]
    [InlineData("institutions", "geojson", "EPSG:4326")]
    [InlineData("institutions", "geojson", "GCJ-02")]
    [InlineData("institutions", "csv", "GCJ-02")]
    [InlineData("institutions", "csv", "EPSG:4549")]
    [InlineData("institutions", "gpkg", "EPSG:4528")]
    [InlineData("institutions", "gpkg", "GCJ-02")]
    [InlineData("parcels", "gpkg", "EPSG:4549")]
    [InlineData("parcels", "csv", "EPSG:4528")]
    [InlineData("residential-areas", "geojson", "EPSG:4549")]
    [InlineData("residential-areas", "gpkg", "BD-09")]
    public async Task Export_then_import_is_lossless(string layer, string format, string crs)
    {
        await SeedAsync(layer);
        var before = await SnapshotAsync(layer);
        var export = await Client.GetAsync($"/api/export/{layer}?format={format}&crs={crs}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var file = await export.Content.ReadAsByteArrayAsync();
        await Fixture.ResetAsync();

        // CSV says nothing of its system; GeoJSON and GeoPackage carry it.
        var query = format == "csv" ? $"mode=commit&crs={crs}" : "mode=commit";
        var import = await JsonAsync(await PostAsync(Client, layer, file, $"export.{format}", query));
        Assert.True(import.TryGetProperty("committed", out _), import.ToString());

        Assert.True(import.GetProperty("committed").GetBoolean(), import.ToString());
        Assert.Equal(crs, import.GetProperty("source_crs").GetString());
        var after = await SnapshotAsync(layer);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, (properties, coordinates)) in before)
        {
            var (importedProperties, importedCoordinates) = after[name];
            Assert.True(JsonNode.DeepEquals(properties, importedProperties), $"{name}:\n{properties}\n≠\n{importedProperties}");
            Assert.Equal(coordinates.Count, importedCoordinates.Count);
            foreach (var (a, b) in coordinates.Zip(importedCoordinates))
            {
                var metres = GroundDistance.Metres(a.Lon, a.Lat, b.Lon, b.Lat);
                Assert.True(metres < 0.01, $"{name}: moved {metres:0.0000} m through {format} in {crs}");
            }
        }
    }

    [Fact]
    public async Task Csv_export_has_a_bom_and_projected_x_y_columns_with_chinese_text_intact()
    {
        await SeedAsync("institutions");
        var response = await Client.GetAsync("/api/export/institutions?format=csv&crs=EPSG:4549&lang=en");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,x,y,name,", lines[0], StringComparison.Ordinal);
        var place = Places[0];
        Assert.Equal((119.29871, 26.08642), (place.Lon, place.Lat));
        var row = lines.Single(l => l.Contains(place.Name, StringComparison.Ordinal)).Split(',');
        // Worked out by GDAL/PROJ, not by the product: `echo "119.29871 26.08642" | gdaltransform -s_srs EPSG:4326
        // -t_srs EPSG:4549 -output_xy` (GDAL 3.6.2) gives 429838.817227665 2886597.74405101.
        Assert.Equal(429_838.817, double.Parse(row[1], CultureInfo.InvariantCulture), 0.001);
        Assert.Equal(2_886_597.744, double.Parse(row[2], CultureInfo.InvariantCulture), 0.001);
        Assert.StartsWith("id,lon,lat,", Encoding.UTF8.GetString(await Client.GetByteArrayAsync("/api/export/institutions?format=csv&lang=en")).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeoPackage_export_declares_its_epsg_srs()
    {
        await SeedAsync("parcels");
        var bytes = await Client.GetByteArrayAsync("/api/export/parcels?format=gpkg&crs=EPSG:4549");
        var path = Path.GetTempFileName();
        try
        {
            await System.IO.File.WriteAllBytesAsync(path, bytes);
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT s.organization, s.organization_coordsys_id, s.definition, g.geometry_type_name, c.data_type,
                       (SELECT count(*) FROM parcels), (PRAGMA application_id)
                  FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id JOIN gpkg_contents c ON c.table_name = g.table_name
                """;
            command.CommandText = command.CommandText.Replace("(PRAGMA application_id)", "(SELECT application_id FROM pragma_application_id)", StringComparison.Ordinal);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("EPSG", reader.GetString(0));
            Assert.Equal(4549, reader.GetInt32(1));
            Assert.Equal(Crs.Parse("EPSG:4549"), Crs.FromWkt(reader.GetString(2)));
            Assert.Equal("MULTIPOLYGON", reader.GetString(3));
            Assert.Equal("features", reader.GetString(4));
            Assert.Equal(Parcels().Count, reader.GetInt32(5));
            Assert.Equal(0x47504B47, reader.GetInt32(6)); // "GPKG"
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public async Task Export_refuses_unknown_formats_and_systems()
    {
        var response = await Client.GetAsync("/api/export/institutions?format=kml&crs=EPSG:2385");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("format", out _));
        Assert.True(errors.TryGetProperty("crs", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/export/schools")).StatusCode);
    }

    [Fact]
    public async Task The_cli_imports_with_the_same_engine_and_a_second_run_changes_nothing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"机构-{Guid.NewGuid():N}.csv");
        await System.IO.File.WriteAllTextAsync(path, InstitutionsCsv("lng", "lat", (lon, lat) => Crs.Gcj02.FromWgs84(lon, lat)), new UTF8Encoding(true));
        try
        {
            var first = new StringWriter();
            var exit = await ImportCommand.RunAsync(Fixture.Services, ["institutions", path, "--crs", "GCJ-02", "--commit"], first);
            Assert.True(exit == 0, first.ToString());
            Assert.Contains($"committed: {Places.Length} to create", first.ToString(), StringComparison.Ordinal);
            Assert.Equal($"{Places.Length},0,0,0,0", await CountsAsync(Fixture));

            var second = new StringWriter();
            Assert.Equal(0, await ImportCommand.RunAsync(Fixture.Services, ["institutions", path, "--crs", "GCJ-02", "--commit"], second));
            Assert.Contains($"0 to create, 0 to update, {Places.Length} unchanged", second.ToString(), StringComparison.Ordinal);

            var wrong = new StringWriter();
            Assert.Equal(2, await ImportCommand.RunAsync(Fixture.Services, ["institutions", path, "--commit"], wrong));
            Assert.Contains("crs=", wrong.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private async Task SeedAsync(string layer)
    {
        var file = layer switch
        {
            "institutions" => InstitutionsGeoJson(),
            "parcels" => ParcelShapefileZip(Crs.Parse("EPSG:4549"), AxisOrder.EastingFirst),
            _ => GeoJson(Parcels().Select((p, k) => (
                JsonSerializer.SerializeToNode<NetTopologySuite.Geometries.Geometry>(k % 2 == 0 ? p.Boundary : p.Boundary.Centroid, AttributeCoercion.Json),
                k % 2 == 0
                    ? new JsonObject { ["name"] = p.Name + "小区", ["population"] = 3000 + k, ["households"] = 1100, ["kind"] = "new", ["completion_year"] = 2019 }
                    : new JsonObject { ["name"] = p.Name + "小区", ["households"] = 900 + k, ["kind"] = "old" }))),
        };
        var report = await JsonAsync(await PostAsync(Client, layer, file, "seed", "mode=commit"));
        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
    }

    /// <summary>Each feature by name: its written properties and its coordinates in WGS-84.</summary>
    private async Task<Dictionary<string, (JsonObject Properties, List<(double Lon, double Lat)> Coordinates)>> SnapshotAsync(string layer)
    {
        var page = await JsonAsync(await Client.GetAsync($"/api/{layer}"));
        var result = new Dictionary<string, (JsonObject, List<(double, double)>)>();
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            var properties = JsonNode.Parse(feature.GetProperty("properties").GetRawText())!.AsObject();
            foreach (var key in Derived)
            {
                properties.Remove(key);
            }

            var geometry = JsonSerializer.Deserialize<NetTopologySuite.Geometries.Geometry>(feature.GetProperty("geometry").GetRawText(), AttributeCoercion.Json)!;
            result[properties["name"]!.GetValue<string>()] = (properties, geometry.Coordinates.Select(c => (c.X, c.Y)).ToList());
        }

        return result;
    }
}
