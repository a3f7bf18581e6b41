using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Demo;
using Geo.Api.Features.Auth;
using AuthOptions = Geo.Api.Infrastructure.AuthOptions;
using UnitScope = Geo.Api.Infrastructure.UnitScope;

using Geo.Api.Tests.Infrastructure;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// The API on Kestrel on a free loopback port, over a migrated database holding the demo district, and one
/// headless Debian chromium driven by Playwright. The tests only read (one edits a parcel and puts it back), so
/// the data are loaded once per run, into emptied tables. Built-in staff accounts are created afresh for each run through the AccountService,
/// so a test can sign in through the dialog like a person; others carry a token signed with the host's key.
/// </summary>
public sealed class WebFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The system browser (Debian's chromium); Playwright's own browser download is never used.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("TUOYU_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>The password of every built-in test account (long enough for the API's password rule).</summary>
    public const string Password = "托育-test-2026-password";

    /// <summary>The accounts the tests sign in with; recreated each run so none starts locked.</summary>
    public static readonly IReadOnlyDictionary<Role, string> Accounts = new Dictionary<Role, string>
    {
        [Role.Planner] = "wang.planner", [Role.LandOfficer] = "li.land", [Role.Admin] = "chen.admin",
    };

    /// <summary>An account the lock-out test may lock.</summary>
    public const string LockableAccount = "zhao.lockable";

    /// <summary>Wrong passwords before an account locks (the API's default is 5; fewer keep the test short).</summary>
    public const int MaxFailedSignIns = 3;

    private static readonly byte[] SigningKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);

    private IAsyncDisposable? _container;
    private IPlaywright? _playwright;

    public string ConnectionString { get; private set; } = "";

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(TestDatabase.RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"No browser at {ChromiumPath} for the browser tests: run scripts/test-prerequisites.sh " +
                "(Debian's chromium), or set TUOYU_CHROMIUM. A missing browser fails the run, it is never skipped.");
        }

        (ConnectionString, _container) = await WebTestDatabase.LocateAsync();
        var options = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(options, ConnectionString);
        await using (var db = new TuoyuDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
            // Emptied first: a database left by an earlier run (or an older demo generator) must not stand in
            // for today's demo, whose counts the tests rely on.
            await TestDatabase.EmptyTablesAsync(ConnectionString);
            await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
        }

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        await CreateAccountsAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tuoyu", ConnectionString);
        builder.UseSetting("Map:TiandituKey", ""); // 天地图 stays hidden: its tiles are out of reach in tests anyway
        builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(SigningKey));
        builder.UseSetting("Auth:MaxFailedSignIns", MaxFailedSignIns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:AnonymousPerMinute", "1000000"); // every page of every test comes from one address
        builder.ConfigureServices(services => services.AddSingleton<Geo.Api.Features.Siting.ISitingRunHold>(SitingGate));
    }

    /// <summary>Holds background siting runs while a test has it closed.</summary>
    public SitingRunGate SitingGate { get; } = new();

    /// <summary>
    /// The built-in accounts, created as an administrator would (AccountService, hashed passwords); the staff ones
    /// bound to the whole country, as a planner or land officer bound to nothing may change nothing.
    /// </summary>
    private async Task CreateAccountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var names = Accounts.Values.Append(LockableAccount).ToList();
        await db.UserAccounts.Where(u => names.Contains(u.UserName)).ExecuteDeleteAsync();
        foreach (var (role, name) in Accounts)
        {
            Stamps[name] = (await accounts.CreateAsync(name, Password, role, role == Role.Admin ? [] : [UnitScope.Nationwide])).SecurityStamp;
        }

        await accounts.CreateAsync(LockableAccount, Password, Role.LandOfficer, [UnitScope.Nationwide]);
    }

    /// <summary>The security stamps of <see cref="Accounts"/>, which the API checks every token's against.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Stamps = new();

    /// <summary>A token as the API issues on sign-in, signed with this host's key, for one of <see cref="Accounts"/>.</summary>
    public static string Token(Role role, string? user = null, DateTime? expires = null)
    {
        var token = new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(
            issuer: AuthOptions.LocalIssuer,
            audience: AuthOptions.LocalIssuer,
            claims: [new("sub", user ?? Accounts[role]), new("role", Words.Of(role)), new(Geo.Api.Infrastructure.AccountStamps.Claim, Stamps.GetValueOrDefault(user ?? Accounts[role], ""))],
            notBefore: expires is { } past && past < DateTime.UtcNow ? past.AddHours(-1) : null,
            expires: expires ?? DateTime.UtcNow.AddHours(1),
            signingCredentials: new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(SigningKey), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256));
        return new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>An HttpClient on the API, signed in with <paramref name="role"/> or anonymous.</summary>
    public HttpClient Client(Role? role = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", Token(r));
        }

        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebTestGroup : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
