using System.Text.Json;
using Microsoft.Playwright;
using Geo.Api.Data.Entities;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// A fresh browser context per test. Every request that leaves the API's origin is aborted, so base-map tiles
/// never load and the map has to show its data without them; the page's console errors and uncaught exceptions
/// are collected (a blocked tile's own "failed to load" line is not the page's fault and is left out).
/// </summary>
[Collection(WebTestGroup.Name)]
public abstract class BrowserTest(WebFixture fixture) : IAsyncLifetime
{
    private readonly List<string> _consoleErrors = [];
    private readonly List<Func<string, bool>> _expectedErrors = [];

    /// <summary>Facilities whose centre another element covers, and how many were looked at, with the area points drawn.</summary>
    protected const string CoveredFacilities = """
        () => {
          const map = document.getElementById('map').getBoundingClientRect();
          // Map controls and the transient notices above the map (e.g. a base map that cannot load) are not map layers.
          const controls = [...document.querySelectorAll('.leaflet-control, #messages .message')].map((c) => c.getBoundingClientRect());
          const inside = (r, x, y) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
          const isFacility = (e) => e && (e.closest('.poi, .marker-cluster') || e.matches('path.institution-dot'));
          const facilities = [...document.querySelectorAll('.leaflet-marker-icon.poi, .leaflet-marker-icon.marker-cluster, path.institution-dot')];
          const covered = [];
          let checked = 0;
          for (const f of facilities) {
            const r = f.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            // Leaflet leaves markers outside the view as empty paths (0×0): they are not drawn, so nothing covers them.
            if (r.width === 0 || !inside(map, x, y) || controls.some((c) => inside(c, x, y))) continue;
            checked += 1;
            const hit = document.elementFromPoint(x, y);
            if (!isFacility(hit)) covered.push(`${f.getAttribute('title') ?? f.getAttribute('class')} under ${hit?.tagName}.${hit?.getAttribute('class')} (${hit?.closest('.leaflet-pane')?.className})`);
          }
          return { checked, covered, points: document.querySelectorAll('path.area-point').length, pins: document.querySelectorAll('img.leaflet-marker-icon').length };
        }
        """;

    protected WebFixture Fixture { get; } = fixture;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    protected List<string> BlockedRequests { get; } = [];

    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 860 };

    public virtual async Task InitializeAsync()
    {
        Context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = Viewport, Locale = "zh-CN", AcceptDownloads = true,
        });
        var origin = Fixture.BaseAddress.GetLeftPart(UriPartial.Authority);
        await Context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                lock (BlockedRequests)
                {
                    BlockedRequests.Add(route.Request.Url);
                }

                await route.AbortAsync();
            }
        });
        Page = await Context.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Location is not { Length: > 0 } at || at.StartsWith(origin, StringComparison.Ordinal)))
            {
                var line = $"{message.Text} ({message.Location})";
                lock (_consoleErrors)
                {
                    if (!_expectedErrors.Any(expected => expected(line)))
                    {
                        _consoleErrors.Add(line);
                    }
                }
            }
        };
        Page.PageError += (_, error) => _consoleErrors.Add("uncaught: " + error);
    }

    /// <summary>
    /// Opens the page on a view (its permalink) and waits until the page says it is ready; <paramref name="tiles"/>
    /// ("on" or "off") makes the large layers come from vector tiles, or not, whatever their size; <paramref name="group"/>
    /// opens a panel group of a view that has them (the planner's coverage, targets, nursing, what-if, siting).
    /// </summary>
    protected async Task OpenAsync(string view, string? map = null, string? tiles = null, string? group = null)
    {
        var hash = $"#view={view}" + (map is null ? "" : $"&map={map}") + (tiles is null ? "" : $"&tiles={tiles}") + (group is null ? "" : $"&group={group}");
        await Page.GotoAsync(new Uri(Fixture.BaseAddress, "/" + hash).ToString());
        await Page.WaitForSelectorAsync("body[data-ready]");
        Assert.Equal("true", await Page.GetAttributeAsync("body", "data-ready"));
    }

    /// <summary>
    /// Signs the browser in as a staff member of <paramref name="role"/> the way the page keeps a sign-in: the token
    /// in sessionStorage, set before the page's scripts run on every load of this test's context.
    /// </summary>
    protected Task SignInWithTokenAsync(Role role, string? token = null) =>
        Context.AddInitScriptAsync($"sessionStorage.setItem('tuoyu.token', {JsonSerializer.Serialize(token ?? WebFixture.Token(role))});");

    /// <summary>
    /// A console error the test provokes on purpose, e.g. the browser's own line for a refused sign-in
    /// ("the server responded with a status of 401" at /api/auth/token).
    /// </summary>
    protected void ExpectConsoleError(string status, string path)
    {
        lock (_consoleErrors)
        {
            _expectedErrors.Add(line => line.Contains($"status of {status}", StringComparison.Ordinal) && line.Contains(path, StringComparison.Ordinal));
        }
    }

    protected void AssertNoConsoleErrors()
    {
        lock (_consoleErrors)
        {
            Assert.True(_consoleErrors.Count == 0, "console errors:\n" + string.Join("\n", _consoleErrors));
        }
    }

    protected Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.ScreenshotFolder, name + ".png") });

    protected static async Task<IReadOnlyList<string>> TextsAsync(ILocator locator) => await locator.AllInnerTextsAsync();

    public virtual async Task DisposeAsync() => await Context.CloseAsync();
}
