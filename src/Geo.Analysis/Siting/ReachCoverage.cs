using Geo.Analysis.Spatial;

namespace Geo.Analysis.Siting;

/// <summary>Demand weight within reach of the existing sites, before and after the new sites open.</summary>
/// <param name="DemandPoints">Demand points counted (all of the problem's).</param>
/// <param name="Demand">Σ weight over all demand points.</param>
/// <param name="CoveredBefore">Σ weight of the points an existing site reaches.</param>
/// <param name="CoveredAfter">Σ weight of the points an existing or a new site reaches.</param>
public sealed record ReachTotals(int DemandPoints, double Demand, double CoveredBefore, double CoveredAfter);

/// <summary>
/// Coverage before and after a siting run measured by reach alone: for problems that carry no population or
/// supply to recompute 2SFCA with (an analyst's own weights, or a cost matrix).
/// </summary>
/// <remarks>
/// <para>Method: a demand point counts as covered when some site's cost is ≤ the radius (inclusive; a non-finite
/// or negative matrix entry is unreachable), the same rule the solver reaches by. Costs are the problem's matrix
/// or ground metres (<see cref="GroundDistance"/>). Capacities are ignored: reach, not assignment.</para>
/// <para>Guarantees: CoveredBefore ≤ CoveredAfter ≤ Demand; a new site only adds the points it reaches.</para>
/// <para>Cost: O(n × (e + k)) cost look-ups for n demand points, e existing and k new sites, stopping at the
/// first site that reaches a point.</para>
/// </remarks>
public sealed class ReachCoverage
{
    private readonly SitingProblem _problem;
    private readonly double _radius;
    private readonly int[] _opened;
    private ReachTotals? _result;

    /// <summary>Reach before and after opening <paramref name="opened"/>; see the instance.</summary>
    public static ReachTotals Compute(SitingProblem problem, double radius, IEnumerable<int> opened) =>
        new ReachCoverage(problem, radius, opened).Compute();

    /// <param name="opened">Indexes in <see cref="SitingProblem.Candidates"/> of the new sites.</param>
    /// <exception cref="ArgumentException">The radius is not positive, or an index is not a candidate's.</exception>
    public ReachCoverage(SitingProblem problem, double radius, IEnumerable<int> opened)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(opened);
        if (!(radius > 0))
        {
            throw new ArgumentException($"The radius is {radius}; it must be positive.", nameof(radius));
        }

        _opened = [.. opened];
        if (_opened.Any(j => j < 0 || j >= problem.Candidates.Count))
        {
            throw new ArgumentException($"A new site index is outside the {problem.Candidates.Count} candidates.", nameof(opened));
        }

        _problem = problem;
        _radius = radius;
    }

    public ReachTotals Compute() => _result ??= Count();

    private ReachTotals Count()
    {
        double total = 0, before = 0, after = 0;
        for (var i = 0; i < _problem.Demand.Count; i++)
        {
            var weight = _problem.Demand[i].Weight;
            total += weight;
            var byExisting = Enumerable.Range(0, _problem.Existing.Count).Any(k => SitingNetwork.Reaches(ExistingCost(i, k), _radius));
            before += byExisting ? weight : 0;
            after += byExisting || _opened.Any(j => SitingNetwork.Reaches(CandidateCost(i, j), _radius)) ? weight : 0;
        }

        return new ReachTotals(_problem.Demand.Count, total, before, after);
    }

    private double CandidateCost(int i, int j) => _problem.Costs is { } m ? m.ToCandidates[i, j]
        : GroundDistance.Metres(_problem.Demand[i].Lon, _problem.Demand[i].Lat, _problem.Candidates[j].Lon, _problem.Candidates[j].Lat);

    private double ExistingCost(int i, int k) => _problem.Costs is { } m ? m.ToExisting![i, k]
        : GroundDistance.Metres(_problem.Demand[i].Lon, _problem.Demand[i].Lat, _problem.Existing[k].Lon, _problem.Existing[k].Lat);
}
