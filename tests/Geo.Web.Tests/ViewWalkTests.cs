using Microsoft.Playwright;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// Every view and panel group a person can reach, as a signed-in planner (who sees all three views) and as the
/// public, at a desktop's and a phone's size: each is screenshotted, and each must show no English word or raw
/// code outside a short allowlist, no fraction or shortfall without its unit, and no serious or critical axe-core
/// violation (axe-core from the project's npm packages, injected from disk: no request leaves the page's origin).
/// </summary>
public abstract class ViewWalk(WebFixture fixture) : BrowserTest(fixture)
{
    /// <summary>A place on the walk: the view, its panel group, what to wait for, and what to do there first.</summary>
    public sealed record Place(string Name, string View, string? Group, string Ready, bool SignedIn = true, string? Click = null);

    public static readonly TheoryData<string> Stops = new(Walk.Select(s => s.Name));

    private static IEnumerable<Place> Walk =>
    [
        new("public", "public", null, "#results li"),
        new("public-card", "public", null, "#results li", Click: "#results li[data-kind=room] button"),
        new("planner-coverage", "planner", "coverage", ".view-planner[data-loaded=true] #coverage-summary .figure"),
        new("planner-targets", "planner", "targets", ".view-planner[data-loaded=true] table.targets"),
        new("planner-plan", "planner", "plan", ".view-planner[data-loaded=true] table.plan-targets"),
        new("planner-plan-form", "planner", "plan", ".view-planner[data-loaded=true] table.plan-targets", Click: "#plan-add-target"),
        new("planner-nursing", "planner", "nursing", ".view-planner[data-loaded=true] #nursing-coverage .figure"),
        new("planner-what-if", "planner", "what-if", ".view-planner[data-loaded=true] button.mode"),
        new("planner-siting", "planner", "siting", ".view-planner[data-loaded=true] #planner-groups-siting button"),
        new("land", "land", null, ".view-land[data-loaded=true] #parcel-list li"),
        new("land-card", "land", null, ".view-land[data-loaded=true] #parcel-list li", Click: "#parcel-list li button"),
        new("land-signed-out", "land", null, ".view-land[data-access=denied]", SignedIn: false),
        new("sign-in-dialog", "land", null, ".view-land[data-access=denied]", SignedIn: false, Click: "#land-sign-in button"),
    ];

    /// <summary>ASCII words a reader may meet: the product, the map's attribution and scale, file formats, model and solver names, standards' codes as printed (JGJ 39, GB 50180).</summary>
    internal static readonly string[] Allowed =
        ["TuoyuGeo", "Leaflet", "OpenStreetMap", "contributors", "m", "km", "CSV", "GeoJSON", "Shapefile", "GeoPackage", "PDF", "SCIP", "MCLP", "LSCP", "P", "JGJ", "GB"];

    /// <summary>
    /// Visible text nodes (hidden groups, folded details and tooltips not shown are skipped), as the words that
    /// break the rules: ASCII words off the allowlist (parcel codes such as TY-004 are names people use), "a / b"
    /// with no unit after it, and "差 2.6" with none.
    /// </summary>
    internal const string Offences = """
        (allowed) => {
          const ok = new Set(allowed);
          const found = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            const text = node.textContent;
            if (!text.trim() || !parent || ['SCRIPT', 'STYLE', 'OPTION'].includes(parent.tagName) || !parent.getClientRects().length) continue;
            // translate="no" marks what a person typed and reads back as is (a user name), not the page's words.
            if (parent.closest('[hidden], [translate=no], details:not([open]) > :not(summary)') || getComputedStyle(parent).visibility === 'hidden') continue;
            for (const word of text.match(/[A-Za-z][A-Za-z0-9_.-]*/g) ?? []) {
              const bare = word.replace(/[.-]+$/, '');
              if (!ok.has(bare) && !/^[A-Z]{1,4}\d*-\d+$/.test(bare)) found.push(`"${bare}" in "${text.trim().slice(0, 60)}"`);
            }
            const whole = (parent.closest('td, li, .figure, p, dd, span') ?? parent).innerText ?? text;
            for (const m of whole.matchAll(/(\d[\d,.]*)\s*\/\s*(\d[\d,.]*)(?![\d,.])(?!\s*[^\s\d,.，。、；：)）|])/g)) found.push(`no unit after "${m[0]}" in "${whole.trim().slice(0, 60)}"`);
            for (const m of whole.matchAll(/差\s*(\d[\d,.]*)(?![\d,.])(?!\s*[^\s\d,.，。、；：)）|])/g)) found.push(`no unit after "${m[0]}" in "${whole.trim().slice(0, 60)}"`);
          }
          return [...new Set(found)];
        }
        """;

