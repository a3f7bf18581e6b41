using Microsoft.Playwright;
using Geo.Api.Data.Entities;
using Geo.Web.Tests.Infrastructure;

namespace Geo.Web.Tests;

/// <summary>
/// Staff sign-in through the page: the dialog, who is signed in, 退出; wrong passwords and lock-out said plainly;
/// a token the API refuses ends the session; and what each role is told about the controls it may not use.
/// </summary>
public sealed class AuthTests(WebFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_land_officer_signs_in_through_the_dialog_sees_the_parcels_and_signs_out()
    {
        ExpectConsoleError("401", "/api/auth/token"); // the wrong password below
        var parcelCalls = 0;
        Page.Request += (_, request) => parcelCalls += request.Url.Contains("/api/parcels", StringComparison.Ordinal) ? 1 : 0;

        // The public sees the land view's prompt, and the page asks for no parcel.
        await OpenAsync("land");
        var prompt = Page.Locator("#land-sign-in");
        await prompt.WaitForAsync();
        Assert.Contains("需要工作人员登录", await prompt.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("自然资源（用地）", await prompt.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await Page.Locator("#parcel-list li").CountAsync());
        Assert.Equal(0, await Page.Locator("path.parcel-shape").CountAsync());
        Assert.Equal(0, parcelCalls);
        await ScreenshotAsync("land-sign-in-needed");

        // A wrong password is refused in words; the dialog stays open.
        await prompt.Locator("button").ClickAsync();
        var dialog = Page.Locator("#sign-in-dialog");
        await dialog.WaitForAsync();
        await Page.FillAsync("#sign-in-user", WebFixture.Accounts[Role.LandOfficer]);
        await Page.FillAsync("#sign-in-password", "not-the-password");
        await Page.ClickAsync("#sign-in-submit");
        var error = Page.Locator("#sign-in-error");
        await error.WaitForAsync();
        Assert.Equal("用户名或密码错误。", await error.InnerTextAsync());
        await ScreenshotAsync("sign-in-wrong-password");

        // The right one signs in: the header says who and as what, and the parcels load.
        await Page.FillAsync("#sign-in-password", WebFixture.Password);
        await Page.ClickAsync("#sign-in-submit");
        await Page.Locator("#signed-in-as").WaitForAsync();
        Assert.Equal("li.land · 自然资源（用地）", await Page.InnerTextAsync("#signed-in-as"));
        Assert.False(await dialog.IsVisibleAsync());
        await Page.WaitForSelectorAsync(".view-land[data-access=granted][data-loaded=true]");
        Assert.Equal(25, await Page.Locator("#parcel-list li").CountAsync());
        Assert.Equal(0, await Page.Locator("#land-sign-in").CountAsync());
        var token = await Page.EvaluateAsync<string>("() => sessionStorage.getItem('tuoyu.token')");
        Assert.Equal(3, token.Split('.').Length);
        await ScreenshotAsync("land-signed-in");

        // The sign-in lasts across a reload of the tab (sessionStorage), then 退出 ends it.
        await Page.ReloadAsync();
        await Page.WaitForSelectorAsync(".view-land[data-access=granted][data-loaded=true]");
        Assert.Equal("li.land · 自然资源（用地）", await Page.InnerTextAsync("#signed-in-as"));
        await Page.ClickAsync("#sign-out");
        await Page.Locator("#land-sign-in").WaitForAsync();
        Assert.Equal(0, await Page.Locator("#parcel-list li").CountAsync());
        Assert.Null(await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('tuoyu.token')"));
        Assert.Equal("登录", await Page.InnerTextAsync("#sign-in"));
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_so_that_even_the_right_one_is_refused()
    {
        ExpectConsoleError("401", "/api/auth/token");
        await OpenAsync("public");
        await Page.ClickAsync("#sign-in");
        await Page.FillAsync("#sign-in-user", WebFixture.LockableAccount);
        for (var attempt = 1; attempt <= WebFixture.MaxFailedSignIns; attempt++)
        {
            await Page.FillAsync("#sign-in-password", $"wrong-{attempt}");
            await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#sign-in-submit"), r => r.Url.EndsWith("/api/auth/token", StringComparison.Ordinal));
        }

        var error = Page.Locator("#sign-in-error");
        await Assertions.Expect(error).ToHaveTextAsync("用户名或密码错误。");

        // Locked: even the right password is refused, in the words of a wrong one (the API does not say which).
        await Page.FillAsync("#sign-in-password", WebFixture.Password);
        var refused = await Page.RunAndWaitForResponseAsync(() => Page.ClickAsync("#sign-in-submit"), r => r.Url.EndsWith("/api/auth/token", StringComparison.Ordinal));
        Assert.Equal(401, refused.Status);
        await Assertions.Expect(error).ToHaveTextAsync("用户名或密码错误。");
        Assert.Equal(0, await Page.Locator("#signed-in-as").CountAsync());
        await ScreenshotAsync("sign-in-locked");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_token_the_API_refuses_ends_the_session_and_asks_to_sign_in_again()
    {
        ExpectConsoleError("401", "/api/auth/me");
        await SignInWithTokenAsync(Role.Planner, WebFixture.Token(Role.Planner, expires: DateTime.UtcNow.AddMinutes(-10)));
        await OpenAsync("planner");
        var dialog = Page.Locator("#sign-in-dialog");
        await dialog.WaitForAsync();
        Assert.Contains("登录已失效", await Page.InnerTextAsync("#sign-in-reason"), StringComparison.Ordinal);
        Assert.Equal(0, await Page.Locator("#signed-in-as").CountAsync());
        Assert.Null(await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('tuoyu.token')"));

        // The public view behind it still works: the planner's coverage is public, the what-if is not.
        await Page.ClickAsync("#sign-in-cancel");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.Contains("需要工作人员登录", await Page.InnerTextAsync("#whatif-sign-in"), StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task The_public_sees_coverage_but_is_told_what_if_and_siting_need_a_planner()
    {
        var posts = 0;
        Page.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");

        Assert.NotEqual("—", await Page.InnerTextAsync("#coverage-summary [data-figure=per-thousand] .value"));
        foreach (var id in new[] { "#whatif-sign-in", "#siting-sign-in" })
        {
            var text = await Page.InnerTextAsync(id);
            Assert.Contains("需要工作人员登录", text, StringComparison.Ordinal);
            Assert.Contains("规划人员或管理员", text, StringComparison.Ordinal);
        }

        Assert.False(await Page.IsVisibleAsync("#whatif-run"));
        Assert.False(await Page.IsVisibleAsync("#siting-run"));
        // The hidden "add" mode is switched on behind the UI's back: the map click itself must refuse the public.
        // Leaflet handles a click synchronously, so once a frame and a task have passed and the network is idle,
        // a marker or a POST would already be there.
        await Page.EvaluateAsync("document.querySelector('button.mode[data-mode=add]').click()");
        var box = (await Page.Locator("#map").BoundingBoxAsync())!;
        await Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(0, await Page.Locator(".poi.hypothetical").CountAsync());
        Assert.Equal(0, posts);
        await ScreenshotAsync("planner-public");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task A_land_officer_is_told_the_what_if_needs_a_planner_account()
    {
        await SignInWithTokenAsync(Role.LandOfficer);
        await OpenAsync("planner");
        await Page.WaitForSelectorAsync(".view-planner[data-loaded=true]");
        Assert.Equal("li.land · 自然资源（用地）", await Page.InnerTextAsync("#signed-in-as"));
        var text = await Page.InnerTextAsync("#whatif-sign-in");
        Assert.Contains("当前账户无此权限", text, StringComparison.Ordinal);
        Assert.Contains("规划人员或管理员", text, StringComparison.Ordinal);
        Assert.Contains("换个账户登录", text, StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }
}
