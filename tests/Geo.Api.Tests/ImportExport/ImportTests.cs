using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Geo.Analysis.Coordinates;
using static Geo.Api.Tests.ImportExport.ImportFiles;

namespace Geo.Api.Tests.ImportExport;

public sealed class ImportTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_dry_run_reports_every_row_and_writes_nothing()
    {
        var response = await PostAsync(Client, "institutions", InstitutionsGeoJson(), "机构.geojson");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await JsonAsync(response);
        Assert.Equal("dry_run", report.GetProperty("mode").GetString());
        Assert.False(report.GetProperty("committed").GetBoolean());
        Assert.Equal(Places.Length, report.GetProperty("create").GetInt32());
        Assert.Equal("EPSG:4326", report.GetProperty("source_crs").GetString());
        Assert.All(report.GetProperty("row_reports").EnumerateArray(), r => Assert.Equal("create", r.GetProperty("action").GetString()));
        Assert.Equal("0,0,0,0,0", await CountsAsync(Fixture));
    }

    [Fact]
    public async Task A_commit_records_source_and_crs_and_a_second_commit_changes_nothing()
    {
        var file = InstitutionsGeoJson();
        var first = await JsonAsync(await PostAsync(Client, "institutions", file, "机构.geojson", "mode=commit"));
        Assert.True(first.GetProperty("committed").GetBoolean());
        Assert.Equal(Places.Length, first.GetProperty("changes").GetInt32());
        var versions = await VersionsAsync();

        var second = await PostAsync(Client, "institutions", file, "机构.geojson", "mode=commit");

        var report = await JsonAsync(second);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, report.GetProperty("changes").GetInt32());
        Assert.Equal(Places.Length, report.GetProperty("unchanged").GetInt32());
        Assert.Equal(versions, await VersionsAsync()); // no row was written again
        await using var db = Fixture.CreateDbContext();
        Assert.All(await db.Institutions.ToListAsync(), i =>
        {
            Assert.Equal("import: 机构.geojson", i.DataSource);
            Assert.Equal("EPSG:4326", i.SourceCrs);
        });
    }

    [Fact]
    public async Task A_changed_row_is_an_update_matched_by_credit_code()
    {
        await PostAsync(Client, "institutions", InstitutionsGeoJson(), "机构.geojson", "mode=commit");
        var changed = Encoding.UTF8.GetString(InstitutionsGeoJson()).Replace("\"approved_slots\":41", "\"approved_slots\":55", StringComparison.Ordinal);

        var report = await JsonAsync(await PostAsync(Client, "institutions", Encoding.UTF8.GetBytes(changed), "机构.geojson", "mode=commit"));

        Assert.Equal(1, report.GetProperty("update").GetInt32());
        var row = report.GetProperty("row_reports")[0];
        Assert.Equal("update", row.GetProperty("action").GetString());
        Assert.Equal("credit_code", row.GetProperty("matched_by").GetString());
        await using var db = Fixture.CreateDbContext();
        Assert.Equal(55, (await db.Institutions.SingleAsync(i => i.CreditCode == Code(1))).ApprovedSlots);
        Assert.Equal(Places.Length, await db.Institutions.CountAsync());
    }

    /// <summary>
    /// WGS-84 truth with its GCJ-02 and BD-09 forms as the unit tests hold them (Gcj02Tests, Bd09Tests): computed
    /// outside the product with the published formulae (wandergis/coordTransform_py), so the file is not written by
    /// the transform it checks.
    /// </summary>
    private static readonly (string Name, double Lon, double Lat, double GcjLon, double GcjLat, double BdLon, double BdLat)[] ControlPoints =
    [
        ("福州鼓楼控制点托育", 119.2965, 26.0745, 119.30129978235846, 26.071397978355115, 119.30778485852095, 26.077559696442304),
        ("北京控制点托育", 116.3912, 39.9073, 116.39744110352653, 39.90870121935281, 116.40381412571053, 39.91504442778818),
        ("梅州梅江控制点托育", 116.1226, 24.2886, 116.12742560872317, 24.285972554156956, 116.13394851998618, 24.291928479942413),
        ("威海环翠控制点托育", 122.1204, 37.5131, 122.12545710388764, 37.514132471611525, 122.13197073116865, 37.52004218301357),
        ("乌鲁木齐控制点托育", 87.6168, 43.8256, 87.61964994946926, 43.82680539311119, 87.62609977081571, 43.83294979479328),
    ];

    [Theory]
    [InlineData("GCJ-02", "GCJ-02", "lng", "lat", "高德坐标.csv")]
    [InlineData("BD-09", "bd09", "经度", "纬度", "百度坐标.csv")]
    public async Task Gcj02_and_bd09_csv_control_points_land_within_half_a_metre_of_the_truth(string crs, string query, string xColumn, string yColumn, string file)
    {
        var csv = InstitutionsCsv(xColumn, yColumn, ControlPoints.Select(c => (c.Name, crs == "GCJ-02" ? (c.GcjLon, c.GcjLat) : (c.BdLon, c.BdLat))));

        var report = await JsonAsync(await PostAsync(Client, "institutions", Encoding.UTF8.GetBytes(csv), file, $"crs={query}&mode=commit"));

        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
        await AssertLandedAsync(crs, 0.5, [.. ControlPoints.Select(c => (c.Name, c.Lon, c.Lat))]);
    }

    [Theory]
    [InlineData("EPSG:4549", "x", "y", false)] // CM 120°E, x = easting
    [InlineData("EPSG:4528", "x", "y", true)]  // zone 40 with prefix, x = northing as Chinese surveyors write it
    public async Task Gauss_Kruger_csv_points_land_within_a_centimetre_in_either_axis_order(string code, string xColumn, string yColumn, bool northingFirst)
    {
        var crs = Crs.Parse(code);
        var order = northingFirst ? AxisOrder.NorthingFirst : AxisOrder.EastingFirst;
        var csv = InstitutionsCsv(xColumn, yColumn, (lon, lat) => crs.FromWgs84(lon, lat, order));

        var report = await JsonAsync(await PostAsync(Client, "institutions", Encoding.UTF8.GetBytes(csv), "gk.csv", $"crs={code}&mode=commit"));

        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
        Assert.Equal(northingFirst ? "northing_first" : "easting_first", report.GetProperty("axis_order").GetString());
        Assert.Equal("guessed", report.GetProperty("axis_order_from").GetString());
        await AssertLandedAsync(code, 0.01);
    }

    [Fact]
    public async Task A_gbk_csv_with_chinese_headers_is_read_with_encoding_gbk()
    {
        var csv = InstitutionsCsv("经度", "纬度", (lon, lat) => (lon, lat), nameColumn: "机构名称");
        var gbk = Geo.Api.Features.ImportExport.TextEncodings.Gbk.GetBytes(csv);

        var response = await PostAsync(Client, "institutions", gbk, "机构名单.csv", "crs=EPSG:4490&encoding=gbk&mode=commit");

        var report = await JsonAsync(response);
        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
        await using var db = Fixture.CreateDbContext();
        Assert.Equal(Places.Select(p => p.Name).Order(), (await db.Institutions.Select(i => i.Name).ToListAsync()).Order());
    }

    [Theory]
    [InlineData(AxisOrder.EastingFirst)]
    [InlineData(AxisOrder.NorthingFirst)]
    public async Task A_Gauss_Kruger_shapefile_with_prj_lands_within_a_centimetre(AxisOrder order)
    {
        var crs = Crs.Parse("EPSG:4549");
        var zip = ParcelShapefileZip(crs, order);

        var report = await JsonAsync(await PostAsync(Client, "parcels", zip, "地块.zip", "mode=commit"));

        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
        Assert.Equal(".prj", report.GetProperty("source_crs_from").GetString());
        Assert.Equal("EPSG:4549", report.GetProperty("source_crs").GetString());
        await using var db = Fixture.CreateDbContext();
        var stored = await db.Parcels.OrderBy(p => p.Code).ToListAsync();
        Assert.Equal(Parcels().Count, stored.Count);
        foreach (var (expected, actual) in Parcels().Zip(stored))
        {
            Assert.Equal(expected.Code, actual.Code);
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal("福州市鼓楼区人民政府", actual.Owner);
            Assert.Equal("EPSG:4549", actual.SourceCrs);
            // Shapefiles store outer rings clockwise, so vertices may come back in the other order: match each to its nearest.
            var landed = actual.Boundary.Coordinates;
            Assert.Equal(expected.Boundary.Coordinates.Length, landed.Length);
            Assert.All(expected.Boundary.Coordinates, truth => Assert.True(
                landed.Min(c => Geo.Analysis.Spatial.GroundDistance.Metres(truth, c)) < 0.01, $"{truth} has no vertex within 1 cm"));
        }
    }

    [Fact]
    public async Task Residential_points_with_households_derive_population_from_persons_per_household()
    {
        var file = GeoJson(Places.Select((p, k) => ((System.Text.Json.Nodes.JsonNode?)PointJson(p.Lon, p.Lat),
            new System.Text.Json.Nodes.JsonObject { ["name"] = p.Name + "小区", ["households"] = 1000 + k, ["kind"] = "old" })));

        var withDefault = await JsonAsync(await PostAsync(Client, "residential-areas", file, "小区统计.geojson", "mode=commit"));
        Assert.True(withDefault.GetProperty("committed").GetBoolean(), withDefault.ToString());
        await using (var db = Fixture.CreateDbContext())
        {
            var area = await db.ResidentialAreas.SingleAsync(a => a.Households == 1000);
            Assert.Equal((int)Math.Round(1000 * Geo.Api.Features.ResidentialAreas.ResidentialAreaLayer.PersonsPerHousehold), area.Population);
            Assert.True(area.PopulationIsEstimated);
            Assert.Null(area.Boundary);
        }

        var withParameter = await JsonAsync(await PostAsync(Client, "residential-areas", file, "小区统计.geojson", "mode=commit&persons_per_household=3.1"));

        Assert.Equal(Places.Length, withParameter.GetProperty("update").GetInt32());
        await using var after = Fixture.CreateDbContext();
        Assert.Equal(3100, (await after.ResidentialAreas.SingleAsync(a => a.Households == 1000)).Population);
    }

    [Fact]
    public async Task Row_problems_are_reported_and_a_commit_with_errors_writes_nothing()
    {
        await PostAsync(Client, "institutions", InstitutionsGeoJson(), "机构.geojson", "mode=commit");
        var before = await CountsAsync(Fixture);
        var missingName = InstitutionProperties(10, "x");
        missingName.Remove("name");
        var duplicateOfStored = InstitutionProperties(1, "换了名字的机构"); // credit code of a stored one: an update
        var file = GeoJson(
        [
            (PointJson(119.3, 26.08), missingName),
            (PointJson(2.35, 48.85), InstitutionProperties(11, "巴黎托育")), // outside China
            (PointJson(119.31, 26.07), duplicateOfStored),
            (PointJson(119.31, 26.07), InstitutionProperties(12, "新机构")),
            (PointJson(119.3101, 26.0701), InstitutionProperties(12, "新机构")), // same credit code again in the file
            (null, InstitutionProperties(13, "没有坐标")),
        ]);

        var response = await PostAsync(Client, "institutions", file, "问题.geojson", "mode=commit");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var rows = (await JsonAsync(response)).GetProperty("report").GetProperty("row_reports").EnumerateArray().ToList();
        Assert.Contains(rows[0].GetProperty("problems").EnumerateArray(), p => p.GetProperty("field").GetString() == "name");
        Assert.Contains("outside China", rows[1].GetProperty("problems")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("update", rows[2].GetProperty("action").GetString());
        Assert.Equal("create", rows[3].GetProperty("action").GetString());
        Assert.Contains("duplicate of row 4", rows[4].GetProperty("problems")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("geometry", rows[5].GetProperty("problems")[0].GetProperty("field").GetString());
        Assert.Equal(before, await CountsAsync(Fixture));
        await using var db = Fixture.CreateDbContext();
        Assert.DoesNotContain(await db.Institutions.Select(i => i.Name).ToListAsync(), n => n == "换了名字的机构");
    }

    [Fact]
    public async Task A_repairable_polygon_is_a_warning_and_an_unrepairable_one_an_error()
    {
        var bowTie = Geo.Analysis.Spatial.Wgs84.Factory.CreatePolygon(
        [
            new(119.300, 26.080), new(119.302, 26.082), new(119.302, 26.080), new(119.300, 26.082), new(119.300, 26.080),
        ]);
        var repairable = await JsonAsync(await PostAsync(Client, "parcels",
            ParcelShapefileZip(Crs.Wgs84, AxisOrder.EastingFirst, replaceFirst: bowTie), "自相交.zip"));
        Assert.True(repairable.TryGetProperty("row_reports", out _), repairable.ToString());
        var first = repairable.GetProperty("row_reports")[0];
        Assert.True(first.GetProperty("problems").GetArrayLength() > 0, repairable.ToString());
        Assert.Equal("create", first.GetProperty("action").GetString());
        var problem = first.GetProperty("problems")[0];
        Assert.Equal("warning", problem.GetProperty("severity").GetString());
        Assert.True(problem.GetProperty("repairable").GetBoolean());

        var line = GeoJson([(System.Text.Json.Nodes.JsonNode.Parse("""{"type":"Polygon","coordinates":[[[119.3,26.08],[119.301,26.08],[119.302,26.08],[119.3,26.08]]]}"""),
            new System.Text.Json.Nodes.JsonObject { ["code"] = "Z-1", ["name"] = "零面积", ["land_use"] = "education", ["status"] = "idle" })]);
        var unrepairable = await JsonAsync(await PostAsync(Client, "parcels", line, "零面积.geojson"));
        var row = unrepairable.GetProperty("row_reports")[0];
        Assert.Equal("error", row.GetProperty("action").GetString());
        Assert.Contains(row.GetProperty("problems").EnumerateArray(), p => p.GetProperty("field").GetString() == "geometry");
    }

    [Fact]
    public async Task Features_outside_the_named_district_are_errors()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            var box = Geo.Analysis.Spatial.Wgs84.Factory.CreateMultiPolygon([(NetTopologySuite.Geometries.Polygon)
                Geo.Analysis.Spatial.Wgs84.Factory.ToGeometry(new NetTopologySuite.Geometries.Envelope(119.28, 119.30, 26.08, 26.10))]);
            db.Districts.Add(new Geo.Api.Data.Entities.District { Code = "350102", Name = "鼓楼区", Level = Geo.Api.Data.Entities.DistrictLevel.District, Boundary = box, DataSource = "test" });
            await db.SaveChangesAsync();
        }

        var report = await JsonAsync(await PostAsync(Client, "institutions", InstitutionsGeoJson(), "机构.geojson", "district=350102"));

        var rows = report.GetProperty("row_reports").EnumerateArray().ToList();
        Assert.Equal("create", rows[0].GetProperty("action").GetString()); // 119.2987, 26.0864: inside
        Assert.Equal("error", rows[1].GetProperty("action").GetString());  // 119.3045: east of the box
        Assert.Contains("outside 鼓楼区", rows[1].GetProperty("problems")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_import_runs_as_a_job_whose_progress_can_be_followed()
    {
        var response = await PostAsync(Client, "institutions", InstitutionsGeoJson(), "机构.geojson", "mode=commit&background=true");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var url = (await JsonAsync(response)).GetProperty("status_url").GetString();
        Assert.Equal(url, response.Headers.Location?.ToString());
        // Polled until the job ends, however long that takes on this machine; the guard only stops a hang.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        JsonElement status;
        while ((status = await JsonAsync(await Client.GetAsync(url, hang.Token))).GetProperty("status").GetString() == "running")
        {
            await Task.Delay(50, hang.Token);
        }

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(100, status.GetProperty("percent").GetDouble());
        Assert.Equal(Places.Length, status.GetProperty("report").GetProperty("create").GetInt32());
        Assert.Equal($"{Places.Length},0,0,0,0", await CountsAsync(Fixture));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/import/jobs/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Files_past_the_size_or_row_limits_are_refused_with_413_and_400()
    {
        using var limited = Fixture.WithWebHostBuilder(b => b.UseSetting("Import:MaxFileBytes", "2000").UseSetting("Import:MaxRows", "2"));
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token("test-planner", Data.Entities.Role.Planner));

        var tooLarge = await PostAsync(client, "institutions", new byte[5000], "big.geojson");
        var tooMany = await PostAsync(client, "institutions",
            Encoding.UTF8.GetBytes(InstitutionsCsv("lon", "lat", (lon, lat) => (lon, lat))), "many.csv", "crs=EPSG:4326");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.Contains("2,000", (await JsonAsync(tooLarge)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 2", (await JsonAsync(tooMany)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_body_with_a_mapping_of_its_own_headers_is_imported()
    {
        var csv = InstitutionsCsv("jd", "wd", (lon, lat) => (lon, lat), nameColumn: "单位")
            .Replace("approved_slots", "核定", StringComparison.Ordinal);
        var mapping = Uri.EscapeDataString("""{"单位":"name","jd":"lon","wd":"lat","核定":"approved_slots"}""");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = "名单.csv" };

        var response = await Client.PostAsync($"/api/import/institutions?crs=EPSG:4326&mode=commit&mapping={mapping}", content);

        var report = await JsonAsync(response);
        Assert.True(report.GetProperty("committed").GetBoolean(), report.ToString());
        Assert.Equal("名单.csv", report.GetProperty("file").GetString());
        await using var db = Fixture.CreateDbContext();
        var first = await db.Institutions.SingleAsync(i => i.Name == Places[0].Name);
        Assert.Equal(40, first.ApprovedSlots);
        Assert.Equal("import: 名单.csv", first.DataSource);
    }

    [Fact]
    public async Task Unknown_layers_and_parameters_are_named_in_the_error()
    {
        var layer = await PostAsync(Client, "schools", InstitutionsGeoJson(), "x.geojson");
        var parameters = await PostAsync(Client, "institutions", InstitutionsGeoJson(), "x.geojson", "crs=EPSG:2000&mode=now&encoding=latin1");

        Assert.Equal(HttpStatusCode.NotFound, layer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, parameters.StatusCode);
        var errors = (await JsonAsync(parameters)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("crs", out _));
        Assert.True(errors.TryGetProperty("mode", out _));
        Assert.True(errors.TryGetProperty("encoding", out _));
    }

    private async Task AssertLandedAsync(string sourceCrs, double metres, (string Name, double Lon, double Lat)[]? truth = null)
    {
        truth ??= Places;
        await using var db = Fixture.CreateDbContext();
        var stored = await db.Institutions.ToListAsync();
        Assert.Equal(truth.Length, stored.Count);
        foreach (var place in truth)
        {
            var institution = stored.Single(i => i.Name == place.Name);
            Assert.Equal(sourceCrs, institution.SourceCrs);
            var error = Metres(institution.Location, place.Lon, place.Lat);
            Assert.True(error < metres, $"{place.Name} landed {error:0.000} m from the truth (limit {metres} m)");
        }
    }

    private async Task<List<uint>> VersionsAsync()
    {
        await using var db = Fixture.CreateDbContext();
        return await db.Institutions.OrderBy(i => i.Id).Select(i => i.Version).ToListAsync();
    }
    [Fact]
    public async Task A_small_import_reads_the_stored_features_its_rows_can_match_not_the_whole_layer()
    {
        // 3,000 stored 小区; the file names one of them again (same name, same place) and one new.
        await Fixture.ExecuteAsync("""
            INSERT INTO residential_areas (name, location, population, population_is_estimated, kind, data_source)
            SELECT '已有小区' || k, ST_SetSRID(ST_MakePoint(119.2 + k * 0.0001, 26.05), 4326), 100, false, 'old', 'test' FROM generate_series(1, 3000) k
            """);
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "name,lon,lat,population,kind\r\n 已有小区7 ,119.2007,26.05,120,old\r\n新小区,119.3,26.08,200,new\r\n");
        try
        {
            var engine = Fixture.Services.GetRequiredService<Geo.Api.Features.ImportExport.ImportEngine>();
            var options = new Geo.Api.Features.ImportExport.ImportOptions { Crs = Crs.Wgs84, Mode = Geo.Api.Features.ImportExport.ImportMode.DryRun };
            var layer = engine.Layers.Find("residential-areas")!;
            var prepared = engine.Prepare(layer, Geo.Api.Features.ImportExport.ImportEngine.Read(path, "小区.csv", options), "小区.csv", options);
            var counter = new MaterializedEntities();
            var builder = new DbContextOptionsBuilder<Data.TuoyuDbContext>();
            Data.DatabaseServices.Configure(builder, Fixture.ConnectionString);
            await using var db = new Data.TuoyuDbContext(builder.AddInterceptors(counter).Options);

            var report = await engine.RunAsync(db, prepared, options, new Geo.Api.Features.ImportExport.ImportProgress(), CancellationToken.None);

            Assert.Equal((1, 1), (report.Create, report.Update));
            Assert.Equal(1, counter.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Counts the entities EF Core builds from rows it reads: what an import loaded.</summary>
    private sealed class MaterializedEntities : Microsoft.EntityFrameworkCore.Diagnostics.IMaterializationInterceptor
    {
        public int Count { get; private set; }

        public object InitializedInstance(Microsoft.EntityFrameworkCore.Diagnostics.MaterializationInterceptionData materializationData, object entity)
        {
            Count += entity is Data.Entities.ResidentialArea ? 1 : 0;
            return entity;
        }
    }
}
