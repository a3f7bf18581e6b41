using System.Net.Http.Json;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Districts;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Districts;

/// <summary>
/// Setting up 环翠区 (371002) from its adcode. The expected figures are its census row,
/// 371002,环翠区,山东省,威海市,446193,0.0077,0.0491, and the 9 街道/镇 of subdistricts-seed-districts.csv.
/// </summary>
public sealed class DistrictSetupTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Setup_creates_the_chain_with_census_subdistricts_and_a_valid_wgs84_boundary()
    {
        var report = await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002" });
        Assert.Equal(3 + 9, report["steps"]!.AsArray().Count(s => s!["action"]!.GetValue<string>() == "create"));
        // What each step set reads as the planner's words (the page shows them as they come).
        var changes = report["steps"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == "371002")!["changes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(3, changes.Count);
        Assert.StartsWith("普查人口 446,193 人（第七次全国人口普查", changes[0]);
        Assert.StartsWith("3岁以下儿童占比 3.2", changes[1]);
        Assert.StartsWith("边界（国家参考数据（data/）：", changes[2]);
        Assert.EndsWith("由 GCJ-02（高德、腾讯） 转换为 WGS-84）", changes[2]);

        await using var db = Fixture.CreateDbContext();
        var units = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Code);
        Assert.Equal(("山东省", DistrictLevel.Province, (string?)null), (units["370000"].Name, units["370000"].Level, units["370000"].ParentCode));
        Assert.Equal(("威海市", DistrictLevel.City, "370000"), (units["371000"].Name, units["371000"].Level, units["371000"].ParentCode));
        var huancui = units["371002"];
        Assert.Equal(("环翠区", "371000", 446193), (huancui.Name, huancui.ParentCode, huancui.Population));
        Assert.Equal(0.0077 + 0.0491 / 2, huancui.ShareUnder3!.Value, 6);
        Assert.Contains("第七次全国人口普查", huancui.PopulationSource);
        Assert.Contains("第七次全国人口普查", huancui.ShareUnder3Source);
        Assert.Equal("GCJ-02", huancui.SourceCrs);
        Assert.True(huancui.Boundary!.IsValid);
        Assert.Equal(4326, huancui.Boundary.SRID);
        Assert.InRange(huancui.Boundary.Centroid.X, 121.9, 122.4); // 威海, WGS-84
        Assert.InRange(huancui.AreaM2!.Value, 5e8, 1.5e9);          // 环翠区 is about 990 km² (with its sea-side towns)
        var subdistricts = units.Values.Where(u => u.ParentCode == "371002").ToList();
        Assert.Equal(9, subdistricts.Count);
        Assert.Contains(subdistricts, s => s is { Code: "371002001", Name: "环翠楼街道", Level: DistrictLevel.Subdistrict });

        var audit = (await Client.GetNodeAsync("/api/admin/audit?entity=districts&entity_id=371002")).AsArray();
        Assert.Equal("created", audit[0]!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_second_run_changes_nothing_and_a_dry_run_writes_nothing()
    {
        var dry = await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002", dry_run = true });
        Assert.Equal(12, dry["steps"]!.AsArray().Count(s => s!["action"]!.GetValue<string>() == "create"));
        Assert.Equal(0, await Fixture.WithDbAsync(db => db.Districts.CountAsync()));

        await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002" });
        var before = await Fixture.WithDbAsync(db => db.Districts.AsNoTracking().OrderBy(d => d.Code).Select(d => new { d.Code, d.Version }).ToListAsync());
        var again = await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002" });
        Assert.All(again["steps"]!.AsArray(), s => Assert.Equal("unchanged", s!["action"]!.GetValue<string>()));
        var after = await Fixture.WithDbAsync(db => db.Districts.AsNoTracking().OrderBy(d => d.Code).Select(d => new { d.Code, d.Version }).ToListAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task An_uploaded_gcj02_boundary_replaces_the_shipped_one_and_keeps_its_crs()
    {
        // A GCJ-02 box over 环翠: converted, it lies ≈ 500 m south-west of the typed coordinates.
        var box = new { type = "Polygon", coordinates = new[] { new[] { new[] { 122.0, 37.4 }, new[] { 122.2, 37.4 }, new[] { 122.2, 37.55 }, new[] { 122.0, 37.55 }, new[] { 122.0, 37.4 } } } };
        await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002", boundary = box, crs = "GCJ-02" });

        var huancui = await Fixture.WithDbAsync(db => db.Districts.AsNoTracking().SingleAsync(d => d.Code == "371002"));
        Assert.Equal("GCJ-02", huancui.SourceCrs);
        var corner = huancui.Boundary!.EnvelopeInternal;
        Assert.InRange(122.0 - corner.MinX, 0.003, 0.008); // the GCJ-02 offset near 威海: ≈ 0.005° east
        Assert.InRange(37.4 - corner.MinY, -0.001, 0.003);
    }

    [Fact]
    public async Task Unknown_adcodes_and_crs_are_refused_naming_the_field()
    {
        var unknown = await Client.PostAsJsonAsync("/api/admin/districts/setup", new { adcode = "379999" }, SmallTown.Json);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await SmallTown.ProblemErrorsAsync(unknown)).ContainsKey("adcode"));
        var crs = await Client.PostAsJsonAsync("/api/admin/districts/setup", new { adcode = "371002", crs = "EPSG:9999999" }, SmallTown.Json);
        Assert.True((await SmallTown.ProblemErrorsAsync(crs)).ContainsKey("crs"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Fixture.CreateClient(Role.Planner).PostAsJsonAsync("/api/admin/districts/setup", new { adcode = "371002" }, SmallTown.Json)).StatusCode);
        Assert.Equal(0, await Fixture.WithDbAsync(db => db.Districts.CountAsync()));
    }

    [Fact]
    public async Task The_reference_is_searched_by_name_or_code_prefix_for_admins_and_says_what_is_set_up()
    {
        var byName = (await Client.GetJsonAsync("/api/admin/districts/reference?q=环翠")).AsArray();
        var huancui = Assert.Single(byName, m => m!["adcode"]!.GetValue<string>() == "371002")!;
        Assert.Equal(("环翠区", "district", "山东省 › 威海市 › 环翠区", 446193L, 9, true, false),
            (huancui["name"]!.GetValue<string>(), huancui["level"]!.GetValue<string>(), huancui["chain"]!.GetValue<string>(),
             huancui["population"]!.GetValue<long>(), huancui["subdistricts"]!.GetValue<int>(), huancui["boundary_shipped"]!.GetValue<bool>(),
             huancui["set_up"]!.GetValue<bool>()));
        Assert.Equal(0.0077 + 0.0491 / 2, huancui["share_under3"]!.GetValue<double>(), 6);

        // A code prefix: districts first, at most 20; once set up, the unit says so.
        await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002" });
        var byCode = (await Client.GetJsonAsync("/api/admin/districts/reference?q=37")).AsArray();
        Assert.Equal(DistrictSetupEndpoints.MaxMatches, byCode.Count);
        Assert.Equal("district", byCode[0]!["level"]!.GetValue<string>());
        Assert.True((await Client.GetJsonAsync("/api/admin/districts/reference?q=371002")).AsArray().Single()!["set_up"]!.GetValue<bool>());

        Assert.StartsWith("必填", (await SmallTown.ProblemErrorsAsync(await Client.GetAsync("/api/admin/districts/reference?q=")))["q"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Fixture.CreateClient(Role.Planner).GetAsync("/api/admin/districts/reference?q=环翠")).StatusCode);
    }
}

/// <summary>The seed authorities and the under-3 share rule that stands on a district's own figure.</summary>
public sealed class SeedAuthorityTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_district_without_its_own_share_is_refused_saying_how_to_set_it()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(db);
            var district = await db.Districts.SingleAsync(d => d.Code == SmallTown.District);
            district.ShareUnder3 = null;
            (await db.Districts.SingleAsync(d => d.Code == SmallTown.City)).ShareUnder3 = 0.03; // a parent's share is not the district's
            await db.SaveChangesAsync();
        }

        // Coverage reads the district's rules; the ranking of parcels reads its demand: both refuse it on district.
        foreach (var route in new[] { "/api/analysis/coverage", "/api/analysis/priority-parcels" })
        {
            var refused = await Client.GetAsync($"{route}?district={SmallTown.District}");
            var errors = await SmallTown.ProblemErrorsAsync(refused);
            Assert.Contains($"setup-district {SmallTown.District}", errors["district"]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_seed_sets_up_meijiang_huancui_and_jilin_with_census_and_boundaries_once()
    {
        var created = await SeedAuthorities.SetUpAsync(Fixture.Services, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(created > 20, $"{created} units created");
        Assert.Equal(0, await SeedAuthorities.SetUpAsync(Fixture.Services, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        await using var db = Fixture.CreateDbContext();
        var units = await db.Districts.AsNoTracking().Where(d => d.Level != DistrictLevel.Subdistrict).ToDictionaryAsync(d => d.Code);
        Assert.Equal(435616, units["441402"].Population); // 441402,梅江区,广东省,梅州市,435616,0.0086,0.0506
        Assert.Equal(0.0086 + 0.0506 / 2, units["441402"].ShareUnder3!.Value, 6);
        Assert.Equal(9_066_906, units["220100"].Population); // 长春市: the sum of its 15 county rows
        Assert.Equal(("吉林市", "220000"), (units["220200"].Name, units["220200"].ParentCode));
        Assert.Null(units["220000"].Boundary); // no outline of the province is shipped, only its prefectures
        Assert.All(new[] { "441402", "371002", "220100", "220200", "220102" }, code => Assert.True(units[code].Boundary is { IsValid: true }, code));
        Assert.Contains(await db.Districts.AsNoTracking().Where(d => d.ParentCode == "371002").Select(d => d.Name).ToListAsync(), n => n == "环翠楼街道");
    }
}

/// <summary>
/// The onboarding path of docs/onboarding.md, from an empty database: set up 环翠区 (371002), import a 小区 CSV and
/// an institution CSV in GCJ-02 as copied from a map site, and read the coverage.
/// </summary>
public sealed class OnboardingTests(ApiFixture fixture) : ApiTest(fixture)
{
    // Near 环翠楼 (GCJ-02): 3 小区 with 30,000 residents in all, and one institution among them.
    private const string AreasCsv = "name,lon,lat,population,kind\r\n" +
        "海港小区,122.1230,37.5080,12000,old\r\n新城小区,122.1250,37.5070,10000,new\r\n山景小区,122.1210,37.5060,8000,old\r\n";

    private const string InstitutionsCsv = "name,credit_code,lon,lat,nature,operator_type,service_types,approved_slots,enrolled_slots,filing_status,status\r\n" +
        "环翠楼托育园,,122.1235,37.5072,non_profit,independent,full_day,60,20,filed,operating\r\n";

    [Fact]
    public async Task Coverage_stands_on_the_census_total_and_the_share_of_huancui()
    {
        await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002" });
        foreach (var (layer, csv) in new[] { ("residential-areas", AreasCsv), ("institutions", InstitutionsCsv) })
        {
            var report = await ImportExport.ImportFiles.JsonAsync(await ImportExport.ImportFiles.PostAsync(Client, layer,
                System.Text.Encoding.UTF8.GetBytes(csv), layer + ".csv", "crs=GCJ-02&district=371002&mode=commit"));
            Assert.True(report.TryGetProperty("committed", out var committed) && committed.GetBoolean(), report.ToString());
        }

        var coverage = await Client.GetJsonAsync("/api/analysis/coverage?district=371002");
        var share = 0.0077 + 0.0491 / 2; // 371002,环翠区,山东省,威海市,446193,0.0077,0.0491
        Assert.Equal(share, coverage["parameters"]!["share_under3"]!["value"]!.GetValue<double>(), 6);
        Assert.StartsWith("环翠区 (371002)", coverage["parameters"]!["share_under3"]!["source"]!.GetValue<string>());
        var district = coverage["district"]!;
        Assert.Equal(446193, district["population"]!.GetValue<double>(), 6);
        var population = coverage["population"]!;
        Assert.Equal((30000, 446193 - 30000.0), (population["listed_in_areas"]!.GetValue<long>(), population["outside_listed_areas"]!.GetValue<double>()));
        // Everyone outside the three 小区 is unserved: at least their children, 416,193 × the share.
        Assert.True(district["unserved_children"]!.GetValue<double>() >= Math.Round(416193 * share, 3) - 1e-3);

        // Declared complete, the 小区 are calibrated to the total, their own figures beside.
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync("/api/districts/371002/population",
            new { residential_areas_complete = true }, SmallTown.Json)).StatusCode);
        var calibrated = await Client.GetJsonAsync("/api/analysis/coverage?district=371002");
        Assert.Equal(446193, calibrated["district"]!["population"]!.GetValue<double>(), 3);
        var haigang = calibrated["areas"]!["features"]!.AsArray().Single(f => f!["properties"]!["name"]!.GetValue<string>() == "海港小区")!["properties"]!;
        Assert.Equal((12000, 12000.0 * 446193 / 30000), (haigang["listed_population"]!.GetValue<int>(), haigang["population"]!.GetValue<double>()));
    }

    [Fact]
    public async Task An_official_figure_needs_its_date_and_source()
    {
        await SmallTown.PostJsonAsync(Client, "/api/admin/districts/setup", new { adcode = "371002" });
        var incomplete = await Client.PutAsJsonAsync("/api/districts/371002/population", new { official_population = 450000 }, SmallTown.Json);
        var errors = await SmallTown.ProblemErrorsAsync(incomplete);
        Assert.True(errors.ContainsKey("as_of") && errors.ContainsKey("source"), errors.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync("/api/districts/371002/population",
            new { official_population = 450000, as_of = "2023-12-31", source = "威海市2023年统计公报" }, SmallTown.Json)).StatusCode);
        var coverage = await Client.GetJsonAsync("/api/analysis/coverage?district=371002");
        Assert.Equal(450000, coverage["population"]!["total"]!.GetValue<int>());
        Assert.Equal("威海市2023年统计公报 (2023-12-31)", coverage["population"]!["source"]!.GetValue<string>());
    }
}
