using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

/// <summary>What applying a unit's plan file did (or, with dry run, would do).</summary>
/// <param name="HasPlan">False when data/plans holds no file for the unit: it is judged by the national rules only.</param>
public sealed record PlanApplication(
    string Adcode,
    bool HasPlan,
    bool DryRun,
    int Added,
    int Updated,
    int Unchanged,
    int Removed,
    string? Note);

/// <summary>Applies a unit's plan file (data/plans/&lt;adcode&gt;.json) to its targets and standards.</summary>
public interface IPlanApplier
{
    Task<PlanApplication> ApplyAsync(string adcode, bool dryRun, CancellationToken cancellationToken);
}

/// <summary>
/// Idempotent: each item of the file is matched to the unit's row with the same key and added, updated or left as
/// it is; rows that came from the plan file before and are no longer in it are removed. Rows planners entered
/// themselves are left alone. The unit must exist (district set-up creates it).
/// </summary>
public sealed class PlanApplier(TuoyuDbContext db, string? folder = null) : IPlanApplier
{
    public const string FromPlanFile = "plan file";

    /// <summary>What a dry run reports for a unit it would create: whether a plan file would then be applied.</summary>
    public static PlanApplication NotYetCreated(string adcode, string? folder = null) =>
        File.Exists(Path.Combine(folder ?? PlanFileReader.DefaultFolder, $"{adcode}.json"))
            ? new(adcode, true, true, 0, 0, 0, 0, "单位尚未创建：创建后将应用其计划文件（the unit's plan file is applied once it is created）")
            : new(adcode, false, true, 0, 0, 0, 0, "无计划文件：仅适用国家规则（no plan file: the national rules apply, labelled as such）");

    public async Task<PlanApplication> ApplyAsync(string adcode, bool dryRun, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder ?? PlanFileReader.DefaultFolder, $"{adcode}.json");
        if (!File.Exists(path))
        {
            return new(adcode, false, dryRun, 0, 0, 0, 0, "无计划文件：仅适用国家规则（no plan file: the national rules apply, labelled as such）");
        }

        var plan = PlanFileReader.Read(path);
        if (!await db.Districts.AnyAsync(d => d.Code == adcode, cancellationToken))
        {
            throw new InvalidOperationException($"单位 {adcode} 不存在，请先设置该单位（set the unit up first）");
        }

        var targets = await db.UnitTargets.Where(t => t.UnitCode == adcode).ToListAsync(cancellationToken);
        var standards = await db.UnitStandards.Where(s => s.UnitCode == adcode).ToListAsync(cancellationToken);
        var counts = new Counts();
        Merge(targets, plan.Targets.Select(t => PlanItems.Target(adcode, t, plan, FromPlanFile)), t => t.Key, db.UnitTargets, PlanItems.CopyTarget, counts);
        Merge(standards, plan.Standards.Select(s => PlanItems.Standard(adcode, s, plan, FromPlanFile)), s => s.Key, db.UnitStandards, PlanItems.CopyStandard, counts);
        if (!dryRun)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            db.ChangeTracker.Clear();
        }

        return new(adcode, true, dryRun, counts.Added, counts.Updated, counts.Unchanged, counts.Removed, null);
    }

    private sealed class Counts
    {
        public int Added, Updated, Unchanged, Removed;
    }

    private static void Merge<T>(List<T> existing, IEnumerable<T> fromFile, Func<T, string> key, DbSet<T> set, Func<T, T, bool> copy, Counts counts)
        where T : TrackedEntity
    {
        var byKey = existing.ToDictionary(key, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in fromFile)
        {
            seen.Add(key(item));
            if (!byKey.TryGetValue(key(item), out var row))
            {
                set.Add(item);
                counts.Added++;
            }
            else if (copy(item, row))
            {
                counts.Updated++;
            }
            else
            {
                counts.Unchanged++;
            }
        }

        foreach (var stale in existing.Where(r => r.DataSource == FromPlanFile && !seen.Contains(key(r))))
        {
            set.Remove(stale);
            counts.Removed++;
        }
    }
}
