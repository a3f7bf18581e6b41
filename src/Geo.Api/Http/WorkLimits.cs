using Geo.Analysis.Coverage;

namespace Geo.Api.Http;

/// <summary>A request whose implied work is over a limit: a 422 ProblemDetails naming the limit and the request's figure.</summary>
public sealed class WorkTooLargeException(string field, string limit, long allowed, long requested, string detail) : Exception(detail)
{
    public string Field { get; } = field;

    /// <summary>The limit's name, e.g. "pairs_within_reach".</summary>
    public string Limit { get; } = limit;

    public long Allowed { get; } = allowed;

    public long Requested { get; } = requested;
}

/// <summary>
/// How much work one analysis request may imply. Memory grows with the demand–supply pairs a 2SFCA run links
/// (about 40 bytes each, in links, costs and weights), so every analysis is bounded by that figure, checked
/// before anything per pair is allocated: 5,000,000 pairs is about 200 MB at most.
/// </summary>
public static class WorkLimits
{
    public const long MaxPairsWithinReach = 5_000_000;

    /// <summary>Refuses a coverage run whose pairs within reach may exceed <see cref="MaxPairsWithinReach"/>.</summary>
    public static void EnsurePairs(IReadOnlyList<DemandArea> demand, IReadOnlyList<CareProvider> supply, Catchment catchment, string field)
    {
        var pairs = CoverageAnalysis.PairsWithinReachBound(demand.Select(d => d.Location).ToList(), supply.Select(s => s.Location).ToList(), catchment);
        if (pairs > MaxPairsWithinReach)
        {
            var reach = catchment is CatchmentRadius r ? $"within {r.Metres:#,0} m" : "in the cost matrix";
            throw new WorkTooLargeException(field, "pairs_within_reach", MaxPairsWithinReach, pairs,
                $"{field}：{demand.Count:N0} 个需求点 × {supply.Count:N0} 个供给点，可达配对约 {pairs:N0}，超过上限 {MaxPairsWithinReach:N0}。 " +
                $"{field}: {demand.Count:N0} demand × {supply.Count:N0} supply points imply up to {pairs:N0} pairs {reach}; " +
                $"at most {MaxPairsWithinReach:N0} (pairs_within_reach) are allowed: lower the cutoff or split the request.");
        }
    }

    /// <summary>Refuses a siting run whose candidates × demand exceed <paramref name="allowed"/>.</summary>
    public static void EnsureCells(int candidates, int demand, long allowed, string field)
    {
        var cells = (long)candidates * demand;
        if (cells > allowed)
        {
            throw new WorkTooLargeException(field, "candidates_x_demand", allowed, cells,
                $"{field}：{candidates:N0} 个候选点 × {demand:N0} 个需求点 = {cells:N0}，超过上限 {allowed:N0}。 " +
                $"{field}: {candidates:N0} candidates × {demand:N0} demand points = {cells:N0} cells; at most {allowed:N0} (candidates_x_demand): " +
                "use a wider grid or fewer points.");
        }
    }
}
