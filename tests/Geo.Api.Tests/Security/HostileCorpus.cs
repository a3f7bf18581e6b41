using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.Layers;

namespace Geo.Api.Tests.Security;

/// <summary>
/// One hostile request: who sends it, where, and what the service must answer — a refusal (4xx) that changes
/// nothing, or (for reads) a refusal or a success.
/// </summary>
public sealed record HostileCase(string Name, HttpMethod Method, string Url, Role? Caller, Func<HttpContent?> Body, bool MaySucceed = false)
{
    public override string ToString() => $"{Method} {Url} · {Name}";
}

/// <summary>
/// The hostile corpus as data, generated from the kinds of input the security review sent: broken and exotic
/// geometry, nulls where lists or items belong, wrong types, SQL and script in text, overflowing paging,
/// hostile files for every import format and truncated multipart bodies, over-long URLs.
/// </summary>
public static class HostileCorpus
{
    public const string Existing = "{existing}";

    /// <summary>What error bodies must never show: .NET type names, framework text, driver and constraint names.</summary>
    public static readonly string[] Leaks =
        ["System.", "Nullable", "Microsoft.", "Npgsql", "SQLite", "Sqlite", "Exception", "Implicit body", "inferred", "ix_", "pk_", "fk_", " at Geo.", "stack"];

    private static readonly string[] LayerRoutes = ["institutions", "nursing-rooms", "public-places", "residential-areas", "parcels"];

    /// <summary>Geometries a layer must refuse, whatever its kind.</summary>
    public static readonly (string Name, string Json)[] Geometries =
    [
        ("Circle", """{"type":"Circle","coordinates":[119.3,26.08],"radius":100}"""),
        ("unknown type", """{"type":"Blob","coordinates":[119.3,26.08]}"""),
        ("type missing", """{"coordinates":[119.3,26.08]}"""),
        ("type a number", """{"type":7,"coordinates":[119.3,26.08]}"""),
        ("unclosed ring", """{"type":"Polygon","coordinates":[[[119.3,26.08],[119.31,26.08],[119.31,26.09],[119.3,26.09]]]}"""),
        ("ring of two points", """{"type":"Polygon","coordinates":[[[119.3,26.08],[119.3,26.08]]]}"""),
        ("coordinates null", """{"type":"Point","coordinates":null}"""),
        ("polygon coordinates null", """{"type":"Polygon","coordinates":null}"""),
        ("coordinates [null]", """{"type":"Point","coordinates":[null]}"""),
        ("ring [null]", """{"type":"Polygon","coordinates":[null]}"""),
        ("position [null, null]", """{"type":"Polygon","coordinates":[[[null,null],[119.31,26.08],[119.31,26.09],[null,null]]]}"""),
        ("one ordinate", """{"type":"Point","coordinates":[119.3]}"""),
        ("coordinates a string", """{"type":"Point","coordinates":"119.3,26.08"}"""),
        ("coordinates an object", """{"type":"Point","coordinates":{"x":119.3}}"""),
        ("empty coordinates", """{"type":"Point","coordinates":[]}"""),
        ("GeometryCollection of null", """{"type":"GeometryCollection","geometries":[null]}"""),
        ("GeometryCollection null", """{"type":"GeometryCollection","geometries":null}"""),
        ("LineString", """{"type":"LineString","coordinates":[[119.3,26.08],[119.31,26.09]]}"""),
        ("outside China", """{"type":"Point","coordinates":[2.35,48.85]}"""),
        ("latitude first", """{"type":"Point","coordinates":[26.08,119.3]}"""),
        ("string ordinates", """{"type":"Point","coordinates":["119.3","26.08"]}"""),
        ("geometry a string", "\"POINT(119.3 26.08)\""),
        ("geometry an array", "[119.3,26.08]"),
    ];

