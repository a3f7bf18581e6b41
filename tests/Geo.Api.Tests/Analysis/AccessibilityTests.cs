using System.Net.Http.Json;

namespace Geo.Api.Tests.AnalysisApi;

public sealed class AccessibilityTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly object[] Demand =
    [
        new { id = "d1", weight = 1000 },
        new { id = "d2", weight = 3000 },
        new { id = "d3", weight = 500 },
    ];

    private static readonly object[] Supply = [new { id = "s1", capacity = 40 }, new { id = "s2", capacity = 10 }];

    // Minutes from each demand point (rows) to each supply point (columns); null = no route.
    private static readonly double?[][] Minutes = [[5, 20], [15, null], [30, 16]];

    [Fact]
    public async Task A_cost_matrix_with_a_step_cutoff_checked_by_hand()
    {
        var body = await Client.PostJsonAsync("/api/analysis/accessibility",
            new { demand = Demand, supply = Supply, costs = Minutes, cost_unit = "minutes", cutoff = 15 });

        // s1 reaches d1 (5 min) and d2 (15 min: the cut-off is inclusive): R1 = 40 / (1000 + 3000) = 0.01.
        // s2 reaches no one within 15 min (20, none, 16): its 10 places are idle.
        var d = Rows(body, "demand");
        Assert.Equal(["d1", "d2", "d3"], d.Keys); // the caller's order
        Assert.Equal(0.01, d["d1"].Number("accessibility"), 1e-12);
        Assert.Equal(10, d["d1"].Number("per_thousand"), 1e-9);
        Assert.Equal(30, d["d2"].Number("accessible"), 1e-9);
        Assert.Equal(15, d["d2"].Number("nearest_cost"));
        Assert.Equal(0, d["d3"].Number("accessibility"));
        Assert.Null(d["d3"]["nearest_cost"]);

        var s = Rows(body, "supply");
        Assert.Equal(4000, s["s1"].Number("weighted_demand"), 1e-9);
        Assert.Equal(0, s["s2"].Number("ratio"));
        Assert.Equal(40, body.Number("total_accessible"), 1e-9);
        Assert.Equal(50, body.Number("total_capacity"));

        var parameters = body["parameters"]!;
        Assert.True(parameters["from_cost_matrix"]!.GetValue<bool>());
        Assert.Equal("minutes", parameters["cost_unit"]!.GetValue<string>());
        Assert.Equal(15, parameters.Number("cutoff"));
    }

    [Fact]
    public async Task Gaussian_decay_gives_the_pair_at_the_cutoff_no_weight()
    {
        var body = await Client.PostJsonAsync("/api/analysis/accessibility",
            new { demand = Demand, supply = Supply, costs = Minutes, cutoff = 15, decay = "gaussian" });

        // W(15) = 0, so R1 = 40 / (W(5)·1000) and A_d1 = W(5)·R1 = 40 / 1000.
        var d = Rows(body, "demand");
        Assert.Equal(40, d["d1"].Number("per_thousand"), 1e-9);
        Assert.Equal(0, d["d2"].Number("accessibility"), 1e-12);
        Assert.Equal(1, d["d2"].Number("supply_in_reach")); // within reach, weighing nothing
    }

    [Fact]
    public async Task Coordinates_give_ground_metres_with_a_300_m_default()
    {
        var near = SmallTown.At(0, 100);
        var far = SmallTown.At(0, 400);
        var at = SmallTown.At(0, 0);
        var body = await Client.PostJsonAsync("/api/analysis/accessibility", new
        {
            demand = new[] { new { id = "near", weight = 2000.0, lon = near.X, lat = near.Y }, new { id = "far", weight = 2000.0, lon = far.X, lat = far.Y } },
            supply = new[] { new { id = "t", capacity = 30, lon = at.X, lat = at.Y } },
        });

        var d = Rows(body, "demand");
        Assert.Equal(15, d["near"].Number("per_thousand"), 1e-9);
        Assert.Equal(100, d["near"].Number("nearest_cost"), 0.05);
        Assert.Equal(0, d["far"].Number("per_thousand"));
        Assert.Equal(300, body["parameters"]!.Number("cutoff"));
        Assert.Equal("ground_metres", body["parameters"]!["cost_unit"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"demand":[{"id":"a","weight":1},{"id":"b","weight":1}],"supply":[{"id":"s","capacity":1}],"costs":[[1],[1,2]],"cutoff":5}""", "costs[1]")]
    [InlineData("""{"demand":[{"id":"a","weight":1}],"supply":[{"id":"s","capacity":1}],"costs":[[1]]}""", "cutoff")]
    [InlineData("""{"demand":[{"id":"a","weight":1},{"id":"a","weight":2}],"supply":[{"id":"s","capacity":1}],"costs":[[1],[1]],"cutoff":5}""", "demand[1].id")]
    [InlineData("""{"demand":[{"id":"a","weight":-1}],"supply":[{"id":"s","capacity":1}],"costs":[[1]],"cutoff":5}""", "demand[0].weight")]
    [InlineData("""{"demand":[{"id":"a","weight":1}],"supply":[{"id":"s","capacity":1}],"costs":[[-3]],"cutoff":5}""", "costs[0][0]")]
    [InlineData("""{"demand":[{"id":"a","weight":1}],"supply":[{"id":"s","capacity":1}],"costs":[[1]],"cutoff":5,"decay":"bands","bands":[{"up_to":3,"weight":1}]}""", "bands")]
    [InlineData("""{"demand":[{"id":"a","weight":1}],"supply":[{"id":"s","capacity":1}],"costs":[[1]],"cutoff":5,"decay":"huff"}""", "decay")]
    [InlineData("""{"demand":[{"id":"a","weight":1}],"supply":[{"id":"s","capacity":1}]}""", "demand[0].lon")]
    [InlineData("""{"demand":[{"id":"a","weight":1}],"supply":[{"id":"s","capacity":2.5}],"costs":[[1]],"cutoff":5}""", "supply[0].capacity")]
    public async Task Bad_problems_are_400s_naming_the_field(string json, string field)
    {
        var response = await Client.PostAsync("/api/analysis/accessibility", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), text);
    }

    private static Dictionary<string, JsonNode> Rows(JsonNode body, string list)
    {
        var rows = new Dictionary<string, JsonNode>();
        foreach (var row in body[list]!.AsArray())
        {
            rows.Add(row!["id"]!.GetValue<string>(), row);
        }

        return rows;
    }
}
