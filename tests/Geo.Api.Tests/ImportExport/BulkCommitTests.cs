using System.Globalization;
using System.Text;
using System.Text.Json;
using Geo.Api.Data.Entities;
using Npgsql;
using Geo.Api.Features.ImportExport;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.ImportExport;

/// <summary>The commit of a large file (COPY into a staging table, one upsert with its audit rows): what it writes, and that a failure leaves nothing.</summary>
public sealed class BulkCommitTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const int Rows = BulkCommit.MinRows + 200;

    /// <summary>小区 on a grid over 鼓楼区, GCJ-02 as a housing site gives them; households scaled by <paramref name="factor"/>.</summary>
    private static byte[] AreasCsv(int factor = 1)
    {
        var csv = new StringBuilder("小区名称,经度,纬度,户数,建成年份\r\n");
        for (var k = 0; k < Rows; k++)
        {
            var (lon, lat) = Geo.Analysis.Coordinates.Crs.Gcj02.FromWgs84(119.27 + k % 40 * 0.001, 26.07 + k / 40 * 0.001);
            csv.Append(CultureInfo.InvariantCulture, $"测试小区{k},{lon:F7},{lat:F7},{(300 + k) * factor}户,{(k % 2 == 0 ? 2022 : 1998)}\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Fact]
    public async Task A_large_commit_writes_every_row_with_its_audit_entry_and_an_update_keeps_the_row_before()
    {
        var created = await JsonAsync(await PostAsync(Client, "residential-areas", AreasCsv(), "小区.csv", "mode=commit&crs=GCJ-02"));
        Assert.True(created.GetProperty("committed").GetBoolean(), created.ToString());
        Assert.Equal(Rows, created.GetProperty("create").GetInt32());
        var ids = created.GetProperty("row_reports").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(Rows, ids.Distinct().Count());

        await using (var db = Fixture.CreateDbContext())
        {
            var area = await db.ResidentialAreas.SingleAsync(a => a.Id == ids[7]);
            Assert.Equal(("测试小区7", 307, Data.Entities.ResidentialKind.Old, "import: 小区.csv", "GCJ-02"),
                (area.Name, area.Households, area.Kind, area.DataSource, area.SourceCrs));
            Assert.Equal((int)Math.Round(307 * Geo.Api.Features.ResidentialAreas.ResidentialAreaLayer.PersonsPerHousehold), area.Population);
            Assert.Equal(Rows, await db.AuditEntries.CountAsync(e => e.Entity == "residential_areas" && e.Action == "created" && e.Actor == "test-admin" && e.Before == null));
        }

        var again = await JsonAsync(await PostAsync(Client, "residential-areas", AreasCsv(), "另一个名字.csv", "mode=commit&crs=GCJ-02"));
        Assert.Equal(Rows, again.GetProperty("unchanged").GetInt32());

        var changed = await JsonAsync(await PostAsync(Client, "residential-areas", AreasCsv(factor: 2), "小区.csv", "mode=commit&crs=GCJ-02"));
        Assert.Equal(Rows, changed.GetProperty("update").GetInt32());
        await using (var db = Fixture.CreateDbContext())
        {
            Assert.Equal(614, (await db.ResidentialAreas.SingleAsync(a => a.Id == ids[7])).Households);
            var audit = await db.AuditEntries.SingleAsync(e => e.Entity == "residential_areas" && e.Action == "updated" && e.EntityId == ids[7].ToString(CultureInfo.InvariantCulture));
            Assert.Contains("\"households\": 307", audit.Before, StringComparison.Ordinal);
            Assert.Contains("\"households\": 614", audit.After, StringComparison.Ordinal);
            Assert.Equal(Rows, await db.ResidentialAreas.CountAsync());
        }
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_a_large_commit_leaves_nothing_written()
    {
        // The database refuses one row in the middle, after the COPY and part of the upsert have run.
        await Fixture.ExecuteAsync("""
            CREATE FUNCTION test_refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER test_refuse_row BEFORE INSERT ON residential_areas FOR EACH ROW WHEN (NEW.name = '测试小区1100') EXECUTE FUNCTION test_refuse_row();
            """);
        try
        {
            var response = await PostAsync(Fixture.CreateClient(Data.Entities.Role.Admin), "residential-areas", AreasCsv(), "小区.csv", "mode=commit&crs=GCJ-02");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            await using var db = Fixture.CreateDbContext();
            Assert.Equal(0, await db.ResidentialAreas.CountAsync());
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Entity == "residential_areas"));
        }
        finally
        {
            await Fixture.ExecuteAsync("DROP TRIGGER test_refuse_row ON residential_areas; DROP FUNCTION test_refuse_row();");
        }
    }

    [Fact]
    public async Task The_bulk_commit_assigns_subdistricts_and_districts_as_the_per_row_trigger_does()
    {
        await SeedDistrictsAsync();

        // Created: the set-based join, then 所属街道 written for rows no 街道 boundary covers.
        var created = await JsonAsync(await PostAsync(Client, "residential-areas", GridCsv(households: 300, declared: true), "小区.csv", "mode=commit&crs=EPSG:4326"));
        Assert.True(created.GetProperty("committed").GetBoolean(), created.ToString());
        var afterCreate = await AssignedAsync();
        // Updated without the 所属街道 column: the set-based join must keep a declared 街道 that has no boundary, as the trigger does.
        var updated = await JsonAsync(await PostAsync(Client, "residential-areas", GridCsv(households: 600, declared: false), "小区.csv", "mode=commit&crs=EPSG:4326"));
        Assert.Equal(Rows, updated.GetProperty("update").GetInt32());
        var afterUpdate = await AssignedAsync();

        // The same rows through tuoyu_assign_district, one by one.
        await Fixture.ExecuteAsync("UPDATE residential_areas SET location = location");
        var byTrigger = await AssignedAsync();

        Assert.Equal(byTrigger, afterUpdate);
        Assert.Equal(byTrigger, afterCreate);
        var cases = byTrigger.Values.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(new (string?, string?)[]
        {
            ("350102001", "350102"), ("350102002", "350102"), ("350102003", "350102"), (null, "350102"), (null, "350103"), (null, null),
        }, c => Assert.True(cases.GetValueOrDefault(c) > 0, $"no row assigned {c}: {string.Join("; ", cases)}"));
    }

    [Fact]
    public async Task Bulk_and_row_by_row_commits_write_audit_entries_of_one_form()
    {
        var single = Encoding.UTF8.GetBytes("小区名称,经度,纬度,户数,建成年份\r\n单个小区,119.35,26.05,500户,2020\r\n");
        foreach (var (file, name, query) in new[]
                 {
                     (AreasCsv(), "小区.csv", "crs=GCJ-02"), (single, "单个.csv", "crs=EPSG:4326"), (AreasCsv(factor: 2), "小区.csv", "crs=GCJ-02"),
                     (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(single).Replace("500户", "700户", StringComparison.Ordinal)), "单个.csv", "crs=EPSG:4326"),
                 })
        {
            var report = await JsonAsync(await PostAsync(Client, "residential-areas", file, name, "mode=commit&" + query));
            Assert.True(report.GetProperty("committed").GetBoolean() && report.GetProperty("changes").GetInt32() > 0, report.ToString());
        }

        await using var db = Fixture.CreateDbContext();
        var stored = await db.ResidentialAreas.ToDictionaryAsync(a => a.Id.ToString(CultureInfo.InvariantCulture));
        var entries = await db.AuditEntries.Where(e => e.Entity == "residential_areas").ToListAsync();
        Assert.Equal(2 * (Rows + 1), entries.Count);
        var bulk = entries.Where(e => e.EntityId != stored.Values.Single(a => a.Name == "单个小区").Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var one = entries.Except(bulk).ToList();
        foreach (var action in new[] { "created", "updated" })
        {
            var (b, o) = (bulk.First(e => e.Action == action), one.Single(e => e.Action == action));
            Assert.Equal(Keys(o.After), Keys(b.After));
            Assert.Equal(stored[b.EntityId].Location.AsText(), Json(b.After).GetProperty("location").GetString());
            Assert.Equal(stored[o.EntityId].Location.AsText(), Json(o.After).GetProperty("location").GetString());
            Assert.Equal(JsonValueKind.Number, Json(b.After).GetProperty("xmin").ValueKind);
        }

        var (bulkUpdate, oneUpdate) = (bulk.First(e => e.Action == "updated"), one.Single(e => e.Action == "updated"));
        Assert.Equal(Keys(oneUpdate.Before), Keys(bulkUpdate.Before));
        Assert.StartsWith("POINT (", Json(bulkUpdate.Before).GetProperty("location").GetString(), StringComparison.Ordinal);
        Assert.Equal(Json(bulkUpdate.Before).GetProperty("location").GetString(), Json(bulkUpdate.After).GetProperty("location").GetString());
    }

    [Fact]
    public async Task Institutions_take_the_bulk_path_with_their_classes_replaced_as_the_api_replaces_them()
    {
        byte[] Institutions(int classes) => GeoJson(Enumerable.Range(0, Rows).Select(k =>
        {
            var properties = InstitutionProperties(1, $"测试机构{k}");
            properties.Remove("credit_code");
            properties["classes"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["type"] = "toddler", ["count"] = classes, ["children"] = 3 });
            return ((System.Text.Json.Nodes.JsonNode?)PointJson(119.27 + k % 40 * 0.001, 26.07 + k / 40 * 0.001), properties);
        }));

        var created = await JsonAsync(await PostAsync(Client, "institutions", Institutions(1), "机构.geojson", "mode=commit"));
        Assert.True(created.GetProperty("committed").GetBoolean(), created.ToString());
        var updated = await JsonAsync(await PostAsync(Client, "institutions", Institutions(2), "机构.geojson", "mode=commit"));
        Assert.Equal(Rows, updated.GetProperty("update").GetInt32());

        await using var db = Fixture.CreateDbContext();
        var institutions = await db.Institutions.ToListAsync();
        Assert.Equal(Rows, institutions.Count);
        Assert.All(institutions, i => Assert.Equal((ClassType.Toddler, 2, 3), (Assert.Single(i.Classes).Type, i.Classes[0].Count, i.Classes[0].Children)));
        var audit = await db.AuditEntries.Where(e => e.Entity == "institutions").ToListAsync();
        Assert.Equal(2 * Rows, audit.Count);
        var last = audit.First(e => e.Action == "updated");
        Assert.Equal("""[{"Type":"toddler","Count":2,"Children":3}]""", Json(last.After).GetProperty("Classes").GetRawText().Replace(" ", "", StringComparison.Ordinal));
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text!).RootElement;

    private static List<string> Keys(string? json) => Json(json).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

    private async Task<Dictionary<long, (string? Subdistrict, string? District)>> AssignedAsync()
    {
        await using var db = Fixture.CreateDbContext();
        return await db.ResidentialAreas.ToDictionaryAsync(a => a.Id, a => (a.SubdistrictCode, a.DistrictCode));
    }

    /// <summary>
    /// Two districts sharing the edge lon 119.32; in the first, 街道 001 and 002 overlapping between 119.308 and
    /// 119.312 (the lower code wins), 003 without a boundary (only a 所属街道 can name it), and a corner no 街道 covers.
    /// </summary>
    private async Task SeedDistrictsAsync()
    {
        static NetTopologySuite.Geometries.MultiPolygon Box(double west, double south, double east, double north) =>
            Geo.Analysis.Spatial.Wgs84.Factory.CreateMultiPolygon([Geo.Analysis.Spatial.Wgs84.Factory.CreatePolygon(
                [new(west, south), new(east, south), new(east, north), new(west, north), new(west, south)])]);
        await using var db = Fixture.CreateDbContext();
        db.Districts.AddRange(
            new District { Code = "350102", Name = "测试一区", Level = DistrictLevel.District, Boundary = Box(119.30, 26.08, 119.32, 26.10) },
            new District { Code = "350103", Name = "测试二区", Level = DistrictLevel.District, Boundary = Box(119.32, 26.08, 119.34, 26.10) },
            new District { Code = "350102001", Name = "西街道", Level = DistrictLevel.Subdistrict, ParentCode = "350102", Boundary = Box(119.30, 26.08, 119.312, 26.10) },
            new District { Code = "350102002", Name = "东街道", Level = DistrictLevel.Subdistrict, ParentCode = "350102", Boundary = Box(119.308, 26.08, 119.32, 26.09) },
            new District { Code = "350102003", Name = "无界街道", Level = DistrictLevel.Subdistrict, ParentCode = "350102" });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Points on a grid over both districts and beyond, every tenth a small L-shaped polygon (its point on the
    /// surface decides), a few exactly on the shared edge; every third names 街道 003 in 所属街道.
    /// </summary>
    private static byte[] GridCsv(int households, bool declared)
    {
        var csv = new StringBuilder("小区名称,wkt,户数,建成年份" + (declared ? ",所属街道" : "") + "\r\n");
        for (var k = 0; k < Rows; k++)
        {
            var (x, y) = (k % 60 == 0 ? 119.32 : 119.295 + k % 40 * 0.00128, 26.075 + k / 40 * 0.001);
            var wkt = k % 10 == 5
                ? string.Create(CultureInfo.InvariantCulture, $"MULTIPOLYGON ((({x} {y}, {x + 0.002} {y}, {x + 0.002} {y + 0.0005}, {x + 0.0005} {y + 0.0005}, {x + 0.0005} {y + 0.002}, {x} {y + 0.002}, {x} {y})))")
                : string.Create(CultureInfo.InvariantCulture, $"POINT ({x} {y})");
            csv.Append(CultureInfo.InvariantCulture, $"网格小区{k},\"{wkt}\",{households + k},2000{(declared ? k % 3 == 0 ? ",350102003" : "," : "")}\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
