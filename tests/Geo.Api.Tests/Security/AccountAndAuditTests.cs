using System.Net.Http.Json;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

public sealed class AccountAndAuditTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task A_built_in_account_signs_in_and_locks_after_repeated_failures()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/admin/users", new { user_name = "wang.planner", password = "correct-horse-42", role = "planner", units = ApiFixture.Everywhere })).StatusCode);

        var signedIn = await Public.PostJsonAsync("/api/auth/token", new { user_name = "wang.planner", password = "correct-horse-42" });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var token = (await signedIn.ReadNodeAsync())["access_token"]!.GetValue<string>();
        using var planner = Fixture.CreateClient();
        planner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await planner.GetNodeAsync("/api/auth/me");
        Assert.Equal("wang.planner", me["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await planner.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).StatusCode);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await Public.PostJsonAsync("/api/auth/token", new { user_name = "wang.planner", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var locked = await Public.PostJsonAsync("/api/auth/token", new { user_name = "wang.planner", password = "correct-horse-42" });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.DoesNotContain("locked_until", (await locked.ReadNodeAsync()).AsObject().Select(p => p.Key)); // no enumeration: see SecretsAndSignInTests

        var users = await Client.GetNodeAsync("/api/admin/users");
        var id = users.AsArray().Single(u => u!["user_name"]!.GetValue<string>() == "wang.planner")!["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await Client.PutJsonAsync($"/api/admin/users/{id}", new { unlock = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Public.PostJsonAsync("/api/auth/token", new { user_name = "wang.planner", password = "correct-horse-42" })).StatusCode);
    }

    [Fact]
    public async Task The_fifth_failure_locks_for_fifteen_minutes_and_the_lock_then_expires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        using var host = Fixture.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.Token("test-admin", Role.Admin));
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/admin/users", new { user_name = "zhao.planner", password = "correct-horse-42", role = "planner", units = ApiFixture.Everywhere })).StatusCode);
        async Task<HttpResponseMessage> SignIn(string password) =>
            await anonymous.PostJsonAsync("/api/auth/token", new { user_name = "zhao.planner", password });

        // The sign-in answer never says an account is locked (no enumeration); the admins' user list does.
        async Task<string?> LockedUntil() =>
            (await admin.GetNodeAsync("/api/admin/users")).AsArray()
                .Single(u => u!["user_name"]!.GetValue<string>() == "zhao.planner")!["locked_until"]?.GetValue<string>();

        // Four failures: not yet locked, the right password still works (and starts the count again).
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn("wrong-password")).StatusCode);
            Assert.Null(await LockedUntil());
        }

        Assert.Equal(HttpStatusCode.OK, (await SignIn("correct-horse-42")).StatusCode);

        // Five in a row: the fifth locks until 15 minutes later, and the right password is refused meanwhile.
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn("wrong-password")).StatusCode);
            Assert.Null(await LockedUntil());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn("wrong-password")).StatusCode);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), DateTimeOffset.Parse((await LockedUntil())!, System.Globalization.CultureInfo.InvariantCulture));
        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn("correct-horse-42")).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await SignIn("correct-horse-42")).StatusCode);
    }

    [Fact]
    public async Task Changing_a_users_role_changes_what_their_next_sign_in_may_do()
    {
        var created = await (await Client.PostJsonAsync("/api/admin/users", new { user_name = "qian.land", password = "correct-horse-42", role = "land_officer", units = ApiFixture.Everywhere })).ReadNodeAsync();
        async Task<HttpClient> SignInAsync()
        {
            var token = (await (await Public.PostJsonAsync("/api/auth/token", new { user_name = "qian.land", password = "correct-horse-42" })).ReadNodeAsync())["access_token"]!.GetValue<string>();
            var client = Fixture.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        using (var land = await SignInAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await land.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).StatusCode);
        }

        var changed = await Client.PutJsonAsync($"/api/admin/users/{created["id"]}", new { role = "planner" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("planner", (await changed.ReadNodeAsync())["role"]!.GetValue<string>());
        Assert.Equal("planner", (await Client.GetNodeAsync("/api/admin/users")).AsArray().Single(u => u!["user_name"]!.GetValue<string>() == "qian.land")!["role"]!.GetValue<string>());

        using var planner = await SignInAsync();
        Assert.Equal(HttpStatusCode.Created, (await planner.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.PostJsonAsync("/api/parcels", BoxFeature(119.3, 26.08, 119.301, 26.081, LayerSample.Parcel("idle")))).StatusCode);
    }

    [Fact]
    public async Task A_PUT_without_If_Match_is_accepted_as_the_last_write_and_moves_the_version()
    {
        // Today's contract (issue 18 may require If-Match): no header means the caller takes the last write.
        var created = await Client.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)));
        var id = (await created.ReadNodeAsync())["id"]!.GetValue<long>();
        var replaced = await Client.PutJsonAsync($"/api/institutions/{id}", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 45, 10)));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.NotEqual(created.Headers.ETag!.Tag, replaced.Headers.ETag!.Tag);
        Assert.Equal(45, (await Client.GetNodeAsync($"/api/institutions/{id}"))["properties"]!["approved_slots"]!.GetValue<int>());

        // The version it moved to is what a stale writer is now told about.
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/institutions/{id}") { Content = JsonContent.Create(PointFeature(119.3, 26.08, LayerSample.Institution("甲", 60, 10)), options: Options) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(created.Headers.ETag!.Tag));
        var conflict = await Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(replaced.Headers.ETag!.Tag.Trim('"'), (await conflict.ReadNodeAsync())["current_version"]!.ToString());
    }

    [Theory]
    [InlineData("short", "password")]
    [InlineData("aaaaaaaaaaaa", "password")]
    public async Task Weak_passwords_are_refused(string password, string field)
    {
        var response = await Client.PostJsonAsync("/api/admin/users", new { user_name = "li.land", password, role = "land_officer", units = ApiFixture.Everywhere });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadNodeAsync())["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_log_with_who_before_and_after()
    {
        using var planner = Fixture.CreateClient(Role.Planner);
        var created = await (await planner.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).ReadNodeAsync();
        var id = created["id"]!.GetValue<long>();
        await planner.PutJsonAsync($"/api/institutions/{id}", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 40, 10)));
        await planner.DeleteAsync($"/api/institutions/{id}");

        var audit = (await Client.GetNodeAsync($"/api/admin/audit?entity=institutions&entity_id={id}")).AsArray();

        Assert.Equal(["deleted", "updated", "created"], audit.Select(a => a!["action"]!.GetValue<string>()));
        Assert.All(audit, a => Assert.Equal("test-planner", a!["actor"]!.GetValue<string>()));
        var update = audit[1]!;
        Assert.Equal(30, JsonNode.Parse(update["before"]!.GetValue<string>())!["approved_slots"]!.GetValue<int>());
        Assert.Equal(40, JsonNode.Parse(update["after"]!.GetValue<string>())!["approved_slots"]!.GetValue<int>());
        Assert.Null(audit[0]!["after"]);
        Assert.Null(audit[2]!["before"]);
        Assert.Contains("POINT", JsonNode.Parse(audit[2]!["after"]!.GetValue<string>())!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_to_the_classes_alone_is_stamped_and_audited()
    {
        var created = await (await Client.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).ReadNodeAsync();
        var id = created["id"]!.GetValue<long>();
        var properties = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(LayerSample.Institution("甲", 30, 10), Options))!.AsObject();
        properties["classes"] = JsonNode.Parse("""[{"type":"toddler","count":1,"children":6},{"type":"infant","count":1,"children":4}]""");

        var replaced = await (await Client.PutJsonAsync($"/api/institutions/{id}", PointFeature(119.3, 26.08, properties))).ReadNodeAsync();

        Assert.Equal(2, replaced["properties"]!["classes"]!.AsArray().Count);
        Assert.NotEqual(created["properties"]!["updated_at"]!.GetValue<string>(), replaced["properties"]!["updated_at"]!.GetValue<string>());
        var audit = (await Client.GetNodeAsync($"/api/admin/audit?entity=institutions&entity_id={id}")).AsArray();
        Assert.Equal(["updated", "created"], audit.Select(a => a!["action"]!.GetValue<string>()));
        Assert.Contains("infant", audit[0]!["after"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_update_gets_409_with_the_current_version_and_changes_nothing()
    {
        var created = await Client.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)));
        var id = (await created.ReadNodeAsync())["id"]!.GetValue<long>();
        var etag = created.Headers.ETag!.Tag;

        // Two planners read version `etag`; the first saves, the second's save is stale.
        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/institutions/{id}") { Content = JsonContent.Create(PointFeature(119.3, 26.08, LayerSample.Institution("甲", 50, 10)), options: Options) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var saved = await Client.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        using var second = new HttpRequestMessage(HttpMethod.Put, $"/api/institutions/{id}") { Content = JsonContent.Create(PointFeature(119.3, 26.08, LayerSample.Institution("甲", 60, 10)), options: Options) };
        second.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var stale = await Client.SendAsync(second);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.ReadNodeAsync();
        Assert.Equal(saved.Headers.ETag!.Tag.Trim('"'), problem["current_version"]!.ToString());
        var after = await Client.GetNodeAsync($"/api/institutions/{id}");
        Assert.Equal(50, after["properties"]!["approved_slots"]!.GetValue<int>());

        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/institutions/{id}");
        staleDelete.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.Conflict, (await Client.SendAsync(staleDelete)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/institutions/{id}")).StatusCode);
    }
}
