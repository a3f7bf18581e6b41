using System.Text;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.ImportExport.ImportFiles;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

/// <summary>
/// The inputs that used to answer 500 (or framework text), each now a 4xx ProblemDetails naming the field and
/// the rule, Chinese first, with nothing written.
/// </summary>
public sealed class ErrorBodyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Point = """{"type":"Point","coordinates":[119.3,26.08]}""";

    public static TheoryData<string, string, string, string> Bodies() => new()
    {
        // route, body, field, words of the rule
        { "/api/institutions", HostileCorpus.Feature("""{"type":"Circle","coordinates":[119.3,26.08],"radius":100}""", "{}"), "geometry", "Circle" },
        { "/api/parcels", HostileCorpus.Feature("""{"type":"Blob","coordinates":[]}""", "{}"), "geometry", "Blob" },
        { "/api/parcels", HostileCorpus.Feature("""{"type":"Polygon","coordinates":[[[119.3,26.08],[119.31,26.08],[119.31,26.09],[119.3,26.09]]]}""", "{}"), "geometry", "闭合" },
        { "/api/districts", HostileCorpus.Feature("""{"type":"Polygon","coordinates":[[[119.3,26.08],[119.3,26.08]]]}""", """{"code":"350199","name":"测试区","level":"district"}"""), "geometry", "4 个位置" },
        { "/api/institutions", HostileCorpus.Feature(Point, """{"name":"甲","classes":null}"""), "classes", "null" },
        { "/api/institutions", HostileCorpus.Feature(Point, """{"name":"甲","service_types":null}"""), "service_types", "null" },
        { "/api/institutions", HostileCorpus.Feature(Point, """{"name":"甲","classes":[null]}"""), "classes", "第 1 项" },
        { "/api/nursing-rooms", HostileCorpus.Feature(Point, """{"name":"甲","equipment":null}"""), "equipment", "null" },
        { "/api/analysis/coverage", """{"district":"350102","add":[null]}""", "add", "第 1 项" },
        { "/api/analysis/coverage", """{"district":"350102","move":[{"id":1,"lon":119.3,"lat":26.08},null]}""", "move", "第 2 项" },
        { "/api/analysis/accessibility", """{"demand":[null],"supply":[],"cutoff":1000}""", "demand", "第 1 项" },
        { "/api/analysis/siting", """{"model":"mclp","p":1,"problem":{"demand":[{"id":"d","weight":1,"lon":119.3,"lat":26.08}],"candidates":[null]}}""", "problem.candidates", "第 1 项" },
        { "/api/institutions", "null", "body", "请求体" },
        { "/api/institutions", "42", "body", "JSON 对象" },
        { "/api/auth/token", "[]", "body", "JSON 对象" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_broken_body_is_a_400_naming_the_field_and_the_rule(string route, string body, string field, string words)
    {
        var response = await Client.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var messages = problem["errors"]!.AsObject().Where(e => e.Key.StartsWith(field, StringComparison.Ordinal)).SelectMany(e => e.Value!.AsArray()).Select(m => m!.GetValue<string>()).ToList();
        Assert.True(messages.Count > 0, $"no error on {field}: {problem.ToJsonString()}");
        Assert.Contains(messages, m => m.Contains(words, StringComparison.Ordinal));
        Assert.Equal("0", await ScalarAsync("SELECT (SELECT count(*) FROM institutions) + (SELECT count(*) FROM parcels) + (SELECT count(*) FROM nursing_rooms) + (SELECT count(*) FROM audit_entries)"));
    }

    [Theory]
    [InlineData("/api/institutions?page=abc", "page", "整数")]
    [InlineData("/api/analysis/coverage?district=350102&radius_m=abc", "radius_m", "数字")]
    [InlineData("/api/targets/progress?unit=350102&as_of=yesterday", "as_of", "YYYY-MM-DD")]
    [InlineData("/api/nearby?lon=119.3&lat=26.08&limit=2147483648", "limit", "整数")]
    public async Task A_query_value_of_the_wrong_type_names_its_parameter_not_a_dotnet_type(string url, string field, string words)
    {
        var problem = await AssertProblemAsync(await Public.GetAsync(url), HttpStatusCode.BadRequest);

        Assert.Contains(words, problem["errors"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/institutions/99999999999999999999")]
    [InlineData("/api/no-such-layer")]
    public async Task An_address_that_matches_nothing_is_a_Chinese_404(string url)
    {
        var problem = await AssertProblemAsync(await Public.GetAsync(url), HttpStatusCode.NotFound);
        Assert.StartsWith("未找到", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GeoPackage_with_a_TEXT_geometry_column_reports_the_column_and_writes_nothing()
    {
        var response = await PostAsync(Client, "institutions", HostileCorpus.GeoPackage(textGeometry: true, nullOrganisation: false), "机构.gpkg", "mode=commit");

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        Assert.Contains("the geometry column geom holds text values", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("0,0,0,0,0", await CountsAsync(Fixture));
    }

    [Fact]
    public async Task A_GeoPackage_whose_srs_has_no_organisation_falls_back_to_the_srs_name()
    {
        var response = await PostAsync(Client, "institutions", HostileCorpus.GeoPackage(textGeometry: false, nullOrganisation: true), "机构.gpkg", "mode=commit");

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("EPSG:4326", problem["report"]!["source_crs"]!.GetValue<string>());
        Assert.Equal("0,0,0,0,0", await CountsAsync(Fixture));
    }

    [Theory]
    [InlineData("/api/import/institutions?mode=commit")]
    [InlineData("/api/districts/350102/network")]
    public async Task A_multipart_body_cut_off_before_its_boundary_is_a_400_on_the_file(string url)
    {
        await HostileCorpus.AddDistrictAsync(Fixture);

        var problem = await AssertProblemAsync(await Client.PostAsync(url, HostileCorpus.TruncatedMultipart()), HttpStatusCode.BadRequest);

        Assert.Contains("cut off", problem["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("0,0,0,0,0", await CountsAsync(Fixture));
    }

    [Fact]
    public async Task A_duplicate_user_is_a_409_problem()
    {
        var response = await Client.PostJsonAsync("/api/admin/users", new { user_name = "test-planner", password = "Secret-123456", role = "planner", units = ApiFixture.Everywhere });

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(9_000)]
    [InlineData(40_000)]
    public async Task An_over_long_address_is_a_414_problem_on_Kestrel_too(int length)
    {
        using var server = LoopbackServer.Start(Fixture);
        using var client = new HttpClient();

        var response = await client.GetAsync(server.Url("/api/institutions?q=" + new string('a', length)));

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong);
        Assert.Contains("8192", problem["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(server.Url("/api/institutions?q=" + new string('a', 7_000)))).StatusCode);
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.True(problem["title"]!.GetValue<string>()[0] >= 0x3400, $"title not Chinese first: {body}");
        foreach (var leak in HostileCorpus.Leaks)
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }

        return problem;
    }

    [Theory]
    [InlineData("check_violation", "ck_parcels_test_rule")]
    [InlineData("foreign_key_violation", "fk_parcels_test_rule")]
    public async Task A_rule_only_the_database_holds_is_a_400_naming_the_column_never_the_constraint(string state, string constraint)
    {
        // A rule the service does not check itself, met by an otherwise valid parcel: the database's own refusal.
        await Fixture.ExecuteAsync($"""
            CREATE FUNCTION test_database_rule() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '{state}', CONSTRAINT = '{constraint}', COLUMN = 'land_use'; END $$;
            CREATE TRIGGER test_database_rule BEFORE INSERT ON parcels FOR EACH ROW EXECUTE FUNCTION test_database_rule();
            """);
        try
        {
            var response = await Client.PostJsonAsync("/api/parcels", BoxFeature(119.3, 26.08, 119.301, 26.081, LayerSample.Parcel("idle")));

            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.DoesNotContain(constraint, problem.ToJsonString(), StringComparison.Ordinal);
            Assert.StartsWith("字段 land_use 的取值不符合数据规则", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("0", await ScalarAsync("SELECT count(*) FROM parcels"));
        }
        finally
        {
            await Fixture.ExecuteAsync("DROP TRIGGER test_database_rule ON parcels; DROP FUNCTION test_database_rule();");
        }
    }

    private async Task<string> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        return (await new Npgsql.NpgsqlCommand(sql, connection).ExecuteScalarAsync())!.ToString()!;
    }
}
