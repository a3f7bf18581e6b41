using Geo.Api.Tests.AnalysisApi;
using Geo.Api.Tests.ImportExport;

namespace Geo.Api.Tests.Districts;

/// <summary>
/// Issue #12's "done when", as a planner of 环翠区 does it: from an empty database `setup-district 371002` on the command
/// line, then a 小区 CSV and the health commission's institution sheet (.xlsx), both with Amap (GCJ-02) coordinates and a
/// 所属街道 column. Expected by hand: the census row 371002,环翠区,山东省,威海市,446193,0.0077,0.0491; the one institution
/// in 环翠楼街道, so that 街道 alone meets the one-institution target.
/// </summary>
public sealed class OnboardingEndToEndTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string AreasCsv = "name,lon,lat,population,kind,所属街道\r\n" +
        "海港小区,122.1230,37.5080,12000,old,环翠楼街道\r\n新城小区,122.1250,37.5070,10000,new,鲸园\r\n山景小区,122.1210,37.5060,8000,old,371002002\r\n";

    [Fact]
    public async Task Setup_district_then_areas_and_an_institution_sheet_give_coverage_on_the_census_with_the_districts_share_and_streets_by_column()
    {
        Assert.Equal(0, await Fixture.WithDbAsync(db => db.Districts.CountAsync()));
        using (var output = new StringWriter())
        {
            Assert.Equal(0, await Geo.Api.Cli.SetupCommand.RunAsync(Fixture.Services, ["371002"], output));
        }

        var sheet = Spreadsheets.Xlsx("环翠区托育机构名单", Spreadsheets.InstitutionHeaders,
        [
            ["环翠楼托育园", "", "威海市环翠区测试路1号", "民办非营利", "独立设置", "全日托", "60个", "20人", "否", "已备案", new DateTime(2024, 3, 1), "运营中", 122.1235, 37.5072, "环翠楼街道"],
        ]);
        foreach (var (layer, file, name) in new[] { ("residential-areas", System.Text.Encoding.UTF8.GetBytes(AreasCsv), "小区.csv"), ("institutions", sheet, "机构.xlsx") })
        {
            var report = await ImportFiles.JsonAsync(await ImportFiles.PostAsync(Client, layer, file, name, "crs=GCJ-02&district=371002&mode=commit"));
            Assert.True(report.TryGetProperty("committed", out var committed) && committed.GetBoolean(), report.ToString());
        }

        var coverage = await Client.GetJsonAsync("/api/analysis/coverage?district=371002");
        Assert.Equal(446193, coverage["district"]!["population"]!.GetValue<double>(), 6);
        Assert.Equal(0.0077 + 0.0491 / 2, coverage["parameters"]!["share_under3"]!["value"]!.GetValue<double>(), 6);
        Assert.StartsWith("环翠区 (371002)", coverage["parameters"]!["share_under3"]!["source"]!.GetValue<string>(), StringComparison.Ordinal);

        // Nine 街道/镇 from the reference data; each verdict follows the column: 环翠楼 has the institution and one 小区, 鲸园 two 小区.
        var streets = coverage["subdistricts"]!.AsArray().Where(s => s!["code"] is not null).ToDictionary(s => s!["code"]!.GetValue<string>(), s => s!);
        Assert.Equal(9, streets.Count);
        Assert.Equal((1, 1, true), (streets["371002001"]["institutions"]!.GetValue<int>(), streets["371002001"]["residential_areas"]!.GetValue<int>(),
            streets["371002001"]["meets_institution_target"]!.GetValue<bool>()));
        Assert.Equal((0, 2, false), (streets["371002002"]["institutions"]!.GetValue<int>(), streets["371002002"]["residential_areas"]!.GetValue<int>(),
            streets["371002002"]["meets_institution_target"]!.GetValue<bool>()));
        Assert.Equal(["371002001"], streets.Where(s => s.Value["meets_institution_target"]!.GetValue<bool>()).Select(s => s.Key));
        Assert.DoesNotContain(coverage["subdistricts"]!.AsArray(), s => s!["code"] is null && s["residential_areas"]!.GetValue<int>() > 0);
    }
}
