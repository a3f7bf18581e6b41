using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Geo.Api.Data;

/// <summary>
/// The pool of the public's hot read-only statements (nearby institutions, vector tiles), beside EF Core's: the
/// connection string the service's context is given (statement timeout, auto-prepare), read once per configured
/// database from the context's options so a request builds no context, with No Reset On Close.
/// </summary>
/// <remarks>
/// A connection handed back to a shared pool is reset before its next use: Npgsql prepends SET SESSION AUTHORIZATION
/// DEFAULT, RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all() and two DISCARDs to the next statement, seven
/// statements PostgreSQL ran for every such request beside the one asked. A statement run here must therefore leave no
/// session state behind: one read-only statement per connection use, no SET, no temporary table, no transaction left
/// open. Capped well below PostgreSQL's connections: statements of a few milliseconds serve thousands of requests a
/// second on 20.
/// </remarks>
internal static class ReadOnlyStatements
{
    public const int MaxPoolSize = 20;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    public static NpgsqlDataSource DataSource(IServiceProvider services, IConfiguration configuration) =>
        DataSources.GetOrAdd(DatabaseServices.ConnectionString(configuration), _ =>
        {
            var builder = new NpgsqlConnectionStringBuilder(RelationalOptionsExtension.Extract(
                services.GetRequiredService<DbContextOptions<TuoyuDbContext>>()).ConnectionString)
            {
                NoResetOnClose = true,
                MaxPoolSize = MaxPoolSize,
            };
            return NpgsqlDataSource.Create(builder.ConnectionString);
        });
}