    /// <summary>Whole bodies a feature route must refuse.</summary>
    public static readonly (string Name, string Json)[] FeatureBodies =
    [
        ("features null", """{"type":"FeatureCollection","features":null}"""),
        ("properties a string", """{"type":"Feature","geometry":{"type":"Point","coordinates":[119.3,26.08]},"properties":"x"}"""),
        ("properties null", """{"type":"Feature","geometry":{"type":"Point","coordinates":[119.3,26.08]},"properties":null}"""),
        ("type not Feature", """{"type":"Point","coordinates":[119.3,26.08]}"""),
        ("SQL in a name", """{"type":"Feature","geometry":{"type":"Point","coordinates":[119.3,26.08]},"properties":{"name":"x'); DROP TABLE institutions; --","status":"' OR 1=1 --"}}"""),
        ("truncated JSON", """{"type":"Feature","geometry":{"type":"Point","coordi"""),
        ("null body", "null"),
        ("a number", "42"),
    ];

    /// <summary>Properties fields set to null or to a list holding null, per layer.</summary>
    private static readonly Dictionary<string, string[]> NullableLists = new()
    {
        ["institutions"] = ["classes", "service_types"],
        ["nursing-rooms"] = ["equipment"],
        ["public-places"] = [],
        ["residential-areas"] = [],
        ["parcels"] = [],
    };

    /// <summary>The district the corpus's district routes name (350102 鼓楼区), without a boundary.</summary>
    public static async Task AddDistrictAsync(Infrastructure.ApiFixture fixture)
    {
        await using var db = fixture.CreateDbContext();
        db.Districts.Add(new District { Code = "350102", Name = "鼓楼区", Level = DistrictLevel.District });
        await db.SaveChangesAsync();
    }

