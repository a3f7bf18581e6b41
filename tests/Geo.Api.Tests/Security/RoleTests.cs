using System.Net.Http.Json;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

public sealed class RoleTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Caller (null = the public), method, path, body kind, and the status expected.</summary>
    public static TheoryData<Role?, string, string, string?, HttpStatusCode> Matrix()
    {
        var data = new TheoryData<Role?, string, string, string?, HttpStatusCode>();
        void Add(string method, string path, string? body, HttpStatusCode anonymous, HttpStatusCode planner, HttpStatusCode land, HttpStatusCode admin)
        {
            data.Add(null, method, path, body, anonymous);
            data.Add(Role.Planner, method, path, body, planner);
            data.Add(Role.LandOfficer, method, path, body, land);
            data.Add(Role.Admin, method, path, body, admin);
        }

        const HttpStatusCode ok = HttpStatusCode.OK, created = HttpStatusCode.Created, anon = HttpStatusCode.Unauthorized, no = HttpStatusCode.Forbidden;
        Add("GET", "/api/institutions", null, ok, ok, ok, ok);
        Add("GET", "/api/nursing-rooms", null, ok, ok, ok, ok);
        Add("GET", "/api/parcels", null, anon, ok, ok, ok);
        Add("GET", "/tiles/parcels/14/13621/6961.mvt", null, anon, ok, ok, ok);
        Add("GET", "/tiles/institutions/14/13621/6961.mvt", null, ok, ok, ok, ok);
        Add("POST", "/api/institutions", "institution", anon, created, no, created);
        Add("POST", "/api/nursing-rooms", "room", anon, created, no, created);
        Add("POST", "/api/parcels", "parcel", anon, no, created, created);
        Add("POST", "/api/districts", "district", anon, no, no, created);
        Add("GET", "/api/admin/audit", null, anon, no, no, ok);
        Add("GET", "/api/admin/users", null, anon, no, no, ok);
        Add("POST", "/api/analysis/accessibility", "accessibility", anon, ok, no, ok);
        Add("GET", "/api/auth/me", null, anon, ok, ok, ok);
        Add("GET", "/api/analysis/scenarios", null, anon, ok, no, ok);
        Add("GET", "/api/export/institutions?format=csv", null, anon, ok, ok, ok);
        Add("GET", "/api/export/parcels?format=csv", null, anon, ok, ok, ok);
        Add("POST", "/api/import/institutions", "geojson-file", anon, ok, no, ok);
        Add("POST", "/api/import/parcels", "geojson-file", anon, no, ok, ok);
        // These reach rows the test seeds (SmallTown's units, user 1), so an allowed caller gets the real answer.
        Add("POST", "/api/analysis/coverage", "what-if", anon, ok, no, ok);
        Add("PUT", "/api/admin/users/1", "user-role", anon, no, no, ok);
        Add("PUT", $"/api/districts/{AnalysisApi.SmallTown.Subdistrict}", "subdistrict", anon, no, no, ok);
        Add("DELETE", $"/api/districts/{AnalysisApi.SmallTown.Subdistrict}", null, anon, no, no, HttpStatusCode.NoContent);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_reaches_what_it_may_and_nothing_else(Role? role, string method, string path, string? body, HttpStatusCode expected)
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await AnalysisApi.SmallTown.AddUnitsAsync(db);
            db.UserAccounts.Add(new UserAccount { UserName = "sun.planner", PasswordHash = "-", Role = Role.Planner, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        using var client = Fixture.CreateClient(role);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body == "geojson-file")
        {
            // A dry run (the default) of one feature: reaching the importer is what is tested.
            var feature = path.EndsWith("parcels", StringComparison.Ordinal)
                ? BoxFeature(119.3, 26.08, 119.301, 26.081, LayerSample.Parcel("idle"))
                : PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10));
            var collection = System.Text.Json.JsonSerializer.Serialize(new { type = "FeatureCollection", features = new[] { feature } }, Options);
            request.Content = new StringContent(collection, System.Text.Encoding.UTF8, "application/geo+json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(Body(body), options: Options);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            await using var db = Fixture.CreateDbContext();
            Assert.Equal(0, await db.Institutions.CountAsync() + await db.Parcels.CountAsync() + await db.NursingRooms.CountAsync());
            Assert.Equal("测试街道", (await db.Districts.SingleAsync(d => d.Code == AnalysisApi.SmallTown.Subdistrict)).Name);
            Assert.Equal(Role.Planner, (await db.UserAccounts.SingleAsync(u => u.Id == 1)).Role);
        }
    }

    [Fact]
    public async Task The_public_never_sees_unfiled_or_closed_institutions_nor_staff_only_fields()
    {
        var creditCode = ImportExport.ImportFiles.Code(1);
        await Client.PostJsonAsync("/api/institutions", PointFeature(119.30, 26.08, LayerSample.Institution("已备案", 30, 10, creditCode)));
        var unfiled = await (await Client.PostJsonAsync("/api/institutions", PointFeature(119.30, 26.08, new
        {
            name = "未备案", nature = "for_profit", operator_type = "independent", approved_slots = 10, enrolled_slots = 0,
            filing_status = "unfiled", status = "operating",
        }))).ReadNodeAsync();

        var seen = await Public.GetNodeAsync("/api/institutions");
        var feature = Assert.Single(seen["features"]!.AsArray());
        Assert.Equal("已备案", feature!["properties"]!["name"]!.GetValue<string>());
        Assert.Null(feature["properties"]!["credit_code"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Public.GetAsync($"/api/institutions/{unfiled["id"]}")).StatusCode);

        var staff = await Client.GetNodeAsync("/api/institutions");
        Assert.Equal(2, staff["total"]!.GetValue<int>());
        Assert.Equal(creditCode, staff["features"]![0]!["properties"]!["credit_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_or_foreign_token_is_refused()
    {
        using var expired = Fixture.CreateClient();
        expired.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token("old", Role.Admin, DateTime.UtcNow.AddMinutes(-5)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await expired.GetAsync("/api/auth/me")).StatusCode);

        using var forged = Fixture.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token("x", Role.Admin)[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/parcels")).StatusCode);
    }

    private static object Body(string kind) => kind switch
    {
        "institution" => PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)),
        "room" => PointFeature(119.3, 26.08, LayerSample.Room(12)),
        "parcel" => BoxFeature(119.3, 26.08, 119.301, 26.081, LayerSample.Parcel("idle")),
        "district" => new { type = "Feature", geometry = (object?)null, properties = new { code = "350000", name = "福建省", level = "province" } },
        "accessibility" => new
        {
            demand = new[] { new { id = "a", weight = 1000.0, lon = 119.3, lat = 26.08 } },
            supply = new[] { new { id = "s", capacity = 10.0, lon = 119.3, lat = 26.08 } },
            cutoff = 300.0,
            decay = "step",
        },
        "what-if" => new { district = AnalysisApi.SmallTown.District, add = new[] { new { name = "假设", lon = 119.3, lat = 26.08, approved_slots = 30 } } },
        "user-role" => new { role = "admin" },
        "subdistrict" => BoxFeature(119.29, 26.07, 119.31, 26.09,
            new { code = AnalysisApi.SmallTown.Subdistrict, name = "改名街道", level = "subdistrict", parent_code = AnalysisApi.SmallTown.District }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
