using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Geo.Api.Data.Entities;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// Stands in, in the browser, for the analysis endpoints still being built — siting (a 202 job that is polled),
/// saved scenarios and their comparison, and the ranked priority parcels — with bodies shaped like docs/api.md's
/// contract, built from the demo's real parcels. Coverage, targets, 母婴室 and what-if are real and pass through.
/// The figures are made up and deterministic.
/// </summary>
internal sealed class SitingStub
{
    private static readonly string[] Routes = ["**/api/analysis/siting**", "**/api/analysis/scenarios**", "**/api/analysis/priority-parcels**"];

    private readonly JsonArray _parcels;
    private readonly JsonObject _siteResultA;
    private readonly JsonObject _siteResultB;
    private int _jobPolls;

    public List<JsonNode> Posted { get; } = [];

    private SitingStub(JsonElement parcels)
    {
        _parcels = new JsonArray(parcels.GetProperty("features").EnumerateArray().Select((f, i) =>
        {
            var feature = JsonNode.Parse(f.GetRawText())!.AsObject();
            var p = feature["properties"]!.AsObject();
            p["rank"] = i + 1;
            p["score"] = Math.Round(1 - i * 0.03, 3);
            p["unmet_demand"] = 120 - i * 4;
            p["reason"] = $"服务半径内未满足托位 {120 - i * 4} 个；用地兼容；面积适中（示例理由）";
            p["components"] = new JsonObject { ["unmet_demand"] = 0.6, ["land_use"] = 0.2, ["status"] = 0.1, ["size"] = 0.1 };
            return (JsonNode)feature;
        }).ToArray());
        var firstParcels = parcels.GetProperty("features").EnumerateArray().Take(3).ToList();
        _siteResultA = Siting(1, "方案甲", "mclp", firstParcels.Take(2));
        _siteResultB = Siting(2, "方案乙", "p_median", firstParcels.Skip(1));
    }

    public static async Task<SitingStub> InstallAsync(IPage page, WebFixture fixture)
    {
        using var client = fixture.Client(Role.LandOfficer); // parcels are staff-only
        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/parcels?page_size=1000"));
        var stub = new SitingStub(document.RootElement.Clone());
        foreach (var route in Routes)
        {
            await page.RouteAsync(route, stub.AnswerAsync);
        }

        return stub;
    }

    private Task AnswerAsync(IRoute route)
    {
        var request = route.Request;
        var path = new Uri(request.Url).AbsolutePath;
        if (request.Method == "POST" && request.PostData is { } posted)
        {
            Posted.Add(JsonNode.Parse(posted)!);
        }

        JsonNode? body = (request.Method, path) switch
        {
            ("GET", "/api/analysis/priority-parcels") => new JsonObject { ["type"] = "FeatureCollection", ["features"] = _parcels.DeepClone() },
            ("POST", "/api/analysis/siting") => JsonNode.Parse("""{ "job_id": "j1", "status_url": "/api/analysis/siting/jobs/j1" }"""),
            ("GET", "/api/analysis/siting/jobs/j1") => ++_jobPolls < 2
                ? JsonNode.Parse("""{ "status": "running", "progress": 0.5 }""")
                : new JsonObject { ["status"] = "succeeded", ["progress"] = 1, ["result"] = _siteResultA.DeepClone() },
            ("GET", "/api/analysis/scenarios") => new JsonArray(Summary(_siteResultA), Summary(_siteResultB)),
            ("GET", "/api/analysis/scenarios/1") => _siteResultA,
            ("GET", "/api/analysis/scenarios/2") => _siteResultB,
            _ => null,
        };
        return body is null
            ? route.FulfillAsync(new() { Status = 404, ContentType = "application/problem+json", Body = """{"title":"Not Found","status":404}""" })
            : route.FulfillAsync(new() { Status = path == "/api/analysis/siting" ? 202 : 200, ContentType = "application/json", Body = body.ToJsonString() });
    }

    private static JsonObject Siting(int id, string name, string model, IEnumerable<JsonElement> parcels) => new()
    {
        ["id"] = id, ["name"] = name, ["model"] = model, ["objective"] = 812.5, ["bound"] = 812.5, ["gap"] = 0, ["optimal"] = true,
        ["solver"] = "exact", ["time_ms"] = 420, ["coverage_before"] = 0.61, ["coverage_after"] = 0.74,
        ["sites"] = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(parcels.Select((p, i) => (JsonNode)new JsonObject
            {
                ["type"] = "Feature", ["id"] = i + 1, ["geometry"] = JsonNode.Parse(p.GetProperty("geometry").GetRawText()),
                ["properties"] = new JsonObject
                {
                    ["candidate_id"] = p.GetProperty("properties").GetProperty("code").GetString(),
                    ["name"] = p.GetProperty("properties").GetProperty("name").GetString(), ["served_demand"] = 300 - i * 50, ["capacity"] = 60,
                },
            }).ToArray()),
        },
    };

    private static JsonObject Summary(JsonObject result) => new() { ["id"] = result["id"]!.GetValue<int>(), ["name"] = result["name"]!.GetValue<string>(), ["model"] = result["model"]!.GetValue<string>() };
}
