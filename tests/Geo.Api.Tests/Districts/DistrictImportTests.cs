using System.Text;
using System.Text.Json;
using Geo.Analysis.Coordinates;
using Geo.Api.Data.Entities;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.Districts;

/// <summary>
/// 环翠区 (371002) and its 街道 imported as a layer. The boundaries are rectangles, WGS-84, stated here and
/// converted to each file's system vertex by vertex:
/// 环翠区 [122.10, 122.14] × [37.48, 37.52];
/// 环翠楼街道 371002001 [122.10, 122.12] × [37.48, 37.52];
/// 鲸园街道 371002002 [122.118, 122.14] × [37.48, 37.51] — overlaps 环翠楼 by 0.002° × 0.03° and leaves
/// [122.12, 122.14] × [37.51, 37.52] to no 街道;
/// 竹岛街道 371002003 [122.14, 122.15] × [37.50, 37.51] — wholly outside the district.
/// </summary>
public sealed class DistrictImportTests(ApiFixture fixture, Xunit.Abstractions.ITestOutputHelper log) : ApiTest(fixture)
{
    private static readonly (string Code, string Name, double W, double E, double S, double N)[] Units =
    [
        ("371002", "环翠区", 122.10, 122.14, 37.48, 37.52),
        ("371002001", "环翠楼街道", 122.10, 122.12, 37.48, 37.52),
        ("371002002", "鲸园街道", 122.118, 122.14, 37.48, 37.51),
        ("371002003", "竹岛街道", 122.14, 122.15, 37.50, 37.51),
    ];

