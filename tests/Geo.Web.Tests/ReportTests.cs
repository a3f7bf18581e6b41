using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// The printable district report, printed as a planner would hand it over: Debian's chromium prints report.html to
/// PDF from the command line (--print-to-pdf), poppler-utils reads it back (pdfinfo for pages and size, pdftotext
/// for the words) and turns each page into a PNG beside the screenshots (pdftoppm), to be looked at.
/// </summary>
public sealed partial class ReportTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string District = "350102";

    [Fact]
    public async Task The_district_report_prints_to_A4_pages_in_Chinese()
    {
        var folder = Directory.CreateTempSubdirectory("tuoyu-report-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "report.pdf");
            var url = new Uri(Fixture.BaseAddress, $"/report.html#district={District}").ToString();
            await RunAsync(WebFixture.ChromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", "--no-pdf-header-footer", "--virtual-time-budget=20000",
                "--run-all-compositor-stages-before-draw", $"--print-to-pdf={pdf}", url);
            Assert.True(File.Exists(pdf), "chromium wrote no PDF");

            var info = await RunAsync("pdfinfo", pdf);
            var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.InRange(pages, 2, 8);
            var size = PageSizeLine().Match(info);
            Assert.True(size.Success, info);
            Assert.InRange(double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), 594, 597); // A4: 595.28 × 841.89 pt
            Assert.InRange(double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture), 841, 843);

            var text = await RunAsync("pdftotext", "-layout", pdf, "-");
            foreach (var heading in new[] { "鼓楼区托育服务设施规划报告", "覆盖现状图", "主要指标", "规划目标", "各街道情况", "托位缺口最大", "母婴室配置", "选址方案", "数据来源" })
            {
                Assert.Contains(heading, text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("报告生成失败", text, StringComparison.Ordinal);
            Assert.Contains("托位/千人", text, StringComparison.Ordinal);

            var prefix = Path.Combine(WebFixture.ScreenshotFolder, "report-page");
            foreach (var old in Directory.GetFiles(WebFixture.ScreenshotFolder, "report-page-*.png"))
            {
                File.Delete(old);
            }

            await RunAsync("pdftoppm", "-png", "-r", "60", pdf, prefix);
            var images = Directory.GetFiles(WebFixture.ScreenshotFolder, "report-page-*.png");
            Assert.Equal(pages, images.Length);
            Assert.All(images, image => Assert.True(new FileInfo(image).Length > 5_000, $"{image} is blank"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_report_page_shows_the_district_and_a_print_button_that_the_print_hides()
    {
        await Page.GotoAsync(new Uri(Fixture.BaseAddress, $"/report.html#district={District}").ToString());
        await Page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal("鼓楼区托育服务设施规划报告", await Page.InnerTextAsync("h1"));
        Assert.True(await Page.Locator("#report-map path").CountAsync() > 10, "the map draws the areas");
        await ScreenshotAsync("report-screen");
        await Page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Print });
        Assert.False(await Page.IsVisibleAsync(".toolbar"));
        var violations = await Axe.SeriousViolationsAsync(Page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        AssertNoConsoleErrors();
    }

    /// <summary>
    /// Signed in as a planner, the report lists the chosen siting scenario (the link's). chromium's command line cannot
    /// carry the sign-in (sessionStorage), so the page is printed by the same headless chromium through its DevTools
    /// print (Playwright's PDF, A4 as the page's CSS sets it) and read back with poppler as above.
    /// </summary>
    [Fact]
    public async Task Signed_in_as_a_planner_the_printed_report_lists_the_chosen_siting_scenario()
    {
        using var planner = Fixture.Client(Role.Planner);
        var name = $"报告方案-{Guid.NewGuid().ToString("N")[..6]}";
        var response = await planner.PostAsJsonAsync("/api/analysis/siting", new { name, district = District, model = "mclp", p = 3, solver = "heuristic" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scenario = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = scenario.GetProperty("id").GetInt64();
        var folder = Directory.CreateTempSubdirectory("tuoyu-report-");
        try
        {
            await SignInWithTokenAsync(Role.Planner);
            await Page.GotoAsync(new Uri(Fixture.BaseAddress, $"/report.html#district={District}&scenario={id}").ToString());
            await Page.WaitForSelectorAsync("body[data-ready=true]");
            var pdf = Path.Combine(folder.FullName, "report.pdf");
            await Page.PdfAsync(new() { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });

            var info = await RunAsync("pdfinfo", pdf);
            var size = PageSizeLine().Match(info);
            Assert.True(size.Success, info);
            Assert.InRange(double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), 594, 597);
            var text = Regex.Replace(await RunAsync("pdftotext", pdf, "-"), @"\s+", "");
            Assert.Contains($"方案“{name}”", text, StringComparison.Ordinal);
            var sites = scenario.GetProperty("sites").GetProperty("features").GetArrayLength();
            Assert.Contains($"新增{sites}处", text, StringComparison.Ordinal);
            Assert.Contains("服务需求", text, StringComparison.Ordinal); // the sites' table
            Assert.DoesNotContain("仅对规划人员可见", text, StringComparison.Ordinal);
            Assert.Contains("人口：2020年第七次全国人口普查", text, StringComparison.Ordinal); // the API's word census, in Chinese

            var prefix = Path.Combine(WebFixture.ScreenshotFolder, "report-planner-page");
            foreach (var old in Directory.GetFiles(WebFixture.ScreenshotFolder, "report-planner-page-*.png"))
            {
                File.Delete(old);
            }

            await RunAsync("pdftoppm", "-png", "-r", "60", pdf, prefix);
            Assert.NotEmpty(Directory.GetFiles(WebFixture.ScreenshotFolder, "report-planner-page-*.png"));
            AssertNoConsoleErrors();
        }
        finally
        {
            folder.Delete(recursive: true);
            await planner.DeleteAsync($"/api/analysis/scenarios/{id}");
        }
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start: scripts/test-prerequisites.sh installs it");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await error}");
        return await output;
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^Page size:\s+([\d.]+) x ([\d.]+) pts", RegexOptions.Multiline)]
    private static partial Regex PageSizeLine();
}
