using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.ImportExport;

/// <summary>Files built to exhaust the machine: zip bombs, exotic compression, GeoPackage views that never end.</summary>
public sealed class HostileFileTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_small_zip_declaring_a_huge_shp_is_refused_before_it_is_written_and_leaves_no_temp_files()
    {
        var temp = Directory.CreateTempSubdirectory("tuoyu-test-import-");
        try
        {
            using var limited = Fixture.WithWebHostBuilder(b => b
                .UseSetting("Import:MaxUncompressedBytes", (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .UseSetting("Import:TempFolder", temp.FullName));
            using var client = limited.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token("test-land_officer", Data.Entities.Role.LandOfficer));
            var bomb = ZipOfZeros(("parcels.shp", 64L * 1024 * 1024), ("parcels.shx", 100), ("parcels.dbf", 100));
            Assert.True(bomb.Length < 1024 * 1024, $"the zip has {bomb.Length} bytes");

            var response = await PostAsync(client, "parcels", bomb, "地块.zip", "mode=commit");

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = (await JsonAsync(response)).GetProperty("detail").GetString()!;
            Assert.Contains("4 MB", detail, StringComparison.Ordinal);
            Assert.Contains("Import:MaxUncompressedBytes", detail, StringComparison.Ordinal);
            Assert.Empty(temp.EnumerateFileSystemInfos());
            Assert.Equal("0,0,0,0,0", await CountsAsync(Fixture));
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(12, "bzip2")]
    [InlineData(14, "LZMA")]
    public async Task Zip_entries_in_bzip2_or_lzma_are_refused_with_400(short method, string name)
    {
        var zip = Zip([("parcels.shp", new byte[200]), ("parcels.shx", new byte[100]), ("parcels.dbf", new byte[100])]);
        SetCompressionMethod(zip, method);

        var response = await PostAsync(Client, "parcels", zip, "地块.zip", "mode=commit");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString()!;
        Assert.Contains(name, message, StringComparison.Ordinal);
        Assert.Contains("Deflate", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_geopackage_whose_feature_table_is_a_recursive_view_is_refused_naming_the_table()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tuoyu-test-{Guid.NewGuid():N}.gpkg");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = """
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
                      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84"]', NULL);
                    CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT,
                      last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
                    CREATE VIEW endless_sites AS
                      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000000)
                      SELECT i AS fid, NULL AS geom, 'x' AS name FROM n WHERE i < 0;
                    INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('endless_sites', 'features', 4326);
                    INSERT INTO gpkg_geometry_columns VALUES ('endless_sites', 'geom', 'POINT', 4326, 0, 0);
                    """;
                command.ExecuteNonQuery();
            }

            var response = await PostAsync(Client, "institutions", await File.ReadAllBytesAsync(path), "机构.gpkg");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var message = (await JsonAsync(response)).GetProperty("errors").GetProperty("file")[0].GetString()!;
            Assert.Contains("endless_sites", message, StringComparison.Ordinal);
            Assert.Contains("view", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Requests_run_under_the_configured_statement_timeout()
    {
        await using var limited = Fixture.WithWebHostBuilder(b => b.UseSetting("Database:StatementTimeoutSeconds", "7"));
        await using var scope = limited.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.TuoyuDbContext>();

        var timeout = await db.Database.SqlQueryRaw<string>("SELECT current_setting('statement_timeout') AS \"Value\"").SingleAsync();

        Assert.Equal("7s", timeout);
    }

    /// <summary>A zip of zero-filled entries: deflate shrinks each megabyte of zeros to about a kilobyte.</summary>
    private static byte[] ZipOfZeros(params (string Name, long Bytes)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                for (var left = bytes; left > 0; left -= zeros.Length)
                {
                    entry.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Rewrites the compression method of every entry, in its local header and in the central directory.</summary>
    private static void SetCompressionMethod(byte[] zip, short method)
    {
        for (var at = 0; at + 4 <= zip.Length; at++)
        {
            var signature = BitConverter.ToUInt32(zip, at);
            var offset = signature switch { 0x04034b50 => 8, 0x02014b50 => 10, _ => -1 };
            if (offset > 0)
            {
                BitConverter.GetBytes(method).CopyTo(zip, at + offset);
            }
        }
    }
}
