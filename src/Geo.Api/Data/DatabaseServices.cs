using Microsoft.EntityFrameworkCore.Design;

namespace Geo.Api.Data;

public static class DatabaseServices
{
    /// <summary>The connection string: ConnectionStrings:Tuoyu, else the TUOYU_DB environment variable.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Tuoyu") ?? configuration["TUOYU_DB"] ??
        throw new InvalidOperationException(
            "No database configured: set ConnectionStrings__Tuoyu or TUOYU_DB (`make run` does this for you).");

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithAutoPrepare(connectionString), npgsql =>
            {
                npgsql.UseNetTopologySuite();
                npgsql.MigrationsHistoryTable("__ef_migrations_history");
            })
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// Lets Npgsql prepare the statements it sees repeatedly (the same few queries serve every request),
    /// which saves the planning time of spatial queries; an explicit setting in the string wins.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The service's connections run every statement under Postgres's statement_timeout
    /// (Database:StatementTimeoutSeconds, default 60; 0: none), so no import or analysis query holds a
    /// connection for longer; the `migrate` and `seed-demo` verbs lift it for their session.
    /// </summary>
    public static IServiceCollection AddTuoyuDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue("Database:StatementTimeoutSeconds", 60);
        var connectionString = WithStatementTimeout(ConnectionString(configuration), seconds);
        return services.AddDbContext<TuoyuDbContext>(options => Configure(options, connectionString));
    }

    private static string WithStatementTimeout(string connectionString, int seconds)
    {
        if (seconds <= 0)
        {
            return connectionString;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c statement_timeout={seconds}s".Trim();
        builder.CommandTimeout = Math.Max(builder.CommandTimeout, seconds + 5); // the server's timeout answers first, as an error the handler maps
        return builder.ConnectionString;
    }
}

/// <summary>Lets `dotnet ef` build the context without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TuoyuDbContext>
{
    public TuoyuDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(options,
            Environment.GetEnvironmentVariable("TUOYU_DB") ?? "Host=127.0.0.1;Port=55432;Database=tuoyu;Username=tuoyu;Password=tuoyu");
        return new TuoyuDbContext(options.Options);
    }
}
