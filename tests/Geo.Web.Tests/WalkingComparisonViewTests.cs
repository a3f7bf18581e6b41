using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using Geo.Analysis.Spatial;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// 规划分析's straight-line / walking comparison on a hand network: a street grid over the demo district with a river
/// between two rows that one column bridges. A 托育 institution on the south bank and a 小区 on the north bank stand
/// 100 m apart in a line and about 1.4 km apart on foot (72 m to the south row, 550 m east to the bridge, 222 m over
/// it, 550 m back, 50 m down to the 小区): the 小区 must be drawn on the layer of areas covered in a straight line but
/// not on foot, and listed with both distances beside the comparison of the two measures.
/// </summary>
public sealed class WalkingComparisonViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string Gulou = "350102";
    private const string AreaName = "示例·北岸小区（测试）";
    private const string InstitutionName = "示例·南岸托育园（测试）";
    private const double PairOffset = 0.0055; // the pair stands this far west of the bridge (about 550 m)

    /// <summary>
    /// Where the pair goes: the row under the river and the bridge's column, near the district's centre, with both points
    /// inside the district and no other institution within 450 m of the 小区 (which would reach it on foot).
    /// </summary>
    private static (int Row, int Bridge, Point Institution, Point Area) Place(StreetGrid grid, Geometry district, IReadOnlyList<Point> institutions)
    {
        var (midRow, midColumn) = (grid.Lats.Count / 2, grid.Lons.Count / 2);
        var tries = from dr in Enumerable.Range(-8, 17) from dc in Enumerable.Range(-8, 17) orderby Math.Abs(dr) + Math.Abs(dc) select (Row: midRow + dr, Column: midColumn + dc);
        foreach (var (row, column) in tries)
        {
            var bridge = column + 3;
            if (row < 1 || row + 2 >= grid.Lats.Count || column < 1 || bridge >= grid.Lons.Count)
            {
                continue;
            }

            var lon = grid.Lons[bridge] - PairOffset;
            var institution = Wgs84.Point(lon, grid.Lats[row] + 0.00065); // 72 m north of the south row, in the river
            var area = Wgs84.Point(lon, grid.Lats[row + 1] - 0.00045); // 50 m south of the north row
            if (district.Contains(institution) && district.Contains(area) && institutions.All(i => Metres(i, area) > 450))
            {
                return (row, bridge, institution, area);
            }
        }

        throw new InvalidOperationException("no place for the river pair near the district's centre");
    }

    private static double Metres(Point a, Point b)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree((a.Y + b.Y) / 2);
        return Math.Sqrt(Math.Pow((a.X - b.X) * perLon, 2) + Math.Pow((a.Y - b.Y) * perLat, 2));
    }

    [Fact]
    public async Task The_planner_draws_and_lists_the_area_over_the_river_and_compares_straight_line_and_walking()
    {
        await SignInWithTokenAsync(Role.Planner);
        // Without a network the planner shows what it did: no comparison, no such layer.
        await OpenAsync("planner", group: "coverage");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.True(await Page.Locator("#walking-comparison").IsHiddenAsync());
        Assert.DoesNotContain("直线可达、步行不可达", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);

        var grid = await StreetGrid.OverDistrictAsync(Fixture, Gulou);
        await using var scope = Fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var district = (await db.Districts.AsNoTracking().SingleAsync(d => d.Code == Gulou)).Boundary!;
        var operating = await db.Institutions.AsNoTracking().Where(i => i.Status == InstitutionStatus.Operating).Select(i => i.Location).ToListAsync();
        var (row, bridge, at, areaAt) = Place(grid, district, operating);
        grid.River = (row, bridge);
        var institution = new Institution
        {
            Name = InstitutionName, Location = at, Nature = InstitutionNature.NonProfit, OperatorType = OperatorType.Independent,
            ServiceTypes = [ServiceType.FullDay], ApprovedSlots = 30, FilingStatus = FilingStatus.Filed, FiledOn = new DateOnly(2024, 1, 1),
            Status = InstitutionStatus.Operating, DataSource = "synthetic (browser test)",
        };
        var area = new ResidentialArea { Name = AreaName, Location = areaAt, Population = 1200, Kind = ResidentialKind.Old, DataSource = "synthetic (browser test)" };
        db.Institutions.Add(institution);
        db.ResidentialAreas.Add(area);
        await db.SaveChangesAsync();
        try
        {
            await grid.ImportAsync(Fixture, Gulou);
            Assert.InRange(Metres(at, areaAt), 95, 105);

            // The API answers both distances for the 小区 across the river.
            using var planner = Fixture.Client(Role.Planner);
            var body = await planner.GetFromJsonAsync<JsonElement>($"/api/analysis/walking-comparison?district={Gulou}");
            var lost = body.GetProperty("areas").GetProperty("features").EnumerateArray()
                .Single(f => f.GetProperty("properties").GetProperty("name").GetString() == AreaName).GetProperty("properties");
            Assert.InRange(lost.GetProperty("ground_m").GetDouble(), 95, 105);
            Assert.InRange(lost.GetProperty("walking_m").GetDouble(), 1350, 1500);

            var centre = string.Create(CultureInfo.InvariantCulture, $"16/{(at.Y + areaAt.Y) / 2:F5}/{at.X + 0.002:F5}");
            await OpenAsync("planner", centre, group: "coverage");
            await Page.ReloadAsync(); // a new load: only the hash changed, and the page kept its coverage measured without a network
            await Page.WaitForSelectorAsync("body[data-ready=true]");
            await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
            await Page.Locator("#walking-comparison table").WaitForAsync();

            // The comparison: the same figures measured both ways, walking never covering more than the straight line.
            var share = await TextsAsync(Page.Locator("#walking-comparison tr[data-row=covered_share] td"));
            Assert.All(share, s => Assert.Matches(@"^\d+(\.\d)?%$", s));
            Assert.True(Percent(share[0]) >= Percent(share[1]), string.Join(" / ", share));
            Assert.All(await TextsAsync(Page.Locator("#walking-comparison tr[data-row=accessible_per_thousand] td")), s => Assert.EndsWith(" 托位/千人", s, StringComparison.Ordinal));
            var figure = await Page.InnerTextAsync("#walking-comparison [data-figure=walking-lost]");
            Assert.Contains($"{body.GetProperty("areas_lost").GetInt32().ToString("N0", CultureInfo.GetCultureInfo("zh-CN"))} 个居住区", figure, StringComparison.Ordinal);

            await Page.Locator("#walking-comparison details summary").ClickAsync();
            var item = await Page.Locator("#walking-lost-list li", new() { HasText = AreaName }).InnerTextAsync();
            Assert.Matches(@"直线 (9\d|10\d) 米 · 步行 1\.(3[5-9]|4\d)\d? 公里", item);

            // On the map: a ring in its own colour at the 小区, its legend row, under the facilities.
            Assert.Contains("直线可达、步行不可达的居住区", await Page.InnerTextAsync("#legend"), StringComparison.Ordinal);
            Assert.True(await Page.Locator("path.walking-lost").CountAsync() >= 1);
            Assert.Equal("#c026d3", await Page.Locator("path.walking-lost").First.GetAttributeAsync("stroke"));
            var result = await Page.EvaluateAsync<JsonElement>(CoveredFacilities);
            Assert.True(result.GetProperty("checked").GetInt32() > 0, "no facility marker in view");
            Assert.Empty(result.GetProperty("covered").EnumerateArray());
            await ScreenshotAsync("planner-walking-comparison");
            await Page.Locator("#walking-comparison").ScrollIntoViewIfNeededAsync();
            await Page.Locator("#walking-comparison").ScreenshotAsync(new() { Path = Path.Combine(WebFixture.ScreenshotFolder, "planner-walking-comparison-panel.png") });

            // Every figure says it was walked, at which speed: coverage, the targets (300 m at 1.2 m/s is 4.2 minutes), and the land bureau's ranking.
            var version = body.GetProperty("parameters").GetProperty("network_version").GetInt32();
            var walked = $"步行路网距离（路网第 {version} 版，步速 1.2 米/秒，半径约步行 4.2 分钟）";
            Assert.Contains(walked, await Page.InnerTextAsync("#coverage-measure"), StringComparison.Ordinal);
            await Page.ClickAsync("#planner-groups-tab-targets");
            await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.targets");
            Assert.Contains(walked, await Page.Locator("#targets .hint").First.InnerTextAsync(), StringComparison.Ordinal);
            AssertNoConsoleErrors();

            await SignInWithTokenAsync(Role.LandOfficer);
            await OpenAsync("land");
            await Page.WaitForSelectorAsync(".view-land[data-loaded=true]");
            Assert.Contains($"（按{walked}）", await Page.InnerTextAsync("#land-summary"), StringComparison.Ordinal);
            await ScreenshotAsync("land-walking-measure");
            AssertNoConsoleErrors();
        }
        finally
        {
            await StreetGrid.RemoveAsync(Fixture, Gulou);
            await db.Institutions.Where(i => i.Id == institution.Id).ExecuteDeleteAsync();
            await db.ResidentialAreas.Where(a => a.Id == area.Id).ExecuteDeleteAsync();
        }
    }

    private static double Percent(string text) => double.Parse(text.TrimEnd('%'), CultureInfo.InvariantCulture);
}
