using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Siting;

/// <summary>Saved scenarios: list, reopen as answered, compare side by side, delete.</summary>
public sealed class ScenarioTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<JsonNode> RunAsync(string name, int p)
    {
        var response = await Client.PostJsonAsync("/api/analysis/siting", new
        {
            name,
            model = "mclp",
            p,
            radius_m = 5,
            solver = "exact",
            time_limit_s = 3,
            problem = new
            {
                demand = new[] { new { id = "d0", weight = 3.0 }, new { id = "d1", weight = 5.0 }, new { id = "d2", weight = 4.0 }, new { id = "d3", weight = 1.0 } },
                candidates = new[] { new { id = "a" }, new { id = "b" }, new { id = "c" } },
                cost_matrix = new { to_candidates = new double?[][] { [1, 9, null], [9, 2, null], [3, 4, null], [null, null, 1] } },
            },
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task Scenarios_are_listed_newest_first_reopened_as_answered_compared_and_deleted()
    {
        var one = await RunAsync("方案一：新增1处", 1);
        var two = await RunAsync("方案二：新增2处", 2);
        var (a, b) = (one["id"]!.GetValue<long>(), two["id"]!.GetValue<long>());

        var list = await Client.GetNodeAsync("/api/analysis/scenarios");
        Assert.Equal(2, list["total"]!.GetValue<int>());
        Assert.Equal([b, a], list["scenarios"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
        var summary = list["scenarios"]![0]!;
        Assert.Equal("方案二：新增2处", summary["name"]!.GetValue<string>());
        Assert.Equal("mclp", summary["model"]!.GetValue<string>());
        Assert.Equal(2, summary["site_count"]!.GetValue<int>());

        var reopened = await Client.GetNodeAsync($"/api/analysis/scenarios/{a}");
        Assert.Equal(one.ToJsonString(), reopened.ToJsonString());

        var comparison = await Client.GetNodeAsync($"/api/analysis/scenarios/compare?a={a}&b={b}");
        Assert.Equal(a, comparison["a"]!["id"]!.GetValue<long>());
        Assert.Equal(b, comparison["b"]!["id"]!.GetValue<long>());
        Assert.Equal(["b"], comparison["common_sites"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(comparison["only_in_a"]!.AsArray());
        Assert.Equal(["a"], comparison["only_in_b"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(comparison["same_model"]!.GetValue<bool>());
        Assert.Equal(12 - 9, comparison["difference"]!["objective"]!.GetValue<double>(), 1e-9);
        Assert.Equal(1, comparison["difference"]!["sites"]!.GetValue<int>());
        Assert.Equal(3, comparison["difference"]!["covered_demand_after"]!.GetValue<double>(), 1e-9);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/analysis/scenarios/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/analysis/scenarios/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/analysis/scenarios/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/analysis/scenarios/compare?a={a}&b={b}")).StatusCode);
        var remaining = await Client.GetNodeAsync("/api/analysis/scenarios");
        Assert.Equal([b], remaining["scenarios"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_run_without_a_name_is_saved_under_one_made_from_its_parameters()
    {
        var response = await Client.PostJsonAsync("/api/analysis/siting", new
        {
            model = "lscp", radius_m = 2,
            problem = new { demand = new[] { new { id = "d", weight = 1.0 } }, candidates = new[] { new { id = "c" } }, cost_matrix = new { to_candidates = new[] { new double?[] { 1 } } } },
        });
        var result = await response.ReadNodeAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("自有数据 lscp", result["name"]!.GetValue<string>());
        Assert.Null(result["p"]);
    }

    [Fact]
    public async Task Comparing_needs_both_scenarios()
    {
        var response = await Client.GetAsync("/api/analysis/scenarios/compare?a=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadNodeAsync())["errors"]!.AsObject().ContainsKey("b"));
    }
}
