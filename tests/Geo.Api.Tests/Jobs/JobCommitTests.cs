using Microsoft.Extensions.DependencyInjection;
using Geo.Api.Jobs;
using Geo.Api.Tests.ImportExport;

namespace Geo.Api.Tests.Jobs;

/// <summary>
/// A job's rows and its success commit together: failing between the two (after both are written, before the
/// commit) leaves neither, so there is never a committed import or scenario under a job that says failed or running,
/// nor a succeeded job whose rows are missing.
/// </summary>
public sealed class JobCommitTests(SharedDatabase database) : IClassFixture<SharedDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => ApiFixture.ResetAsync(database.ConnectionString);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Fails every commit of a job's success, after the job's rows and its succeeded row are written.</summary>
    private sealed class FailingCommit : IJobCommitHook
    {
        public int Calls;

        public Task BeforeCommitAsync(Guid jobId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            throw new InvalidOperationException("the commit fails here");
        }
    }

    [Fact]
    public async Task An_import_failing_between_its_rows_and_its_success_commits_neither()
    {
        var failing = new FailingCommit();
        await using var instance = new ServiceInstance(database.ConnectionString, s => s.AddSingleton<IJobCommitHook>(failing));
        using var client = instance.Admin();

        var response = await ImportFiles.PostAsync(client, "institutions", ImportFiles.InstitutionsGeoJson(), "机构.geojson", "mode=commit&background=true");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var url = (await ImportFiles.JsonAsync(response)).GetProperty("status_url").GetString()!;
        var job = await JobPolls.WaitAsync(client, url, s => s != "running");

        Assert.Equal(1, failing.Calls);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Null(job["report"]);
        Assert.StartsWith("任务意外失败，未保存任何结果", job["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0L, await database.QueryAsync<long>("SELECT count(*) FROM institutions"));
        Assert.Equal(0L, await database.QueryAsync<long>("SELECT count(*) FROM institution_classes"));
    }

    [Fact]
    public async Task The_same_import_without_the_failure_commits_its_rows_with_its_success()
    {
        await using var instance = new ServiceInstance(database.ConnectionString);
        using var client = instance.Admin();

        var response = await ImportFiles.PostAsync(client, "institutions", ImportFiles.InstitutionsGeoJson(), "机构.geojson", "mode=commit&background=true");
        var url = (await ImportFiles.JsonAsync(response)).GetProperty("status_url").GetString()!;
        var job = await JobPolls.WaitAsync(client, url, s => s != "running");

        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal((long)ImportFiles.Places.Length, await database.QueryAsync<long>("SELECT count(*) FROM institutions"));
    }

    [Fact]
    public async Task A_siting_run_failing_between_its_scenario_and_its_success_saves_neither()
    {
        var failing = new FailingCommit();
        await using var instance = new ServiceInstance(database.ConnectionString, s => s.AddSingleton<IJobCommitHook>(failing));
        using var client = instance.Admin();

        var response = await client.PostJsonAsync("/api/analysis/siting", Siting.SitingJobTests.SmallProblem(runAsync: true));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await JobPolls.WaitAsync(client, (await response.ReadNodeAsync())["status_url"]!.GetValue<string>(), s => s is not ("queued" or "running"));

        Assert.Equal(1, failing.Calls);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal(0L, await database.QueryAsync<long>("SELECT count(*) FROM siting_scenarios"));
    }
}
