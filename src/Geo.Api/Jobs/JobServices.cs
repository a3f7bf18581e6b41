using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Logging;
using Hangfire.PostgreSql;

namespace Geo.Api.Jobs;

/// <summary>Settings of the job engine (section Jobs).</summary>
public sealed class JobOptions
{
    /// <summary>How often an idle worker looks for work in the queue.</summary>
    public int QueuePollMilliseconds { get; set; } = 500;

    /// <summary>
    /// How long a job whose instance died without a word (killed, crashed) stays invisible before another instance
    /// takes it again. Running jobs keep renewing it, so a long run is never taken twice.
    /// </summary>
    public int InvisibilitySeconds { get; set; } = 120;

    /// <summary>Workers of this instance running imports; siting runs one at a time (an exact solve takes every core).</summary>
    public int ImportWorkers { get; set; } = 2;
}

/// <summary>
/// Background jobs with Hangfire on PostgreSQL: the engine keeps its queue in the schema "hangfire", which it creates
/// and upgrades itself at start; the jobs' own state (background_jobs) comes with the service's migrations.
/// </summary>
public static class JobServices
{
    public const string Schema = "hangfire";

    public static IServiceCollection AddDurableJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Jobs").Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton<JobInstance>().AddSingleton<DurableJobs>();
        // This host's storage and activator, not Hangfire's statics: hosts of one process (tests run several, on
        // different databases) would otherwise take whichever configured them last.
        services.AddSingleton<JobStorage>(provider =>
        {
            var storage = new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = true,
                QueuePollInterval = TimeSpan.FromMilliseconds(options.QueuePollMilliseconds),
                InvisibilityTimeout = TimeSpan.FromSeconds(options.InvisibilitySeconds),
                UseSlidingInvisibilityTimeout = true,
            };
            var connection = DatabaseServices.ConnectionString(provider.GetRequiredService<IConfiguration>());
            return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, storage, null), storage);
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((provider, server) => Worker(provider, server, "siting", 1));
        services.AddHangfireServer((provider, server) => Worker(provider, server, "import", options.ImportWorkers));
        return services;
    }

    /// <summary>
    /// Hangfire keeps its log provider in a static: a second host in the same process (tests run several) replaces it,
    /// and once that host is disposed its logger factory throws. Logging then goes quiet instead of failing the job.
    /// </summary>
    private sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
    {
        private readonly AspNetCoreLogProvider _inner = new(factory);

        public ILog GetLogger(string name)
        {
            try
            {
                return new Guarded(_inner.GetLogger(name));
            }
            catch (ObjectDisposedException)
            {
                return new Guarded(null);
            }
        }

        private sealed class Guarded(ILog? inner) : ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    return inner?.Log(logLevel, messageFunc, exception) ?? false;
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
    }

    private static void Worker(IServiceProvider provider, BackgroundJobServerOptions server, string queue, int workers)
    {
        server.ServerName = $"{provider.GetRequiredService<JobInstance>().Name}:{queue}";
        server.Queues = [queue];
        server.WorkerCount = workers;
        server.ShutdownTimeout = TimeSpan.FromSeconds(10); // within the host's own 30 s: a stop never fails on the engine
    }
}
