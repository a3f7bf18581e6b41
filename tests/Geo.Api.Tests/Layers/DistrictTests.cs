using Geo.Api.Tests.AnalysisApi;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Layers;

/// <summary>
/// Replacing and deleting administrative units, as the API does it today: no If-Match (issue 18 may add it),
/// codes fixed, a unit with units below it kept.
/// </summary>
public sealed class DistrictTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static object Subdistrict(string name, int? population) => BoxFeature(119.29, 26.07, 119.31, 26.09,
        new { code = SmallTown.Subdistrict, name, level = "subdistrict", parent_code = SmallTown.District, population });

    [Fact]
    public async Task A_unit_is_replaced_in_place_and_keeps_its_code()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(db);
        }

        var replaced = await Client.PutJsonAsync($"/api/districts/{SmallTown.Subdistrict}", Subdistrict("改名街道", 12_000));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var read = await Client.GetNodeAsync($"/api/districts/{SmallTown.Subdistrict}");
        Assert.Equal("改名街道", read["properties"]!["name"]!.GetValue<string>());
        Assert.Equal(12_000, read["properties"]!["population"]!.GetValue<int>());
        Assert.Equal(119.29, read["geometry"]!["coordinates"]![0]![0]![0]![0]!.GetValue<double>(), 1e-9);

        var renamed = await Client.PutJsonAsync($"/api/districts/{SmallTown.Subdistrict}",
            BoxFeature(119.29, 26.07, 119.31, 26.09, new { code = "990101002", name = "x", level = "subdistrict", parent_code = SmallTown.District }));
        var errors = await SmallTown.ProblemErrorsAsync(renamed);
        Assert.True(errors.ContainsKey("code"), errors.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PutJsonAsync("/api/districts/990101009",
            BoxFeature(119.29, 26.07, 119.31, 26.09, new { code = "990101009", name = "x", level = "subdistrict", parent_code = SmallTown.District }))).StatusCode);
        Assert.Equal("改名街道", (await Client.GetNodeAsync($"/api/districts/{SmallTown.Subdistrict}"))["properties"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_a_unit_without_units_below_it_is_deleted()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(db);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await Client.DeleteAsync($"/api/districts/{SmallTown.District}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/districts/{SmallTown.District}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/districts/{SmallTown.Subdistrict}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/districts/{SmallTown.Subdistrict}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/districts/{SmallTown.Subdistrict}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/districts/{SmallTown.District}")).StatusCode);
        var audit = (await Client.GetNodeAsync($"/api/admin/audit?entity=districts&entity_id={SmallTown.Subdistrict}")).AsArray();
        Assert.Equal("deleted", audit[0]!["action"]!.GetValue<string>());
    }
}
