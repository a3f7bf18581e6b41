using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Geo.Api.Data;

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Tuoyu", ConnectionString);
    }

    public TuoyuDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(options, ConnectionString);
        return new TuoyuDbContext(options.Options);
    }

    /// <summary>Empties every table of the application (not spatial_ref_sys, not the migration history).</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var list = new NpgsqlCommand("""
            SELECT string_agg(format('%I.%I', schemaname, tablename), ', ')
              FROM pg_tables
             WHERE schemaname = 'public' AND tablename NOT IN ('spatial_ref_sys', '__ef_migrations_history')
            """, connection);
        if (await list.ExecuteScalarAsync() is string tables)
        {
            await using var truncate = new NpgsqlCommand($"TRUNCATE {tables} RESTART IDENTITY CASCADE", connection);
            await truncate.ExecuteNonQueryAsync();
        }
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

    protected HttpClient Client { get; } = fixture.CreateClient();

    public virtual Task InitializeAsync() => Fixture.ResetAsync();

    public virtual Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }
}
