using Npgsql;
using Geo.Api.Tests.Infrastructure;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// The browser tests' PostGIS, found as Geo.Api.Tests finds its own (<see cref="TestDatabase"/>: TUOYU_TEST_DB,
/// else Testcontainers, else the local cluster; no database is a failure, never a skip). The API tests empty
/// their tables between tests while these read the demo district, and the two projects run at the same time:
/// so on a shared server these tests use a sibling database, named like the located one with "_web" appended,
/// created when missing (a located database already ending in "_web" is used as it is).
/// </summary>
internal static class WebTestDatabase
{
    public static async Task<(string ConnectionString, IAsyncDisposable? Owned)> LocateAsync()
    {
        var (located, container) = await TestDatabase.LocateAsync();
        return container is null ? (await OwnDatabaseAsync(located), null) : (located, container);
    }

    private static async Task<string> OwnDatabaseAsync(string located)
    {
        var builder = new NpgsqlConnectionStringBuilder(located);
        if (builder.Database is { } name && name.EndsWith("_web", StringComparison.Ordinal))
        {
            return located;
        }

        var own = builder.Database + "_web";
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(located) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", own);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{own}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        builder.Database = own;
        return builder.ConnectionString;
    }
}
