using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using Geo.Api.Data.Entities;
using Geo.Api.Infrastructure;

namespace Geo.Api.Tests.Security;

/// <summary>No secret is readable through the audit log; sign-in does not tell who exists or is locked.</summary>
public sealed class SecretsAndSignInTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Password = "correct-horse-42";

    [Fact]
    public async Task Password_hashes_and_stamps_never_reach_the_audit_log_also_for_failed_sign_ins()
    {
        var created = await (await Client.PostJsonAsync("/api/admin/users", new { user_name = "wang.planner", password = Password, role = "planner", units = ApiFixture.Everywhere })).ReadNodeAsync();
        var id = created["id"]!.GetValue<long>();
        await Public.PostJsonAsync("/api/auth/token", new { user_name = "wang.planner", password = "wrong-password" });
        await Client.PutJsonAsync($"/api/admin/users/{id}", new { password = "another-horse-43" });

        var account = await Fixture.WithDbAsync(db => db.UserAccounts.AsNoTracking().SingleAsync(u => u.Id == id));
        var audit = (await Client.GetNodeAsync($"/api/admin/audit?entity=user_accounts&entity_id={id}")).AsArray();

        Assert.Equal(3, audit.Count); // created, failed sign-in, new password
        foreach (var entry in audit)
        {
            foreach (var image in new[] { entry!["before"], entry["after"] }.Where(i => i is not null))
            {
                var row = JsonNode.Parse(image!.GetValue<string>())!.AsObject();
                Assert.Equal("[redacted]", row["password_hash"]!.GetValue<string>());
                Assert.Equal("[redacted]", row["security_stamp"]!.GetValue<string>());
                Assert.Equal("wang.planner", row["user_name"]!.GetValue<string>());
            }
        }

        var text = audit.ToJsonString();
        Assert.DoesNotContain(account.PasswordHash, text, StringComparison.Ordinal);
        Assert.Contains("failed_sign_ins", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signing_key_kept_in_the_database_is_not_in_the_audit_log()
    {
        await Fixture.WithDbAsync(async db => await db.Database.ExecuteSqlRawAsync("DELETE FROM service_settings"));
        await using var factory = Fixture.WithWebHostBuilder(b => b.UseSetting("Auth:SigningKey", ""));
        var key = Convert.ToBase64String(factory.Services.GetRequiredService<LocalTokenKeys>().Key.Key);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LocalTokenKeys>().RotateAsync(scope.ServiceProvider.GetRequiredService<Data.TuoyuDbContext>());
        }

        var rotated = Convert.ToBase64String(factory.Services.GetRequiredService<LocalTokenKeys>().Key.Key);
        var audit = (await Client.GetNodeAsync("/api/admin/audit?entity=service_settings")).AsArray();

        Assert.NotEqual(key, rotated);
        Assert.Equal(["updated", "created"], audit.Select(a => a!["action"]!.GetValue<string>()));
        Assert.DoesNotContain(key, audit.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(rotated, audit.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("[redacted]", JsonNode.Parse(audit[0]!["after"]!.GetValue<string>())!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_migration_purges_secrets_already_in_the_audit_log()
    {
        await using var db = Fixture.CreateDbContext();
        db.AuditEntries.AddRange(
            new AuditEntry { Actor = "system", Action = "created", Entity = "service_settings", EntityId = "auth.signing_key", After = """{"key":"auth.signing_key","value":"c2VjcmV0LWtleQ=="}""" },
            new AuditEntry { Actor = "anonymous", Action = "updated", Entity = "user_accounts", EntityId = "7",
                Before = """{"failed_sign_ins":0,"password_hash":"AQAAAAIAAYagAAAAEOld","user_name":"wang"}""", After = """{"failed_sign_ins":1,"password_hash":"AQAAAAIAAYagAAAAEOld","user_name":"wang"}""" },
            new AuditEntry { Actor = "system", Action = "created", Entity = "institutions", EntityId = "1", After = """{"name":"甲","value":"kept"}""" });
        await db.SaveChangesAsync();

        foreach (var sql in new Migrations.AccountStampsAndSecretFreeAudit().UpOperations.OfType<SqlOperation>())
        {
            await db.Database.ExecuteSqlRawAsync(sql.Sql);
        }

        var entries = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        Assert.DoesNotContain("c2VjcmV0LWtleQ==", entries[0].After!, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAAIAAYagAAAAEOld", entries[1].Before! + entries[1].After, StringComparison.Ordinal);
        Assert.Equal(1, JsonNode.Parse(entries[1].After!)!["failed_sign_ins"]!.GetValue<int>());
        Assert.Equal("kept", JsonNode.Parse(entries[2].After!)!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_names_wrong_passwords_and_locked_accounts_get_the_same_answer_in_comparable_time()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/admin/users", new { user_name = "wang.planner", password = Password, role = "planner", units = ApiFixture.Everywhere })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/admin/users", new { user_name = "li.locked", password = Password, role = "planner", units = ApiFixture.Everywhere })).StatusCode);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Public.PostJsonAsync("/api/auth/token", new { user_name = "li.locked", password = "wrong-password" });
        }

        var cases = new (string Name, object Body)[]
        {
            ("unknown", new { user_name = "nobody.here", password = "wrong-password" }),
            ("wrong", new { user_name = "wang.planner", password = "wrong-password" }),
            ("locked", new { user_name = "li.locked", password = Password }),
        };
        var bodies = new Dictionary<string, string>();
        var times = new Dictionary<string, double>();
        foreach (var (name, body) in cases)
        {
            var samples = new List<double>();
            for (var round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                var response = await Public.PostJsonAsync("/api/auth/token", body);
                samples.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                var problem = (await response.ReadNodeAsync()).AsObject();
                problem.Remove("trace_id"); // differs per request, as it should
                bodies[name] = problem.ToJsonString();
            }

            times[name] = samples.Order().ElementAt(1);
        }

        Assert.Equal(bodies["wrong"], bodies["unknown"]);
        Assert.Equal(bodies["wrong"], bodies["locked"]);
        // Each path hashes a password once, so none is several times faster than another (a lookup alone is).
        Assert.All(times.Values, t => Assert.InRange(t, times.Values.Max() / 4, double.MaxValue));
    }
}
