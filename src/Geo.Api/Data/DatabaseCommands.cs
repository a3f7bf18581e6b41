using Microsoft.EntityFrameworkCore;
using Geo.Api.Demo;

namespace Geo.Api.Data;

/// <summary>
/// Administrative verbs of the service binary: `Geo.Api migrate` applies the migrations in db-migrations/,
/// `Geo.Api seed-demo` also loads the demo district when the database has no districts yet.
/// </summary>
public static class DatabaseCommands
{
    public static async Task<bool> TryRunAsync(this WebApplication app, string[] args)
    {
        var verb = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (verb is not ("migrate" or "seed-demo"))
        {
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Database");
        await db.Database.MigrateAsync();
        log.LogInformation("Migrations applied");
        if (verb == "seed-demo")
        {
            var loaded = await DemoDataLoader.LoadIfEmptyAsync(db, log);
            if (!loaded)
            {
                log.LogInformation("Database already has data; demo not loaded");
            }
        }

        return true;
    }
}
