using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Geo.Analysis.Coordinates;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// 区划设置, the admins' page for a new district: 环翠区 found by name in the national reference, set up (dry run, then for
/// real), and its boundary and 街道 imported from a GCJ-02 GeoJSON whose rectangles (WGS-84, as in the API's
/// DistrictImportTests) make one overlap, one gap and one 街道 outside — each listed in 平方米 and drawn on the map.
/// Everything it writes (units whose codes begin with 37) is removed afterwards: the other tests see the demo alone.
/// </summary>
public abstract class DistrictSetupView(WebFixture fixture) : BrowserTest(fixture)
{
    private static readonly (string Code, string Name, double W, double E, double S, double N)[] Units =
    [
        ("371002", "环翠区", 122.10, 122.14, 37.48, 37.52),
        ("371002001", "环翠楼街道", 122.10, 122.12, 37.48, 37.52),
        ("371002002", "鲸园街道", 122.118, 122.14, 37.48, 37.51),
        ("371002003", "竹岛街道", 122.14, 122.15, 37.50, 37.51),
    ];

    protected abstract string Size { get; }

    private static byte[] StreetFile() => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(Units.Select(u => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = new JsonObject { ["行政区划代码"] = u.Code, ["名称"] = u.Name },
            ["geometry"] = new JsonObject
            {
                ["type"] = "Polygon",
                ["coordinates"] = new JsonArray(new JsonArray(new (double Lon, double Lat)[] { (u.W, u.S), (u.E, u.S), (u.E, u.N), (u.W, u.N), (u.W, u.S) }
                    .Select(c => Crs.Gcj02.FromWgs84(c.Lon, c.Lat)).Select(c => (JsonNode)new JsonArray(c.X, c.Y)).ToArray())),
            },
        }).ToArray()),
    }.ToJsonString());

    [Fact]
    public async Task An_admin_finds_a_district_sets_it_up_and_imports_its_streets_with_the_topology_drawn_on_the_map()
    {
        await SignInWithTokenAsync(Role.Admin);
        try
        {
            await OpenAsync("admin");
            await Page.WaitForSelectorAsync(".view-admin[data-access=granted]");
            Assert.True(await Page.IsVisibleAsync("#tab-admin"));

            await Page.FillAsync("#admin-search", "环翠");
            await Page.ClickAsync("#admin-search-button");
            await Page.Locator("#admin-matches li[data-code='371002'] button").ClickAsync();
            Assert.Contains("山东省 › 威海市 › 环翠区", await Page.InnerTextAsync("#admin-unit"), StringComparison.Ordinal);
            Assert.Contains("446,193 人", await Page.InnerTextAsync("#admin-unit"), StringComparison.Ordinal);

            // The dry run lists the province, city, district and 9 街道/镇 to create, and writes nothing.
            await Page.ClickAsync("#admin-setup-dry-run");
            await Page.WaitForSelectorAsync(".view-admin[data-setup=dry-run]");
            Assert.Equal("预演：将新建 12 个、更新 0 个，0 个不变", await Page.InnerTextAsync("#admin-steps-summary"));
            Assert.Equal(0, await WithDbAsync(db => db.Districts.CountAsync(d => d.Code.StartsWith("37"))));
            await ScreenshotAsync($"district-setup-dry-run-{Size}");

            await Page.ClickAsync("#admin-setup-commit");
            await Page.WaitForSelectorAsync(".view-admin[data-setup=committed]");
            Assert.Equal(446193, await WithDbAsync(db => db.Districts.Where(d => d.Code == "371002").Select(d => d.Population).SingleAsync()));
            Assert.Contains("已建立", await Page.InnerTextAsync("#admin-unit"), StringComparison.Ordinal);

            await Page.SetInputFilesAsync("#admin-file", new FilePayload { Name = "环翠街道.geojson", MimeType = "application/geo+json", Buffer = StreetFile() });
            await Page.SelectOptionAsync("#admin-crs", "GCJ-02");
            await Page.ClickAsync("#admin-import-dry-run");
            await Page.WaitForSelectorAsync(".view-admin[data-import=dry-run]");
            var findings = await Page.Locator("#admin-topology li").AllInnerTextsAsync();
            Assert.Equal(["overlaps", "gaps", "outside"], await Page.Locator("#admin-topology li").EvaluateAllAsync<string[]>("items => items.map((li) => li.dataset.kind)"));
            Assert.All(findings, f => Assert.Contains("平方米", f, StringComparison.Ordinal));
            Assert.Contains("环翠楼街道（371002001）与 鲸园街道（371002002）重叠", findings[0], StringComparison.Ordinal);
            Assert.Equal(3, await Page.Locator("path.topology-shape").CountAsync());
            Assert.Equal(1, await Page.Locator("path.topology-overlaps").CountAsync());
            Assert.True(await Page.IsEnabledAsync("#admin-import-commit"));

            await Page.WaitForSelectorAsync("#loading", new() { State = WaitForSelectorState.Hidden });
            await ScreenshotAsync($"district-setup-topology-{Size}");
            var offences = await Page.EvaluateAsync<string[]>(ViewWalk.Offences, ViewWalk.Allowed);
            Assert.True(offences.Length == 0, "English, codes or missing units on screen:\n" + string.Join("\n", offences.Take(40)));
            var faint = await Page.EvaluateAsync<string[]>(ReadabilityTests.SmallOrFaintText, "#panel *, #legend *, header *, footer");
            Assert.True(faint.Length == 0, "texts too small or faint:\n" + string.Join("\n", faint.Distinct().Take(40)));
            var violations = await Axe.SeriousViolationsAsync(Page);
            Assert.True(violations.Count == 0, "axe-core found serious or critical violations:\n" + string.Join("\n", violations));

            await Page.ClickAsync("#admin-import-commit");
            await Page.WaitForSelectorAsync(".view-admin[data-import=committed]");
            var jingyuan = await WithDbAsync(db => db.Districts.AsNoTracking().SingleAsync(d => d.Code == "371002002"));
            Assert.Equal("GCJ-02", jingyuan.SourceCrs);
            Assert.Equal(122.118, jingyuan.Boundary!.EnvelopeInternal.MinX, 5);
            AssertNoConsoleErrors();
        }
        finally
        {
            await RemoveHuancuiAsync();
        }
    }

    [Fact]
    public async Task Others_do_not_see_it_and_its_link_opens_the_public_view()
    {
        await SignInWithTokenAsync(Role.Planner);
        await OpenAsync("admin");
        Assert.Equal("public", await Page.GetAttributeAsync("body", "data-view"));
        Assert.False(await Page.IsVisibleAsync("#tab-admin"));
        Assert.True(await Page.IsVisibleAsync("#tab-land"));
        AssertNoConsoleErrors();
    }

    private async Task<T> WithDbAsync<T>(Func<TuoyuDbContext, Task<T>> work)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TuoyuDbContext>());
    }

    /// <summary>Children before parents: a unit's parent may not go while it stays.</summary>
    private Task RemoveHuancuiAsync() => WithDbAsync(async db =>
    {
        foreach (var level in new[] { DistrictLevel.Community, DistrictLevel.Subdistrict, DistrictLevel.District, DistrictLevel.City, DistrictLevel.Province })
        {
            await db.Districts.Where(d => d.Code.StartsWith("37") && d.Level == level).ExecuteDeleteAsync();
        }

        return true;
    });
}

public sealed class DesktopDistrictSetupViewTests(WebFixture fixture) : DistrictSetupView(fixture)
{
    protected override ViewportSize Viewport => new() { Width = 1366, Height = 800 };

    protected override string Size => "desktop";
}

public sealed class PhoneDistrictSetupViewTests(WebFixture fixture) : DistrictSetupView(fixture)
{
    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    protected override string Size => "phone";
}
