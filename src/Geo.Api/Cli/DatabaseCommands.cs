using Geo.Api.Demo;
using Geo.Api.Features.Auth;
using Geo.Api.Features.Districts;

namespace Geo.Api.Cli;

/// <summary>
/// Administrative verbs of the service binary: `Geo.Api migrate` applies the migrations in db-migrations/,
/// `Geo.Api seed-demo` also loads the demo district when the database has no districts yet and sets up the seed
/// authorities (<see cref="SeedAuthorities"/>), and
/// `Geo.Api create-admin &lt;user name&gt;` creates the first admin account with the password in
/// TUOYU_ADMIN_PASSWORD or, when that is unset, read from standard input (there is no default password).
/// `Geo.Api rotate-signing-key` replaces the key kept in service_settings that signs built-in accounts' tokens:
/// every token signed before is refused from then on (running instances notice within Auth:RevocationSeconds).
/// </summary>
internal static class DatabaseCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var verb = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (verb is not ("migrate" or "seed-demo" or "create-admin" or "rotate-signing-key"))
        {
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Database");
        await db.Database.OpenConnectionAsync(); // one session, so lifting the statement timeout holds for the migrations
        await db.Database.ExecuteSqlRawAsync("SET statement_timeout = 0");
        await db.Database.MigrateAsync();
        log.LogInformation("Migrations applied");
        if (verb == "create-admin")
        {
            Environment.ExitCode = await CreateAdminAsync(scope.ServiceProvider, args, log);
        }

        if (verb == "rotate-signing-key")
        {
            Environment.ExitCode = await RotateSigningKeyAsync(scope.ServiceProvider, log);
        }

        if (verb == "seed-demo")
        {
            var loaded = await DemoDataLoader.LoadIfEmptyAsync(db, log);
            if (!loaded)
            {
                log.LogInformation("Database already has data; demo not loaded");
            }

            await SeedAuthorities.SetUpAsync(app.Services, log);
        }

        return true;
    }

    private static async Task<int> RotateSigningKeyAsync(IServiceProvider services, ILogger log)
    {
        var keys = services.GetRequiredService<Infrastructure.LocalTokenKeys>();
        if (keys.Configured)
        {
            log.LogError("The signing key is set in configuration (Auth:SigningKey): replace it there and restart the service");
            return 1;
        }

        await keys.RotateAsync(services.GetRequiredService<TuoyuDbContext>());
        log.LogInformation("Signing key rotated: tokens signed before are refused; everyone signs in again");
        return 0;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, string[] args, ILogger log)
    {
        var userName = args.SkipWhile(a => a != "create-admin").Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
        var password = Environment.GetEnvironmentVariable("TUOYU_ADMIN_PASSWORD") ?? Console.ReadLine();
        var problem = AccountService.PasswordProblem(password);
        if (userName is null || problem is not null)
        {
            log.LogError("usage: create-admin <user name>; the password ({Rule}) in TUOYU_ADMIN_PASSWORD or on standard input",
                problem ?? "given");
            return 2;
        }

        var db = services.GetRequiredService<TuoyuDbContext>();
        if (await db.UserAccounts.AnyAsync(u => u.UserName == userName))
        {
            log.LogError("User {User} exists already", userName);
            return 1;
        }

        await services.GetRequiredService<AccountService>().CreateAsync(userName, password!, Role.Admin);
        log.LogInformation("Admin {User} created", userName);
        return 0;
    }
}
