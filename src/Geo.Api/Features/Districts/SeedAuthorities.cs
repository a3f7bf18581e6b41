using Geo.Api.Reference;

namespace Geo.Api.Features.Districts;

/// <summary>
/// The authorities `make run` brings besides the 鼓楼 demo: 梅江区, 环翠区, and 吉林省 with 长春市 and 吉林市 and their
/// districts, each set up by <see cref="DistrictSetup"/> exactly as an administrator would (real boundaries, census,
/// 街道 names and codes; no facilities: their users import those). Idempotent, so it runs on every start.
/// </summary>
public static class SeedAuthorities
{
    public static IReadOnlyList<string> Districts { get; } = ["441402", "371002"];

    /// <summary>The cities whose every district (development zones aside: they have no boundary) is set up.</summary>
    public static IReadOnlyList<string> Cities { get; } = ["220100", "220200"];

    public static IEnumerable<string> Adcodes(NationalReference reference) => Districts.Concat(
        Cities.SelectMany(c => reference.Children(c)).Where(u => u.Level == DistrictLevel.District && !u.IsDevelopmentZone).Select(u => u.Adcode));

    public static async Task<int> SetUpAsync(IServiceProvider services, ILogger log, CancellationToken cancellationToken = default)
    {
        var created = 0;
        foreach (var adcode in Adcodes(services.GetRequiredService<NationalReference>()))
        {
            await using var scope = services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<DistrictSetup>()
                .RunAsync(scope.ServiceProvider.GetRequiredService<TuoyuDbContext>(), adcode, dryRun: false, upload: null, cancellationToken);
            created += report.Created;
        }

        log.LogInformation("Seed authorities (梅江, 环翠, 吉林省 with 长春市 and 吉林市): {Created} units created", created);
        return created;
    }
}
