using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Geo.Api.Tests.Infrastructure;

/// <summary>
/// The API on Kestrel on a free loopback port, over the fixture's database and signing key, for clients that
/// speak HTTP themselves (GDAL's OAPIF and MVT drivers) rather than through the in-memory test server.
/// </summary>
public sealed class LoopbackServer : WebApplicationFactory<Program>
{
    private readonly string _connectionString;

    private LoopbackServer(string connectionString) => _connectionString = connectionString;

    public Uri BaseAddress { get; private set; } = null!;

    public static LoopbackServer Start(ApiFixture fixture)
    {
        var server = new LoopbackServer(fixture.ConnectionString);
        server.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        server.BaseAddress = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return server;
    }

    /// <summary>An address of the server, e.g. Url("/ogc").</summary>
    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tuoyu", _connectionString);
        builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(ApiFixture.SigningKey));
        builder.UseSetting("RateLimits:AnonymousPerMinute", "1000000");
    }
}
