using Geo.Api.Data.Entities;
using Geo.Api.Tests.Layers;
using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Security;

/// <summary>An export holds exactly what the caller may read through the layer's list: the same rows, the same fields.</summary>
public sealed class ExportReadRuleTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] Layers = ["institutions", "nursing-rooms", "public-places", "residential-areas", "parcels"];

    public static TheoryData<Role> StaffRoles() => new(Role.Planner, Role.LandOfficer, Role.Admin);

    [Theory]
    [MemberData(nameof(StaffRoles))]
    public async Task For_every_layer_the_export_rows_are_the_list_rows(Role role)
    {
        await SeedAsync();
        using var client = Fixture.CreateClient(role);
        foreach (var layer in Layers)
        {
            var list = await client.GetAsync($"/api/{layer}?page_size=10000");
            var export = await client.GetAsync($"/api/export/{layer}?format=geojson");
            if (!list.IsSuccessStatusCode)
            {
                Assert.Equal(list.StatusCode, export.StatusCode);
                continue;
            }

            Assert.True(export.IsSuccessStatusCode, $"{role} {layer}: export {(int)export.StatusCode}");
            var listed = Rows(await list.ReadNodeAsync());
            var exported = Rows(await export.ReadNodeAsync());
            Assert.True(listed.Count > 0, $"{role} {layer}: nothing seeded");
            Assert.Equal(listed.Keys.Order(), exported.Keys.Order());
            foreach (var (id, fields) in listed)
            {
                Assert.Equal(fields, exported[id]);
            }

            var csv = await client.GetStringAsync($"/api/export/{layer}?format=csv");
            Assert.Equal(listed.Count, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1);
        }
    }

    [Fact]
    public async Task Land_officers_read_institutions_as_the_public_does_in_lists_exports_and_tiles()
    {
        await SeedAsync();
        using var officer = Fixture.CreateClient(Role.LandOfficer);

        var names = (await officer.GetNodeAsync("/api/institutions"))["features"]!.AsArray().Select(f => f!["properties"]!["name"]!.GetValue<string>());
        Assert.Equal(["已备案"], names);
        Assert.Null((await officer.GetNodeAsync("/api/institutions"))["features"]![0]!["properties"]!["credit_code"]);
        Assert.DoesNotContain("未备案", await officer.GetStringAsync("/api/export/institutions?format=csv"), StringComparison.Ordinal);
        const string tile = "/tiles/institutions/14/13621/6961.mvt";
        var publicTile = await Public.GetByteArrayAsync(tile);
        Assert.NotEmpty(publicTile);
        Assert.Equal(publicTile, await officer.GetByteArrayAsync(tile));
        Assert.True((await Client.GetByteArrayAsync(tile)).Length > publicTile.Length, "a planner's tile holds the unfiled institution too");
    }

    [Fact]
    public async Task The_public_reads_lists_but_exports_need_a_staff_token()
    {
        await SeedAsync();
        Assert.Equal(HttpStatusCode.OK, (await Public.GetAsync("/api/institutions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync("/api/export/institutions?format=geojson")).StatusCode);
    }

    /// <summary>Each row's fields as the caller receives them, keyed by id (values as JSON text, so null and absent are alike).</summary>
    private static Dictionary<string, Dictionary<string, string>> Rows(JsonNode collection) =>
        collection["features"]!.AsArray().ToDictionary(
            f => f!["id"]!.ToString(),
            f => f!["properties"]!.AsObject().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!.ToJsonString()));

    /// <summary>One row of each layer, and institutions the public may not see: one unfiled, one closed.</summary>
    private async Task SeedAsync()
    {
        foreach (var sample in LayerSample.All().Select(s => (LayerSample)s[0]))
        {
            var body = sample.Route == "institutions"
                ? PointFeature(LayerSample.Lon, LayerSample.Lat, LayerSample.Institution("已备案", 30, 10, CreditCode("52350102MJ0000001")))
                : sample.Create;
            Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync($"/api/{sample.Route}", body)).StatusCode);
        }

        foreach (var (name, filing, status) in new[] { ("未备案", "unfiled", "operating"), ("已停业", "filed", "closed") })
        {
            var created = await Client.PostJsonAsync("/api/institutions", PointFeature(LayerSample.Lon + 0.0005, LayerSample.Lat, new
            {
                name, credit_code = CreditCode(name == "未备案" ? "52350102MJ0000002" : "52350102MJ0000003"), nature = "for_profit",
                operator_type = "independent", approved_slots = 10, enrolled_slots = 0, filing_status = filing, status,
            }));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    private static string CreditCode(string first17) => first17 + Geo.Api.Domain.CreditCode.CheckCharacter(first17);
}
