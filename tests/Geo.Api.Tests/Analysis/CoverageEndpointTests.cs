using Geo.Api.Data.Entities;
using Geo.Api.Demo;

namespace Geo.Api.Tests.AnalysisApi;

public sealed class CoverageEndpointTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Tolerance = 5e-4; // figures travel rounded to 3 decimals

    [Fact]
    public async Task A_small_town_checked_by_hand()
    {
        await SmallTown.SeedAsync(Fixture,
            [SmallTown.Institution("三十托位", 0, 0, 30)],
            [
                SmallTown.Area("A 新建 1000 人 200 m", 200, 0, 1000, ResidentialKind.New),
                SmallTown.Area("B 老城 4000 人 250 m", 0, -250, 4000, ResidentialKind.Old),
                SmallTown.Area("C 老城 500 人 450 m", 450, 0, 500, ResidentialKind.Old),
            ]);

        var body = await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}");

        // Step 1: the 30 托位 are shared by the 5,000 residents within 300 m (A and B): R = 30 / 5000 = 0.006.
        // Step 2: A and B reach only this institution, so A_i = 0.006: 6 per 1,000; C (450 m) reaches none.
        // Standards come from the city (12 new, 9 old); the share of children under 3 from the district (0.03).
        var areas = ByName(body);
        AssertArea(areas["A 新建 1000 人 200 m"], children: 30, required: 12, accessible: 6, perThousand: 6, standard: 12, gap: 6, "under_supplied", nearest: 200);
        AssertArea(areas["B 老城 4000 人 250 m"], children: 120, required: 36, accessible: 24, perThousand: 6, standard: 9, gap: 12, "under_supplied", nearest: 250);
        AssertArea(areas["C 老城 500 人 450 m"], children: 15, required: 4.5, accessible: 0, perThousand: 0, standard: 9, gap: 4.5, "unserved", nearest: null);

        var district = body["district"]!;
        Assert.Equal(5500, district.Number("population"));
        Assert.Equal(52.5, district.Number("required_slots"), Tolerance);
        Assert.Equal(30, district.Number("accessible_slots"), Tolerance);
        Assert.Equal(22.5, district.Number("gap"), Tolerance);
        Assert.Equal(30, district.Number("approved_slots"));
        Assert.Equal(30 / 5.5, district.Number("slots_per_thousand"), Tolerance);
        Assert.Equal(52.5 / 5.5, district.Number("required_per_thousand"), Tolerance);
        Assert.Equal(15, district.Number("unserved_children"), Tolerance);
        Assert.True(district["meets_national_target"]!.GetValue<bool>());  // 5.45 ≥ 4.5
        Assert.False(district["meets_local_standard"]!.GetValue<bool>()); // 5.45 < 9.55

        var subdistrict = Assert.Single(body["subdistricts"]!.AsArray())!;
        Assert.Equal(SmallTown.Subdistrict, subdistrict["code"]!.GetValue<string>());
        Assert.Equal("测试街道", subdistrict["name"]!.GetValue<string>());
        Assert.Equal(1, subdistrict.Number("institutions"));

        var parameters = body["parameters"]!;
        Assert.Equal(300, parameters.Number("radius_m"));
        Assert.Equal("step", parameters["method"]!.GetValue<string>());
        Assert.Equal(12, parameters["standard_new_per_thousand"]!.Number("value"));
        Assert.Equal("测试市 (990100)", parameters["standard_new_per_thousand"]!["source"]!.GetValue<string>());
        Assert.Equal("测试区 (990101)", parameters["share_under3"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wider_radius_and_the_supply_filter_change_the_figures()
    {
        await SmallTown.SeedAsync(Fixture,
            [SmallTown.Institution("已备案", 0, 0, 30), SmallTown.Institution("未备案", -40, 0, 20, FilingStatus.Unfiled)],
            [
                SmallTown.Area("A", 200, 0, 1000, ResidentialKind.New),
                SmallTown.Area("C", 450, 0, 500, ResidentialKind.Old),
            ], districtNew: 10);

        // Operating (default): both institutions reach A only: (30 + 20) / 1000 → 50 per 1,000.
        var all = ByName(await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}"));
        Assert.Equal(50, all["A"].Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(10, all["A"].Number("standard_per_thousand")); // the district's own value beats the city's 12

        // Filed only: the unfiled 20 drop out.
        var filed = ByName(await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}&supply=filed"));
        Assert.Equal(30, filed["A"].Number("accessible_per_thousand"), Tolerance);

        // 500 m: C (450 m from the first, 490 m from the second) joins both catchments: 50 托位 / 1,500 residents.
        var wide = ByName(await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}&radius_m=500"));
        Assert.Equal(50.0 / 1500 * 1000, wide["C"].Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(2, wide["C"].Number("institutions_in_reach"));
    }

    [Fact]
    public async Task Decayed_methods_checked_by_hand()
    {
        await SmallTown.SeedAsync(Fixture,
            [SmallTown.Institution("三十托位", 0, 0, 30)],
            [
                SmallTown.Area("A", 200, 0, 1000, ResidentialKind.New),
                SmallTown.Area("C", 450, 0, 500, ResidentialKind.Old),
                SmallTown.Area("D", 0, 800, 2000, ResidentialKind.Old),
            ]);

        // Walking bands (1 to 300 m, 0.68 to 500 m, 0.22 to 1,000 m): the 30 托位 meet a weighted demand of
        // 1000·1 + 500·0.68 + 2000·0.22 = 1,780, so R = 30 / 1780 and each area gets its weight times R.
        var bands = ByName(await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}&method=bands"));
        Assert.Equal(30_000.0 / 1780, bands["A"].Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(0.68 * 30_000 / 1780, bands["C"].Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(0.22 * 30_000 / 1780, bands["D"].Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(0.22 * 30.0 * 2000 / 1780, bands["D"].Number("accessible_slots"), Tolerance);

        // Dai's Gaussian at d₀ = 500 m: W(d) = (e^(−½(d/500)²) − e^(−½)) / (1 − e^(−½)); D (800 m) is out of reach.
        static double W(double d) => (Math.Exp(-0.5 * (d / 500) * (d / 500)) - Math.Exp(-0.5)) / (1 - Math.Exp(-0.5));
        var r = 30.0 / (1000 * W(200) + 500 * W(450));
        var gaussian = ByName(await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}&method=gaussian&radius_m=500"));
        Assert.Equal(1000 * W(200) * r, gaussian["A"].Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(1000 * W(450) * r, gaussian["C"].Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(0, gaussian["D"].Number("accessible_per_thousand"));
        Assert.Equal("unserved", gaussian["D"]["class"]!.GetValue<string>());
    }

    /// <summary>
    /// The demo district's step-method figures against PostGIS, an independent tool: R_j = S_j / Σ P_k over the
    /// areas within 500 m of institution j (geography distances), A_i = Σ R_j over the institutions within 500 m of
    /// area i, per 1,000 residents; only operating institutions supply.
    /// </summary>
    [Fact]
    public async Task Demo_district_step_figures_equal_a_two_step_catchment_computed_by_PostGIS()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
        }

        const string inputs = """
            WITH supply AS (SELECT id, approved_slots::float8 AS s, location::geography AS g FROM institutions
                             WHERE district_code = '350102' AND status = 'operating'),
                 demand AS (SELECT id, population::float8 AS p, location::geography AS g FROM residential_areas WHERE district_code = '350102')
            """;
        var expected = await QueryAsync(inputs + """
            , ratio AS (SELECT s.id, s.g, s.s / sum(d.p) AS r FROM supply s JOIN demand d ON ST_DWithin(s.g, d.g, 500) GROUP BY s.id, s.g, s.s)
            SELECT d.id, 1000 * coalesce(sum(r.r), 0), coalesce(sum(r.r), 0) * d.p, count(r.id)::float8
              FROM demand d LEFT JOIN ratio r ON ST_DWithin(r.g, d.g, 500) GROUP BY d.id, d.p
            """);
        // A pair within a few centimetres of the radius could fall either side between two distance formulae.
        Assert.Empty(await QueryAsync(inputs + "SELECT s.id, 0, 0, 0 FROM supply s, demand d WHERE abs(ST_Distance(s.g, d.g) - 500) < 0.05"));

        var body = await Client.GetJsonAsync("/api/analysis/coverage?district=350102&radius_m=500");
        var features = body["areas"]!["features"]!.AsArray();
        Assert.Equal(expected.Count, features.Count);
        Assert.Contains(expected.Values, e => e.PerThousand > 0);
        Assert.Contains(expected.Values, e => e.PerThousand == 0);
        foreach (var feature in features)
        {
            var p = feature!["properties"]!;
            var want = expected[feature["id"]!.GetValue<long>()];
            Assert.Equal(want.PerThousand, p.Number("accessible_per_thousand"), Tolerance);
            Assert.Equal(want.Slots, p.Number("accessible_slots"), Tolerance);
            Assert.Equal(want.InReach, p.Number("institutions_in_reach"));
        }

        Assert.Equal(expected.Values.Sum(e => e.Slots), body["district"]!.Number("accessible_slots"), 0.01);
    }

    private async Task<Dictionary<long, (double PerThousand, double Slots, double InReach)>> QueryAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var reader = await new Npgsql.NpgsqlCommand(sql, connection).ExecuteReaderAsync();
        var rows = new Dictionary<long, (double, double, double)>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetInt64(0)] = (reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        }

        return rows;
    }

    [Theory]
    [InlineData("district=35010", "district")]
    [InlineData("district=350102&radius_m=-5", "radius_m")]
    [InlineData("district=350102&radius_m=20000", "radius_m")]
    [InlineData("district=350102&method=bands&radius_m=1500", "radius_m")]
    [InlineData("district=350102&method=huff", "method")]
    [InlineData("district=350102&supply=filed,cheap", "supply")]
    [InlineData("district=350102&geometry=line", "geometry")]
    public async Task Bad_parameters_are_400s_naming_the_field(string query, string field)
    {
        var errors = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/analysis/coverage?{query}"));
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_district_is_a_404_and_a_city_without_its_own_under3_share_a_400()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(db);
        }

        var missing = await Client.GetAsync("/api/analysis/coverage?district=990199");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var city = await SmallTown.ProblemErrorsAsync(await Client.GetAsync($"/api/analysis/coverage?district={SmallTown.City}"));
        // A city is answered (CityCoverageTests) once it has the share its residents outside listed areas are counted by.
        Assert.Contains("测试市 没有 3 岁以下儿童占比", city["district"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonNode> ByName(JsonNode body) =>
        body["areas"]!["features"]!.AsArray().ToDictionary(f => f!["properties"]!["name"]!.GetValue<string>(), f => f!["properties"]!);

    private static void AssertArea(JsonNode p, double children, double required, double accessible, double perThousand,
        double standard, double gap, string coverageClass, double? nearest)
    {
        Assert.Equal(children, p.Number("children_under3"), Tolerance);
        Assert.Equal(required, p.Number("required_slots"), Tolerance);
        Assert.Equal(accessible, p.Number("accessible_slots"), Tolerance);
        Assert.Equal(perThousand, p.Number("accessible_per_thousand"), Tolerance);
        Assert.Equal(standard, p.Number("standard_per_thousand"));
        Assert.Equal(gap, p.Number("gap"), Tolerance);
        Assert.Equal(coverageClass, p["class"]!.GetValue<string>());
        if (nearest is { } m)
        {
            Assert.Equal(m, p.Number("nearest_m"), 0.2);
        }
        else
        {
            Assert.Null(p["nearest_m"]);
        }
    }
}
