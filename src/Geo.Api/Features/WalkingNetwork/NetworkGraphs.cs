using Geo.Analysis.Network;

namespace Geo.Api.Features.WalkingNetwork;

/// <summary>A district's walking network at one version, as the analyses walk it (snapping index built).</summary>
public sealed record DistrictNetwork(string District, int Version, WalkingGraph Graph, TimeSpan LoadTime);

/// <summary>
/// The walking graphs of the districts, loaded from PostGIS once per district and network version and then
/// shared by every request (a <see cref="WalkingGraph"/> is read-only). Each lookup reads the district's
/// current version (one indexed row), so a re-import anywhere — this process or another — is seen by the
/// next analysis; an import in this process also drops the old graph at once. The cache holds at most
/// <c>WalkingNetwork:GraphCacheMegabytes</c> (default 512) of graphs by <see cref="WalkingGraph.ApproximateBytes"/>,
/// evicting the least recently used; a graph larger than the whole budget is used for its request and not kept.
/// </summary>
public sealed class NetworkGraphs(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<NetworkGraphs> logger)
{
    public const int DefaultCacheMegabytes = 512;

    // A fraction of a megabyte is allowed: a small test town's graph is a few hundred bytes.
    private readonly long _budgetBytes =
        (long)(Math.Max(0, configuration.GetValue<double>("WalkingNetwork:GraphCacheMegabytes", DefaultCacheMegabytes)) * 1024 * 1024);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>Loads from the database (cache misses) since start.</summary>
    public int Loads { get; private set; }

    /// <summary>Bytes of the graphs held now.</summary>
    public long HeldBytes
    {
        get
        {
            lock (_gate)
            {
                return _entries.Values.Where(e => e.Load.IsCompletedSuccessfully).Sum(e => e.Load.Result?.Graph.ApproximateBytes ?? 0);
            }
        }
    }

    /// <summary>The district's network at its current version, or null when it has none.</summary>
    public async Task<DistrictNetwork?> GetAsync(TuoyuDbContext db, string district, CancellationToken cancellationToken)
    {
        // The import time beside the version: a district deleted and set up again starts again at version 1.
        var current = await db.StreetNetworks.AsNoTracking().Where(n => n.DistrictCode == district)
            .Select(n => new { n.Version, n.ImportedAt }).SingleOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            Invalidate(district);
            return null;
        }

        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(district, out entry!) || entry.Version != current.Version || entry.ImportedAt != current.ImportedAt
                || entry.Load.IsFaulted || entry.Load.IsCanceled)
            {
                // One load per version however many requests ask at once; it reads through its own context, not the request's.
                entry = new Entry(current.Version, current.ImportedAt, Task.Run(() => LoadAsync(district, current.Version)));
                _entries[district] = entry;
                Loads++;
            }

            entry.LastUsed = ++_clock;
        }

        var network = await entry.Load.WaitAsync(cancellationToken);
        Trim();
        return network;
    }

    /// <summary>Drops the district's graph (a new version was imported).</summary>
    public void Invalidate(string district)
    {
        lock (_gate)
        {
            _entries.Remove(district);
        }
    }

    private async Task<DistrictNetwork?> LoadAsync(string district, int version)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TuoyuDbContext>();
        var graph = await NetworkStore.LoadGraphAsync(db, district, CancellationToken.None);
        if (graph is null)
        {
            return null;
        }

        graph.BuildSnapIndex();
        logger.LogInformation("Walking network of {District} v{Version} loaded: {Nodes} nodes, {Edges} edges, {Megabytes:F1} MB in {Ms} ms",
            district, version, graph.NodeCount, graph.EdgeCount, graph.ApproximateBytes / 1048576.0, started.ElapsedMilliseconds);
        return new DistrictNetwork(district, version, graph, started.Elapsed);
    }

    private void Trim()
    {
        lock (_gate)
        {
            var loaded = _entries.Where(e => e.Value.Load.IsCompletedSuccessfully).OrderBy(e => e.Value.LastUsed).ToList();
            var held = loaded.Sum(e => e.Value.Load.Result?.Graph.ApproximateBytes ?? 0);
            foreach (var (district, entry) in loaded)
            {
                if (held <= _budgetBytes)
                {
                    break;
                }

                held -= entry.Load.Result?.Graph.ApproximateBytes ?? 0;
                _entries.Remove(district);
            }
        }
    }

    private sealed class Entry(int version, DateTimeOffset importedAt, Task<DistrictNetwork?> load)
    {
        public int Version { get; } = version;

        public DateTimeOffset ImportedAt { get; } = importedAt;

        public Task<DistrictNetwork?> Load { get; } = load;

        public long LastUsed { get; set; }
    }
}
