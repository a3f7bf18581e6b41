using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using Geo.Analysis.Coordinates;

namespace Geo.Api.Tests.ImportExport;

/// <summary>Small import files generated in memory (no binary fixtures in the repository), and request helpers.</summary>
internal static class ImportFiles
{
    /// <summary>Control points in 福州 鼓楼区, WGS-84 (the truth the imports must land on).</summary>
    public static readonly (string Name, double Lon, double Lat)[] Places =
    [
        ("鼓楼区温泉街道示范托育中心", 119.29871, 26.08642),
        ("东街口社区托育园", 119.30452, 26.08417),
        ("屏山小天使托育", 119.29233, 26.09514),
        ("西湖宝贝家庭托育点", 119.28716, 26.09043),
    ];

    /// <summary>
    /// Valid 统一社会信用代码 of 民办非企业 in 鼓楼区 (52 350102 MJ + serial), n = 1–13. The check characters were worked
    /// out outside the product, by GB 32100-2015 §5 (weights 3^i mod 31, alphabet without I O S V Z), and that
    /// working reproduces published codes (914403001922038216, 9144030071526726XG): a wrong check rule in the product
    /// refuses these instead of agreeing with itself.
    /// </summary>
    private static readonly string[] Codes =
    [
        "52350102MJ00000016",
        "52350102MJ00000029",
        "52350102MJ0000003C",
        "52350102MJ0000004F",
        "52350102MJ0000005J",
        "52350102MJ0000006M",
        "52350102MJ0000007Q",
        "52350102MJ0000008U",
        "52350102MJ0000009Y",
        "52350102MJ00000104",
        "52350102MJ00000117",
        "52350102MJ0000012A",
        "52350102MJ0000013D",
    ];

    public static string Code(int n) => Codes[n - 1];

    public static JsonObject InstitutionProperties(int n, string name) => new()
    {
        ["name"] = name,
        ["credit_code"] = Code(n),
        ["address"] = $"福州市鼓楼区测试路{n}号",
        ["nature"] = "non_profit",
        ["operator_type"] = n == 3 ? "home_based" : "independent",
        ["service_types"] = new JsonArray("full_day", "hourly"),
        ["classes"] = new JsonArray(new JsonObject { ["type"] = "toddler", ["count"] = 1, ["children"] = 3 }),
        ["approved_slots"] = n == 3 ? 5 : 40 + n,
        ["enrolled_slots"] = 3,
        ["is_puhui"] = n % 2 == 0,
        ["filing_status"] = "filed",
        ["filed_on"] = "2024-03-01",
        ["monthly_fee_min"] = 1800.5,
        ["phone"] = "0591-87654321",
        ["opening_hours"] = "Mo-Fr 07:30-18:00",
        ["floor"] = 1,
        ["status"] = "operating",
    };

    public static byte[] GeoJson(IEnumerable<(JsonNode? Geometry, JsonObject Properties)> features, string? crs = null)
    {
        var collection = new JsonObject { ["type"] = "FeatureCollection" };
        if (crs is not null)
        {
            collection["crs"] = new JsonObject { ["type"] = "name", ["properties"] = new JsonObject { ["name"] = crs } };
        }

        collection["features"] = new JsonArray(features.Select(f =>
            (JsonNode)new JsonObject { ["type"] = "Feature", ["geometry"] = f.Geometry, ["properties"] = f.Properties }).ToArray());
        return Encoding.UTF8.GetBytes(collection.ToJsonString());
    }

