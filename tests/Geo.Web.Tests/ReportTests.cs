using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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
