using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Geo.Api.Demo;
using Geo.Api.Features.ImportExport;
using Geo.Api.Features.Institutions;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.ImportExport;

/// <summary>
/// TuoyuGeo's files through GDAL (what QGIS and ArcGIS read and write with) and back, over the demo district:
/// every layer, exported, rewritten by ogr2ogr (GeoPackage; Shapefile with a GBK .dbf, an ESRI .prj and no .cpg;
/// GeoJSON by way of EPSG:4528), imported again as a dry run, must come back with every row unchanged. The
/// files GDAL writes here are also the outside-made import fixtures: made by ogr2ogr in the test, not by the product.
/// </summary>
public sealed class GdalRoundTripTests(ApiFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : ApiTest(fixture)
{
    public static readonly TheoryData<string, string> LayersAndForms = new()
    {
        { "institutions", "gpkg" }, { "institutions", "shp-gbk" }, { "institutions", "geojson-4528" }, { "institutions", "shp" },
        { "nursing-rooms", "gpkg" }, { "nursing-rooms", "shp-gbk" }, { "nursing-rooms", "geojson-4528" }, { "nursing-rooms", "shp" },
        { "public-places", "gpkg" }, { "public-places", "shp-gbk" }, { "public-places", "geojson-4528" }, { "public-places", "shp" },
        { "residential-areas", "gpkg" }, { "residential-areas", "geojson-4528" },
        { "parcels", "gpkg" }, { "parcels", "shp-gbk" }, { "parcels", "geojson-4528" }, { "parcels", "shp" },
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.WithDbAsync(db => DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance).ContinueWith(_ => 0));
    }

    [Theory]
    [MemberData(nameof(LayersAndForms))]
    public async Task A_layer_rewritten_by_GDAL_imports_back_with_every_row_unchanged(string layer, string form)
    {
        var folder = Directory.CreateTempSubdirectory("tuoyu-gdal-").FullName;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (file, query) = await ThroughGdalAsync(layer, form, folder);
            var exported = clock.Elapsed;
            var response = await PostAsync(Client, layer, file, $"{layer}.{form}", query);
            var report = await JsonAsync(response);
            // The figures docs/import-export.md quotes: export and GDAL's rewrite, then the dry-run import of its file.
            output.WriteLine($"{layer} {form}: {report.GetProperty("rows").GetInt32()} rows, {file.Length / 1024.0:0.0} KiB; export + ogr2ogr " +
                $"{exported.TotalMilliseconds:0} ms, import (dry run, HTTP) {(clock.Elapsed - exported).TotalMilliseconds:0} ms, engine {report.GetProperty("elapsed_ms").GetDouble():0} ms");
            Assert.True(response.IsSuccessStatusCode, report.ToString());
            var rows = report.GetProperty("rows").GetInt32();
            Assert.True(rows > 0, report.ToString());
            var changed = report.GetProperty("row_reports").EnumerateArray().Where(r => r.GetProperty("action").GetString() != "unchanged").Take(3).ToList();
            Assert.True(changed.Count == 0, $"{layer} through {form}: {string.Join("\n", changed)}\ncolumns: {report.GetProperty("columns")}");
            Assert.Equal(rows, report.GetProperty("unchanged").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The layer's export as GDAL rewrites it, with the query the import then needs.</summary>
    private async Task<(byte[] File, string Query)> ThroughGdalAsync(string layer, string form, string folder)
    {
        var table = layer.Replace('-', '_');
        switch (form)
        {
            case "gpkg":
            {
                var exported = await ExportAsync(layer, "gpkg&crs=EPSG:4549", folder, "tuoyu.gpkg");
                var gdal = Path.Combine(folder, "gdal.gpkg");
                Assert.Empty((await Gdal.RunAsync("ogr2ogr", "-f", "GPKG", gdal, exported)).Complaints);
                return (await File.ReadAllBytesAsync(gdal), "");
            }

            case "shp-gbk":
            {
                // A GBK .dbf with an ESRI .prj and no .cpg, as older ArcGIS leaves them: the import is told the encoding.
                var exported = await ExportAsync(layer, "gpkg&crs=EPSG:4549", folder, "tuoyu.gpkg");
                var shp = Path.Combine(folder, table + ".shp");
                await Gdal.RunAsync("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", shp, exported);
                File.Delete(Path.ChangeExtension(shp, ".cpg"));
                Assert.Contains("PROJCS[", await File.ReadAllTextAsync(Path.ChangeExtension(shp, ".prj")), StringComparison.Ordinal);
                return (ZipOf(folder, table), "encoding=gbk");
            }

            case "geojson-4528":
            {
                var exported = await ExportAsync(layer, "geojson", folder, "tuoyu.geojson");
                var projected = Path.Combine(folder, "4528.geojson");
                var back = Path.Combine(folder, "back.geojson");
                Assert.Empty((await Gdal.RunAsync("ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:4528", projected, exported)).Complaints);
                Assert.Empty((await Gdal.RunAsync("ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:4326", "-lco", "RFC7946=YES", back, projected)).Complaints);
                return (await File.ReadAllBytesAsync(back), "");
            }

            default:
            {
                // TuoyuGeo's own Shapefile, read by GDAL (the .prj and .cpg it needs) and copied into a GeoPackage.
                var exported = await ExportAsync(layer, "shp&crs=EPSG:4528", folder, "tuoyu.zip");
                var shpFolder = Directory.CreateDirectory(Path.Combine(folder, "shp")).FullName;
                ZipFile.ExtractToDirectory(exported, shpFolder);
                var shp = Path.Combine(shpFolder, table + ".shp");
                Assert.True(File.Exists(Path.ChangeExtension(shp, ".prj")) && File.Exists(Path.ChangeExtension(shp, ".cpg")));
                var info = await Gdal.RunAsync("ogrinfo", "-ro", "-so", shp, table);
                Assert.Contains("ID[\"EPSG\",4528]", info.Output, StringComparison.Ordinal);
                Assert.Empty(info.Complaints);
                var gpkg = Path.Combine(folder, "from-shp.gpkg");
                Assert.Empty((await Gdal.RunAsync("ogr2ogr", "-f", "GPKG", gpkg, shp)).Complaints);
                return (await File.ReadAllBytesAsync(gpkg), "");
            }
        }
    }

    private async Task<string> ExportAsync(string layer, string format, string folder, string name)
    {
        var response = await Client.GetAsync($"/api/export/{layer}?format={format}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var path = Path.Combine(folder, name);
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static byte[] ZipOf(string folder, string stem) =>
        Zip(Directory.GetFiles(folder, stem + ".*").Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));

    [Fact]
    public async Task A_GeoPackage_export_is_2D_as_declared_and_GDAL_reprojects_it_without_a_warning()
    {
        var folder = Directory.CreateTempSubdirectory("tuoyu-gpkg-").FullName;
        try
        {
            var file = await ExportAsync("parcels", "gpkg&crs=EPSG:4527", folder, "parcels.gpkg");
            var info = await Gdal.RunAsync("ogrinfo", "-ro", "-al", file);
            Assert.Contains("MULTIPOLYGON (((", info.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("nan", info.Output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("ID[\"EPSG\",4527]", (await Gdal.RunAsync("ogrinfo", "-ro", "-so", file, "parcels")).Output, StringComparison.Ordinal);
            Assert.Empty((await Gdal.RunAsync("ogr2ogr", "-t_srs", "EPSG:4326", Path.Combine(folder, "wgs84.gpkg"), file)).Complaints);

            await using var gpkg = new SqliteConnection($"Data Source={file};Pooling=False");
            await gpkg.OpenAsync();
            await using var read = gpkg.CreateCommand();
            read.CommandText = "SELECT g.z, g.m, c.min_x IS NOT NULL AND c.max_y IS NOT NULL, (SELECT geom FROM parcels LIMIT 1) " +
                "FROM gpkg_geometry_columns g JOIN gpkg_contents c USING (table_name)";
            await using var row = await read.ExecuteReaderAsync();
            Assert.True(await row.ReadAsync());
            Assert.Equal((0L, 0L, 1L), (row.GetInt64(0), row.GetInt64(1), row.GetInt64(2)));
            var blob = (byte[])row[3];
            Assert.Equal(1, (blob[3] >> 1) & 7); // envelope of x and y only, as the table declares
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_report_says_which_cut_DBF_column_was_taken_for_which_field()
    {
        var folder = Directory.CreateTempSubdirectory("tuoyu-gdal-").FullName;
        try
        {
            var (file, query) = await ThroughGdalAsync("institutions", "shp-gbk", folder);
            var report = await JsonAsync(await PostAsync(Client, "institutions", file, "institutions.zip", query));
            var taken = report.GetProperty("columns").EnumerateArray()
                .ToDictionary(c => c.GetProperty("column").GetString()!, c => (Field: c.GetProperty("field").GetString(), By: c.GetProperty("by").GetString()));
            Assert.Equal(("approved_slots", "dbf_10_bytes"), taken["approved_s"]);
            Assert.Equal(("operator_type", "dbf_10_bytes"), taken["operator_t"]);
            Assert.Equal(("monthly_fee_max", "dbf_10_bytes"), taken["monthly__1"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("approved_s", "approved_slots")]
    [InlineData("enrolled_s", "enrolled_slots")]
    [InlineData("operator_t", "operator_type")]
    [InlineData("filing_sta", "filing_status")]
    [InlineData("credit_cod", "credit_code")]
    [InlineData("统一社会信", "credit_code")] // 统一社会信用代码 cut to 10 GBK bytes
    [InlineData("统一社", "credit_code")]     // … and to 10 UTF-8 bytes
    public void A_DBF_name_cut_to_10_bytes_is_read_as_its_field(string column, string field) =>
        Assert.Equal(field, FieldNames.Untruncated([column], InstitutionFields).GetValueOrDefault(column));

    [Theory]
    [InlineData("approv")] // too short to have been cut
    [InlineData("is_st")]  // far from 10 bytes
    [InlineData("name")]   // a field already
    public void A_short_or_whole_name_is_not_taken_for_a_longer_field(string column) =>
        Assert.Empty(FieldNames.Untruncated([column], InstitutionFields));

    [Fact]
    public void Names_GDAL_made_unique_take_the_fields_in_order()
    {
        var names = FeatureWriters.DbfNames(["monthly_fee_min", "monthly_fee_max", "population", "population_is_estimated"]);
        Assert.Equal(["monthly_fe", "monthly__1", "population", "populati_1"], names.Values);
        Assert.Equal(new Dictionary<string, string> { ["monthly_fe"] = "monthly_fee_min", ["monthly_1"] = "monthly_fee_max" },
            FieldNames.Untruncated(["monthly_fe", "monthly_1"], InstitutionFields));
    }

    [Theory]
    [InlineData("(2:full_day,half_day)")]
    [InlineData("[\"full_day\",\"half_day\"]")]
    [InlineData("full_day、half_day")]
    [InlineData("full_day;half_day")]
    public void A_list_field_is_read_from_OGR_s_StringList_JSON_or_separated_words(string text)
    {
        var problems = new List<ImportProblem>();
        var input = AttributeCoercion.ToInput<InstitutionInput>(new Dictionary<string, object?> { ["name"] = "x", ["service_types"] = text }, problems);
        Assert.Empty(problems);
        Assert.Equal(["full_day", "half_day"], JsonSerializer.SerializeToNode(input!.ServiceTypes, AttributeCoercion.Json)!.AsArray().Select(n => n!.GetValue<string>()));
    }

    private static readonly string[] InstitutionFields = [.. AttributeCoercion.Fields(typeof(InstitutionInput)).Select(f => f.Name)];
}
