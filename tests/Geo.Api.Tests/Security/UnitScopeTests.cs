using Geo.Api.Data.Entities;
using Geo.Api.Infrastructure;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.Infrastructure.Json;
using SmallTown = Geo.Api.Tests.AnalysisApi.SmallTown;

namespace Geo.Api.Tests.Security;

/// <summary>
/// The role matrix's second dimension: where an account may write. SmallTown's district 测试区 (990101) and a
/// neighbour 邻区 (990102) 4 km east, both in 测试市 (990100).
/// </summary>
public sealed class UnitScopeTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Neighbour = "990102";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db);
        var east = SmallTown.Square(2000);
        var shift = SmallTown.At(4000, 0).X - SmallTown.At(0, 0).X;
        var boundary = (NetTopologySuite.Geometries.MultiPolygon)east.Copy();
        boundary.Apply(new ShiftX(shift));
        boundary.GeometryChanged();
        db.Districts.Add(new District { Code = Neighbour, Name = "邻区", Level = DistrictLevel.District, ParentCode = SmallTown.City, Boundary = boundary });
        Bind(db, "district.planner", Role.Planner, SmallTown.District);
        Bind(db, "district.land", Role.LandOfficer, SmallTown.District);
        Bind(db, "district.admin", Role.Admin, SmallTown.District);
        Bind(db, "city.planner", Role.Planner, SmallTown.City);
        Bind(db, "unbound.planner", Role.Planner, null);
        Bind(db, "unbound.land", Role.LandOfficer, null);
        await db.SaveChangesAsync();
    }

    /// <summary>Account, method, path, body, where the body's geometry lies (inside its unit or next door), status.</summary>
    public static TheoryData<string, string, string, string, bool, HttpStatusCode> Matrix() => new()
    {
        { "district.planner", "POST", "/api/institutions", "institution", true, HttpStatusCode.Created },
        { "district.planner", "POST", "/api/institutions", "institution", false, HttpStatusCode.Forbidden },
        { "district.planner", "POST", "/api/nursing-rooms", "room", false, HttpStatusCode.Forbidden },
        { "district.planner", "POST", "/api/nursing-rooms", "room", true, HttpStatusCode.Created },
        { "district.land", "POST", "/api/parcels", "parcel", true, HttpStatusCode.Created },
        { "district.land", "POST", "/api/parcels", "parcel", false, HttpStatusCode.Forbidden },
        { "district.planner", "POST", "/api/import/institutions?mode=commit", "file", false, HttpStatusCode.Forbidden },
        { "district.planner", "POST", "/api/import/institutions?mode=commit", "file", true, HttpStatusCode.OK },
        { "district.planner", "POST", "/api/analysis/siting", "siting", false, HttpStatusCode.Forbidden },
        { "district.admin", "PUT", $"/api/districts/{Neighbour}", "neighbour", false, HttpStatusCode.Forbidden },
        { "district.admin", "POST", "/api/institutions", "institution", false, HttpStatusCode.Forbidden },
        { "district.admin", "POST", "/api/institutions", "institution", true, HttpStatusCode.Created },
        { "city.planner", "POST", "/api/institutions", "institution", false, HttpStatusCode.Created },
        { "test-admin", "POST", "/api/institutions", "institution", false, HttpStatusCode.Created }, // unbound
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_bound_account_writes_inside_its_units_only(string account, string method, string path, string body, bool inside, HttpStatusCode expected)
    {
        using var client = ClientOf(account);
        var (lon, lat) = inside ? (SmallTown.CentreLon, SmallTown.CentreLat) : (SmallTown.At(4000, 0).X, SmallTown.CentreLat);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(body, lon, lat) };

        var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} {text}");
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = System.Text.Json.Nodes.JsonNode.Parse(text)!;
            Assert.Equal("邻区 (990102)", problem["unit"]!.GetValue<string>());
            var detail = problem["detail"]!.GetValue<string>();
            Assert.Contains("邻区 (990102)", detail, StringComparison.Ordinal);
            Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}", detail); // Chinese first
            await using var db = Fixture.CreateDbContext();
            Assert.Equal(0, await db.Institutions.CountAsync() + await db.Parcels.CountAsync() + await db.NursingRooms.CountAsync() + await db.SitingScenarios.CountAsync());
            Assert.Equal("邻区", (await db.Districts.SingleAsync(d => d.Code == Neighbour)).Name);
        }
    }

    /// <summary>Fail-closed: account, method, path, body of every kind of change a planner or land officer makes.</summary>
    public static TheoryData<string, string, string, string?> Unbound() => new()
    {
        { "unbound.planner", "POST", "/api/institutions", "institution" },
        { "unbound.planner", "POST", "/api/nursing-rooms", "room" },
        { "unbound.land", "POST", "/api/parcels", "parcel" },
        { "unbound.planner", "POST", "/api/import/institutions?mode=commit", "file" },
        { "unbound.planner", "POST", "/api/import/institutions", "file" },
        { "unbound.land", "POST", "/api/import/parcels", "file" },
        { "unbound.planner", "GET", "/api/export/institutions?format=geojson", null },
        { "unbound.land", "GET", "/api/export/parcels?format=csv", null },
        { "unbound.land", "GET", $"/api/export/analysis/priority-parcels?district={SmallTown.District}", null },
        { "unbound.planner", "GET", $"/api/export/analysis/coverage?district={SmallTown.District}", null },
        { "unbound.planner", "POST", "/api/analysis/siting", "siting-here" },
        { "unbound.planner", "POST", "/api/targets", "target" },
        { "unbound.planner", "POST", "/api/standards", "target" },
        { "unbound.planner", "PUT", $"/api/districts/{SmallTown.District}/population", "population" },
    };

    [Theory]
    [MemberData(nameof(Unbound))]
    public async Task An_unbound_planner_or_land_officer_changes_imports_exports_and_saves_nothing(string account, string method, string path, string? body)
    {
        using var client = ClientOf(account);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Body(body, SmallTown.CentreLon, SmallTown.CentreLat) };

        var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        Assert.StartsWith("账户未绑定行政区", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith($"账户 {account} 未绑定任何行政区", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("管理员", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = Fixture.CreateDbContext();
        Assert.Equal(0, await db.Institutions.CountAsync() + await db.Parcels.CountAsync() + await db.NursingRooms.CountAsync()
            + await db.SitingScenarios.CountAsync() + await db.UnitTargets.CountAsync() + await db.UnitStandards.CountAsync());
        Assert.Null((await db.Districts.SingleAsync(d => d.Code == SmallTown.District)).OfficialPopulation);
    }

    [Fact]
    public async Task An_unbound_account_still_reads_what_its_role_reads_and_an_unbound_admin_writes()
    {
        using var planner = ClientOf("unbound.planner");
        using var land = ClientOf("unbound.land");

        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync("/api/institutions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync($"/api/analysis/coverage?district={SmallTown.District}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await land.GetAsync("/api/parcels")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/institutions", PointFeature(SmallTown.CentreLon, SmallTown.CentreLat, LayerSample.Institution("甲", 30, 10)))).StatusCode);
    }

    [Fact]
    public async Task Moving_or_deleting_a_feature_next_door_is_refused_and_public_reads_stay_open()
    {
        var created = await (await Client.PostJsonAsync("/api/institutions", PointFeature(SmallTown.At(4000, 0).X, SmallTown.CentreLat, LayerSample.Institution("邻区托育", 30, 10)))).ReadNodeAsync();
        var id = created["id"]!.GetValue<long>();
        using var planner = ClientOf("district.planner");

        var move = await planner.PutJsonAsync($"/api/institutions/{id}", PointFeature(SmallTown.CentreLon, SmallTown.CentreLat, LayerSample.Institution("搬来", 30, 10)));
        var delete = await planner.DeleteAsync($"/api/institutions/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal("邻区托育", (await Public.GetNodeAsync($"/api/institutions/{id}"))["properties"]!["name"]!.GetValue<string>());
        Assert.Equal(1, (await planner.GetNodeAsync("/api/institutions"))["total"]!.GetValue<int>());
        var export = await planner.GetStringAsync("/api/export/institutions?format=geojson");
        Assert.DoesNotContain("邻区托育", export, StringComparison.Ordinal); // exports stay inside the account's units
    }

    [Fact]
    public async Task Admins_bind_accounts_to_existing_units()
    {
        var created = await Client.PostJsonAsync("/api/admin/users", new { user_name = "qian.planner", password = "correct-horse-42", role = "planner", units = new[] { SmallTown.District } });
        var id = (await created.ReadNodeAsync())["id"]!.GetValue<long>();
        var unknown = await Client.PutJsonAsync($"/api/admin/users/{id}", new { units = new[] { "123456" } });
        var moved = await (await Client.PutJsonAsync($"/api/admin/users/{id}", new { units = new[] { Neighbour } })).ReadNodeAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("123456", (await unknown.ReadNodeAsync())["errors"]!["units"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Neighbour, Assert.Single(moved["units"]!.AsArray())!.GetValue<string>());
        var users = await Client.GetNodeAsync("/api/admin/users");
        Assert.Contains(users.AsArray(), u => u!["user_name"]!.GetValue<string>() == "qian.planner" && u["units"]![0]!.GetValue<string>() == Neighbour);
    }

    [Fact]
    public async Task A_planner_or_land_officer_is_created_and_kept_bound_to_a_unit()
    {
        var missing = await Client.PostJsonAsync("/api/admin/users", new { user_name = "sun.planner", password = "correct-horse-42", role = "planner" });
        var empty = await Client.PostJsonAsync("/api/admin/users", new { user_name = "sun.land", password = "correct-horse-42", role = "land_officer", units = Array.Empty<string>() });
        var admin = await Client.PostJsonAsync("/api/admin/users", new { user_name = "sun.admin", password = "correct-horse-42", role = "admin" });
        var everywhere = await (await Client.PostJsonAsync("/api/admin/users", new { user_name = "sun.nation", password = "correct-horse-42", role = "planner", units = ApiFixture.Everywhere })).ReadNodeAsync();
        var adminId = (await admin.ReadNodeAsync())["id"]!.GetValue<long>();
        var unbind = await Client.PutJsonAsync($"/api/admin/users/{everywhere["id"]}", new { units = Array.Empty<string>() });
        var demote = await Client.PutJsonAsync($"/api/admin/users/{adminId}", new { role = "land_officer" });
        await using (var db = Fixture.CreateDbContext())
        {
            Assert.Empty((await db.UserAccounts.SingleAsync(u => u.UserName == "unbound.planner")).Units);
        }

        var legacy = await Fixture.WithDbAsync(db => db.UserAccounts.Where(u => u.UserName == "unbound.planner").Select(u => u.Id).SingleAsync());
        var disable = await Client.PutJsonAsync($"/api/admin/users/{legacy}", new { disabled = true }); // an account bound before the rule can still be stopped

        foreach (var refused in new[] { missing, empty, unbind, demote })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.StartsWith("规划人员和自然资源人员必须绑定至少一个行政区", (await refused.ReadNodeAsync())["errors"]!["units"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Created, admin.StatusCode);
        Assert.Equal(UnitScope.Nationwide, everywhere["units"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        var users = (await Client.GetNodeAsync("/api/admin/users")).AsArray();
        Assert.DoesNotContain(users, u => u!["user_name"]!.GetValue<string>() is "sun.planner" or "sun.land");
        Assert.Equal("admin", users.Single(u => u!["user_name"]!.GetValue<string>() == "sun.admin")!["role"]!.GetValue<string>());
        Assert.Equal(UnitScope.Nationwide, users.Single(u => u!["user_name"]!.GetValue<string>() == "sun.nation")!["units"]![0]!.GetValue<string>());
    }

    private HttpClient ClientOf(string account)
    {
        var client = Fixture.CreateClient(null);
        var role = account switch { "district.land" or "unbound.land" => Role.LandOfficer, "district.admin" or "test-admin" => Role.Admin, _ => Role.Planner };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token(account, role));
        return client;
    }

    /// <summary>An account bound to <paramref name="unit"/>, or to nothing (as accounts made before units were).</summary>
    private static void Bind(Data.TuoyuDbContext db, string name, Role role, string? unit) => db.UserAccounts.Add(new UserAccount
    {
        UserName = name, PasswordHash = "-", Role = role, Units = unit is null ? [] : [unit], SecurityStamp = ApiFixture.TestStamp, CreatedAt = DateTimeOffset.UtcNow,
    });

    private static HttpContent Body(string kind, double lon, double lat)
    {
        object body = kind switch
        {
            "institution" or "file" => PointFeature(lon, lat, LayerSample.Institution("甲", 30, 10)),
            "room" => PointFeature(lon, lat, LayerSample.Room(12)),
            "parcel" => BoxFeature(lon, lat, lon + 0.001, lat + 0.001, LayerSample.Parcel("idle")),
            "siting" => new { district = Neighbour },
            "siting-here" => new { district = SmallTown.District },
            "target" => new { unit = SmallTown.District },
            "population" => new { official_population = 1000, as_of = "2024-12-31", source = "统计公报" },
            "neighbour" => new { type = "Feature", geometry = (object?)null, properties = new { code = Neighbour, name = "改名", level = "district", parent_code = SmallTown.City } },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (kind == "file")
        {
            var collection = System.Text.Json.JsonSerializer.Serialize(new { type = "FeatureCollection", features = new[] { body } }, Options);
            return new StringContent(collection, System.Text.Encoding.UTF8, "application/geo+json");
        }

        return System.Net.Http.Json.JsonContent.Create(body, options: Options);
    }

    private sealed class ShiftX(double dx) : NetTopologySuite.Geometries.ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(NetTopologySuite.Geometries.CoordinateSequence seq, int i) => seq.SetX(i, seq.GetX(i) + dx);
    }
}
