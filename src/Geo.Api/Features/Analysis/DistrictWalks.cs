using Geo.Analysis.Coverage;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;
using NetTopologySuite.Index.Strtree;

namespace Geo.Api.Features.Analysis;

/// <summary>One district's measure in a result: which distance, network version, speed and the places off the network.</summary>
public sealed record DistrictDistanceOut(string District, string Name, DistanceOut Distance);

/// <summary>A place a scope's walks start or end at, with the district whose measure it walks by.</summary>
public sealed record DistrictPlace(string Id, Point Location, string? District);

/// <summary>
/// The walks of a scope of several districts (a city's, a province's), each district measured by its own
/// <see cref="WalkingDistance"/>, resolved by <see cref="WalkingDistances"/> as a district's coverage resolves it. Each residential
/// area is linked by its own district's measure: on its district's network (graphs are per district, so a walk stops at the
/// district line) or in a straight line to any site of the scope. A scope inside one district walks that district's
/// network, or its straight line exactly as before. Network costs are computed once per district over every area and site
/// given, so the subsets asked for later (a target's day, the filed-only run beside a planner's) reuse them.
/// The city's coverage and the plan targets' roll-up both link by this one rule.
/// </summary>
internal sealed class DistrictWalks
{
    private readonly IReadOnlyDictionary<string, WalkingDistance> _byDistrict;
    private readonly IReadOnlyDictionary<string, string> _names;
    private readonly double _radiusMetres;
    // Made only when a district walks its network: a city measured in a straight line throughout never needs them.
    private readonly Lazy<IReadOnlyList<DistrictPlace>> _areas;
    private readonly Lazy<IReadOnlyList<DistrictPlace>> _sites;
    private readonly Dictionary<string, WalkingReach> _reaches = new(StringComparer.Ordinal);

    private DistrictWalks(IReadOnlyDictionary<string, WalkingDistance> byDistrict, IReadOnlyDictionary<string, string> names, double radiusMetres,
        Func<IReadOnlyList<DistrictPlace>> areas, Func<IReadOnlyList<DistrictPlace>> sites)
    {
        _byDistrict = byDistrict;
        _names = names;
        _radiusMetres = radiusMetres;
        _areas = new Lazy<IReadOnlyList<DistrictPlace>>(areas, LazyThreadSafetyMode.None);
        _sites = new Lazy<IReadOnlyList<DistrictPlace>>(sites, LazyThreadSafetyMode.None);
    }

    /// <summary>No district walks a network: every figure as before.</summary>
    public static DistrictWalks None(double radiusMetres) => new(new Dictionary<string, WalkingDistance>(), new Dictionary<string, string>(), radiusMetres, () => [], () => []);

    /// <summary>
    /// The measure of each of <paramref name="districts"/>, whose areas and sites are all of those given: in a scope inside one
    /// district, <c>distance=network</c> without a network is refused (as coverage refuses it); over several it means
    /// "network where the district has one", said per district.
    /// </summary>
    /// <exception cref="RequestValidationException">distance = network in one district that has no walking network.</exception>
    public static async Task<DistrictWalks> ResolveAsync(WalkingDistances distances, DistanceMeasure? measure, double? speedMetresPerSecond,
        IReadOnlyList<(string Code, string Name)> districts, bool oneDistrict, double radiusMetres, Func<IReadOnlyList<DistrictPlace>> areas,
        Func<IReadOnlyList<DistrictPlace>> sites, CancellationToken cancellationToken)
    {
        var requested = oneDistrict || measure != DistanceMeasure.Network ? measure : null;
        var byDistrict = new Dictionary<string, WalkingDistance>(StringComparer.Ordinal);
        foreach (var (code, _) in districts)
        {
            byDistrict[code] = await distances.ResolveAsync(code, requested, speedMetresPerSecond, cancellationToken);
        }

        return new DistrictWalks(byDistrict, districts.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal), radiusMetres, areas, sites);
    }

    /// <summary>Whether an area of <paramref name="district"/> walks a network.</summary>
    public bool OnNetwork(string? district) => district is not null && _byDistrict.TryGetValue(district, out var walk) && walk.Network is not null;

    /// <summary>
    /// The catchment a 2SFCA of <paramref name="demand"/> and <paramref name="supply"/> (subsets of those resolved) runs with:
    /// the straight-line radius when no area of <paramref name="areaDistricts"/> walks a network (the figures as before), else a
    /// travel-cost matrix, each area by its district's measure.
    /// </summary>
    public Catchment Catchment(IEnumerable<string?> areaDistricts, IReadOnlyList<DistrictPlace> demand, IReadOnlyList<DistrictPlace> supply)
    {
        if (!areaDistricts.Any(OnNetwork))
        {
            return new CatchmentRadius(_radiusMetres);
        }

        var areaIds = demand.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var siteIds = supply.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var entries = new List<TravelCost>();
        foreach (var district in demand.Select(a => a.District).Where(OnNetwork).Distinct())
        {
            var costs = ((TravelCostCatchment)Reach(district!).Catchment).Costs;
            entries.AddRange(costs.Entries.Where(e => areaIds.Contains(e.AreaId) && siteIds.Contains(e.InstitutionId)));
        }

        entries.AddRange(GroundPairs(demand.Where(a => !OnNetwork(a.District)), supply));
        return new TravelCostCatchment(new TravelCostMatrix(CostUnit.NetworkMetres, entries), _radiusMetres);
    }

    /// <summary>
    /// How each of <paramref name="districts"/> was measured, with its places off the network among <paramref name="inScope"/>
    /// (ids of areas and sites); null when none of them was resolved.
    /// </summary>
    public IReadOnlyList<DistrictDistanceOut>? Describe(IReadOnlySet<string> inScope, IEnumerable<string> districts)
    {
        var described = districts.Where(_byDistrict.ContainsKey).Order(StringComparer.Ordinal)
            .Select(d =>
            {
                var walk = _byDistrict[d];
                var off = walk.Network is null ? [] : Reach(d).Unreachable.Where(u => inScope.Contains(u.Id)).ToList();
                return new DistrictDistanceOut(d, _names[d], walk.Describe(off, _radiusMetres));
            })
            .ToList();
        return described.Count == 0 ? null : described;
    }

    // Every area and site of the district, whatever the subset, so one search serves them all.
    private WalkingReach Reach(string district)
    {
        if (!_reaches.TryGetValue(district, out var reach))
        {
            reach = _byDistrict[district].Reach(
                _sites.Value.Where(s => s.District == district).Select(s => new NetworkPlace(s.Id, s.Location)),
                _areas.Value.Where(a => a.District == district).Select(a => new NetworkPlace(a.Id, a.Location)),
                _radiusMetres);
            _reaches[district] = reach;
        }

        return reach;
    }

    private IEnumerable<TravelCost> GroundPairs(IEnumerable<DistrictPlace> areas, IReadOnlyList<DistrictPlace> supply)
    {
        var index = new STRtree<DistrictPlace>();
        foreach (var site in supply)
        {
            index.Insert(site.Location.EnvelopeInternal, site);
        }

        foreach (var area in areas)
        {
            var c = area.Location.Coordinate;
            foreach (var site in index.Query(GroundDistance.SearchBox(c.X, c.Y, _radiusMetres)))
            {
                var metres = GroundDistance.Metres(c, site.Location.Coordinate);
                if (metres <= _radiusMetres)
                {
                    yield return new TravelCost(area.Id, site.Id, metres);
                }
            }
        }
    }
}
