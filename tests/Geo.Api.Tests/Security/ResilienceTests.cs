using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Geo.Api.Demo;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

public sealed class ResilienceTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task With_the_database_down_the_API_says_503_and_recovers_by_itself()
    {
        var target = new NpgsqlConnectionStringBuilder(Fixture.ConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        proxy.Start();
        var viaProxy = new NpgsqlConnectionStringBuilder(Fixture.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var factory = Fixture.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Tuoyu", viaProxy));
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/institutions")).StatusCode);

        proxy.Stop();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.False((await health.ReadNodeAsync())["database"]!.GetValue<bool>());
        var api = await client.GetAsync("/api/institutions");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        var problem = await api.ReadNodeAsync();
        Assert.Contains("Database unavailable", problem["title"]!.GetValue<string>());
        Assert.DoesNotContain("Npgsql", problem.ToJsonString());

        // Recovery is counted in requests, not seconds: with the database back, the very next request succeeds
        // (the connections broken while it was away are not handed out again), however fast the machine.
        proxy.Start();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/institutions")).StatusCode);
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_a_load_leaves_nothing_written()
    {
        // The last table the demo loader writes refuses rows, as a crash at that point would.
        await ExecuteAsync("""
            CREATE FUNCTION tuoyu_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
            CREATE TRIGGER tuoyu_test_fail BEFORE INSERT ON parcels FOR EACH ROW EXECUTE FUNCTION tuoyu_test_fail();
            """);
        try
        {
            await using var db = Fixture.CreateDbContext();
            await Assert.ThrowsAnyAsync<Exception>(() => DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance));
            await using var check = Fixture.CreateDbContext();
            Assert.Equal(0, await check.Districts.CountAsync());
            Assert.Equal(0, await check.Institutions.CountAsync());
            Assert.Equal(0, await check.AuditEntries.CountAsync());
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER tuoyu_test_fail ON parcels; DROP FUNCTION tuoyu_test_fail();");
        }
    }

    [Fact]
    public async Task A_change_whose_audit_entry_cannot_be_written_is_not_saved()
    {
        await ExecuteAsync("""
            CREATE FUNCTION tuoyu_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store failed'; END $$;
            CREATE TRIGGER tuoyu_test_fail BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION tuoyu_test_fail();
            """);
        try
        {
            var response = await Client.PostJsonAsync("/api/institutions", PointFeature(119.3, 26.08, LayerSample.Institution("甲", 30, 10)));
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.DoesNotContain("audit store failed", await response.Content.ReadAsStringAsync());
            await using var db = Fixture.CreateDbContext();
            Assert.Equal(0, await db.Institutions.CountAsync());
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER tuoyu_test_fail ON audit_entries; DROP FUNCTION tuoyu_test_fail();");
        }
    }

    [Fact]
    public async Task The_public_is_rate_limited_with_a_readable_429_and_staff_are_not()
    {
        await using var factory = Fixture.WithWebHostBuilder(b => b.UseSetting("RateLimits:AnonymousPerMinute", "3"));
        using var anonymous = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/nursing-rooms")).StatusCode);
        }

        var limited = await anonymous.GetAsync("/api/nursing-rooms");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.Contains("Retry-After"));

        using var staff = factory.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token("test-planner", Data.Entities.Role.Planner));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/nursing-rooms")).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        foreach (var path in new[] { "/", "/api/nursing-rooms", "/health" })
        {
            var response = await Public.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task A_backup_restores_into_an_empty_database_with_the_same_rows()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
        }

        var name = $"tuoyu_restore_{Guid.NewGuid():N}";
        var admin = TestDatabase.Admin(Fixture.ConnectionString);
        var restored = new NpgsqlConnectionStringBuilder(Fixture.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
        var file = Path.Combine(Path.GetTempPath(), $"{name}.dump");
        await ExecuteAsync($"CREATE DATABASE {name}", admin);
        try
        {
            Run("scripts/backup.sh", file, Fixture.ConnectionString);
            Run("scripts/restore.sh", file, restored);

            var tables = await FingerprintAsync(Fixture.ConnectionString);
            Assert.Contains(tables, t => t.StartsWith("parcels ", StringComparison.Ordinal) && !t.EndsWith(" 0", StringComparison.Ordinal));
            Assert.Equal(tables, await FingerprintAsync(restored));
        }
        finally
        {
            File.Delete(file);
            await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        }
    }

    /// <summary>
    /// Every table of the schema with an md5 over all its rows (each row as text, geometry included, sorted) and
    /// its row count: a restore that drops a table, a column's values or one row differs here, not only in counts.
    /// </summary>
    private static async Task<List<string>> FingerprintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var reader = await new NpgsqlCommand(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY 1", connection).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var fingerprint = new List<string>();
        foreach (var table in tables)
        {
            var sql = $"SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) || ' ' || count(*) FROM \"{table}\" t";
            fingerprint.Add($"{table} {await new NpgsqlCommand(sql, connection).ExecuteScalarAsync()}");
        }

        return fingerprint;
    }

    private static void Run(string script, string argument, string connectionString)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestDatabase.RepositoryRoot(), script), argument])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["TUOYU_DB"] = connectionString;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"{script} did not finish");
        Assert.True(process.ExitCode == 0, $"{script} failed: {errors.Result}");
    }

    private async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(connectionString ?? Fixture.ConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }
}
