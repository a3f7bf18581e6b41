using System.Net.Http.Json;
using Npgsql;
using Geo.Api.Data.Entities;

namespace Geo.Api.Tests.AnalysisApi;

public sealed class WhatIfTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Tolerance = 5e-4;

    [Fact]
    public async Task Adding_an_institution_changes_the_figures_and_writes_nothing()
    {
        await SeedAsync();
        var before = await SnapshotAsync();

        // The new 20 托位 at (450, 50) reach C (50 m) and A (255 m), not B (541 m): R = 20 / 1,500.
        var body = await Client.PostJsonAsync("/api/analysis/coverage", new
        {
            district = SmallTown.District,
            add = new[] { new { name = "新建托育点", lon = SmallTown.At(450, 50).X, lat = SmallTown.At(450, 50).Y, approved_slots = 20 } },
        });

        Assert.Equal(before, await SnapshotAsync());

        var changes = body["diff"]!["areas"]!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!);
        Assert.Equal(["A", "C"], changes.Keys.Order());
        Assert.Equal(6, changes["A"]!.Number("before_per_thousand"), Tolerance);
        Assert.Equal(6 + 20.0 / 1.5, changes["A"]!.Number("after_per_thousand"), Tolerance);
        Assert.Equal("unserved", changes["C"]!["before_class"]!.GetValue<string>());
        Assert.Equal("covered", changes["C"]!["after_class"]!.GetValue<string>()); // 6.67 accessible ≥ 4.5 required
        Assert.Equal(2, body["diff"]!["improved"]!.GetValue<int>());
        Assert.Equal(0, body["diff"]!["worsened"]!.GetValue<int>());

        var totals = body["diff"]!["totals"]!;
        Assert.Equal(30, totals.Number("accessible_slots_before"), Tolerance);
        Assert.Equal(50, totals.Number("accessible_slots_after"), Tolerance);
        Assert.Equal(body["baseline"]!["district"]!.Number("gap"), totals.Number("gap_before"), Tolerance);
        Assert.Equal(body["scenario"]!["district"]!.Number("gap"), totals.Number("gap_after"), Tolerance);
        Assert.Equal(2, body["scenario"]!["district"]!.Number("institutions"));
        Assert.Equal(1, body["baseline"]!["district"]!.Number("institutions"));

        // The GET still answers today's figures.
        var today = await Client.GetJsonAsync($"/api/analysis/coverage?district={SmallTown.District}");
        Assert.Equal(30, today["district"]!.Number("accessible_slots"), Tolerance);
    }

    [Fact]
    public async Task Removing_and_moving_institutions()
    {
        var (first, second) = await SeedAsync(withSecond: true);
        var body = await Client.PostJsonAsync("/api/analysis/coverage", new
        {
            district = SmallTown.District,
            remove = new[] { second },
            move = new[] { new { id = first, lon = SmallTown.At(2000 - 1, 2000 - 1).X, lat = SmallTown.At(2000 - 1, 2000 - 1).Y } },
        });

        // Both institutions gone from reach: every area is unserved in the scenario.
        Assert.All(body["scenario"]!["areas"]!["features"]!.AsArray(), f => Assert.Equal("unserved", f!["properties"]!["class"]!.GetValue<string>()));
        Assert.Equal(0, body["diff"]!["improved"]!.GetValue<int>());
        Assert.Equal(2, body["diff"]!["worsened"]!.GetValue<int>()); // A and B lose their 托位; C had none
        Assert.Equal(1, body["scenario"]!["district"]!.Number("institutions"));
    }

    [Fact]
    public async Task Unknown_ids_and_bad_changes_are_400s_naming_the_field()
    {
        var (first, _) = await SeedAsync();
        var response = await Client.PostAsJsonAsync("/api/analysis/coverage", new
        {
            district = SmallTown.District,
            remove = new List<long> { 999 },
            move = new object[] { new { id = first, lon = 119.3 }, new { id = first, lon = 119.3, lat = 26.08 } },
            add = new[] { new { name = "x", lon = 2.35, lat = 48.85, approved_slots = -1 } },
        });
        var errors = await SmallTown.ProblemErrorsAsync(response);
        Assert.True(errors.ContainsKey("move[0].lat"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("add[0].lon"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("add[0].approved_slots"), errors.ToJsonString());

        // Ids are checked once the body is well-formed.
        var ids = await SmallTown.ProblemErrorsAsync(await Client.PostAsJsonAsync("/api/analysis/coverage", new
        {
            district = SmallTown.District,
            remove = new[] { 999L, first },
            move = new[] { new { id = first, lon = 119.3, lat = 26.08 } },
        }));
        Assert.Contains("not in district", ids["remove[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(ids.ContainsKey("move[0].id"), ids.ToJsonString());

        var unknownField = await Client.PostAsJsonAsync("/api/analysis/coverage", new { district = SmallTown.District, radius = 500 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknownField.StatusCode);
    }

    private async Task<(long First, long Second)> SeedAsync(bool withSecond = false)
    {
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db);
        var first = SmallTown.Institution("三十托位", 0, 0, 30);
        var second = SmallTown.Institution("十托位", -40, -1500, 10);
        db.Institutions.Add(first);
        if (withSecond)
        {
            db.Institutions.Add(second);
        }

        db.ResidentialAreas.AddRange(
            SmallTown.Area("A", 200, 0, 1000, ResidentialKind.New),
            SmallTown.Area("B", 0, -250, 4000, ResidentialKind.Old),
            SmallTown.Area("C", 450, 0, 500, ResidentialKind.Old));
        await db.SaveChangesAsync();
        return (first.Id, second.Id);
    }

    /// <summary>Every row of the tables an analysis reads, with its version (xmin): any write shows.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var (table, key) in new[] { ("districts", "code"), ("institutions", "id"), ("residential_areas", "id"), ("planning_targets", "id"), ("nursing_rooms", "id"), ("public_places", "id") })
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*)::text || ':' || coalesce(string_agg({key}::text || '@' || xmin::text, ',' ORDER BY {key}), '') FROM {table}", connection);
            parts.Add($"{table}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(';', parts);
    }
}
