using Microsoft.EntityFrameworkCore;
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

    public static IServiceCollection AddTuoyuDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = ConnectionString(configuration);
        return services.AddDbContext<TuoyuDbContext>(options => Configure(options, connectionString));
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
