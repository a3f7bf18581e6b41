using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// 规划分析's 目标进度 group over the demo district, whose set-up applied 鼓楼's plan file: each target's figure in
/// its unit with its status in Chinese and the as-of date, and the roll-up of its 街道.
/// </summary>
public sealed class PlanProgressViewTests(WebFixture fixture) : BrowserTest(fixture)
{
    private const string District = "350102";

    [Fact]
    public async Task The_plan_group_shows_each_targets_figure_in_its_unit_with_its_status_and_the_jiedao_rollup()
    {
        using var client = Fixture.Client();
        var progress = await client.GetFromJsonAsync<JsonElement>($"/api/targets/progress?unit={District}");
        var rollup = await client.GetFromJsonAsync<JsonElement>($"/api/targets/rollup?unit={District}");
        JsonElement Target(string key) => progress.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("target").GetProperty("key").GetString() == key);

        await OpenAsync("planner", group: "plan");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true] table.plan-targets");
        Assert.Equal(progress.GetProperty("targets").GetArrayLength(), await Page.Locator("table.plan-targets tbody tr").CountAsync());
        Assert.Contains($"截至 {progress.GetProperty("as_of").GetString()}", await Page.InnerTextAsync("#plan-as-of"), StringComparison.Ordinal);

        // A share of 街道 reads as a percentage, e.g. 9 of 10 街道 → "90.0%", with its status in Chinese.
        var perSubdistrict = Target("institutions-per-subdistrict");
        var row = Page.Locator("table.plan-targets tr[data-key='institutions-per-subdistrict']");
        var share = (perSubdistrict.GetProperty("current").GetDouble() * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
        Assert.Equal(share, (await row.Locator("td.current").InnerTextAsync()).Split('\n')[0].Trim());
        var status = perSubdistrict.GetProperty("status").GetString();
        var chinese = new Dictionary<string, string> { ["met"] = "已达标", ["not_met"] = "未达标", ["on_track"] = "按期推进", ["at_risk"] = "进度滞后", ["missed"] = "逾期达标", ["overdue"] = "已逾期" };
        Assert.Equal(chinese[status!], await row.Locator($"[data-status={status}]").InnerTextAsync());
        Assert.Contains("鼓政办〔2020〕24号", await row.InnerTextAsync(), StringComparison.Ordinal);

        // The national 托位 target in 托位/千人, one decimal.
        var national = Target("national-slots-per-thousand-2025");
        var perThousand = national.GetProperty("current").GetDouble().ToString("F1", CultureInfo.InvariantCulture);
        Assert.StartsWith($"{perThousand} 托位/千人", await Page.InnerTextAsync("table.plan-targets tr[data-key='national-slots-per-thousand-2025'] td.current"), StringComparison.Ordinal);

        // One roll-up row per 街道, as the API rolls them up; no raw adcode on the page.
        Assert.Equal(rollup.GetProperty("units").GetArrayLength(), await Page.Locator($"table.plan-rollup[data-unit='{District}'] tbody tr").CountAsync());
        Assert.True(rollup.GetProperty("units").GetArrayLength() > 0);
        Assert.DoesNotMatch(@"\b\d{6}\b", await Page.InnerTextAsync("#plan-progress") + await Page.InnerTextAsync("#plan-rollups"));
        AssertNoConsoleErrors();
    }
}
