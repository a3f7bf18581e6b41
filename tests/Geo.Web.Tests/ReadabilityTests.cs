using Microsoft.Playwright;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// Text a person can read: every visible piece of text in the panels, legend, header and footer at least 12 px and at
/// least 4.5:1 against the colour behind it (WCAG AA for body text), the heat ramp's labels included.
/// </summary>
public sealed class ReadabilityTests(WebFixture fixture) : BrowserTest(fixture)
{
    /// <summary>Elements with their own text whose size or contrast falls short, as "text: size px, ratio:1".</summary>
    public const string SmallOrFaintText = """
        (scope) => {
          const parse = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
          const luminance = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = (e) => {
            for (; e; e = e.parentElement) {
              const style = getComputedStyle(e);
              const c = parse(style.backgroundColor);
              if ((c.length < 4 || c[3] > 0.5) && style.backgroundColor !== 'rgba(0, 0, 0, 0)') return c;
            }
            return [255, 255, 255];
          };
          const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
          const short = [];
          for (const e of document.querySelectorAll(scope)) {
            const own = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join('');
            if (!own || !e.getClientRects().length || e.closest('[hidden], .leaflet-tooltip, option, .heat-ramp')) continue;
            const style = getComputedStyle(e);
            if (style.visibility === 'hidden' || Number(style.opacity) < 1 || e.closest('button:disabled')) continue;
            const size = parseFloat(style.fontSize);
            const contrast = ratio(parse(style.color), background(e));
            if (size < 12 || contrast < 4.5) short.push(`${own.slice(0, 24)}: ${size} px, ${contrast.toFixed(2)}:1`);
          }
          const ramp = document.querySelectorAll('.heat-ramp span');
          if (ramp.length === 2) {
            const [pale, dark] = [[0xfd, 0xe6, 0x8a], [0xb9, 0x1c, 0x1c]];
            const small = ratio(parse(getComputedStyle(ramp[0]).color), pale), large = ratio(parse(getComputedStyle(ramp[1]).color), dark);
            if (small < 4.5 || large < 4.5) short.push(`heat ramp: ${small.toFixed(2)}:1 and ${large.toFixed(2)}:1`);
          }
          return short;
        }
        """;

    private const string Scope = "#panel *, #legend *, header *, footer";

    [Theory]
    [InlineData("public", "#results li")]
    [InlineData("planner", ".view-planner[data-loaded=true] table.targets")]
    [InlineData("land", "#panel h2")]
    public async Task Text_is_at_least_12_px_and_4_5_to_1(string view, string ready)
    {
        await OpenAsync(view, group: view == "planner" ? "targets" : null);
        await Page.WaitForSelectorAsync(ready);
        if (view == "public")
        {
            await Page.Locator("#results li[data-kind=room] button").First.ClickAsync();
        }

        var shortfalls = await Page.EvaluateAsync<string[]>(SmallOrFaintText, Scope);
        Assert.True(shortfalls.Length == 0, $"{view}: {shortfalls.Length} texts too small or faint:\n" + string.Join("\n", shortfalls.Distinct().Take(40)));
        AssertNoConsoleErrors();
    }
}

/// <summary>The public view on a phone: targets a thumb can hit, a folded legend, a card that opens at its title.</summary>
public sealed class PhoneTouchTests(WebFixture fixture) : BrowserTest(fixture)
{
    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    [Fact]
    public async Task Tap_targets_are_44_px_the_legend_folds_and_a_card_opens_at_its_title()
    {
        await OpenAsync("public");
        await Page.Locator("#results li").First.WaitForAsync();
        var small = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('header button, header select, #panel button, #panel select, #panel input[type=search], #panel label.check, .leaflet-control-zoom a, .legend-toggle')]
              .filter((e) => e.getClientRects().length && !e.closest('[hidden], details:not([open])'))
              .map((e) => [e, e.getBoundingClientRect()])
              .filter(([, r]) => r.height < 44)
              .map(([e, r]) => `${e.tagName}#${e.id}.${e.className} "${e.textContent.trim().slice(0, 12)}": ${r.height.toFixed(0)} px`)
            """);
        Assert.True(small.Length == 0, "targets under 44 px:\n" + string.Join("\n", small));

        var legend = Page.Locator("#legend");
        Assert.True((await legend.BoundingBoxAsync())!.Height < 60, "the legend starts folded");
        await Page.ClickAsync(".legend-toggle");
        Assert.True((await legend.BoundingBoxAsync())!.Height > 100, "the legend unfolds");
        await ScreenshotAsync("public-phone-legend");
        await Page.ClickAsync(".legend-toggle");

        await Page.Locator("#results li").Nth(5).Locator("button").ClickAsync();
        var title = (await Page.Locator("#detail h3").BoundingBoxAsync())!;
        var panel = (await Page.Locator("#panel").BoundingBoxAsync())!;
        Assert.InRange(title.Y, panel.Y, panel.Y + 60);
        await ScreenshotAsync("public-phone-card");
        AssertNoConsoleErrors();
    }
}
