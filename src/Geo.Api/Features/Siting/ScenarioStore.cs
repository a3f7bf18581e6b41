using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Geo.Api.Features.Siting;

/// <summary>Saves a finished run as a scenario and reads scenarios back, in the API's own JSON.</summary>
public sealed class ScenarioStore
{
    private readonly JsonSerializerOptions _write;
    private readonly JsonSerializerOptions _read;

    public ScenarioStore(IOptions<JsonOptions> json)
    {
        _write = json.Value.SerializerOptions;
        // Snapshots written by an older version may carry fields since removed: read them leniently.
        _read = new JsonSerializerOptions(_write) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
    }

    /// <summary>
    /// Writes the scenario in one transaction; a cancellation before the commit leaves no row.
    /// Returns the result with its scenario id and time. <paramref name="alsoCommit"/> writes more in the same
    /// transaction (a background job marks itself succeeded), so the scenario and its job never disagree.
    /// </summary>
    internal async Task<SitingRunResult> SaveAsync(TuoyuDbContext db, SitingPlan plan, SitingRunResult result, CancellationToken cancellationToken,
        Func<SitingRunResult, Task>? alsoCommit = null)
    {
        var scenario = new SitingScenario
        {
            Name = plan.Name,
            DistrictCode = plan.District?.Code,
            Model = plan.Model,
            Solver = result.Solver,
            Objective = result.Objective,
            Bound = result.Bound,
            Gap = result.Gap,
            Optimal = result.Optimal,
            TimeMs = result.TimeMs,
            SiteCount = result.Sites.Features.Count,
            GapBefore = result.CoverageBefore.Gap,
            GapAfter = result.CoverageAfter.Gap,
            Request = JsonSerializer.Serialize(plan.Body, _write),
            Result = JsonSerializer.Serialize(result, _write),
            CreatedAt = Microseconds(DateTimeOffset.UtcNow),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SitingScenarios.Add(scenario);
        await db.SaveChangesAsync(cancellationToken);
        var saved = result with { Id = scenario.Id, CreatedAt = scenario.CreatedAt };
        if (alsoCommit is not null)
        {
            await alsoCommit(saved);
        }

        // Past this point the run counts as saved: a commit is not interrupted halfway.
        cancellationToken.ThrowIfCancellationRequested();
        await transaction.CommitAsync(CancellationToken.None);
        return saved;
    }

    public async Task<SitingRunResult?> FindAsync(TuoyuDbContext db, long id, CancellationToken cancellationToken)
    {
        var row = await db.SitingScenarios.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new { s.Id, s.Name, s.Result, s.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Read(row.Result) with { Id = row.Id, Name = row.Name, CreatedAt = row.CreatedAt };
    }

    /// <summary>The time as PostgreSQL keeps it (whole microseconds), so the answer and a reopened scenario agree.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));

    private SitingRunResult Read(string json) =>
        JsonSerializer.Deserialize<SitingRunResult>(json, _read)
        ?? throw new InvalidOperationException("A saved scenario holds no result.");
}
