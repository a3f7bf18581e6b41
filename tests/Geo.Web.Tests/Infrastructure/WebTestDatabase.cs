using System.Diagnostics;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Geo.Web.Tests.Infrastructure;

/// <summary>
/// Finds the PostGIS the browser tests run against, in the order of Geo.Api.Tests' TestDatabase: TUOYU_TEST_DB;
/// a Testcontainers PostGIS when a Docker engine answers; the local cluster of `scripts/db.sh up` (.tuoyu/db.env).
/// The API tests empty their tables between tests while these read the demo district, and the two projects run at
/// the same time: so on a shared server these tests use a sibling database, named like the located one with
/// "_web" appended, created when missing (a located database already ending in "_web" is used as it is).
/// No database is a failure, never a skip.
/// </summary>
internal static class WebTestDatabase
{
    /// <summary>The same image as docker-compose.yml and Geo.Api.Tests.</summary>
    public const string PostgisImage = "postgis/postgis:15-3.4";

    public static async Task<(string ConnectionString, IAsyncDisposable? Owned)> LocateAsync()
    {
        if (Environment.GetEnvironmentVariable("TUOYU_TEST_DB") is { Length: > 0 } configured)
        {
            return (await OwnDatabaseAsync(configured), null);
        }

        if (DockerAnswers())
        {
            var container = new PostgreSqlBuilder(PostgisImage).Build();
            await container.StartAsync();
            return (container.GetConnectionString(), container);
        }

        if (ReadLocalClusterEnv() is { } local)
        {
            return (await OwnDatabaseAsync(local), null);
        }

        throw new InvalidOperationException(
            "No PostGIS database for the browser tests: set TUOYU_TEST_DB, start a Docker engine, or run " +
            "`make test` (which starts the local cluster with scripts/db.sh)." +
            (Environment.GetEnvironmentVariable("CI") == "true" ? " CI=true: a missing database fails the run." : ""));
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

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TuoyuGeo.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TuoyuGeo.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? ReadLocalClusterEnv()
    {
        var file = Path.Combine(RepositoryRoot(), ".tuoyu", "db.env");
        return !File.Exists(file) ? null : File.ReadAllLines(file)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == "TUOYU_TEST_DB")
            .Select(p => p[1].Trim('\''))
            .FirstOrDefault();
    }

    private static bool DockerAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (docker is null)
            {
                return false;
            }

            if (!docker.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                docker.Kill();
                return false;
            }

            return docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client
        }
    }
}
