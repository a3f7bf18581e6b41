using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Geo.Api.Data.Entities;
using Geo.Api.Infrastructure;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

/// <summary>A change to an account (disabled, role, password, deleted) or to the signing key ends its tokens at once.</summary>
public sealed class RevocationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Password = "correct-horse-42";

    [Fact]
    public async Task A_disabled_account_gets_401_from_the_next_request_on()
    {
        var (id, planner) = await SignedInAsync("wang.planner", Role.Planner);
        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync("/api/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Client.PutJsonAsync($"/api/admin/users/{id}", new { disabled = true })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await planner.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await planner.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).StatusCode);
    }

    [Fact]
    public async Task A_changed_role_is_enforced_on_the_next_request()
    {
        var (id, planner) = await SignedInAsync("wang.planner", Role.Planner);
        Assert.Equal(HttpStatusCode.Created,
            (await planner.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Client.PutJsonAsync($"/api/admin/users/{id}", new { role = "land_officer" })).StatusCode);

        var refused = await planner.PostJsonAsync("/api/institutions", PointFeature(119.31, 26.08, LayerSample.Institution("乙", 30, 10)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, await Fixture.WithDbAsync(db => db.Institutions.CountAsync()));

        using var signedInAgain = await SignInAsync("wang.planner");
        Assert.Equal("land_officer", (await signedInAgain.GetNodeAsync("/api/auth/me"))["roles"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Changing_the_password_ends_the_old_tokens()
    {
        var (id, planner) = await SignedInAsync("wang.planner", Role.Planner);

        Assert.Equal(HttpStatusCode.OK, (await Client.PutJsonAsync($"/api/admin/users/{id}", new { password = "another-horse-43" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await planner.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task An_admin_deletes_a_user_audited_but_never_the_last_admin()
    {
        var (id, planner) = await SignedInAsync("wang.planner", Role.Planner);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/admin/users/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await planner.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/admin/users/{id}")).StatusCode);
        var audit = (await Client.GetNodeAsync($"/api/admin/audit?entity=user_accounts&entity_id={id}")).AsArray();
        Assert.Equal("deleted", audit[0]!["action"]!.GetValue<string>());
        Assert.Equal("test-admin", audit[0]!["actor"]!.GetValue<string>());

        var onlyAdmin = await Fixture.WithDbAsync(db => db.UserAccounts.Where(u => u.Role == Role.Admin).Select(u => u.Id).SingleAsync());
        var last = await Client.DeleteAsync($"/api/admin/users/{onlyAdmin}");
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("admin", (await last.ReadNodeAsync())["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Conflict, (await Client.PutJsonAsync($"/api/admin/users/{onlyAdmin}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/admin/users")).StatusCode);
    }

    [Fact]
    public async Task After_the_signing_key_is_rotated_old_tokens_are_refused()
    {
        // The key kept in the database (no Auth:SigningKey in configuration), as a standalone installation has it.
        await using var factory = Fixture.WithWebHostBuilder(b => b.UseSetting("Auth:SigningKey", ""));
        await Fixture.WithDbAsync(async db => await db.Database.ExecuteSqlRawAsync("DELETE FROM service_settings"));
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/admin/users", new { user_name = "wang.planner", password = Password, role = "planner", units = ApiFixture.Everywhere })).StatusCode);
        using var anonymous = factory.CreateClient();
        using var planner = factory.CreateClient();
        planner.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(anonymous, "wang.planner"));
        Assert.Equal(HttpStatusCode.OK, (await planner.GetAsync("/api/auth/me")).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LocalTokenKeys>().RotateAsync(scope.ServiceProvider.GetRequiredService<Data.TuoyuDbContext>());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await planner.GetAsync("/api/auth/me")).StatusCode);
        using var again = factory.CreateClient();
        again.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(anonymous, "wang.planner"));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/auth/me")).StatusCode);
    }

    private async Task<(long Id, HttpClient Client)> SignedInAsync(string userName, Role role)
    {
        var created = await Client.PostJsonAsync("/api/admin/users", new { user_name = userName, password = Password, role = Words.Of(role), units = ApiFixture.Everywhere });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.ReadNodeAsync())["id"]!.GetValue<long>(), await SignInAsync(userName));
    }

    private async Task<HttpClient> SignInAsync(string userName)
    {
        var client = Fixture.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(Public, userName));
        return client;
    }

    private static async Task<string> TokenAsync(HttpClient anonymous, string userName)
    {
        var signedIn = await anonymous.PostJsonAsync("/api/auth/token", new { user_name = userName, password = Password });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return (await signedIn.ReadNodeAsync())["access_token"]!.GetValue<string>();
    }
}
