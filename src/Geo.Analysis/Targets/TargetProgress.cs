namespace Geo.Analysis.Targets;

public enum GoalComparison { AtLeast, AtMost, Between, Equal }

/// <summary>Where a target stands on a day (docs/targets.md, "Status and series").</summary>
public enum GoalStatus
{
    /// <summary>Holds on the day (past the due date: held on the due date).</summary>
    Met,

    /// <summary>Not yet met, due later, and the linear trend reaches the value by the due date.</summary>
    OnTrack,

    /// <summary>Not yet met, due later, and the trend falls short.</summary>
    AtRisk,

    /// <summary>Past the due date, not met by then, met since (late).</summary>
    Missed,

    /// <summary>Past the due date, not met then and still not met.</summary>
    Overdue,

    /// <summary>A standing target that does not hold on the day.</summary>
    NotMet,
}

/// <summary>What a target requires: a comparison with a value (or a range), by a due date or at all times.</summary>
/// <param name="Start">From when progress is tracked (the first point of the series).</param>
/// <param name="Due">Null for a standing target.</param>
public sealed record Goal(GoalComparison Comparison, double Value, double? ValueMax, DateOnly Start, DateOnly? Due)
{
    /// <summary>Whether <paramref name="value"/> satisfies the goal; above a range is over the quota, not a failure.</summary>
    public bool HoldsFor(double value) => Comparison switch
    {
        GoalComparison.AtLeast or GoalComparison.Between => value >= Value - Tolerance,
        GoalComparison.AtMost => value <= Value + Tolerance,
        _ => Math.Abs(value - Value) <= Tolerance,
    };

    /// <summary>Above the upper bound of a range (e.g. more 示范 pilots than the quota).</summary>
    public bool IsOverQuota(double value) => Comparison == GoalComparison.Between && value > ValueMax + Tolerance;

    // Ratios computed from sums (托位 per 1,000, shares) need a little slack.
    private const double Tolerance = 1e-9;
}

public sealed record ProgressPoint(DateOnly On, double Value);

/// <param name="Current">The value on the day asked about.</param>
/// <param name="Projected">For a target due later and not yet met: the value the linear trend reaches on the due date.</param>
/// <param name="Series">The value at the end of each year from the start, then on the day asked about.</param>
public sealed record GoalProgress(double Current, GoalStatus Status, bool OverQuota, double? Projected, IReadOnlyList<ProgressPoint> Series);

/// <summary>
/// Progress of one target as of a day, from a function giving the target's value on any day (computed from the
/// records' own dates). The trend is the straight line through the series' first point and the current value:
/// simple, and with yearly points and plans of a few years a fitted line would say little more.
/// Cost: one value per year of the series plus one for the due date.
/// </summary>
public static class TargetProgress
{
    public static GoalProgress Evaluate(Goal goal, Func<DateOnly, double> valueOn, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(goal);
        ArgumentNullException.ThrowIfNull(valueOn);
        var series = Series(goal.Start, asOf).Select(d => new ProgressPoint(d, valueOn(d))).ToList();
        var current = series[^1].Value;
        var overQuota = goal.IsOverQuota(current);
        if (goal.Due is not { } due)
        {
            return new(current, goal.HoldsFor(current) ? GoalStatus.Met : GoalStatus.NotMet, overQuota, null, series);
        }

        if (asOf > due)
        {
            var status = goal.HoldsFor(valueOn(due)) ? GoalStatus.Met : goal.HoldsFor(current) ? GoalStatus.Missed : GoalStatus.Overdue;
            return new(current, status, overQuota, null, series);
        }

        if (goal.HoldsFor(current))
        {
            return new(current, GoalStatus.Met, overQuota, null, series);
        }

        var first = series[0];
        var days = asOf.DayNumber - first.On.DayNumber;
        var slope = days > 0 ? (current - first.Value) / days : 0;
        var projected = current + slope * (due.DayNumber - asOf.DayNumber);
        return new(current, goal.HoldsFor(projected) ? GoalStatus.OnTrack : GoalStatus.AtRisk, overQuota, projected, series);
    }

    /// <summary>The start, the 31 December of each year after it before <paramref name="asOf"/>, and <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<DateOnly> Series(DateOnly start, DateOnly asOf)
    {
        if (start >= asOf)
        {
            return [asOf];
        }

        var days = new List<DateOnly> { start };
        for (var year = start.Year; new DateOnly(year, 12, 31) < asOf; year++)
        {
            var end = new DateOnly(year, 12, 31);
            if (end > start)
            {
                days.Add(end);
            }
        }

        days.Add(asOf);
        return days;
    }
}
