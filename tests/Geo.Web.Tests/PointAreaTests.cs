using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// Residential areas stored as points (小区 imported from a housing list) drawn as small coloured circles under the
/// facilities: at zoom 13, 15 and 17 the element at each facility marker's centre is a facility, never an area.
/// The demo's areas are polygons, so the page is given them as points, the first ones placed right on facilities.
/// </summary>
public sealed class PointAreaTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string District = "350102";

    private async Task<List<(double Lon, double Lat)>> FacilitiesAsync()
    {
        using var client = Fixture.Client();
        var institutions = await client.GetFromJsonAsync<JsonElement>($"/api/institutions?district={District}&status=operating&page_size=1000");
        var rooms = await client.GetFromJsonAsync<JsonElement>($"/api/nursing-rooms?district={District}&page_size=1000");
        return institutions.GetProperty("features").EnumerateArray().Concat(rooms.GetProperty("features").EnumerateArray())
            .Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
            .Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();
    }

    /// <summary>Answers <paramref name="pattern"/> with the API's own body, every polygon replaced by a point: the first ones on facilities.</summary>
    private async Task AsPointsAsync(string pattern, Func<JsonNode, JsonArray> features, List<(double Lon, double Lat)> facilities)
    {
        await Page.RouteAsync(pattern, async route =>
        {
            var response = await route.FetchAsync();
            var body = JsonNode.Parse(await response.TextAsync())!;
            var i = 0;
            foreach (var feature in features(body))
            {
                var geometry = feature!["geometry"]!;
                var (lon, lat) = i < facilities.Count ? facilities[i] : Centre(geometry);
                feature["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };
                i++;
            }

            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body.ToJsonString() });
        });
    }

    private static (double Lon, double Lat) Centre(JsonNode geometry)
    {
        var ring = geometry["type"]!.GetValue<string>() == "MultiPolygon" ? geometry["coordinates"]![0]![0]! : geometry["coordinates"]![0]!;
        var points = ring.AsArray().Select(p => (p![0]!.GetValue<double>(), p[1]!.GetValue<double>())).ToList();
        return (points.Average(p => p.Item1), points.Average(p => p.Item2));
    }

    private async Task AssertNoFacilityCoveredAsync(string view, (double Lon, double Lat) at, string ready)
    {
        foreach (var zoom in new[] { 13, 15, 17 })
        {
            await OpenAsync(view, string.Create(CultureInfo.InvariantCulture, $"{zoom}/{at.Lat:F5}/{at.Lon:F5}"), tiles: "off");
            await Page.WaitForSelectorAsync(ready);
            await Page.WaitForFunctionAsync("() => document.querySelectorAll('path.area-point').length > 0");
            await ScreenshotAsync($"{view}-point-areas-z{zoom}");
            var result = await Page.EvaluateAsync<JsonElement>(CoveredFacilities);
            var covered = result.GetProperty("covered").EnumerateArray().Select(c => c.GetString()).ToList();
            var checkedCount = result.GetProperty("checked").GetInt32();
            Assert.True(checkedCount > 0, $"{view} at zoom {zoom}: no facility marker in view");
            Assert.True(covered.Count == 0, $"{view} at zoom {zoom}: {covered.Count} of {checkedCount} covered:\n" + string.Join("\n", covered));
            Assert.Equal(0, result.GetProperty("pins").GetInt32());
        }
    }

    [Fact]
    public async Task In_the_public_view_point_areas_are_circles_under_the_facilities_at_zoom_13_15_and_17()
    {
        var facilities = await FacilitiesAsync();
        await AsPointsAsync("**/api/residential-areas?*", body => body["features"]!.AsArray(), facilities);
        await AssertNoFacilityCoveredAsync("public", facilities[0], "#results li");

        // Circles take the colours of the area kinds.
        var fills = await Page.Locator("path.area-point").EvaluateAllAsync<string[]>("paths => [...new Set(paths.map(p => p.getAttribute('fill')))]");
        Assert.All(fills, fill => Assert.Contains(fill, new[] { "#d97706", "#7c3aed" }));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task In_the_planner_point_areas_take_the_coverage_colours_under_the_facilities_at_zoom_13_15_and_17()
    {
        var facilities = await FacilitiesAsync();
        await AsPointsAsync("**/api/analysis/coverage?*", body => body["areas"]!["features"]!.AsArray(), facilities);
        await AssertNoFacilityCoveredAsync("planner", facilities[0], ".view-planner[data-loaded=true]");

        var fills = await Page.Locator("path.area-point").EvaluateAllAsync<string[]>("paths => [...new Set(paths.map(p => p.getAttribute('fill')))]");
        Assert.All(fills, fill => Assert.Contains(fill, new[] { "#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027" }));
        AssertNoConsoleErrors();
    }
}
