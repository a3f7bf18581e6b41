using Npgsql;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using AuthOptions = Geo.Api.Infrastructure.AuthOptions;

namespace Geo.Api.Tests.Infrastructure;

/// <summary>
/// One PostGIS database for the whole run, migrated once; each test starts from empty tables
/// (<see cref="ResetAsync"/>) and loads what it needs. PostGIS's spatial_ref_sys and the migration history stay.
/// </summary>
public sealed class ApiFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private IAsyncDisposable? _container;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        (ConnectionString, _container) = await TestDatabase.LocateAsync();
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();
    }

    /// <summary>The key the test host signs built-in tokens with, so tests can mint a token for any role.</summary>
    public static readonly byte[] SigningKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tuoyu", ConnectionString);
        builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(SigningKey));
        builder.UseSetting("RateLimits:AnonymousPerMinute", "1000000");
        builder.ConfigureServices(services => services.AddSingleton<Geo.Api.Features.Siting.ISitingRunHold>(SitingGate));
    }

    /// <summary>Holds background siting runs while a test has it closed.</summary>
    public SitingRunGate SitingGate { get; } = new();

    /// <summary>A client signed in with <paramref name="role"/>, or anonymous (the public) when null.</summary>
    public HttpClient CreateClient(Role? role)
    {
        var client = CreateClient();
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", Token($"test-{Words.Of(r)}", r));
        }

        return client;
    }

    /// <summary>The units of accounts a test creates that may change data anywhere (planners and land officers must be bound).</summary>
    public static readonly string[] Everywhere = [Geo.Api.Infrastructure.UnitScope.Nationwide];

    /// <summary>The security stamp of the test accounts that <see cref="ResetAsync"/> puts back.</summary>
    public const string TestStamp = "test-stamp";

    /// <summary>
    /// A token as sign-in issues it. The API accepts it only for an account with <see cref="TestStamp"/>: the
    /// test accounts test-planner, test-land_officer and test-admin, which every test starts with.
    /// </summary>
    public static string Token(string user, Role role, DateTime? expires = null,
        Microsoft.IdentityModel.Tokens.SecurityKey? key = null)
    {
        var token = new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(
            issuer: AuthOptions.LocalIssuer,
            audience: AuthOptions.LocalIssuer,
            claims: [new("sub", user), new("role", Words.Of(role)), new(Geo.Api.Infrastructure.AccountStamps.Claim, TestStamp)],
            expires: expires ?? DateTime.UtcNow.AddHours(1),
            signingCredentials: new Microsoft.IdentityModel.Tokens.SigningCredentials(
                key ?? new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(SigningKey), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256));
        return new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler().WriteToken(token);
    }

    public TuoyuDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(options, ConnectionString);
        return new TuoyuDbContext(options.Options);
    }

    /// <summary>
    /// Empties every table of the application (not spatial_ref_sys, not the migration history), then puts back
    /// the test accounts that <see cref="CreateClient(Role?)"/> signs in as (no password signs in to them). The
    /// planner and land officer are bound to the whole country, as unbound ones may change nothing; the admin is unbound.
    /// </summary>
    public Task ResetAsync() => ResetAsync(ConnectionString);

    /// <inheritdoc cref="ResetAsync()"/>
    public static async Task ResetAsync(string connectionString)
    {
        await TestDatabase.EmptyTablesAsync(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var accounts = string.Join(", ", Enum.GetValues<Role>().Select(r =>
            $"('test-{Words.Of(r)}', '!', '{Words.Of(r)}', 0, false, '{TestStamp}', '{{{(r == Role.Admin ? "" : Geo.Api.Infrastructure.UnitScope.Nationwide)}}}')"));
        await using var seed = new NpgsqlCommand(
            $"INSERT INTO user_accounts (user_name, password_hash, role, failed_sign_ins, disabled, security_stamp, units) VALUES {accounts}", connection);
        await seed.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL on the test database outside the service (a test's own trigger, a table it spoils).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<TuoyuDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TuoyuDbContext>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiTestGroup : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>Base of integration tests: shared fixture, empty tables before each test.</summary>
[Collection(ApiTestGroup.Name)]
public abstract class ApiTest(ApiFixture fixture) : IAsyncLifetime
{
    protected ApiFixture Fixture { get; } = fixture;

    /// <summary>A client signed in as an admin (who may do everything).</summary>
    protected HttpClient Client { get; } = fixture.CreateClient(Role.Admin);

    /// <summary>An anonymous client: the public.</summary>
    protected HttpClient Public { get; } = fixture.CreateClient(null);

    public virtual Task InitializeAsync() => Fixture.ResetAsync();

    public virtual Task DisposeAsync()
    {
        Client.Dispose();
        Public.Dispose();
        return Task.CompletedTask;
    }
}
