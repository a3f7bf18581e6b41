namespace Geo.Api.Data.Entities;

/// <summary>The location-allocation model a siting run solved, in the API's words (mclp, capacitated, lscp, p_median).</summary>
public enum SitingModelKind { Mclp, Capacitated, Lscp, PMedian }

/// <summary>
/// A saved siting run (方案): the request as sent and the result as answered, kept as JSON snapshots so that a
/// reopened scenario shows exactly what the planner saw even after the layers change. A few figures are
/// columns too, for listing and comparing without reading the snapshots.
/// </summary>
public sealed class SitingScenario
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The district or 街道 the run was for; null for a self-contained problem.</summary>
    public string? DistrictCode { get; set; }

    public SitingModelKind Model { get; set; }

    /// <summary>Solver that produced the result, e.g. "SCIP" or "lazy-greedy+swap".</summary>
    public required string Solver { get; set; }

    public double Objective { get; set; }

    public double? Bound { get; set; }

    public double? Gap { get; set; }

    public bool Optimal { get; set; }

    public long TimeMs { get; set; }

    public int SiteCount { get; set; }

    /// <summary>Unmet 托位 (2SFCA gap) before and after the new sites; null for a self-contained problem.</summary>
    public double? GapBefore { get; set; }

    public double? GapAfter { get; set; }

    /// <summary>The siting request as JSON (jsonb).</summary>
    public required string Request { get; set; }

    /// <summary>The result as JSON (jsonb), without the scenario id.</summary>
    public required string Result { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