    /// <summary>Metres per degree at 37.5°N (ellipsoid): the expected areas, within 1 %.</summary>
    private const double MetresPerDegreeLon = 88_560, MetresPerDegreeLat = 110_990;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        db.Districts.AddRange(
            new District { Code = "370000", Name = "山东省", Level = DistrictLevel.Province },
            new District { Code = "371000", Name = "威海市", Level = DistrictLevel.City, ParentCode = "370000" });
        await db.SaveChangesAsync();
    }

    private static JsonArray Features(Crs crs, IEnumerable<(string Code, string Name, double W, double E, double S, double N)> units, bool dataV = false, bool asciiFields = false) =>
        new(units.Select(u =>
        {
            var ring = new JsonArray(new (double Lon, double Lat)[] { (u.W, u.S), (u.E, u.S), (u.E, u.N), (u.W, u.N), (u.W, u.S) }
                .Select(c => crs.FromWgs84(c.Lon, c.Lat)).Select(c => (JsonNode)new JsonArray(c.X, c.Y)).ToArray());
            JsonObject properties = dataV
                ? new() { ["adcode"] = long.Parse(u.Code, System.Globalization.CultureInfo.InvariantCulture), ["name"] = u.Name, ["level"] = "district", ["parent"] = new JsonObject { ["adcode"] = 371000 } }
                : asciiFields ? new() { ["code"] = u.Code, ["name"] = u.Name }
                : new() { ["行政区划代码"] = u.Code, ["名称"] = u.Name };
            return (JsonNode)new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) },
                ["properties"] = properties,
            };
        }).ToArray());

    private static byte[] Collection(JsonArray features, string? crs = null)
    {
        var collection = new JsonObject { ["type"] = "FeatureCollection" };
        if (crs is not null)
        {
            collection["crs"] = new JsonObject { ["type"] = "name", ["properties"] = new JsonObject { ["name"] = crs } };
        }

        collection["features"] = features;
        return Encoding.UTF8.GetBytes(collection.ToJsonString());
    }

    [Fact]
    public async Task A_gcj02_dry_run_reports_overlaps_gaps_and_outside_in_square_metres_and_writes_nothing()
    {
        var response = await PostAsync(Client, "districts", Collection(Features(Crs.Gcj02, Units)), "环翠街道.geojson", "crs=GCJ-02");
        var report = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        Assert.Equal(("GCJ-02", 4, 4, false), (report.GetProperty("source_crs").GetString(), report.GetProperty("create").GetInt32(),
            report.GetProperty("rows").GetInt32(), report.GetProperty("committed").GetBoolean()));

        var topology = report.GetProperty("topology");
        AssertTopologyOfUnits(topology);
        var overlap = Assert.Single(topology.GetProperty("overlaps").EnumerateArray());
        Assert.Equal(("371002001", "371002002"), (overlap.GetProperty("code").GetString(), overlap.GetProperty("other_code").GetString()));
        Assert.Equal(0.002 * MetresPerDegreeLon * 0.03 * MetresPerDegreeLat, overlap.GetProperty("area_m2").GetDouble(), 0.01 * 0.002 * MetresPerDegreeLon * 0.03 * MetresPerDegreeLat);
        Assert.Contains("平方米", overlap.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("街道 环翠楼街道（371002001）与 鲸园街道（371002002）重叠", overlap.GetProperty("message").GetString(), StringComparison.Ordinal);

        var gap = Assert.Single(topology.GetProperty("gaps").EnumerateArray());
        var gapArea = 0.02 * MetresPerDegreeLon * 0.01 * MetresPerDegreeLat;
        Assert.Equal(gapArea, gap.GetProperty("area_m2").GetDouble(), 0.01 * gapArea);
        Assert.Contains("不属于任何街道", gap.GetProperty("message").GetString(), StringComparison.Ordinal);

        var outside = Assert.Single(topology.GetProperty("outside").EnumerateArray());
        Assert.Equal("371002003", outside.GetProperty("code").GetString());
        Assert.Equal(0.01 * MetresPerDegreeLon * 0.01 * MetresPerDegreeLat, outside.GetProperty("area_m2").GetDouble(), 0.01 * 0.01 * MetresPerDegreeLon * 0.01 * MetresPerDegreeLat);

        // The rows concerned carry the same words as warnings.
        var rows = report.GetProperty("row_reports").EnumerateArray().ToList();
        Assert.Contains(rows[0].GetProperty("problems").EnumerateArray(), p => p.GetProperty("message").GetString()!.Contains("不属于任何街道", StringComparison.Ordinal));
        Assert.Contains(rows[3].GetProperty("problems").EnumerateArray(), p => p.GetProperty("message").GetString()!.Contains("边界之外", StringComparison.Ordinal));
        Assert.Equal(2, await Fixture.WithDbAsync(db => db.Districts.CountAsync()));
    }

    /// <summary>The dry run's topology: one overlap, one gap, one 街道 outside, with the areas the rectangles give (within 1 %).</summary>
    private static void AssertTopologyOfUnits(JsonElement topology)
    {
        var overlap = Assert.Single(topology.GetProperty("overlaps").EnumerateArray());
        var overlapArea = 0.002 * MetresPerDegreeLon * 0.03 * MetresPerDegreeLat;
        Assert.Equal(overlapArea, overlap.GetProperty("area_m2").GetDouble(), 0.01 * overlapArea);
        var gapArea = 0.02 * MetresPerDegreeLon * 0.01 * MetresPerDegreeLat;
        Assert.Equal(gapArea, Assert.Single(topology.GetProperty("gaps").EnumerateArray()).GetProperty("area_m2").GetDouble(), 0.01 * gapArea);
        var outsideArea = 0.01 * MetresPerDegreeLon * 0.01 * MetresPerDegreeLat;
        Assert.Equal(outsideArea, Assert.Single(topology.GetProperty("outside").EnumerateArray()).GetProperty("area_m2").GetDouble(), 0.01 * outsideArea);
        // Each finding carries its ground in WGS-84 for the map: the overlap is the strip [122.118, 122.12] × [37.48, 37.51].
        var shape = overlap.GetProperty("shape");
        Assert.Equal("MultiPolygon", shape.GetProperty("type").GetString());
        var points = shape.GetProperty("coordinates").EnumerateArray().SelectMany(p => p.EnumerateArray()).SelectMany(r => r.EnumerateArray())
            .Select(c => (Lon: c[0].GetDouble(), Lat: c[1].GetDouble())).ToList();
        Assert.Equal((122.118, 122.12, 37.48, 37.51), (Math.Round(points.Min(c => c.Lon), 5), Math.Round(points.Max(c => c.Lon), 5),
            Math.Round(points.Min(c => c.Lat), 5), Math.Round(points.Max(c => c.Lat), 5)));
    }

    /// <summary>
    /// The same boundaries as a GIS department hands them over, written by GDAL (not by TuoyuGeo) in CGCS2000 Gauss-Krüger
    /// (zone of 123°E): a zipped Shapefile with its .prj, and a GeoPackage with its srs. Read in the file's own system,
    /// checked, and committed.
    /// </summary>
    [Theory]
    [InlineData("shp")]
    [InlineData("gpkg")]
    public async Task A_shapefile_or_geopackage_is_read_in_its_own_crs_reports_its_topology_and_commits(string form)
    {
        var zone = Crs.GaussKrugerCentralMeridian(123);
        var folder = Directory.CreateTempSubdirectory("tuoyu-districts-").FullName;
        try
        {
            // ASCII field names: a .dbf field name holds 10 bytes, fewer than 行政区划代码 takes in UTF-8.
            var source = Path.Combine(folder, "wgs84.geojson");
            await File.WriteAllBytesAsync(source, Collection(Features(Crs.Wgs84, Units, asciiFields: true)));
            byte[] file;
            string name;
            if (form == "shp")
            {
                var shp = Path.Combine(folder, "huancui.shp");
                await Geo.Api.Tests.Infrastructure.Gdal.RunAsync("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", "-t_srs", zone.Code, shp, source);
                file = Zip(Directory.GetFiles(folder, "huancui.*").Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));
                name = "环翠街道.zip";
            }
            else
            {
                var gpkg = Path.Combine(folder, "huancui.gpkg");
                await Geo.Api.Tests.Infrastructure.Gdal.RunAsync("ogr2ogr", "-f", "GPKG", "-t_srs", zone.Code, gpkg, source);
                file = await File.ReadAllBytesAsync(gpkg);
                name = "环翠街道.gpkg";
            }

            var dryRun = await JsonAsync(await PostAsync(Client, "districts", file, name));
            Assert.Equal((zone.Code, 4, 0, false), (dryRun.GetProperty("source_crs").GetString(), dryRun.GetProperty("create").GetInt32(),
                dryRun.GetProperty("errors").GetInt32(), dryRun.GetProperty("committed").GetBoolean()));
            AssertTopologyOfUnits(dryRun.GetProperty("topology"));
            Assert.Equal(2, await Fixture.WithDbAsync(db => db.Districts.CountAsync()));

            var committed = await JsonAsync(await PostAsync(Client, "districts", file, name, "mode=commit"));
            Assert.True(committed.GetProperty("committed").GetBoolean(), committed.ToString());
            await using var db = Fixture.CreateDbContext();
            var jingyuan = await db.Districts.AsNoTracking().SingleAsync(d => d.Code == "371002002");
            Assert.Equal(("鲸园街道", "371002", zone.Code), (jingyuan.Name, jingyuan.ParentCode, jingyuan.SourceCrs));
            var env = jingyuan.Boundary!.EnvelopeInternal;
            Assert.Equal((122.118, 122.14, 37.48, 37.51), (Math.Round(env.MinX, 6), Math.Round(env.MaxX, 6), Math.Round(env.MinY, 6), Math.Round(env.MaxY, 6)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_cli_prints_the_topology_section_as_the_api_reports_it()
    {
        var file = Collection(Features(Crs.Gcj02, Units));
        var topology = (await JsonAsync(await PostAsync(Client, "districts", file, "环翠街道.geojson", "crs=GCJ-02"))).GetProperty("topology");
        var path = Path.Combine(Path.GetTempPath(), $"tuoyu-districts-{Guid.NewGuid():N}.geojson");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            using var output = new StringWriter();
            Assert.Equal(0, await Geo.Api.Cli.ImportCommand.RunAsync(Fixture.Services, ["districts", path, "--crs", "GCJ-02"], output));
            var printed = output.ToString();
            log.WriteLine(printed);
            Assert.Contains("topology: 1 overlaps, 1 gaps, 1 outside (areas in 平方米 on the ground)", printed, StringComparison.Ordinal);
            foreach (var (kind, key) in new[] { ("overlap", "overlaps"), ("gap", "gaps"), ("outside", "outside") })
            {
                var finding = Assert.Single(topology.GetProperty(key).EnumerateArray());
                Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{finding.GetProperty("area_m2").GetDouble():0.0}: {finding.GetProperty("message").GetString()}"),
                    printed, StringComparison.Ordinal);
                Assert.Contains($"  {kind} ", printed, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_bd09_file_declaring_its_crs_commits_keeps_source_crs_and_a_second_run_changes_nothing()
    {
        var tiling = Units.Take(2).Append(("371002002", "鲸园街道", 122.12, 122.14, 37.48, 37.52)).ToList();
        var file = Collection(Features(Crs.Bd09, tiling), crs: "BD-09");
        var report = await JsonAsync(await PostAsync(Client, "districts", file, "百度.geojson", "mode=commit"));
        Assert.Equal(("BD-09", "geojson crs", true, 3), (report.GetProperty("source_crs").GetString(), report.GetProperty("source_crs_from").GetString(),
            report.GetProperty("committed").GetBoolean(), report.GetProperty("create").GetInt32()));
        var topology = report.GetProperty("topology");
        Assert.Equal(0, topology.GetProperty("overlaps").GetArrayLength() + topology.GetProperty("gaps").GetArrayLength() + topology.GetProperty("outside").GetArrayLength());

        await using (var db = Fixture.CreateDbContext())
        {
            var jingyuan = await db.Districts.AsNoTracking().SingleAsync(d => d.Code == "371002002");
            Assert.Equal(("鲸园街道", DistrictLevel.Subdistrict, "371002", "BD-09", "import: 百度.geojson"),
                (jingyuan.Name, jingyuan.Level, jingyuan.ParentCode, jingyuan.SourceCrs, jingyuan.DataSource));
            var env = jingyuan.Boundary!.EnvelopeInternal;
            Assert.Equal((122.12, 122.14, 37.48, 37.52), (Math.Round(env.MinX, 6), Math.Round(env.MaxX, 6), Math.Round(env.MinY, 6), Math.Round(env.MaxY, 6)));
        }

        var again = await JsonAsync(await PostAsync(Client, "districts", file, "百度-再次.geojson", "mode=commit"));
        Assert.Equal((3, 0), (again.GetProperty("unchanged").GetInt32(), again.GetProperty("changes").GetInt32()));
    }

    [Fact]
    public async Task A_gauss_kruger_file_is_read_in_its_declared_zone_and_features_join_the_new_street()
    {
        var zone = Crs.GaussKrugerCentralMeridian(123);
        var file = Collection(Features(zone, Units.Take(2)), crs: zone.Code);
        await PostAsync(Client, "residential-areas", Encoding.UTF8.GetBytes("name,lon,lat,population,kind\r\n海港小区,122.11,37.50,1200,old\r\n"), "小区.csv", "crs=EPSG:4326&mode=commit");

        var report = await JsonAsync(await PostAsync(Client, "districts", file, "高斯.geojson", "mode=commit"));

        Assert.Equal((zone.Code, true), (report.GetProperty("source_crs").GetString(), report.GetProperty("committed").GetBoolean()));
        await using var db = Fixture.CreateDbContext();
        var huanculou = await db.Districts.AsNoTracking().SingleAsync(d => d.Code == "371002001");
        Assert.Equal(zone.Code, huanculou.SourceCrs);
        Assert.Equal(0.02 * MetresPerDegreeLon * 0.04 * MetresPerDegreeLat, huanculou.AreaM2!.Value, 0.01 * 0.02 * MetresPerDegreeLon * 0.04 * MetresPerDegreeLat);
        var area = await db.ResidentialAreas.AsNoTracking().SingleAsync();
        Assert.Equal(("371002001", "371002"), (area.SubdistrictCode, area.DistrictCode));
    }

    [Fact]
    public async Task A_datav_bare_array_is_read_with_its_numeric_adcode_and_parent()
    {
        var file = Encoding.UTF8.GetBytes(Features(Crs.Gcj02, Units.Take(1), dataV: true).ToJsonString());

        var report = await JsonAsync(await PostAsync(Client, "districts", file, "371002.json", "crs=GCJ-02&mode=commit"));

        Assert.Equal(("geojson", true, 1), (report.GetProperty("format").GetString(), report.GetProperty("committed").GetBoolean(), report.GetProperty("create").GetInt32()));
        await using var db = Fixture.CreateDbContext();
        var huancui = await db.Districts.AsNoTracking().SingleAsync(d => d.Code == "371002");
        Assert.Equal(("环翠区", DistrictLevel.District, "371000", "GCJ-02"), (huancui.Name, huancui.Level, huancui.ParentCode, huancui.SourceCrs));
        Assert.Equal(122.10, huancui.Boundary!.EnvelopeInternal.MinX, 6);
    }

    [Fact]
    public async Task A_file_with_one_bad_row_writes_nothing_and_says_why_in_chinese()
    {
        var units = Units.Take(2).Append(("3710020", "坏代码", 122.12, 122.14, 37.48, 37.52)).Append(("372002001", "无上级", 122.12, 122.14, 37.48, 37.52));

        var response = await PostAsync(Client, "districts", Collection(Features(Crs.Wgs84, units)), "坏.geojson", "mode=commit");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var rows = (await JsonAsync(response)).GetProperty("report").GetProperty("row_reports").EnumerateArray().ToList();
        Assert.StartsWith("行政区划代码 '3710020' 须为", rows[2].GetProperty("problems")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("上级区划 372002 尚不存在：先运行 setup-district 372002", rows[3].GetProperty("problems")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, await Fixture.WithDbAsync(db => db.Districts.CountAsync()));
    }

    [Fact]
    public async Task The_street_column_assigns_rows_until_street_boundaries_exist_then_geometry_wins_and_disagreements_are_reported()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            var district = Units[0];
            db.Districts.Add(new District
            {
                Code = district.Code, Name = district.Name, Level = DistrictLevel.District, ParentCode = "371000",
                Boundary = new NetTopologySuite.Geometries.MultiPolygon([Rectangle(district.W, district.E, district.S, district.N)]) { SRID = 4326 },
            });
            db.Districts.AddRange(
                new District { Code = "371002001", Name = "环翠楼街道", Level = DistrictLevel.Subdistrict, ParentCode = "371002" },
                new District { Code = "371002002", Name = "鲸园街道", Level = DistrictLevel.Subdistrict, ParentCode = "371002" });
            await db.SaveChangesAsync();
        }

        const string header = "name,lon,lat,population,kind,所属街道\r\n";
        const string good = "海港小区,122.11,37.50,1200,old,环翠楼\r\n新城小区,122.13,37.50,1000,new,371002002\r\n";
        var bad = await JsonAsync(await PostAsync(Client, "residential-areas", Encoding.UTF8.GetBytes(header + good + "山景小区,122.12,37.49,800,old,不存在街道\r\n"), "小区.csv", "crs=EPSG:4326"));
        var problem = Assert.Single(bad.GetProperty("row_reports")[2].GetProperty("problems").EnumerateArray());
        Assert.Equal(("subdistrict_code", "warning"), (problem.GetProperty("field").GetString(), problem.GetProperty("severity").GetString()));
        Assert.StartsWith("所属街道“不存在街道”不是已知街道的名称或代码", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("所属街道", bad.GetProperty("ignored_columns").EnumerateArray().Select(c => c.GetString()));

        var committed = await JsonAsync(await PostAsync(Client, "residential-areas", Encoding.UTF8.GetBytes(header + good), "小区.csv", "crs=EPSG:4326&mode=commit"));
        Assert.True(committed.GetProperty("committed").GetBoolean(), committed.ToString());
        Assert.Equal([("新城小区", "371002002", "371002"), ("海港小区", "371002001", "371002")], await StreetsAsync());

        // 环翠楼's boundary now covers the whole district: the spatial join wins for both rows.
        var whole = Units[0] with { Code = "371002001", Name = "环翠楼街道" };
        Assert.True((await JsonAsync(await PostAsync(Client, "districts", Collection(Features(Crs.Wgs84, [whole])), "街道.geojson", "mode=commit"))).GetProperty("committed").GetBoolean());
        Assert.Equal([("新城小区", "371002001", "371002"), ("海港小区", "371002001", "371002")], await StreetsAsync());

        var again = await JsonAsync(await PostAsync(Client, "residential-areas", Encoding.UTF8.GetBytes(header + good), "小区.csv", "crs=EPSG:4326"));
        Assert.Empty(again.GetProperty("row_reports")[0].GetProperty("problems").EnumerateArray());
        var disagreement = Assert.Single(again.GetProperty("row_reports")[1].GetProperty("problems").EnumerateArray());
        Assert.Equal("warning", disagreement.GetProperty("severity").GetString());
        Assert.StartsWith("所属街道“371002002”与位置所在的街道 环翠楼街道（371002001）不一致，以位置为准", disagreement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static NetTopologySuite.Geometries.Polygon Rectangle(double w, double e, double s, double n) =>
        new(new NetTopologySuite.Geometries.LinearRing([new(w, s), new(e, s), new(e, n), new(w, n), new(w, s)])) { SRID = 4326 };

    private Task<List<(string, string?, string?)>> StreetsAsync() => Fixture.WithDbAsync(async db =>
        (await db.ResidentialAreas.AsNoTracking().Select(a => new { a.Name, a.SubdistrictCode, a.DistrictCode }).ToListAsync())
            .OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => (a.Name, a.SubdistrictCode, a.DistrictCode)).ToList());
}
