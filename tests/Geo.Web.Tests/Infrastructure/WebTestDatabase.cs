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
        return container is null ? (await TestDatabase.SiblingAsync(located, "_web"), null) : (located, container);
    }
}
