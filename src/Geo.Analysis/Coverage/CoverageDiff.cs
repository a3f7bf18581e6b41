namespace Geo.Analysis.Coverage;

/// <summary>How one residential area's coverage changes between a baseline and a scenario.</summary>
/// <remarks>An area present on one side only counts as 0 accessible and 0 gap on the other, with no class.</remarks>
public sealed record AreaCoverageChange(
    string AreaId,
    double AccessiblePerThousandBefore,
    double AccessiblePerThousandAfter,
    double GapBefore,
    double GapAfter,
    CoverageClass? ClassBefore,
    CoverageClass? ClassAfter)
{
    public double AccessiblePerThousandChange => AccessiblePerThousandAfter - AccessiblePerThousandBefore;

    public double GapChange => GapAfter - GapBefore;
}

/// <summary>A what-if comparison: every area (by id) and the totals before and after.</summary>
public sealed record CoverageComparison(
    CoverageParameters Before,
    CoverageParameters After,
    IReadOnlyList<AreaCoverageChange> Areas,
    double AccessibleSlotsBefore,
    double AccessibleSlotsAfter,
    double GapBefore,
    double GapAfter,
    double UnservedChildrenUnder3Before,
    double UnservedChildrenUnder3After)
{
    public int AreasImproved { get; } = Areas.Count(a => a.GapChange < 0);

    public int AreasWorsened { get; } = Areas.Count(a => a.GapChange > 0);

    public double GapChange => GapAfter - GapBefore;
}

/// <summary>Compares two coverage results, e.g. today against a siting scenario.</summary>
public static class CoverageDiff
{
    public static CoverageComparison Compare(CoverageResult baseline, CoverageResult scenario)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(scenario);
        var before = baseline.Areas.ToDictionary(a => a.AreaId, StringComparer.Ordinal);
        var after = scenario.Areas.ToDictionary(a => a.AreaId, StringComparer.Ordinal);
        var changes = before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(id =>
            {
                var b = before.GetValueOrDefault(id);
                var a = after.GetValueOrDefault(id);
                return new AreaCoverageChange(
                    id,
                    b?.AccessiblePerThousand ?? 0,
                    a?.AccessiblePerThousand ?? 0,
                    b?.Gap ?? 0,
                    a?.Gap ?? 0,
                    b?.Class,
                    a?.Class);
            })
            .ToArray();
        return new CoverageComparison(
            baseline.Parameters,
            scenario.Parameters,
            changes,
            baseline.TotalAccessibleSlots,
            scenario.TotalAccessibleSlots,
            baseline.TotalGap,
            scenario.TotalGap,
            baseline.UnservedChildrenUnder3,
            scenario.UnservedChildrenUnder3);
    }
}
