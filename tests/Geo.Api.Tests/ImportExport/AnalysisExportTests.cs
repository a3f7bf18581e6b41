using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Geo.Api.Demo;

namespace Geo.Api.Tests.ImportExport;

public sealed class AnalysisExportTests(ApiFixture fixture) : ApiTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
    }

    [Fact]
    public async Task Coverage_exports_every_area_with_its_figures_in_a_Gauss_Kruger_zone()
    {
        // The export must carry the analysis' own figures: each area's are compared with the coverage endpoint's.
        var analysis = await Client.GetNodeAsync("/api/analysis/coverage?district=350102&radius_m=500");
        var expected = analysis["areas"]!["features"]!.AsArray().ToDictionary(f => f!["id"]!.GetValue<long>(), f => f!["properties"]!);
        var geojson = await Client.GetNodeAsync("/api/export/analysis/coverage?district=350102&radius_m=500&format=geojson&crs=EPSG:4549");

        await using var db = Fixture.CreateDbContext();
        var features = geojson["features"]!.AsArray();
        Assert.Equal(await db.ResidentialAreas.CountAsync(), features.Count);
        Assert.Equal(expected.Count, features.Count);
        Assert.Equal("urn:ogc:def:crs:EPSG::4549", geojson["crs"]!["properties"]!["name"]!.GetValue<string>());
        foreach (var feature in features)
        {
            var p = feature!["properties"]!;
            var want = expected[feature["id"]!.GetValue<long>()];
            Assert.Equal(want["accessible_per_thousand"]!.GetValue<double>(), p["accessible_per_thousand"]!.GetValue<double>());
            Assert.Equal(want["gap"]!.GetValue<double>(), p["gap"]!.GetValue<double>());
            Assert.Equal(want["class"]!.GetValue<string>(), p["class"]!.GetValue<string>());
        }

        // EPSG:4549 (CGCS2000 3-degree GK, central meridian 120°E, no zone prefix): 鼓楼 lies ~70 km west of it.
        var easting = features[0]!["geometry"]!["coordinates"]![0]![0]![0]![0]!.GetValue<double>();
        Assert.InRange(easting, 400_000, 500_000);

        // The CSV's default radius is the endpoint's default (300 m): its gaps are the endpoint's at 300 m.
        var atDefault = (await Client.GetNodeAsync("/api/analysis/coverage?district=350102"))["areas"]!["features"]!.AsArray()
            .ToDictionary(f => f!["id"]!.GetValue<long>(), f => f!["properties"]!["gap"]!.GetValue<double>());
        var csv = await Client.GetAsync("/api/export/analysis/coverage?district=350102&format=csv&lang=en");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = CsvFields(lines[0]);
        var (id, gap) = (header.IndexOf("id"), header.IndexOf("gap"));
        Assert.True(id >= 0 && gap >= 0, lines[0]);
        var rows = lines[1..].Select(CsvFields).ToDictionary(r => long.Parse(r[id], CultureInfo.InvariantCulture), r => double.Parse(r[gap], CultureInfo.InvariantCulture));
        Assert.Equal(atDefault.OrderBy(kv => kv.Key), rows.OrderBy(kv => kv.Key));

        var gpkg = await (await Client.GetAsync("/api/export/analysis/coverage?district=350102&format=gpkg&crs=GCJ-02")).Content.ReadAsByteArrayAsync();
        Assert.Equal("SQLite format 3", Encoding.ASCII.GetString(gpkg, 0, 15));
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, gpkg);
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var table = connection.CreateCommand();
            table.CommandText = "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'";
            var name = (string)(await table.ExecuteScalarAsync())!;
            await using var read = connection.CreateCommand();
            // The feature id is the GeoPackage's integer primary key (whatever the writer named it).
            await using var key = connection.CreateCommand();
            key.CommandText = $"SELECT name FROM pragma_table_info('{name}') WHERE pk = 1";
            var fid = (string)(await key.ExecuteScalarAsync())!;
            read.CommandText = $"SELECT \"{fid}\", gap FROM \"{name}\"";
            await using var reader = await read.ExecuteReaderAsync();
            var stored = new Dictionary<long, double>();
            while (await reader.ReadAsync())
            {
                stored[reader.GetInt64(0)] = reader.GetDouble(1);
            }

            Assert.Equal(atDefault.OrderBy(kv => kv.Key), stored.OrderBy(kv => kv.Key));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>One CSV line's fields (RFC 4180: quoted fields may hold commas and doubled quotes).</summary>
    private static List<string> CsvFields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    [Fact]
    public async Task Priority_parcels_export_in_rank_order_to_those_who_may_read_parcels()
    {
        var ranked = await Client.GetNodeAsync("/api/export/analysis/priority-parcels?district=350102&format=geojson");
        var ranks = ranked["features"]!.AsArray().Select(f => f!["properties"]!["rank"]!.GetValue<int>()).ToList();
        Assert.Equal(25, ranks.Count);
        Assert.Equal(Enumerable.Range(1, 25), ranks);

        using var land = Fixture.CreateClient(Data.Entities.Role.LandOfficer);
        Assert.Equal(HttpStatusCode.OK, (await land.GetAsync("/api/export/analysis/priority-parcels?district=350102&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync("/api/export/analysis/coverage?district=350102")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/export/analysis/opinions?district=350102")).StatusCode);
    }
}