    public static IReadOnlyList<HostileCase> Cases()
    {
        var cases = new List<HostileCase>();
        foreach (var route in LayerRoutes)
        {
            var properties = SampleProperties(route);
            foreach (var (name, geometry) in Geometries)
            {
                var body = Feature(geometry, properties);
                cases.Add(new($"geometry {name}", HttpMethod.Post, $"/api/{route}", Role.Admin, () => JsonBody(body)));
                cases.Add(new($"geometry {name}", HttpMethod.Put, $"/api/{route}/{Existing}", Role.Admin, () => JsonBody(body)));
            }

            foreach (var (name, json) in FeatureBodies)
            {
                cases.Add(new(name, HttpMethod.Post, $"/api/{route}", Role.Admin, () => JsonBody(json)));
            }

            foreach (var field in NullableLists[route])
            {
                foreach (var value in new[] { "null", "[null]", "[[]]", "\"x\"" })
                {
                    var changed = System.Text.Json.Nodes.JsonNode.Parse(properties)!.AsObject();
                    changed[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
                    var body = Feature(SampleGeometry(route), changed.ToJsonString());
                    cases.Add(new($"{field} = {value}", HttpMethod.Post, $"/api/{route}", Role.Admin, () => JsonBody(body)));
                }
            }

            foreach (var paging in Paging)
            {
                cases.Add(new($"paging {paging}", HttpMethod.Get, $"/api/{route}?{paging}", Role.Admin, () => null));
            }

            foreach (var (name, file, fileName) in Files())
            {
                cases.Add(new($"import {name}", HttpMethod.Post, $"/api/import/{route}?mode=commit", Role.Admin, () => Multipart(file, fileName)));
            }

            cases.Add(new("import truncated multipart", HttpMethod.Post, $"/api/import/{route}?mode=commit", Role.Admin, TruncatedMultipart));
            cases.Add(new("import multipart without boundary", HttpMethod.Post, $"/api/import/{route}?mode=commit", Role.Admin,
                () => Raw("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", "multipart/form-data")));
            cases.Add(new("import JSON instead of a form", HttpMethod.Post, $"/api/import/{route}?mode=commit", Role.Admin, () => JsonBody("{}")));
            cases.Add(new("import no file field", HttpMethod.Post, $"/api/import/{route}?mode=commit", Role.Admin,
                () => new MultipartFormDataContent { { new StringContent("x"), "other" } }));
            cases.Add(new("export unknown format", HttpMethod.Get, $"/api/export/{route}?format=exe", Role.Admin, () => null));
            cases.Add(new("export unknown crs", HttpMethod.Get, $"/api/export/{route}?crs=EPSG:99999999", Role.Admin, () => null));
        }

        cases.AddRange(AnalysisCases());
        cases.AddRange(AccountCases());
        cases.AddRange(DistrictCases());
        cases.AddRange(UrlCases());
        return cases;
    }

    private static readonly string[] Paging =
        ["page=2147483647", "page=1073741824&page_size=10", "page=-1", "page_size=0", "page_size=99999999", "page=abc", "page=1e3", "bbox=1,2,3", "bbox=a,b,c,d", "bbox=180,90,-180,-90"];

    private static IEnumerable<HostileCase> AnalysisCases()
    {
        const string coverage = "/api/analysis/coverage";
        foreach (var (name, json) in new[]
        {
            ("add null", """{"district":"350102","add":null}"""),
            ("add [null]", """{"district":"350102","add":[null]}"""),
            ("move [null]", """{"district":"350102","move":[null]}"""),
            ("remove [null]", """{"district":"350102","remove":[null]}"""),
            ("add a string", """{"district":"350102","add":"x"}"""),
            ("add item without coordinates", """{"district":"350102","add":[{"name":"x"}]}"""),
            ("add NaN-like", """{"district":"350102","add":[{"name":"x","lon":"NaN","lat":26}]}"""),
            ("move unknown id", """{"district":"350102","move":[{"id":-5,"lon":119.3,"lat":26.08}]}"""),
            ("radius negative", """{"district":"350102","radius_m":-1}"""),
            ("radius huge", """{"district":"350102","radius_m":1e308}"""),
            ("method unknown", """{"district":"350102","method":"magic"}"""),
            ("district SQL", """{"district":"350102' OR '1'='1"}"""),
            ("district null", """{"district":null}"""),
            ("empty object", "{}"),
            ("an array", "[]"),
            ("unknown field", """{"district":"350102","drop":"table"}"""),
        })
        {
            yield return new($"what-if {name}", HttpMethod.Post, coverage, Role.Planner, () => JsonBody(json));
        }

        const string accessibility = "/api/analysis/accessibility";
        foreach (var (name, json) in new[]
        {
            ("demand null", """{"demand":null,"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000}"""),
            ("demand [null]", """{"demand":[null],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000}"""),
            ("supply [null]", """{"demand":[{"id":"d","weight":10,"lon":119.3,"lat":26.08}],"supply":[null],"cutoff":1000}"""),
            ("bands [null]", """{"demand":[{"id":"d","weight":10,"lon":119.3,"lat":26.08}],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000,"decay":"bands","bands":[null]}"""),
            ("costs [null]", """{"demand":[{"id":"d","weight":10,"lon":119.3,"lat":26.08}],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000,"costs":[null]}"""),
            ("costs ragged", """{"demand":[{"id":"d","weight":10,"lon":119.3,"lat":26.08}],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000,"costs":[[1,2,3]]}"""),
            ("weight negative", """{"demand":[{"id":"d","weight":-10,"lon":119.3,"lat":26.08}],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000}"""),
            ("cutoff 1e7", """{"demand":[{"id":"d","weight":10,"lon":119.3,"lat":26.08}],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1e400}"""),
            ("duplicate ids", """{"demand":[{"id":"d","weight":1,"lon":119.3,"lat":26.08},{"id":"d","weight":1,"lon":119.3,"lat":26.08}],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000}"""),
            ("decay unknown", """{"demand":[{"id":"d","weight":10,"lon":119.3,"lat":26.08}],"supply":[{"id":"s","capacity":10,"lon":119.3,"lat":26.08}],"cutoff":1000,"decay":"x"}"""),
        })
        {
            yield return new($"accessibility {name}", HttpMethod.Post, accessibility, Role.Planner, () => JsonBody(json));
        }

        const string siting = "/api/analysis/siting";
        foreach (var (name, json) in new[]
        {
            ("points [null]", """{"district":"350102","model":"mclp","p":1,"candidate_source":"points","points":[null]}"""),
            ("points null", """{"district":"350102","model":"mclp","p":1,"candidate_source":"points","points":null}"""),
            ("parcel_statuses [null]", """{"district":"350102","model":"mclp","p":1,"parcel_statuses":[null]}"""),
            ("problem demand [null]", """{"model":"mclp","p":1,"problem":{"demand":[null],"candidates":[{"id":"c","lon":119.3,"lat":26.08}]}}"""),
            ("problem candidates [null]", """{"model":"mclp","p":1,"problem":{"demand":[{"id":"d","weight":1,"lon":119.3,"lat":26.08}],"candidates":[null]}}"""),
            ("problem existing [null]", """{"model":"mclp","p":1,"problem":{"demand":[{"id":"d","weight":1,"lon":119.3,"lat":26.08}],"candidates":[{"id":"c","lon":119.3,"lat":26.08}],"existing":[null]}}"""),
            ("cost matrix [null]", """{"model":"mclp","p":1,"problem":{"demand":[{"id":"d","weight":1,"lon":119.3,"lat":26.08}],"candidates":[{"id":"c","lon":119.3,"lat":26.08}],"cost_matrix":{"to_candidates":[null]}}}"""),
            ("p overflow", """{"district":"350102","model":"mclp","p":2147483648}"""),
            ("model unknown", """{"district":"350102","model":"best"}"""),
            ("time limit negative", """{"district":"350102","model":"mclp","p":1,"time_limit_s":-5}"""),
        })
        {
            yield return new($"siting {name}", HttpMethod.Post, siting, Role.Planner, () => JsonBody(json));
        }

        foreach (var query in new[] { "district=350102&radius_m=abc", "district=350102&radius_m=-5", "district=350102&method=x", "district=350102&supply=x", "district=%00", "district=" + new string('9', 300) })
        {
            yield return new($"coverage {query[..Math.Min(query.Length, 40)]}", HttpMethod.Get, $"{coverage}?{query}", null, () => null, MaySucceed: true);
        }

        foreach (var paging in Paging)
        {
            yield return new($"scenarios paging {paging}", HttpMethod.Get, $"/api/analysis/scenarios?{paging}", Role.Planner, () => null, MaySucceed: true);
        }

        foreach (var query in new[] { "lon=abc&lat=26", "lon=119.3&lat=26.08&limit=-1", "lon=119.3&lat=26.08&limit=2147483648", "lon=119.3&lat=26.08&layer=parcels", "lon=1e400&lat=26.08", "lon=119.3&lat=26.08&max_distance_m=NaN" })
        {
            yield return new($"nearby {query}", HttpMethod.Get, $"/api/nearby?{query}", null, () => null);
        }
    }

    private static IEnumerable<HostileCase> AccountCases()
    {
        foreach (var (name, json) in new[]
        {
            ("user_name null", """{"user_name":null,"password":"Secret-123456","role":"planner"}"""),
            ("role unknown", """{"user_name":"甲","password":"Secret-123456","role":"root"}"""),
            ("role a number", """{"user_name":"甲","password":"Secret-123456","role":3}"""),
            ("password short", """{"user_name":"甲","password":"1","role":"planner"}"""),
            ("units null item", """{"user_name":"甲","password":"Secret-123456","role":"planner","units":[null]}"""),
            ("units unknown", """{"user_name":"甲","password":"Secret-123456","role":"planner","units":["999999"]}"""),
            ("units a string", """{"user_name":"甲","password":"Secret-123456","role":"planner","units":"350102"}"""),
            ("duplicate test account", """{"user_name":"test-planner","password":"Secret-123456","role":"planner","units":["100000"]}"""),
            ("planner without units", """{"user_name":"zhou.planner","password":"Secret-123456","role":"planner"}"""),
            ("land officer with no units", """{"user_name":"zhou.land","password":"Secret-123456","role":"land_officer","units":[]}"""),
            ("user_name huge", "{\"user_name\":\"" + new string('x', 5000) + "\",\"password\":\"Secret-123456\",\"role\":\"planner\"}"),
            ("user_name control characters", """{"user_name":"a\u0000b","password":"Secret-123456","role":"planner"}"""),
        })
        {
            yield return new($"create user {name}", HttpMethod.Post, "/api/admin/users", Role.Admin, () => JsonBody(json));
        }

        foreach (var (name, json) in new[]
        {
            ("disabled a string", """{"disabled":"yes"}"""),
            ("disabled null-like", """{"disabled":"null"}"""),
            ("role unknown", """{"role":"root"}"""),
            ("units [null]", """{"units":[null]}"""),
            ("demoted to planner unbound", """{"role":"planner","units":[]}"""),
        })
        {
            yield return new($"update user {name}", HttpMethod.Put, "/api/admin/users/{admin}", Role.Admin, () => JsonBody(json));
        }

        yield return new("delete unknown user", HttpMethod.Delete, "/api/admin/users/999999999", Role.Admin, () => null);
        yield return new("delete user id overflow", HttpMethod.Delete, "/api/admin/users/99999999999999999999", Role.Admin, () => null);

        foreach (var (name, json) in new[]
        {
            ("empty", "{}"), ("nulls", """{"user_name":null,"password":null}"""), ("array", "[]"), ("numbers", """{"user_name":1,"password":2}"""),
            ("SQL", """{"user_name":"admin' --","password":"' OR 1=1 --"}"""), ("unknown account", """{"user_name":"nobody-here","password":"x"}"""),
        })
        {
            yield return new($"sign in {name}", HttpMethod.Post, "/api/auth/token", null, () => JsonBody(json));
        }

        foreach (var query in new[] { "entity=x'--", "page=2147483647", "entity_id=" + new string('1', 500) })
        {
            yield return new($"audit {query[..Math.Min(query.Length, 30)]}", HttpMethod.Get, $"/api/admin/audit?{query}", Role.Admin, () => null, MaySucceed: true);
        }
    }

    private static IEnumerable<HostileCase> DistrictCases()
    {
        var box = """{"type":"Polygon","coordinates":[[[119.2,26.0],[119.4,26.0],[119.4,26.2],[119.2,26.2],[119.2,26.0]]]}""";
        foreach (var (name, json) in Geometries)
        {
            var body = Feature(json, """{"code":"350199","name":"测试区","level":"district"}""");
            yield return new($"district geometry {name}", HttpMethod.Post, "/api/districts", Role.Admin, () => JsonBody(body));
        }

        foreach (var (name, properties) in new[]
        {
            ("code null", """{"code":null,"name":"测试区","level":"district"}"""),
            ("code SQL", """{"code":"35'--","name":"测试区","level":"district"}"""),
            ("level unknown", """{"code":"350199","name":"测试区","level":"planet"}"""),
            ("parent unknown", """{"code":"350199","name":"测试区","level":"district","parent":"000000"}"""),
            ("population negative", """{"code":"350199","name":"测试区","level":"district","population":-5}"""),
            ("share over 1", """{"code":"350199","name":"测试区","level":"district","share_under3":7}"""),
        })
        {
            yield return new($"district {name}", HttpMethod.Post, "/api/districts", Role.Admin, () => JsonBody(Feature(box, properties)));
        }

        yield return new("district PUT unknown", HttpMethod.Put, "/api/districts/000000", Role.Admin, () => JsonBody("{}"));
        yield return new("district population null body", HttpMethod.Put, "/api/districts/350102/population", Role.Planner, () => JsonBody("null"));
        yield return new("district population wrong types", HttpMethod.Put, "/api/districts/350102/population", Role.Planner, () => JsonBody("""{"population":"many","share_under3":[]}"""));
        yield return new("district setup unknown", HttpMethod.Post, "/api/admin/districts/setup", Role.Admin, () => JsonBody("""{"adcode":"000000"}"""));
        yield return new("district setup null", HttpMethod.Post, "/api/admin/districts/setup", Role.Admin, () => JsonBody("null"));
        yield return new("targets null", HttpMethod.Post, "/api/targets", Role.Admin, () => JsonBody("null"));
        yield return new("targets per_unit [null]", HttpMethod.Post, "/api/targets", Role.Admin, () => JsonBody("""{"unit":"350102","kind":"institutions","per_unit":[null]}"""));
        yield return new("targets wrong types", HttpMethod.Post, "/api/targets", Role.Admin, () => JsonBody("""{"unit":350102,"value":"a lot","source":"x"}"""));
        yield return new("network import not a file", HttpMethod.Post, "/api/districts/350102/network", Role.Planner, () => JsonBody("{}"));
        yield return new("network import truncated multipart", HttpMethod.Post, "/api/districts/350102/network", Role.Planner, TruncatedMultipart);
    }

    private static IEnumerable<HostileCase> UrlCases()
    {
        foreach (var length in new[] { 9_000, 20_000 })
        {
            var q = new string('a', length);
            yield return new($"URL of {length} characters", HttpMethod.Get, $"/api/institutions?q={q}", null, () => null);
            yield return new($"path of {length} characters", HttpMethod.Get, $"/api/{q}", null, () => null);
        }

        yield return new("id overflow", HttpMethod.Get, "/api/institutions/99999999999999999999", null, () => null);
        yield return new("id negative", HttpMethod.Get, "/api/institutions/-1", null, () => null);
        yield return new("tile out of range", HttpMethod.Get, "/tiles/institutions/40/1/1.mvt", null, () => null);
        yield return new("tile negative", HttpMethod.Get, "/tiles/institutions/3/-1/-1.mvt", null, () => null);
        yield return new("tile unknown layer", HttpMethod.Get, "/tiles/secrets/3/1/1.mvt", null, () => null);
        yield return new("ogc limit overflow", HttpMethod.Get, "/ogc/collections/institutions/items?limit=2147483648", null, () => null);
        yield return new("ogc offset negative", HttpMethod.Get, "/ogc/collections/institutions/items?offset=-1", null, () => null);
        yield return new("ogc bbox bad", HttpMethod.Get, "/ogc/collections/institutions/items?bbox=a", null, () => null);
        yield return new("ogc crs unknown", HttpMethod.Get, "/ogc/collections/institutions/items?crs=http://x", null, () => null);
        yield return new("ogc unknown collection", HttpMethod.Get, "/ogc/collections/x'--/items", null, () => null);
        yield return new("targets progress bad date", HttpMethod.Get, "/api/targets/progress?unit=350102&as_of=yesterday", null, () => null);
        yield return new("targets bad unit", HttpMethod.Get, "/api/targets?unit=%27--", null, () => null);
    }

    /// <summary>Hostile files, one of each import format (the zip bombs and views have their own tests).</summary>
    private static IEnumerable<(string Name, byte[] File, string FileName)> Files()
    {
        byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        string Collection(string geometry) => "{\"type\":\"FeatureCollection\",\"features\":[" + Feature(geometry, """{"name":"x"}""") + "]}";
        yield return ("GeoJSON features null", Text("""{"type":"FeatureCollection","features":null}"""), "a.geojson");
        yield return ("GeoJSON features [null]", Text("""{"type":"FeatureCollection","features":[null]}"""), "a.geojson");
        yield return ("GeoJSON Circle", Text(Collection("""{"type":"Circle","coordinates":[119.3,26.08]}""")), "a.geojson");
        yield return ("GeoJSON unclosed ring", Text(Collection("""{"type":"Polygon","coordinates":[[[119.3,26.08],[119.31,26.08],[119.31,26.09],[119.3,26.09]]]}""")), "a.geojson");
        yield return ("GeoJSON coordinates null", Text(Collection("""{"type":"Point","coordinates":null}""")), "a.geojson");
        yield return ("GeoJSON coordinates [null]", Text(Collection("""{"type":"Polygon","coordinates":[null]}""")), "a.geojson");
        yield return ("GeoJSON properties a list", Text("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[119.3,26.08]},"properties":[1]}]}"""), "a.geojson");
        yield return ("CSV with NUL bytes", [.. Text("name,lon,lat\n"), 0, 0, 0, .. Text("\nx,119.3,26.08\n")], "a.csv");
        yield return ("CSV with a formula", Text("name,lon,lat\n=cmd|' /C calc'!A0,abc,1e400\n"), "a.csv");
        yield return ("xlsx that is not a zip", Text("PK not really"), "a.xlsx");
        yield return ("xlsx zip without a sheet", ImportExport.ImportFiles.Zip([("hello.txt", Text("hi"))]), "a.xlsx");
        yield return ("zip holding nothing", ImportExport.ImportFiles.Zip([]), "a.zip");
        yield return ("zip with a path escape", ImportExport.ImportFiles.Zip([("../../evil.shp", Text("x")), ("../../evil.dbf", Text("x"))]), "a.zip");
        yield return ("unknown extension", Text("MZ"), "a.exe");
        yield return ("GeoPackage with a TEXT geometry column", GeoPackage(textGeometry: true, nullOrganisation: false), "a.gpkg");
        yield return ("GeoPackage with a NULL srs organisation", GeoPackage(textGeometry: false, nullOrganisation: true), "a.gpkg");
        yield return ("GeoPackage without metadata tables", GeoPackage(textGeometry: false, nullOrganisation: false, metadata: false), "a.gpkg");
    }

    private static readonly Dictionary<string, byte[]> GeoPackages = [];

    /// <summary>A small GeoPackage with one point feature, broken as asked.</summary>
    public static byte[] GeoPackage(bool textGeometry, bool nullOrganisation, bool metadata = true)
    {
        var key = $"{textGeometry}{nullOrganisation}{metadata}";
        lock (GeoPackages)
        {
            if (GeoPackages.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var path = Path.Combine(Path.GetTempPath(), $"tuoyu-test-{Guid.NewGuid():N}.gpkg");
            try
            {
                using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    var srs = nullOrganisation ? "NULL, NULL, NULL" : "'EPSG', 4326, 'GEOGCS[\"WGS 84\"]'";
                    var geometry = textGeometry ? "'POINT(119.3 26.08)'" : "X'00'";
                    command.CommandText = metadata
                        ? $"""
                            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,
                              organization_coordsys_id INTEGER, definition TEXT, description TEXT);
                            INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, {srs}, NULL);
                            CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT,
                              last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
                            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
                            CREATE TABLE sites (fid INTEGER PRIMARY KEY, geom TEXT, name TEXT);
                            INSERT INTO sites VALUES (1, {geometry}, '甲');
                            INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('sites', 'features', 4326);
                            INSERT INTO gpkg_geometry_columns VALUES ('sites', 'geom', 'POINT', 4326, 0, 0);
                            """
                        : "CREATE TABLE sites (fid INTEGER PRIMARY KEY, name TEXT);";
                    command.ExecuteNonQuery();
                }

                return GeoPackages[key] = File.ReadAllBytes(path);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    public static HttpContent Multipart(byte[] file, string fileName)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", fileName);
        return content;
    }

    /// <summary>A multipart body cut off inside its file part: no closing boundary.</summary>
    public static HttpContent TruncatedMultipart() =>
        Raw("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\nContent-Type: application/octet-stream\r\n\r\n{\"type\":\"FeatureColl",
            "multipart/form-data; boundary=cut");

    private static ByteArrayContent Raw(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Feature(string geometry, string properties) =>
        "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":" + properties + "}";

    private static string SampleGeometry(string route) => route is "residential-areas" or "parcels"
        ? """{"type":"Polygon","coordinates":[[[119.3,26.08],[119.301,26.08],[119.301,26.081],[119.3,26.081],[119.3,26.08]]]}"""
        : """{"type":"Point","coordinates":[119.3,26.08]}""";

    private static string SampleProperties(string route) => System.Text.Json.JsonSerializer.Serialize(route switch
    {
        "institutions" => LayerSample.Institution("甲托育", 30, 10),
        "nursing-rooms" => LayerSample.Room(12),
        "public-places" => LayerSample.Place(8000),
        "residential-areas" => LayerSample.Area(1200),
        _ => LayerSample.Parcel("idle"),
    }, Infrastructure.Json.Options);
}