    [Theory]
    [MemberData(nameof(Stops))]
    public async Task Each_view_reads_in_Chinese_with_units_and_passes_axe(string name)
    {
        var stop = Walk.Single(s => s.Name == name);
        if (stop.SignedIn)
        {
            await SignInWithTokenAsync(Role.Planner);
        }

        await OpenAsync(stop.View, group: stop.Group);
        await Page.WaitForSelectorAsync(stop.Ready);
        if (stop.Click is { } click)
        {
            await Page.Locator(click).First.ClickAsync();
            await Page.WaitForSelectorAsync(".detail:not([hidden]) h3, #sign-in-dialog[open], #plan-editor:not([hidden]) h3");
        }

        await Page.WaitForSelectorAsync("#loading", new() { State = WaitForSelectorState.Hidden });
        await ScreenshotAsync($"walk-{name}-{Size}");

        var offences = await Page.EvaluateAsync<string[]>(Offences, Allowed);
        Assert.True(offences.Length == 0, $"{name}: English, codes or missing units on screen:\n" + string.Join("\n", offences.Take(40)));

        var faint = await Page.EvaluateAsync<string[]>(ReadabilityTests.SmallOrFaintText, "#panel *, #legend *, header *, footer, #sign-in-dialog *");
        Assert.True(faint.Length == 0, $"{name}: texts too small or faint:\n" + string.Join("\n", faint.Distinct().Take(40)));

        var violations = await Axe.SeriousViolationsAsync(Page);
        Assert.True(violations.Count == 0, $"{name}: axe-core found serious or critical violations:\n" + string.Join("\n", violations));
        AssertNoConsoleErrors();
    }

    protected abstract string Size { get; }
}

public sealed class DesktopViewWalkTests(WebFixture fixture) : ViewWalk(fixture)
{
    protected override ViewportSize Viewport => new() { Width = 1366, Height = 800 };

    protected override string Size => "desktop";
}

public sealed class PhoneViewWalkTests(WebFixture fixture) : ViewWalk(fixture)
{
    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    protected override string Size => "phone";
}

/// <summary>axe-core, run in the page from the project's own npm copy (web/node_modules/axe-core).</summary>
public static class Axe
{
    private static readonly string Script = Path.Combine(Geo.Api.Tests.Infrastructure.TestDatabase.RepositoryRoot(), "web", "node_modules", "axe-core", "axe.min.js");

    /// <summary>Serious and critical violations, as "rule: help (selectors)"; the map's tiles pane is left out (tiles never load in tests).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        if (!File.Exists(Script))
        {
            throw new InvalidOperationException($"axe-core is missing at {Script}: run `make deps` (npm ci in web/).");
        }

        // The page's CSP allows scripts of its own origin only: axe is served there, from disk, for this page alone.
        var url = new Uri(new Uri(page.Url), "/__axe-core.js").ToString();
        await page.RouteAsync(url, route => route.FulfillAsync(new() { Path = Script, ContentType = "text/javascript" }));
        await page.AddScriptTagAsync(new() { Url = url });
        return await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
            }
            """);
    }
}
