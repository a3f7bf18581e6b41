using System.Diagnostics;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.ImportExport;

namespace Geo.Api.Tests.Jobs;

/// <summary>
/// Two instances as a deployment runs them: two processes of the built service on two ports, one database. A job
/// started through one is polled and cancelled through the other, a token one signed is taken by the other, and an
/// instance killed outright in the middle of an import leaves nothing written; the other takes the job up once its
/// lease (Jobs:InvisibilitySeconds, 5 s here) runs out and runs it to its end, once.
/// </summary>
public sealed class TwoProcessesTests(SharedDatabase database) : IClassFixture<SharedDatabase>, IAsyncLifetime
{
    private const string AdminName = "process-admin";
    private const string AdminPassword = "两个进程-共用一个库-2026";

    public async Task InitializeAsync()
    {
        await ApiFixture.ResetAsync(database.ConnectionString);
        var created = await ServiceProcess.RunVerbAsync(database.ConnectionString,
            new Dictionary<string, string> { ["TUOYU_ADMIN_PASSWORD"] = AdminPassword }, "create-admin", AdminName);
        Assert.Equal(0, created);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_job_started_through_one_process_is_polled_and_cancelled_through_the_other_with_the_token_the_first_signed()
    {
        await using var pair = await TwoAsync();
        var (throughA, throughB) = (pair.ThroughA, pair.ThroughB);

        // Signed by A, taken by B; a token signed with any other key is not.
        Assert.Equal(HttpStatusCode.OK, (await throughB.GetAsync("/api/admin/users")).StatusCode);
        using var forged = pair.B.Client(ApiFixture.Token($"test-{Words.Of(Role.Admin)}", Role.Admin));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/admin/users")).StatusCode);

        var response = await throughA.PostJsonAsync("/api/analysis/siting", Siting.SitingJobTests.LongProblem());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var url = (await response.ReadNodeAsync())["status_url"]!.GetValue<string>();
        await JobPolls.CancelledThroughTheOtherAsync(throughA, throughB, url, database);
    }

    /// <summary>Enough rows that the import is still checking or writing when the test looks; one batch of the commit.</summary>
    private const int ImportRows = 1_500;

    [Fact]
    public async Task An_import_whose_process_is_killed_midway_leaves_nothing_written_and_the_other_process_runs_it_once()
    {
        await using var pair = await TwoAsync();
        var (a, b, throughA, throughB) = (pair.A, pair.B, pair.ThroughA, pair.ThroughB);
        var random = new Random(17);
        var file = ImportFiles.GeoJson(Enumerable.Range(1, ImportRows).Select(n =>
        {
            var properties = ImportFiles.InstitutionProperties(1, $"进程中断测试托育点{n}");
            properties.Remove("credit_code");
            return ((JsonNode?)ImportFiles.PointJson(119.27 + random.NextDouble() * 0.05, 26.06 + random.NextDouble() * 0.05), properties);
        }));

        var response = await ImportFiles.PostAsync(throughA, "institutions", file, "机构.geojson", "mode=commit&background=true");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var url = (await ImportFiles.JsonAsync(response)).GetProperty("status_url").GetString()!;

        // Whichever process took the job is killed once the job is past reading its file.
        var clock = Stopwatch.StartNew();
        string? worker = null;
        var phase = "";
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            phase = await QueryAsync<string>("SELECT status || ':' || coalesce(progress->>'phase', '') || ':' || coalesce(worker, '') FROM background_jobs");
            Assert.DoesNotMatch("^(succeeded|failed|cancelled)", phase);
            if (phase.StartsWith("running:checking:", StringComparison.Ordinal) || phase.StartsWith("running:writing:", StringComparison.Ordinal))
            {
                worker = phase.Split(':', 3)[2];
                break;
            }

            await Task.Delay(20);
        }

        Assert.NotNull(worker);
        var (killed, survivor, throughSurvivor) = worker.Contains($":{a.ProcessId}:", StringComparison.Ordinal) ? (a, b, throughB) : (b, a, throughA);
        killed.Kill();

        Assert.Equal("running", await QueryAsync<string>("SELECT status FROM background_jobs")); // nobody handed it back
        Assert.Equal(0L, await QueryAsync<long>("SELECT count(*) FROM institutions"));         // the cut transaction wrote nothing
        var job = await WaitImportAsync(throughSurvivor, url);

        Assert.True(job.GetProperty("status").GetString() == "succeeded",
            $"killed {killed.ProcessId} in {phase}; job now {job}; survivor's log:\n{survivor.Log}");
        Assert.Equal(ImportRows, job.GetProperty("report").GetProperty("create").GetInt32());
        Assert.Equal(2, await QueryAsync<int>("SELECT attempts FROM background_jobs"));
        Assert.Contains($":{survivor.ProcessId}:", await QueryAsync<string>("SELECT worker FROM background_jobs"), StringComparison.Ordinal);
        Assert.Equal((long)ImportRows, await QueryAsync<long>("SELECT count(*) FROM institutions")); // written once, whole
        Assert.Equal((long)ImportRows, await QueryAsync<long>("SELECT count(DISTINCT name) FROM institutions"));
    }

    /// <summary>Two processes, and a client of each carrying the token the admin got by signing in through the first.</summary>
    private sealed record Pair(ServiceProcess A, ServiceProcess B, HttpClient ThroughA, HttpClient ThroughB) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            ThroughA.Dispose();
            ThroughB.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    private async Task<Pair> TwoAsync()
    {
        var a = await ServiceProcess.StartAsync(database.ConnectionString);
        var b = await ServiceProcess.StartAsync(database.ConnectionString);
        using var anonymous = a.Client();
        var response = await anonymous.PostJsonAsync("/api/auth/token", new { user_name = AdminName, password = AdminPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.ReadNodeAsync())["access_token"]!.GetValue<string>();
        return new Pair(a, b, a.Client(token), b.Client(token));
    }

    private static async Task<System.Text.Json.JsonElement> WaitImportAsync(HttpClient client, string url)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await ImportFiles.JsonAsync(await client.GetAsync(url));
            if (job.GetProperty("status").GetString() != "running" || clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                return job;
            }

            await Task.Delay(100);
        }
    }

    private Task<T> QueryAsync<T>(string sql) => database.QueryAsync<T>(sql);
}
