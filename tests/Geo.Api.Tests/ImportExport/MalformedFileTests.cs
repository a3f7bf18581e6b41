using System.Text;
using Geo.Analysis.Coordinates;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.ImportExport;

/// <summary>Files that cannot be imported as a whole: each a 400 that says what is wrong, and nothing changes.</summary>
public sealed class MalformedFileTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Xian1980Prj =
        "PROJCS[\"Xian_1980_3_Degree_GK_CM_120E\",GEOGCS[\"GCS_Xian_1980\",DATUM[\"D_Xian_1980\",SPHEROID[\"Xian_1980\",6378140.0,298.257]]," +
        "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0]," +
        "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",120.0],PARAMETER[\"Scale_Factor\",1.0]," +
        "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // case, layer, query, words the message must contain
        { "truncated shapefile", "parcels", "mode=commit", "truncated" },
        { "shapefile without .prj", "parcels", "mode=commit", "no .prj" },
        { "unsupported .prj", "parcels", "mode=commit", "does not support" },
        { "WGS-84 .prj on Gauss-Krüger coordinates", "parcels", "mode=commit", "outside China" },
        { "zip without .shp", "parcels", "mode=commit", "no .shp" },
        { "corrupt zip", "parcels", "mode=commit", "corrupt" },
        { "empty file", "institutions", "mode=commit", "empty" },
        { "blank file", "institutions", "mode=commit", "empty" },
        { "GBK sent as UTF-8", "institutions", "crs=GCJ-02&mode=commit", "encoding=gbk" },
        { "CSV without crs", "institutions", "mode=commit", "crs=" },
        { "CSV without coordinate columns", "institutions", "crs=GCJ-02&mode=commit", "coordinate columns" },
        { "mixed geometry kinds", "parcels", "mode=commit", "mixes" },
        { "lines for a point layer", "institutions", "mode=commit", "LineString" },
        { "truncated GeoJSON", "institutions", "mode=commit", "not valid JSON" },
        { "GeoJSON that is not a FeatureCollection", "institutions", "mode=commit", "FeatureCollection" },
        { "no features", "institutions", "mode=commit", "no features" },
        { "corrupt GeoPackage", "institutions", "mode=commit", "GeoPackage" },
        { "unsupported GeoJSON crs", "institutions", "mode=commit", "not supported" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_file_is_a_clear_400_and_changes_nothing(string @case, string layer, string query, string expected)
    {
        await PostAsync(Client, "institutions", InstitutionsGeoJson(), "已有.geojson", "mode=commit");
        var before = await CountsAsync(Fixture);
        var (file, name) = File(@case);

        var response = await PostAsync(Client, layer, file, name, query);

        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{@case}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, body.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(Fixture));
    }

    [Fact]
    public async Task A_refused_file_is_told_in_chinese_first()
    {
        var response = await PostAsync(Client, "institutions", Encoding.UTF8.GetBytes(InstitutionsCsv("lon", "lat", (lon, lat) => (lon, lat))), "名单.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await JsonAsync(response)).GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.StartsWith("CSV 不含坐标系：请给出 crs=（GPS 用 EPSG:4326，高德/腾讯用 GCJ-02，百度用 BD-09", detail, StringComparison.Ordinal);
        Assert.Contains("; A CSV does not say its coordinate system", detail, StringComparison.Ordinal);
    }

    private static (byte[] File, string Name) File(string @case)
    {
        var gk = Crs.Parse("EPSG:4549");
        return @case switch
        {
            "truncated shapefile" => (ParcelShapefileZip(gk, AxisOrder.EastingFirst, tamper: shp =>
            {
                var bytes = System.IO.File.ReadAllBytes(shp);
                System.IO.File.WriteAllBytes(shp, bytes[..(bytes.Length - 37)]);
            }), "地块.zip"),
            "shapefile without .prj" => (ParcelShapefileZip(gk, AxisOrder.EastingFirst, prj: false), "地块.zip"),
            "unsupported .prj" => (ParcelShapefileZip(gk, AxisOrder.EastingFirst, prjText: Xian1980Prj), "地块.zip"),
            "WGS-84 .prj on Gauss-Krüger coordinates" => (ParcelShapefileZip(gk, AxisOrder.EastingFirst, prjText: Crs.Wgs84.ToPrjWkt()), "地块.zip"),
            "zip without .shp" => (Zip([("地块.dbf", [1, 2, 3]), ("说明.txt", "无"u8.ToArray())]), "地块.zip"),
            "corrupt zip" => (ParcelShapefileZip(gk, AxisOrder.EastingFirst)[..200], "地块.zip"),
            "empty file" => ([], "空.csv"),
            "blank file" => ("\uFEFF \r\n  \r\n"u8.ToArray(), "空.csv"),
            "GBK sent as UTF-8" => (Geo.Api.Features.ImportExport.TextEncodings.Gbk.GetBytes(
                InstitutionsCsv("经度", "纬度", (lon, lat) => (lon, lat), nameColumn: "机构名称")), "名单.csv"),
            "CSV without crs" => (Encoding.UTF8.GetBytes(InstitutionsCsv("lon", "lat", (lon, lat) => (lon, lat))), "名单.csv"),
            "CSV without coordinate columns" => (Encoding.UTF8.GetBytes("name,address\r\n甲,乙\r\n"), "名单.csv"),
            "mixed geometry kinds" => (GeoJson(
            [
                (PointJson(119.3, 26.08), new System.Text.Json.Nodes.JsonObject { ["code"] = "A" }),
                (System.Text.Json.Nodes.JsonNode.Parse("""{"type":"Polygon","coordinates":[[[119.3,26.08],[119.301,26.08],[119.301,26.081],[119.3,26.08]]]}"""),
                    new System.Text.Json.Nodes.JsonObject { ["code"] = "B" }),
            ]), "混合.geojson"),
            "lines for a point layer" => (GeoJson(
            [
                (System.Text.Json.Nodes.JsonNode.Parse("""{"type":"LineString","coordinates":[[119.3,26.08],[119.301,26.08]]}"""),
                    InstitutionProperties(1, "线")),
            ]), "线.geojson"),
            "truncated GeoJSON" => (InstitutionsGeoJson()[..300], "截断.geojson"),
            "GeoJSON that is not a FeatureCollection" => ("""{"type":"Point","coordinates":[119.3,26.08]}"""u8.ToArray(), "点.geojson"),
            "no features" => ("""{"type":"FeatureCollection","features":[]}"""u8.ToArray(), "空.geojson"),
            "corrupt GeoPackage" => ([.. "SQLite format 3\0"u8.ToArray(), .. new byte[600]], "坏.gpkg"),
            "unsupported GeoJSON crs" => (InstitutionsGeoJson(crs: "urn:ogc:def:crs:EPSG::2385"), "西安80.geojson"),
            _ => throw new ArgumentOutOfRangeException(nameof(@case), @case, null),
        };
    }
}
