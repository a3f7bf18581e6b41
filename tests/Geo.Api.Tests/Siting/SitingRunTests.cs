using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Siting;

/// <summary>Small instances solved through the API, checked against optima found by enumeration here.</summary>
public sealed class SitingRunTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Radius = 500;
    private const double Tolerance = 1e-6;

    private async Task<JsonNode> RunAsync(object body)
    {
        var response = await Client.PostJsonAsync("/api/analysis/siting", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    [Theory]
    [InlineData(1, "exact")]
    [InlineData(2, "exact")]
    [InlineData(3, "heuristic")]
    public async Task Maximal_covering_in_a_district_reaches_the_enumerated_optimum_of_the_gap_net_of_existing_institutions(int seed, string solver)
    {
        var world = SitingWorld.Random(seed, areas: 14, points: 7, institutions: 2);
        await world.SaveAsync(Fixture);

        var result = await RunAsync(new
        {
            district = SitingWorld.DistrictCode, model = "mclp", p = 2, radius_m = Radius, candidate_source = "points",
            points = world.PointsJson(), solver, time_limit_s = 3,
        });

        var optimum = world.MaximalCoveringOptimum(Radius, 2);
        var chosen = SitingWorld.SiteIds(result);
        var indices = chosen.Select(id => world.Points.FindIndex(p => p.Id == id)).ToList();
        Assert.All(indices, j => Assert.True(j >= 0, "a chosen site is not among the candidates"));
        Assert.True(chosen.Count is >= 1 and <= 2);
        var achieved = world.Covered(indices, Radius, world.Gaps(Radius, world.Institutions));
        Assert.Equal(achieved, result["objective"]!.GetValue<double>(), Tolerance);
        Assert.True(achieved <= optimum + Tolerance, "no solver may claim more than the optimum");
        if (solver == "exact")
        {
            Assert.Equal(optimum, achieved, Tolerance);
            Assert.True(result["optimal"]!.GetValue<bool>());
        }

        Assert.Equal("metres", result["cost_unit"]!.GetValue<string>());
        Assert.True(result["id"]!.GetValue<long>() > 0, "the run is saved as a scenario");
        var before = result["coverage_before"]!;
        var after = result["coverage_after"]!;
        Assert.Equal("2sfca", before["basis"]!.GetValue<string>());
        Assert.Equal(world.Gaps(Radius, world.Institutions).Sum(), before["gap"]!.GetValue<double>(), 1e-2);
        Assert.True(after["gap"]!.GetValue<double>() < before["gap"]!.GetValue<double>());
        Assert.True(after["accessible_slots"]!.GetValue<double>() > before["accessible_slots"]!.GetValue<double>());
        Assert.Equal(world.Institutions.Count + chosen.Count, after["institutions"]!.GetValue<int>());

        // Coverage after = the new sites opened as institutions with their capacities, beside the existing ones.
        var opened = world.Institutions.Concat(indices.Select(j => (world.Points[j].Lon, world.Points[j].Lat, world.Points[j].Capacity)));
        Assert.Equal(world.Gaps(Radius, opened).Sum(), after["gap"]!.GetValue<double>(), 1e-2);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Capacitated_coverage_never_serves_more_than_a_sites_capacity_and_reaches_the_enumerated_optimum(int seed)
    {
        var world = SitingWorld.Random(seed, areas: 12, points: 6, institutions: 1);
        await world.SaveAsync(Fixture);

        var result = await RunAsync(new
        {
            district = SitingWorld.DistrictCode, model = "capacitated", p = 2, radius_m = Radius, candidate_source = "points",
            points = world.PointsJson(), solver = "exact", time_limit_s = 3,
        });

        var features = result["sites"]!["features"]!.AsArray();
        var served = 0.0;
        foreach (var feature in features)
        {
            var properties = feature!["properties"]!;
            var point = world.Points.Single(p => p.Id == properties["candidate_id"]!.GetValue<string>());
            var servedHere = properties["served_demand"]!.GetValue<double>();
            Assert.True(servedHere <= point.Capacity + 1e-6, $"{point.Id} serves {servedHere} > capacity {point.Capacity}");
            Assert.Equal(point.Capacity, properties["capacity"]!.GetValue<double>());
            Assert.Equal("Point", feature["geometry"]!["type"]!.GetValue<string>());
            served += servedHere;
        }

        Assert.Equal(served, result["objective"]!.GetValue<double>(), 1e-2);
        Assert.Equal(world.CapacitatedOptimum(Radius, 2), result["objective"]!.GetValue<double>(), 1e-4);
    }

    [Fact]
    public async Task A_self_contained_p_median_with_a_cost_matrix_reaches_the_enumerated_optimum()
    {
        // Travel minutes, demand × candidate; null = unreachable. One existing site.
        double?[][] toCandidates =
        [
            [2, 9, 14, null], [4, 6, 12, 15], [11, 3, 7, 13], [13, 5, 2, 9], [null, 12, 6, 3], [15, 14, 8, 2], [6, 8, 9, 10],
        ];
        double?[][] toExisting = [[5], [9], [null], [14], [null], [null], [4]];
        double[] weights = [30, 12, 25, 8, 40, 22, 15];
        const double reach = 12;
        const int p = 2;

        var result = await RunAsync(new
        {
            model = "p_median", p, radius_m = reach, solver = "exact", time_limit_s = 3,
            problem = new
            {
                demand = weights.Select((w, i) => new { id = $"d{i}", weight = w }),
                candidates = Enumerable.Range(0, 4).Select(j => new { id = $"c{j}", name = $"候选{j}" }),
                existing = new[] { new { id = "e0", capacity = 50.0 } },
                cost_matrix = new { to_candidates = toCandidates, to_existing = toExisting },
            },
        });

        double Cost(int i, int[] open) => open.Select(j => toCandidates[i][j]).Append(toExisting[i][0])
            .Where(c => c is <= reach).Select(c => c!.Value).Append(reach).Min();
        var optimum = SitingWorld.Subsets(4, p).Min(open => weights.Select((w, i) => w * Cost(i, open)).Sum());
        Assert.Equal(optimum, result["objective"]!.GetValue<double>(), Tolerance);
        Assert.True(result["optimal"]!.GetValue<bool>());
        Assert.Equal("matrix", result["cost_unit"]!.GetValue<string>());
        var chosen = SitingWorld.SiteIds(result);
        Assert.All(chosen, id => Assert.Matches("^c[0-3]$", id));
        Assert.Equal(optimum, weights.Select((w, i) => w * Cost(i, [.. chosen.Select(id => id[1] - '0')])).Sum(), Tolerance);
        Assert.All(result["sites"]!["features"]!.AsArray(), f => Assert.Null(f!["geometry"]));
        Assert.Equal("reach", result["coverage_after"]!["basis"]!.GetValue<string>());
        Assert.Equal(weights.Sum(), result["coverage_after"]!["demand"]!.GetValue<double>(), Tolerance);
    }

    [Fact]
    public async Task Set_covering_on_a_cost_matrix_opens_the_fewest_sites_and_reports_what_no_site_reaches()
    {
        double?[][] toCandidates =
        [
            [1, null, null, 2, null], [null, 1, null, 2, null], [null, null, 1, null, 2], [1, 1, null, null, null], [null, null, null, null, 1],
            [null, null, null, null, null],
        ];
        const double reach = 2;
        var result = await RunAsync(new
        {
            model = "lscp", radius_m = reach, solver = "exact", time_limit_s = 3,
            problem = new
            {
                demand = Enumerable.Range(0, 6).Select(i => new { id = $"d{i}", weight = 1.0 }),
                candidates = Enumerable.Range(0, 5).Select(j => new { id = $"c{j}" }),
                cost_matrix = new { to_candidates = toCandidates },
            },
        });

        var required = Enumerable.Range(0, 5).ToList(); // d5 is reached by no candidate
        var fewest = SitingWorld.Subsets(5, 5)
            .Where(s => required.All(i => s.Any(j => toCandidates[i][j] is <= reach)))
            .Min(s => s.Length);
        var chosen = SitingWorld.SiteIds(result).Select(id => id[1] - '0').ToList();
        Assert.Equal(fewest, chosen.Count);
        Assert.Equal(fewest, result["objective"]!.GetValue<double>(), Tolerance);
        Assert.All(required, i => Assert.Contains(chosen, j => toCandidates[i][j] is <= reach));
        Assert.Equal(["d5"], result["unreachable_demand"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Self_contained_coverage_counts_demand_near_an_existing_site_as_served()
    {
        // d0 lies next to the existing site: with gross weights, opening c0 (near d0) gains nothing.
        var result = await RunAsync(new
        {
            model = "mclp", p = 1, radius_m = 400, solver = "exact", time_limit_s = 3,
            problem = new
            {
                demand = new[]
                {
                    new { id = "d0", weight = 100.0, lon = 119.300, lat = 26.080 },
                    new { id = "d1", weight = 10.0, lon = 119.320, lat = 26.080 },
                },
                candidates = new[] { new { id = "c0", lon = 119.301, lat = 26.080 }, new { id = "c1", lon = 119.321, lat = 26.080 } },
                existing = new[] { new { id = "e0", lon = 119.3005, lat = 26.080, capacity = 60.0 } },
            },
        });

        Assert.Equal(["c1"], SitingWorld.SiteIds(result));
        Assert.Equal(10, result["objective"]!.GetValue<double>(), Tolerance);
        Assert.Equal(100, result["coverage_before"]!["covered_demand"]!.GetValue<double>(), Tolerance);
        Assert.Equal(110, result["coverage_after"]!["covered_demand"]!.GetValue<double>(), Tolerance);
        Assert.Equal("Point", result["sites"]!["features"]![0]!["geometry"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parcel_candidates_are_compatible_allowed_and_large_enough_for_the_capacity()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await Demo.DemoDataLoader.LoadIfEmptyAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }

        var result = await RunAsync(new { district = "350102", model = "mclp", p = 3, radius_m = 500, capacity = 100, solver = "heuristic" });

        await using var check = Fixture.CreateDbContext();
        var parcels = check.Parcels.ToDictionary(p => $"parcel:{p.Id}");
        var chosen = SitingWorld.SiteIds(result);
        Assert.NotEmpty(chosen);
        foreach (var id in chosen)
        {
            var parcel = parcels[id];
            Assert.NotEqual(Data.Entities.ParcelStatus.Sold, parcel.Status);
            Assert.Contains(parcel.LandUse, new[]
            {
                Data.Entities.LandUse.Education, Data.Entities.LandUse.HealthCare, Data.Entities.LandUse.SocialWelfare,
                Data.Entities.LandUse.Commercial, Data.Entities.LandUse.ResidentialService,
            });
            Assert.True(parcel.AreaM2 >= 100 * 9, $"{parcel.Code} has {parcel.AreaM2} m², too small for 100 托位");
        }

        Assert.All(result["sites"]!["features"]!.AsArray(), f => Assert.Equal("parcel", f!["properties"]!["source"]!.GetValue<string>()));
        // The demo district has gaps a new 100-托位 site can close: three of them must close some of it.
        var (before, after) = (result["coverage_before"]!["gap"]!.GetValue<double>(), result["coverage_after"]!["gap"]!.GetValue<double>());
        Assert.True(after < before, $"gap {before} → {after}");
    }

    [Fact]
    public async Task Grid_candidates_lie_within_reach_of_under_served_areas()
    {
        var world = SitingWorld.Random(7, areas: 10, points: 0, institutions: 0);
        await world.SaveAsync(Fixture);

        var result = await RunAsync(new
        {
            district = SitingWorld.DistrictCode, model = "mclp", p = 2, radius_m = Radius, candidate_source = "grid", grid_spacing_m = 400,
            solver = "heuristic",
        });

        Assert.True(result["candidates"]!.GetValue<int>() > 0);
        var sites = result["sites"]!["features"]!.AsArray();
        Assert.Equal(2, sites.Count); // ten unserved areas leave room for both sites: the loop below cannot pass on none
        foreach (var feature in sites)
        {
            Assert.StartsWith("grid:", feature!["properties"]!["candidate_id"]!.GetValue<string>());
            var coordinates = feature["geometry"]!["coordinates"]!.AsArray();
            var (lon, lat) = (coordinates[0]!.GetValue<double>(), coordinates[1]!.GetValue<double>());
            Assert.Contains(world.Areas, a => SitingWorld.Metres(a.Lon, a.Lat, lon, lat) <= Radius);
        }
    }

    [Fact]
    public async Task Each_site_lists_the_demand_the_solver_assigned_to_it()
    {
        // Radius 2, p = 2. Gross weights: d3 lies by the existing site and counts as served. c0 reaches d0 and d1
        // (5 + 4), c1 reaches d1 (4), c2 reaches d2 (3): the best pair is c0 + c2 = 12. Each point goes to its
        // nearest open site: d0 and d1 to c0, d2 to c2; d3 to the existing site, so under no new one.
        var result = await RunAsync(new
        {
            model = "mclp", p = 2, radius_m = 2, solver = "exact", time_limit_s = 3,
            problem = new
            {
                demand = new[] { ("d0", 5.0), ("d1", 4.0), ("d2", 3.0), ("d3", 7.0) }.Select(d => new { id = d.Item1, weight = d.Item2 }),
                candidates = new[] { new { id = "c0" }, new { id = "c1" }, new { id = "c2" } },
                existing = new[] { new { id = "e0", capacity = 50.0 } },
                cost_matrix = new
                {
                    to_candidates = new double?[][] { [1, null, null], [2, 1, null], [null, null, 1], [null, 2, null] },
                    to_existing = new double?[][] { [null], [null], [null], [1] },
                },
            },
        });

        var served = result["sites"]!["features"]!.AsArray().ToDictionary(
            f => f!["properties"]!["candidate_id"]!.GetValue<string>(),
            f => f!["properties"]!["served_demand_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());
        Assert.Equal(12, result["objective"]!.GetValue<double>(), Tolerance);
        Assert.Equal(["c0", "c2"], served.Keys.Order());
        Assert.Equal(["d0", "d1"], served["c0"]);
        Assert.Equal(["d2"], served["c2"]);
    }

    [Fact]
    public async Task In_a_district_run_the_sites_serve_distinct_under_served_residential_areas()
    {
        var world = SitingWorld.Random(3, areas: 14, points: 7, institutions: 2);
        await world.SaveAsync(Fixture);

        var result = await RunAsync(new
        {
            district = SitingWorld.DistrictCode, model = "mclp", p = 2, radius_m = Radius, candidate_source = "points",
            points = world.PointsJson(), solver = "heuristic", time_limit_s = 3,
        });
        var coverage = await Client.GetNodeAsync($"/api/analysis/coverage?district={SitingWorld.DistrictCode}&radius_m={Radius}");
        var gapById = coverage["areas"]!["features"]!.AsArray().ToDictionary(
            f => f!["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture),
            f => f!["properties"]!["gap"]!.GetValue<double>());

        var all = new List<string>();
        foreach (var feature in result["sites"]!["features"]!.AsArray())
        {
            var properties = feature!["properties"]!;
            var ids = properties["served_demand_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.Equal(properties["demand_points_served"]!.GetValue<int>(), ids.Count);
            Assert.All(ids, id => Assert.True(gapById[id] > 0, $"area {id} has no unmet 托位 to serve"));
            all.AddRange(ids);
        }

        Assert.NotEmpty(all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
