using Geo.Api.Data;

namespace Geo.Api.Features.Districts;

/// <summary>What applying a unit's plan file (data/plans/&lt;adcode&gt;.json) did during a set-up.</summary>
/// <param name="Applied">False when nothing was applied (no applier yet, or no plan file for the unit).</param>
/// <param name="Summary">One line for the set-up report, e.g. "4 targets from data/plans/371002.json".</param>
public sealed record PlanApplication(bool Applied, string Summary);

/// <summary>
/// The seam through which a set-up applies the unit's plan file (its targets and rules, docs/targets.md).
/// <see cref="DistrictSetup"/> calls it once, after the chain and 街道 are written (or, in a dry run, would be),
/// with the same dry-run flag; the implementation must be idempotent like the set-up itself. The default,
/// <see cref="NoPlanApplier"/>, applies nothing: the targets feature registers the real one in its place.
/// </summary>
public interface IPlanApplier
{
    Task<PlanApplication> ApplyAsync(TuoyuDbContext db, string adcode, bool dryRun, CancellationToken cancellationToken);
}

/// <summary>Applies no plan: registered until the targets feature provides an applier.</summary>
public sealed class NoPlanApplier : IPlanApplier
{
    public Task<PlanApplication> ApplyAsync(TuoyuDbContext db, string adcode, bool dryRun, CancellationToken cancellationToken) =>
        Task.FromResult(new PlanApplication(false, "plan files are not applied by this version (targets: docs/targets.md)"));
}
