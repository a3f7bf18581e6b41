using System.Globalization;
using System.Text;
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
        await ExecuteAsync("""
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
            await ExecuteAsync("DROP TRIGGER test_refuse_row ON residential_areas; DROP FUNCTION test_refuse_row();");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
