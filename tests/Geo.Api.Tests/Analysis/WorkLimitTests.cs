namespace Geo.Api.Tests.AnalysisApi;

/// <summary>An analysis whose implied work is over the limit is refused before it allocates anything per pair.</summary>
public sealed class WorkLimitTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Twenty_thousand_by_two_thousand_points_within_ten_thousand_km_are_a_422_naming_the_limit_and_the_figure()
    {
        var demand = Enumerable.Range(0, 20_000).Select(i => new { id = $"d{i}", weight = 100.0, lon = 119.0 + i % 200 * 0.01, lat = 26.0 + i / 200 * 0.01 }).ToArray();
        var supply = Enumerable.Range(0, 2_000).Select(i => new { id = $"s{i}", capacity = 10.0, lon = 119.0 + i % 50 * 0.04, lat = 26.0 + i / 50 * 0.025 }).ToArray();
        var before = GC.GetTotalAllocatedBytes(precise: false);

        var response = await Json.PostJsonAsync(Client, "/api/analysis/accessibility", new { demand, supply, cutoff = 1e7, decay = "step" });

        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadNodeAsync();
        Assert.Equal("pairs_within_reach", problem["limit"]!.GetValue<string>());
        Assert.Equal(5_000_000, problem["allowed"]!.GetValue<long>());
        Assert.Equal(40_000_000, problem["requested"]!.GetValue<long>()); // every pair is within 10,000 km
        Assert.Contains("40,000,000", problem["errors"]!["cutoff"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(allocated < 400_000_000, $"{allocated:N0} bytes allocated while refusing"); // a run would take well over 1 GB
    }

    [Fact]
    public async Task The_same_points_within_a_walk_are_answered()
    {
        var demand = Enumerable.Range(0, 2_000).Select(i => new { id = $"d{i}", weight = 100.0, lon = 119.0 + i % 50 * 0.01, lat = 26.0 + i / 50 * 0.01 }).ToArray();
        var supply = Enumerable.Range(0, 200).Select(i => new { id = $"s{i}", capacity = 10.0, lon = 119.0 + i % 20 * 0.02, lat = 26.0 + i / 20 * 0.04 }).ToArray();

        var response = await Json.PostJsonAsync(Client, "/api/analysis/accessibility", new { demand, supply, cutoff = 1000.0, decay = "step" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
