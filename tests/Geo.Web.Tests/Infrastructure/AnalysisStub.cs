using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// Answers /api/analysis/* in the browser with bodies shaped like docs/api.md's analysis contract, built from the
/// demo's real residential areas and 街道, so the planner's and land bureau's analysis views can be checked
/// against the contract before (and independently of) the endpoints that compute them. The figures are made up
/// and deterministic; the what-if scenario improves on the baseline, and siting runs as a 202 job that is polled.
/// </summary>
internal sealed class AnalysisStub
{
    private readonly JsonObject _baseline;
    private readonly JsonObject _scenario;
    private readonly JsonArray _parcels;
    private readonly JsonObject _siteResultA;
    private readonly JsonObject _siteResultB;
    private int _jobPolls;

    public List<JsonNode> Posted { get; } = [];

    private AnalysisStub(JsonElement areas, JsonElement subdistricts, JsonElement parcels)
    {
        _baseline = Coverage(areas, subdistricts, boost: 0);
        _scenario = Coverage(areas, subdistricts, boost: 3);
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

    public static async Task<AnalysisStub> InstallAsync(IPage page, Uri api)
    {
        using var client = new HttpClient { BaseAddress = api };
        var stub = new AnalysisStub(
            await client.GetFromJsonElementAsync("/api/residential-areas?page_size=5000"),
            await client.GetFromJsonElementAsync("/api/districts?level=subdistrict&page_size=1000"),
            await client.GetFromJsonElementAsync("/api/parcels?page_size=1000"));
        await page.RouteAsync("**/api/analysis/**", stub.AnswerAsync);
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
            ("GET", "/api/analysis/coverage") => _baseline,
            ("POST", "/api/analysis/coverage") => new JsonObject
            {
                ["baseline"] = _baseline.DeepClone(), ["scenario"] = _scenario.DeepClone(),
                ["diff"] = new JsonObject { ["areas"] = new JsonArray(), ["totals"] = new JsonObject(), ["improved"] = 12, ["worsened"] = 0 },
            },
            ("GET", "/api/analysis/targets") => JsonNode.Parse("""
                { "district": "350102", "as_of": "2026-11-23", "targets": [
                  { "target": "standardised_institutions", "source": "示例", "current": 4, "required": 6, "met": false, "shortfall": 2, "due_date": "2025-12-31" },
                  { "target": "slots_per_thousand", "source": "示例", "current": 4.9, "required": 4.5, "met": true, "shortfall": 0, "due_date": "2025-12-31" } ] }
                """),
            ("GET", "/api/analysis/nursing-rooms") => JsonNode.Parse("""
                { "parameters": { "nearby_m": 50 }, "required_places": 20, "places_with_room": 15,
                  "places_lacking": { "type": "FeatureCollection", "features": [
                    { "type": "Feature", "id": 1, "geometry": { "type": "Point", "coordinates": [119.30, 26.08] }, "properties": { "name": "示例商场", "place_type": "mall", "data_source": "demo (synthetic)" } } ] },
                  "non_compliant_rooms": { "type": "FeatureCollection", "features": [] } }
                """),
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

    public static string Figure(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static JsonObject Coverage(JsonElement areas, JsonElement subdistricts, double boost)
    {
        var features = new JsonArray();
        foreach (var (f, i) in areas.GetProperty("features").EnumerateArray().Select((f, i) => (f, i)))
        {
            var p = f.GetProperty("properties");
            var population = p.GetProperty("population").GetDouble();
            var standard = p.GetProperty("kind").GetString() == "new" ? 10.0 : 8.0;
            var perThousand = i % 5 * 2.5 + boost;
            var required = population / 1000 * standard;
            var accessible = population / 1000 * perThousand;
            features.Add(new JsonObject
            {
                ["type"] = "Feature", ["id"] = f.GetProperty("id").GetInt64(), ["geometry"] = JsonNode.Parse(f.GetProperty("geometry").GetRawText()),
                ["properties"] = new JsonObject
                {
                    ["name"] = p.GetProperty("name").GetString(), ["population"] = population, ["kind"] = p.GetProperty("kind").GetString(),
                    ["subdistrict_code"] = p.GetProperty("subdistrict_code").GetString(), ["children_under3"] = population * 0.028,
                    ["required_slots"] = required, ["accessible_slots"] = accessible, ["accessible_per_thousand"] = perThousand,
                    ["standard_per_thousand"] = standard, ["gap"] = Math.Max(0, required - accessible),
                    ["class"] = perThousand >= standard ? "covered" : perThousand > 0 ? "under_supplied" : "unserved",
                    ["institutions_in_reach"] = i % 5, ["nearest_m"] = 150 + i % 7 * 100,
                },
            });
        }

        var summaries = new JsonArray(subdistricts.GetProperty("features").EnumerateArray().Select((f, i) => (JsonNode)Summary(
            f.GetProperty("properties").GetProperty("code").GetString()!, f.GetProperty("properties").GetProperty("name").GetString()!, 3 + i * 1.2 + boost, i % 3 != 0)).ToArray());
        return new JsonObject
        {
            ["parameters"] = new JsonObject { ["district"] = "350102", ["radius_m"] = 300, ["method"] = "step" },
            ["areas"] = new JsonObject { ["type"] = "FeatureCollection", ["features"] = features },
            ["subdistricts"] = summaries,
            ["district"] = Summary("350102", "鼓楼区", 5.2 + boost, true),
        };
    }

    private static JsonObject Summary(string code, string name, double perThousand, bool institutionsMet) => new()
    {
        ["code"] = code, ["name"] = name, ["population"] = 100_000, ["children_under3"] = 2800, ["required_slots"] = 900,
        ["accessible_slots"] = perThousand * 100, ["approved_slots"] = perThousand * 100, ["slots_per_thousand"] = Math.Round(perThousand, 1),
        ["required_per_thousand"] = 9, ["gap"] = Math.Round(900 - perThousand * 100), ["institutions"] = 4, ["puhui_share"] = 0.55,
        ["standardised"] = 2, ["demonstration"] = 1, ["unserved_children"] = Math.Round(1000 - perThousand * 100),
        ["meets_institution_target"] = institutionsMet, ["meets_national_target"] = perThousand >= 4.5, ["meets_local_standard"] = perThousand >= 9,
    };

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

internal static class HttpClientJson
{
    public static async Task<JsonElement> GetFromJsonElementAsync(this HttpClient client, string path)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(path));
        return document.RootElement.Clone();
    }
}