    public static JsonObject PointJson(double x, double y) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(x, y) };

    public static byte[] InstitutionsGeoJson(Func<double, double, (double X, double Y)>? transform = null, string? crs = null) =>
        GeoJson(Places.Select((p, k) =>
        {
            var (x, y) = transform?.Invoke(p.Lon, p.Lat) ?? (p.Lon, p.Lat);
            return ((JsonNode?)PointJson(x, y), InstitutionProperties(k + 1, p.Name));
        }), crs);

    /// <summary>A CSV of institutions as Excel writes it (CRLF), coordinates in the columns named.</summary>
    public static string InstitutionsCsv(string xColumn, string yColumn, Func<double, double, (double X, double Y)> transform, string nameColumn = "name") =>
        InstitutionsCsv(xColumn, yColumn, Places.Select(p => (p.Name, transform(p.Lon, p.Lat))), nameColumn);

    /// <summary>The same CSV over rows whose coordinates are given as they are to be written.</summary>
    public static string InstitutionsCsv(string xColumn, string yColumn, IEnumerable<(string Name, (double X, double Y) At)> rows, string nameColumn = "name")
    {
        var text = new StringBuilder($"{nameColumn},credit_code,{xColumn},{yColumn},nature,operator_type,service_types,approved_slots,enrolled_slots,filing_status,status\r\n");
        foreach (var (row, k) in rows.Select((r, k) => (r, k)))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{row.Name},{Code(k + 1)},{row.At.X:R},{row.At.Y:R},non_profit,independent,\"full_day,hourly\",{40 + k},10,filed,operating\r\n");
        }

        return text.ToString();
    }

    /// <summary>Square parcels of about 80 m around the control points, in WGS-84.</summary>
    public static List<(string Code, string Name, Polygon Boundary)> Parcels()
    {
        var factory = Geo.Analysis.Spatial.Wgs84.Factory;
        return Places.Select((p, k) =>
        {
            const double d = 0.0004;
            var ring = new[]
            {
                new Coordinate(p.Lon - d, p.Lat - d), new Coordinate(p.Lon + d, p.Lat - d), new Coordinate(p.Lon + d, p.Lat + d),
                new Coordinate(p.Lon - d, p.Lat + d), new Coordinate(p.Lon - d, p.Lat - d),
            };
            return ($"350102-GT-{k + 1:D3}", $"鼓楼地块{k + 1}", factory.CreatePolygon(ring));
        }).ToList();
    }

    /// <summary>
    /// A zipped Shapefile of parcels in a CGCS2000 Gauss-Krüger system, written by NTS, with the files asked for.
    /// </summary>
    public static byte[] ParcelShapefileZip(Crs crs, AxisOrder order, bool prj = true, string? prjText = null, bool cpg = true,
        Action<string>? tamper = null, Geometry? replaceFirst = null)
    {
        var folder = Directory.CreateTempSubdirectory("tuoyu-test-shp-");
        try
        {
            var features = Parcels().Select((p, k) => (IFeature)new Feature(
                k == 0 && replaceFirst is not null ? replaceFirst : crs.FromWgs84(p.Boundary, order),
                new AttributesTable
                {
                    { "code", p.Code }, { "name", p.Name }, { "land_use", k % 2 == 0 ? "education" : "social_welfare" },
                    { "status", "idle" }, { "owner", "福州市鼓楼区人民政府" },
                })).ToList();
            var shp = Path.Combine(folder.FullName, "地块.shp");
            Shapefile.WriteAllFeatures(features, shp, encoding: Encoding.UTF8);
            if (prj)
            {
                File.WriteAllText(Path.ChangeExtension(shp, ".prj"), prjText ?? crs.ToPrjWkt());
            }

            if (cpg)
            {
                File.WriteAllText(Path.ChangeExtension(shp, ".cpg"), "UTF-8");
            }

            tamper?.Invoke(shp);
            return Zip(Directory.GetFiles(folder.FullName).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string layer, byte[] file, string fileName, string query = "") =>
        PostFileAsync(client, $"/api/import/{layer}?{query}", file, fileName);

    /// <summary>A file as form field "file", as the map's upload sends it.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string url, byte[] file, string fileName)
    {
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", fileName);
        return await client.PostAsync(url, content);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Rows in every layer table: what "nothing changed" is checked against.</summary>
    public static async Task<string> CountsAsync(ApiFixture fixture)
    {
        await using var db = fixture.CreateDbContext();
        return string.Join(",", await db.Institutions.CountAsync(), await db.NursingRooms.CountAsync(), await db.PublicPlaces.CountAsync(),
            await db.ResidentialAreas.CountAsync(), await db.Parcels.CountAsync());
    }

    /// <summary>Ground distance in metres between a stored point and the truth.</summary>
    public static double Metres(Point stored, double lon, double lat) => Geo.Analysis.Spatial.GroundDistance.Metres(stored.X, stored.Y, lon, lat);
}
