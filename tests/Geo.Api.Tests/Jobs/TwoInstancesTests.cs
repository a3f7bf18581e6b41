using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Siting;
using Geo.Api.Infrastructure;
using Geo.Api.Jobs;

namespace Geo.Api.Tests.Jobs;

/// <summary>
/// One instance of the service, as a deployment runs several: its own host, workers and siting gate, on the
/// database it shares with the others. No signing key in configuration, so it signs with the one kept there.
/// </summary>
public sealed class ServiceInstance(string connectionString, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public SitingRunGate Gate { get; } = new();

    public string Name => Services.GetRequiredService<JobInstance>().Name;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tuoyu", connectionString);
        builder.UseSetting("RateLimits:AnonymousPerMinute", "1000000");
        builder.UseSetting("Jobs:QueuePollMilliseconds", "100");
        builder.ConfigureServices(registered =>
        {
            registered.AddSingleton<ISitingRunHold>(Gate);
            services?.Invoke(registered);
        });
    }

    /// <summary>A client signed in as the test admin with this instance's own signing key.</summary>
    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            ApiFixture.Token($"test-{Words.Of(Role.Admin)}", Role.Admin, key: Services.GetRequiredService<LocalTokenKeys>().Key));
        return client;
    }
}

/// <summary>The database the instances share: a sibling of the API tests' one, migrated once.</summary>
public sealed class SharedDatabase : IAsyncLifetime
{
    private IAsyncDisposable? _container;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var (located, container) = await TestDatabase.LocateAsync();
        (ConnectionString, _container) = container is null ? (await TestDatabase.SiblingAsync(located, "_jobs"), null) : (located, container);
        var options = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(options, ConnectionString);
        await using var db = new TuoyuDbContext(options.Options);
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>One value read straight from the shared tables, beside every instance.</summary>
    public async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>Polling a job through an instance until it reaches the state a test waits for.</summary>
public static class JobPolls
{
    /// <summary>The guard only ends a hang: which state the job is in is decided by the test, never by the clock.</summary>
    public static async Task<JsonNode> WaitAsync(HttpClient client, string url, Func<string, bool> done, TimeSpan? guard = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await client.GetNodeAsync(url);
            if (done(job["status"]!.GetValue<string>()) || clock.Elapsed > (guard ?? TimeSpan.FromMinutes(1)))
            {
                return job;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// A siting run started through <paramref name="started"/> shows running through <paramref name="other"/>, is cancelled
    /// there, and ends cancelled as <paramref name="started"/> sees it, with no scenario saved and no second cancellation.
    /// </summary>
    public static async Task CancelledThroughTheOtherAsync(HttpClient started, HttpClient other, string url, SharedDatabase database)
    {
        var running = await WaitAsync(other, url, s => s != "queued", TimeSpan.FromMinutes(3));
        Assert.Equal("running", running["status"]!.GetValue<string>());

        var cancel = await other.DeleteAsync(url);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.True((await cancel.ReadNodeAsync())["cancel_requested"]!.GetValue<bool>());
        var job = await WaitAsync(started, url, s => s is not ("queued" or "running"), TimeSpan.FromMinutes(3));

        Assert.Equal("cancelled", job["status"]!.GetValue<string>());
        Assert.Equal(0L, await database.QueryAsync<long>("SELECT count(*) FROM siting_scenarios"));
        Assert.Equal(HttpStatusCode.Conflict, (await started.DeleteAsync(url)).StatusCode);
    }
}

/// <summary>
/// Two instances on one database: a job started through one is polled and cancelled through the other, a token
/// signed by one is taken by the other, and stopping the instance running a job hands the job to the other.
/// </summary>
public sealed class TwoInstancesTests(SharedDatabase database) : IClassFixture<SharedDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => ApiFixture.ResetAsync(database.ConnectionString);

    public Task DisposeAsync() => Task.CompletedTask;

    private static Task<JsonNode> WaitAsync(HttpClient client, string url, Func<string, bool> done) => JobPolls.WaitAsync(client, url, done);

    private Task<T> QueryAsync<T>(string sql) => database.QueryAsync<T>(sql);

    private static async Task<string> StartHeldAsync(HttpClient client)
    {
        var response = await client.PostJsonAsync("/api/analysis/siting", Siting.SitingJobTests.SmallProblem(runAsync: true));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadNodeAsync())["status_url"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_job_started_through_one_instance_is_polled_and_cancelled_through_the_other()
    {
        await using var a = new ServiceInstance(database.ConnectionString);
        await using var b = new ServiceInstance(database.ConnectionString);
        using var throughA = a.Admin();
        using var throughB = b.Admin();
        using var heldA = a.Gate.Close();
        using var heldB = b.Gate.Close();

        var url = await StartHeldAsync(throughA);
        await JobPolls.CancelledThroughTheOtherAsync(throughA, throughB, url, database);
    }

    [Fact]
    public async Task A_token_signed_by_one_instance_is_accepted_by_the_other()
    {
        await using var a = new ServiceInstance(database.ConnectionString);
        await using var b = new ServiceInstance(database.ConnectionString);
        var keyA = a.Services.GetRequiredService<LocalTokenKeys>().Key;
        var keyB = b.Services.GetRequiredService<LocalTokenKeys>().Key;

        using var signedByA = b.CreateClient();
        signedByA.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token($"test-{Words.Of(Role.Admin)}", Role.Admin, key: keyA));
        using var signedElsewhere = b.CreateClient();
        signedElsewhere.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token($"test-{Words.Of(Role.Admin)}", Role.Admin,
            key: new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64))));

        Assert.Equal(keyA.Key, keyB.Key); // one key, kept in service_settings, not one per process
        Assert.Equal(HttpStatusCode.OK, (await signedByA.GetAsync("/api/analysis/scenarios")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedElsewhere.GetAsync("/api/analysis/scenarios")).StatusCode);
    }

    [Fact]
    public async Task Stopping_the_instance_running_a_job_hands_it_to_the_other_and_nothing_is_lost_or_written_twice()
    {
        var a = new ServiceInstance(database.ConnectionString);
        using var throughA = a.Admin();
        using var heldA = a.Gate.Close(); // A holds the run until it stops
        var url = await StartHeldAsync(throughA);
        Assert.Equal("running", (await WaitAsync(throughA, url, s => s != "queued"))["status"]!.GetValue<string>());
        Assert.Equal(a.Name, await QueryAsync<string>("SELECT worker FROM background_jobs"));

        // B starts once A holds the run, so the run is A's; B's gate is open.
        await using var b = new ServiceInstance(database.ConnectionString);
        using var throughB = b.Admin();
        Assert.Equal("running", (await throughB.GetNodeAsync(url))["status"]!.GetValue<string>());
        await a.DisposeAsync(); // a graceful stop in the middle of the job
        Assert.Equal(0L, await QueryAsync<long>("SELECT count(*) FROM siting_scenarios"));

        var job = await WaitAsync(throughB, url, s => s is not ("queued" or "running"));

        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal(b.Name, await QueryAsync<string>("SELECT worker FROM background_jobs"));
        Assert.Equal(2, await QueryAsync<int>("SELECT attempts FROM background_jobs"));
        Assert.Equal(1L, await QueryAsync<long>("SELECT count(*) FROM siting_scenarios")); // saved once, by the instance that finished it
        Assert.Equal(job["result"]!["id"]!.GetValue<long>(), await QueryAsync<long>("SELECT id FROM siting_scenarios"));
    }
}
