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
using Geo.Api.Demo;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// The API on Kestrel on a free loopback port, over a migrated database holding the demo district, and one
/// headless Debian chromium driven by Playwright. The tests only read, so the data are loaded once.
/// </summary>
public sealed class WebFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The system browser (Debian's chromium); Playwright's own browser download is never used.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("TUOYU_CHROMIUM") ?? "/usr/bin/chromium";

    private IAsyncDisposable? _container;
    private IPlaywright? _playwright;

    public string ConnectionString { get; private set; } = "";

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(WebTestDatabase.RepositoryRoot(), "TestResults", "screenshots");

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
            await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
        }

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);

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
