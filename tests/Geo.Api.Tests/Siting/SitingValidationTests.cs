using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Siting;

/// <summary>Bad siting requests are 400s naming the field; unknown districts are 404s; nothing is saved.</summary>
public sealed class SitingValidationTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly object TinyProblem = new
    {
        demand = new[] { new { id = "d", weight = 1.0 } },
        candidates = new[] { new { id = "c" } },
        cost_matrix = new { to_candidates = new[] { new double?[] { 1 } } },
    };

    public static TheoryData<string, object> BadRuns() => new()
    {
        { "model", new { district = "350102", p = 1 } },
        { "district", new { model = "mclp", p = 1 } },
        { "district", new { model = "mclp", p = 1, district = "350102", problem = TinyProblem } },
        { "p", new { district = "350102", model = "mclp" } },
        { "p", new { district = "350102", model = "p_median", p = 0 } },
        { "model", new { district = "350102", model = "gravity", p = 1 } },
        { "radius_m", new { district = "350102", model = "mclp", p = 1, radius_m = -5 } },
        { "radius_m", new { district = "350102", model = "mclp", p = 1, radius_m = 90000 } },
        { "time_limit_s", new { district = "350102", model = "mclp", p = 1, time_limit_s = 0 } },
        { "capacity", new { district = "350102", model = "capacitated", p = 1, capacity = 0 } },
        { "solver", new { district = "350102", model = "mclp", p = 1, solver = "gurobi" } },
        { "points", new { district = "350102", model = "mclp", p = 1, candidate_source = "points" } },
        { "points[1].lon", new { district = "350102", model = "mclp", p = 1, candidate_source = "points", points = new[] { new { id = "a", lon = 119.3, lat = 26.08 }, new { id = "b", lon = 2.35, lat = 48.85 } } } },
        { "points[1].id", new { district = "350102", model = "mclp", p = 1, candidate_source = "points", points = new[] { new { id = "a", lon = 119.3, lat = 26.08 }, new { id = "a", lon = 119.31, lat = 26.08 } } } },
        { "grid_spacing_m", new { district = "350102", model = "mclp", p = 1, candidate_source = "grid", grid_spacing_m = 5 } },
        { "nickname", new { district = "350102", model = "mclp", p = 1, nickname = "x" } },
        { "problem.demand[0].weight", new { model = "mclp", p = 1, problem = new { demand = new[] { new { id = "d", weight = -1.0 } }, candidates = new[] { new { id = "c" } }, cost_matrix = new { to_candidates = new[] { new double?[] { 1 } } } } } },
        { "problem.demand[0].lon", new { model = "mclp", p = 1, problem = new { demand = new[] { new { id = "d", weight = 1.0 } }, candidates = new[] { new { id = "c", lon = 119.3, lat = 26.08 } } } } },
        { "problem.cost_matrix.to_candidates", new { model = "mclp", p = 1, problem = new { demand = new[] { new { id = "d", weight = 1.0 } }, candidates = new[] { new { id = "c" } }, cost_matrix = new { to_candidates = new[] { new double?[] { 1 }, new double?[] { 2 } } } } } },
        { "problem.cost_matrix.to_existing", new { model = "mclp", p = 1, problem = new { demand = new[] { new { id = "d", weight = 1.0 } }, candidates = new[] { new { id = "c" } }, existing = new[] { new { id = "e", capacity = 10.0 } }, cost_matrix = new { to_candidates = new[] { new double?[] { 1 } } } } } },
        { "problem.candidates", new { model = "mclp", p = 1, problem = new { demand = new[] { new { id = "d", weight = 1.0 } }, cost_matrix = new { to_candidates = new[] { Array.Empty<double?>() } } } } },
        { "candidate_source", new { model = "mclp", p = 1, candidate_source = "parcels", problem = TinyProblem } },
    };

    [Theory]
    [MemberData(nameof(BadRuns))]
    public async Task A_bad_siting_request_is_refused_naming_the_field_and_nothing_is_saved(string field, object body)
    {
        var response = await Client.PostJsonAsync("/api/analysis/siting", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadNodeAsync();
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field), $"expected an error on '{field}', got {problem.ToJsonString()}");
        await using var db = Fixture.CreateDbContext();
        Assert.Equal(0, db.SitingScenarios.Count());
    }

    [Fact]
    public async Task A_district_without_fitting_parcels_is_a_400_on_the_candidate_source()
    {
        await new SitingWorld { Areas = { ("小区", 119.3, 26.08, 3000, true) } }.SaveAsync(Fixture);

        var response = await Client.PostJsonAsync("/api/analysis/siting", new { district = SitingWorld.DistrictCode, model = "mclp", p = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadNodeAsync())["errors"]!.AsObject().ContainsKey("candidate_source"));
    }

    [Fact]
    public async Task An_unknown_district_is_404()
    {
        var response = await Client.PostJsonAsync("/api/analysis/siting", new { district = "350199", model = "mclp", p = 1 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("", "district")]
    [InlineData("district=350102&format=xml", "format")]
    [InlineData("district=350102&radius_m=0", "radius_m")]
    public async Task A_bad_priority_parcel_query_names_the_field(string query, string field)
    {
        var response = await Client.GetAsync($"/api/analysis/priority-parcels?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadNodeAsync())["errors"]!.AsObject().ContainsKey(field));
    }
}
