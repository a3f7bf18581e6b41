using System.Diagnostics;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Siting;

/// <summary>Background runs: 202 with a job, progress, result saved once on success, nothing saved when cancelled.</summary>
public sealed class SitingJobTests(ApiFixture fixture) : ApiTest(fixture)
{
    internal static object SmallProblem(bool runAsync) => new
    {
        name = "后台小算例",
        model = "mclp",
        p = 1,
        radius_m = 5,
        solver = "exact",
        time_limit_s = 3,
        @async = runAsync,
        problem = new
        {
            demand = new[] { new { id = "d0", weight = 3.0 }, new { id = "d1", weight = 5.0 }, new { id = "d2", weight = 4.0 } },
            candidates = new[] { new { id = "a" }, new { id = "b" } },
            cost_matrix = new { to_candidates = new double?[][] { [1, 9], [9, 2], [3, 4] } },
        },
    };

    /// <summary>An exact run big enough that it is still working when the cancellation arrives.</summary>
    internal static object LongProblem()
    {
        var random = new Random(11);
        return new
        {
            name = "将被取消",
            model = "mclp",
            p = 25,
            radius_m = 450,
            solver = "exact",
            time_limit_s = 120,
            problem = new
            {
                demand = Enumerable.Range(0, 4000).Select(i => new
                {
                    id = $"d{i}", weight = (double)random.Next(1, 60), lon = 119.26 + random.NextDouble() * 0.08, lat = 26.04 + random.NextDouble() * 0.07,
                }),
                candidates = Enumerable.Range(0, 600).Select(j => new
                {
                    id = $"c{j}", lon = 119.26 + random.NextDouble() * 0.08, lat = 26.04 + random.NextDouble() * 0.07,
                }),
            },
        };
    }

    /// <summary>
    /// Polls until the job's status is one <paramref name="done"/> accepts. The guard only ends a hung run, far
    /// beyond any machine's solve time: which state the job is in is decided by the gate, never by the clock.
    /// </summary>
    private async Task<JsonNode> WaitAsync(string url, Func<string, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await Client.GetNodeAsync(url);
            if (done(job["status"]!.GetValue<string>()) || clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                return job;
            }

            await Task.Delay(25);
        }
    }

    private async Task<int> ScenarioCountAsync()
    {
        await using var db = Fixture.CreateDbContext();
        return await db.SitingScenarios.CountAsync();
    }

    [Fact]
    public async Task An_async_run_answers_202_then_shows_its_result_and_saves_its_scenario_once()
    {
        var response = await Client.PostJsonAsync("/api/analysis/siting", SmallProblem(runAsync: true));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.ReadNodeAsync();
        var url = accepted["status_url"]!.GetValue<string>();
        Assert.Equal(url, response.Headers.Location?.OriginalString);
        var job = await WaitAsync(url, s => s is "succeeded" or "failed" or "cancelled");
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal(1.0, job["progress"]!["fraction"]!.GetValue<double>());
        var result = job["result"]!;
        Assert.Equal(["b"], SitingWorld.SiteIds(result)); // b reaches d1 and d2: 9 > a's 7
        Assert.Equal(9, result["objective"]!.GetValue<double>(), 1e-9);
        var id = result["id"]!.GetValue<long>();
        var reopened = await Client.GetNodeAsync($"/api/analysis/scenarios/{id}");
        Assert.Equal("后台小算例", reopened["name"]!.GetValue<string>());
        Assert.Equal(1, await ScenarioCountAsync());

        var cancelLate = await Client.DeleteAsync(url);
        Assert.Equal(HttpStatusCode.Conflict, cancelLate.StatusCode);
        Assert.Equal(1, await ScenarioCountAsync());
    }

    [Fact]
    public async Task A_cancelled_background_run_ends_cancelled_and_leaves_no_scenario_row()
    {
        // The gate holds the run once it is running, however fast the machine: the cancellation always meets a
        // running job, and a run that ignored it would go on to solve and save once the gate opens.
        JsonNode job;
        using (Fixture.SitingGate.Close())
        {
            var response = await Client.PostJsonAsync("/api/analysis/siting", LongProblem());
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode); // exact with 120 s: background without asking
            var url = (await response.ReadNodeAsync())["status_url"]!.GetValue<string>();
            var running = await WaitAsync(url, s => s != "queued");
            Assert.Equal("running", running["status"]!.GetValue<string>());

            var cancel = await Client.DeleteAsync(url);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            job = await WaitAsync(url, s => s is not ("queued" or "running"));
        }

        Assert.Equal("cancelled", job["status"]!.GetValue<string>());
        Assert.Null(job["result"]);
        Assert.Equal(0, await ScenarioCountAsync());
    }

    [Fact]
    public async Task A_short_run_answers_in_the_response()
    {
        var response = await Client.PostJsonAsync("/api/analysis/siting", SmallProblem(runAsync: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, (await response.ReadNodeAsync())["objective"]!.GetValue<double>(), 1e-9);
    }

    [Fact]
    public async Task Unknown_jobs_are_404()
    {
        var id = Guid.NewGuid();
        var response = await Client.GetAsync($"/api/analysis/siting/jobs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/analysis/siting/jobs/{id}")).StatusCode);
    }
}
