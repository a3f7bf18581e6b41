using System.Diagnostics;
using Npgsql;
using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;

namespace Geo.Api.Tests.Infrastructure;

/// <summary>
/// Finds the PostGIS the integration tests run against, in this order: the connection string in
/// TUOYU_TEST_DB; a Testcontainers PostGIS with pgRouting when a Docker engine answers (the db image of
/// docker-compose.yml, built from scripts/db.Dockerfile on the pinned PostGIS tag);
/// the local cluster that `scripts/db.sh up` started (its .tuoyu/db.env). No database is a failure, never a
/// skip: tests do not go green without PostGIS.
/// </summary>
internal static class TestDatabase
{
    /// <summary>The pinned image, the same tag as docker-compose.yml (a test checks they agree).</summary>
    public const string PostgisImage = "postgis/postgis:15-3.4";

    /// <summary>The compose db image: <see cref="PostgisImage"/> plus pgRouting, which the walking-network tests compare against.</summary>
    public const string PgRoutingImage = "tuoyugeo-db:15-3.4-pgrouting";

    public static async Task<(string ConnectionString, IAsyncDisposable? Owned)> LocateAsync()
    {
        if (Environment.GetEnvironmentVariable("TUOYU_TEST_DB") is { Length: > 0 } configured)
        {
            return (configured, null);
        }

        if (DockerAnswers())
        {
            // Plain postgis/postgis has no pgRouting; the image is built once and reused while its Dockerfile is unchanged.
            var image = new ImageFromDockerfileBuilder()
                .WithDockerfileDirectory(Path.Combine(RepositoryRoot(), "scripts"))
                .WithDockerfile("db.Dockerfile")
                .WithBuildArgument("postgis_image", PostgisImage)
                .WithName(PgRoutingImage)
                .WithCleanUp(false)
                .Build();
            await image.CreateAsync();
            var container = new PostgreSqlBuilder(image).Build();
            await container.StartAsync();
            return (container.GetConnectionString(), container);
        }

        if (ReadLocalClusterEnv() is { } local)
        {
            return (local, null);
        }

        throw new InvalidOperationException(
            "No PostGIS database for the integration tests: set TUOYU_TEST_DB, start a Docker engine, or run " +
            "`make test` (which starts the local cluster with scripts/db.sh)." +
            (Environment.GetEnvironmentVariable("CI") == "true" ? " CI=true: a missing database fails the run." : ""));
    }

    /// <summary>
    /// The maintenance database of the cluster the tests use, for creating and dropping databases: no pooling (a
    /// dropped database keeps no idle connection), and five minutes per command, because CREATE and DROP DATABASE
    /// wait for a checkpoint, which on a busy disk outlasts Npgsql's default of 30 s.
    /// </summary>
    public static string Admin(string located) =>
        new NpgsqlConnectionStringBuilder(located) { Database = "postgres", Pooling = false, CommandTimeout = 300 }.ConnectionString;

    /// <summary>
    /// A sibling of the located database, named like it with <paramref name="suffix"/> appended and created when
    /// missing, for tests that must not share tables with the API tests running at the same time (a located database
    /// already ending in the suffix is used as it is).
    /// </summary>
    public static async Task<string> SiblingAsync(string located, string suffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(located);
        if (builder.Database is { } name && name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return located;
        }

        var own = builder.Database + suffix;
        await using var connection = new NpgsqlConnection(Admin(located));
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

    /// <summary>Empties every table of the application (not spatial_ref_sys, not the migration history).</summary>
    public static async Task EmptyTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
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
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadAllLines(file)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == "TUOYU_TEST_DB")
            .Select(p => p[1].Trim('\''))
            .FirstOrDefault();
    }

    private static bool DockerAnswers()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
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
