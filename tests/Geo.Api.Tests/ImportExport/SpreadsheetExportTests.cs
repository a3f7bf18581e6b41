using System.Text;
using Geo.Analysis.Coordinates;
using static Geo.Api.Tests.ImportExport.ImportFiles;
using static Geo.Api.Tests.ImportExport.Spreadsheets;

namespace Geo.Api.Tests.ImportExport;

/// <summary>Exports for people: Chinese headers and words, lon/lat for points, formula-safe cells, and they read back unchanged.</summary>
public sealed class SpreadsheetExportTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task SeedInstitutionsAsync(Action<List<object?[]>>? change = null)
    {
        var rows = Places.Select((_, k) => InstitutionRow(k)).ToList();
        change?.Invoke(rows);
        var report = await JsonAsync(await PostAsync(Client, "institutions", Encoding.UTF8.GetBytes(Csv(InstitutionHeaders, rows)), "名单.csv", "crs=GCJ-02&mode=commit"));
        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
    }

    [Fact]
    public async Task An_xlsx_export_has_chinese_headers_and_words_lon_lat_and_reads_back_unchanged()
    {
        await SeedInstitutionsAsync();

        var response = await Client.GetAsync("/api/export/institutions?format=xlsx&crs=GCJ-02");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var workbook = await response.Content.ReadAsByteArrayAsync();
        var sheet = Read(workbook);
        var header = sheet[0].Values.Select(v => v?.ToString()).ToList();
        Assert.Equal(["编号", "经度", "纬度", "名称", "统一社会信用代码"], header.Take(5));
        Assert.Contains("核定托位（个）", header);
        Assert.Contains("数据来源", header);
        var first = sheet.Skip(1).Select(r => r.Values.ToList()).Single(r => Equals(r[header.IndexOf("名称")], Places[0].Name));
        Assert.Equal("公办", first[header.IndexOf("性质")]);
        Assert.Equal("已备案", first[header.IndexOf("备案状态")]);
        Assert.Equal("是", first[header.IndexOf("是否普惠")]);
        Assert.Equal("全日托、计时托", first[header.IndexOf("收托类型")]);
        Assert.Equal("导入：名单.csv", first[header.IndexOf("数据来源")]);
        Assert.Equal(Crs.Gcj02.FromWgs84(Places[0].Lon, Places[0].Lat).X, Convert.ToDouble(first[1], System.Globalization.CultureInfo.InvariantCulture), 1e-7);
        Assert.Equal(1200d, Convert.ToDouble(first[header.IndexOf("核定托位（个）")], System.Globalization.CultureInfo.InvariantCulture));

        var back = await JsonAsync(await PostAsync(Client, "institutions", workbook, "导出.xlsx", "crs=GCJ-02&mode=commit"));

        Assert.Equal(Places.Length, back.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, back.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Csv_cells_that_would_run_as_formulas_are_neutralised_and_read_back_as_written()
    {
        await SeedInstitutionsAsync(rows => rows[0][2] = "=HYPERLINK(\"http://example.invalid\";\"点击\")");

        var bytes = await Client.GetByteArrayAsync("/api/export/institutions?format=csv&crs=GCJ-02");

        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains("\"'=HYPERLINK(", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        var back = await JsonAsync(await PostAsync(Client, "institutions", bytes, "导出.csv", "crs=GCJ-02"));
        Assert.True(Places.Length == back.GetProperty("unchanged").GetInt32(), back.ToString());
    }

    [Fact]
    public async Task Xlsx_cells_that_would_run_as_formulas_are_neutralised_and_read_back_as_written()
    {
        await SeedInstitutionsAsync(rows => (rows[0][2], rows[1][2]) = ("=HYPERLINK(\"http://example.invalid\";\"点击\")", "+86 0591-1234"));

        var workbook = await Client.GetByteArrayAsync("/api/export/institutions?format=xlsx&crs=GCJ-02");

        var sheet = Read(workbook);
        var address = sheet[0].Values.Select(v => v?.ToString()).ToList().IndexOf("地址");
        Assert.Contains("'=HYPERLINK(\"http://example.invalid\";\"点击\")", sheet.Skip(1).Select(r => r.Values.ElementAt(address)?.ToString()));
        Assert.Contains("'+86 0591-1234", sheet.Skip(1).Select(r => r.Values.ElementAt(address)?.ToString()));
        Assert.DoesNotContain("<f>", System.Text.Encoding.UTF8.GetString(SheetXml(workbook)), StringComparison.Ordinal);
        var back = await JsonAsync(await PostAsync(Client, "institutions", workbook, "导出.xlsx", "crs=GCJ-02"));
        Assert.True(Places.Length == back.GetProperty("unchanged").GetInt32(), back.ToString());
    }

    private static byte[] SheetXml(byte[] workbook)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(workbook));
        using var sheet = new MemoryStream();
        zip.GetEntry("xl/worksheets/sheet1.xml")!.Open().CopyTo(sheet);
        return sheet.ToArray();
    }

    [Fact]
    public async Task Parcel_and_coverage_exports_say_their_words_in_chinese_and_lang_en_keeps_the_api_words()
    {
        var shapefile = ParcelShapefileZip(Crs.Parse("EPSG:4549"), AxisOrder.EastingFirst);
        Assert.True((await JsonAsync(await PostAsync(Client, "parcels", shapefile, "地块.zip", "mode=commit"))).GetProperty("committed").GetBoolean());

        var zh = Encoding.UTF8.GetString(await Client.GetByteArrayAsync("/api/export/parcels?format=csv"));
        var en = Encoding.UTF8.GetString(await Client.GetByteArrayAsync("/api/export/parcels?format=csv&lang=en"));

        var header = zh.TrimStart('\uFEFF').Split("\r\n")[0];
        Assert.StartsWith("编号,几何（WKT）,地块编码,名称,用地性质,状态,权属,可划拨,储备日期,面积（m²）", header, StringComparison.Ordinal);
        Assert.DoesNotContain("㎡", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("平方米", zh, StringComparison.Ordinal);
        Assert.Matches("(教育用地|商业用地|居住用地|社区服务设施用地|其他|医疗卫生用地|社会福利用地|工业用地|绿地)", zh);
        Assert.Matches("(闲置|低效|兼容|储备|已出让)", zh);
        Assert.DoesNotMatch(",(idle|commercial|education|reserve),", zh);
        Assert.StartsWith("id,wkt,code,name,land_use,status", en.TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_of_points_writes_a_workbook_with_a_frozen_header()
    {
        var feature = new Geo.Api.Features.ImportExport.ExportFeature(7, Geo.Analysis.Spatial.Wgs84.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(119.3, 26.08)),
            new System.Text.Json.Nodes.JsonObject { ["name"] = "@SUM(A1)", ["kind"] = "old", ["area_m2"] = 1234.5, ["population_is_estimated"] = true });
        var table = Geo.Api.Features.ImportExport.SpreadsheetTable.Of([feature], Crs.Wgs84, Geo.Api.Http.GeometryKind.PointOrMultiPolygon,
            Geo.Api.Features.ImportExport.SheetLanguage.Zh);

        var sheet = Read(table.Xlsx("居住区"));

        Assert.Equal(["编号", "经度", "纬度", "名称", "居住区类型", "面积（m²）", "人口为估算"], sheet[0].Values.Select(v => v?.ToString()));
        Assert.Equal(["'@SUM(A1)", "已建成", "是"], new[] { 3, 4, 6 }.Select(c => sheet[1].Values.ElementAt(c)?.ToString()));
    }

    [Fact]
    public async Task Unknown_export_format_or_language_is_named_in_the_error()
    {
        var response = await Client.GetAsync("/api/export/institutions?format=xls&lang=fr");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Contains("xlsx", errors.GetProperty("format")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("zh", errors.GetProperty("lang")[0].GetString(), StringComparison.Ordinal);
    }
}
