using Geo.Analysis.Coverage;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Analysis;
using NetTopologySuite.Index.Strtree;

namespace Geo.Api.Features.Targets;

/// <summary>The measure a request asks coverage-based targets to walk by, as coverage reads it: <c>distance</c> and <c>walking_speed</c>.</summary>
/// <param name="Measure">network or ground; null for each district's default (network where it has one).</param>
/// <param name="SpeedMetresPerSecond">The walking speed asked for; null for the deployment's.</param>
public sealed record TargetWalkRequest(DistanceMeasure? Measure, double? SpeedMetresPerSecond)
{
    /// <summary>Today's measure everywhere: what a caller that names none (the housing-delivery list) reads.</summary>
    public static TargetWalkRequest Ground { get; } = new(DistanceMeasure.Ground, null);
}

/// <summary>One district's measure in a result: which distance, network version, speed and the places off the network.</summary>
public sealed record DistrictDistanceOut(string District, string Name, DistanceOut Distance);

/// <summary>
/// The walks the coverage-based targets (托位/千人 by area kind) of a unit count: each district in the unit measured by
/// its own <see cref="WalkingDistance"/>, resolved by <see cref="WalkingDistances"/> as coverage resolves it. A scope
/// inside one district walks that district's network (or its straight line, exactly as before); a city's or province's
/// scope links each residential area by its own district's measure, on its district's network (graphs are per
/// district, so a walk stops at the district line) or in a straight line to any institution of the scope.
/// Network costs are computed once per district over every area and institution, then filtered to those of each day.
/// </summary>
internal sealed class TargetWalks
{
    private readonly IReadOnlyDictionary<string, WalkingDistance> _byDistrict;
    private readonly IReadOnlyDictionary<string, string> _names;
    private readonly double _radiusMetres;
    private readonly IReadOnlyList<ResidentialArea> _areas;
    private readonly IReadOnlyList<Institution> _institutions;
    private readonly Dictionary<string, WalkingReach> _reaches = new(StringComparer.Ordinal);

    private TargetWalks(IReadOnlyDictionary<string, WalkingDistance> byDistrict, IReadOnlyDictionary<string, string> names, double radiusMetres,
        IReadOnlyList<ResidentialArea> areas, IReadOnlyList<Institution> institutions)
    {
        _byDistrict = byDistrict;
        _names = names;
        _radiusMetres = radiusMetres;
        _areas = areas;
        _institutions = institutions;
    }

    /// <summary>No district walks a network: every figure as before.</summary>
    public static TargetWalks None(double radiusMetres) => new(new Dictionary<string, WalkingDistance>(), new Dictionary<string, string>(), radiusMetres, [], []);

    /// <summary>
    /// The measure of each of <paramref name="districts"/>, whose areas and institutions are all of those given: in a unit inside one district, <c>distance=network</c> without a network is refused
    /// (as coverage refuses it); in a city or province it means "network where the district has one", said per district.
    /// </summary>
    public static async Task<TargetWalks> ResolveAsync(WalkingDistances distances, TargetWalkRequest request, IReadOnlyList<District> districts,
        bool oneDistrict, double radiusMetres, IReadOnlyList<ResidentialArea> areas, IReadOnlyList<Institution> institutions, CancellationToken cancellationToken)
    {
        var requested = oneDistrict || request.Measure != DistanceMeasure.Network ? request.Measure : null;
        var byDistrict = new Dictionary<string, WalkingDistance>(StringComparer.Ordinal);
        foreach (var district in districts)
        {
            byDistrict[district.Code] = await distances.ResolveAsync(district.Code, requested, request.SpeedMetresPerSecond, cancellationToken);
        }

        return new TargetWalks(byDistrict, districts.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal), radiusMetres, areas, institutions);
    }

    private WalkingDistance? Of(string? district) => district is not null && _byDistrict.TryGetValue(district, out var walk) ? walk : null;

    private bool OnNetwork(string? district) => Of(district)?.Network is not null;

    /// <summary>
    /// The catchment a day's 2SFCA runs with: the straight-line radius when no area of the scope walks a network (the
    /// figures as before), else a travel-cost matrix of the day's areas and institutions, each area by its district's measure.
    /// </summary>
    public Catchment Catchment(IReadOnlyList<ResidentialArea> areas, IReadOnlyList<ResidentialArea> demand, IReadOnlyList<Institution> supply)
    {
        if (!areas.Any(a => OnNetwork(a.DistrictCode)))
        {
            return new CatchmentRadius(_radiusMetres);
        }

        var areaIds = demand.Select(a => a.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var siteIds = supply.Select(i => i.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var entries = new List<TravelCost>();
        foreach (var district in demand.Select(a => a.DistrictCode).Where(OnNetwork).Distinct())
        {
            var costs = ((TravelCostCatchment)Reach(district!).Catchment).Costs;
            entries.AddRange(costs.Entries.Where(e => areaIds.Contains(e.AreaId) && siteIds.Contains(e.InstitutionId)));
        }

        entries.AddRange(GroundPairs(demand.Where(a => !OnNetwork(a.DistrictCode)), supply));
        return new TravelCostCatchment(new TravelCostMatrix(CostUnit.NetworkMetres, entries), _radiusMetres);
    }

    /// <summary>How each district of the scope was measured, with its places off the network; null when the scope's districts are unknown.</summary>
    public IReadOnlyList<DistrictDistanceOut>? Describe(IReadOnlyList<ResidentialArea> areas, IReadOnlyList<Institution> institutions, IEnumerable<string> districts)
    {
        var inScope = areas.Select(a => a.Id.ToString()).Concat(institutions.Select(i => i.Id.ToString())).ToHashSet(StringComparer.Ordinal);
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

    /// <summary>The measure in the planners' words, for a target's basis line.</summary>
    public static string Words(IReadOnlyList<DistrictDistanceOut> districts)
    {
        static string One(DistanceOut d) => d.Distance == WalkingDistance.NetworkWord
            ? $"按步行路网距离（路网第 {d.NetworkVersion} 版，步行速度 {d.WalkingSpeedMps:0.##} 米/秒，约 {d.RadiusMinutes:0.#} 分钟）"
            : "按直线距离";
        if (districts.Count == 1)
        {
            return One(districts[0].Distance);
        }

        return string.Join("；", districts.GroupBy(d => One(d.Distance)).Select(g => $"{string.Join("、", g.Select(d => d.Name))}{g.Key}"));
    }

    // Every area and institution of the district, whatever the day, so one search serves the whole series.
    private WalkingReach Reach(string district)
    {
        if (!_reaches.TryGetValue(district, out var reach))
        {
            reach = _byDistrict[district].Reach(
                _institutions.Where(i => i.DistrictCode == district).Select(i => new NetworkPlace(i.Id.ToString(), i.Location)),
                _areas.Where(a => a.DistrictCode == district).Select(a => new NetworkPlace(a.Id.ToString(), a.Location)),
                _radiusMetres);
            _reaches[district] = reach;
        }

        return reach;
    }

    private IEnumerable<TravelCost> GroundPairs(IEnumerable<ResidentialArea> areas, IReadOnlyList<Institution> supply)
    {
        var index = new STRtree<Institution>();
        foreach (var institution in supply)
        {
            index.Insert(institution.Location.EnvelopeInternal, institution);
        }

        foreach (var area in areas)
        {
            var c = area.Location.Coordinate;
            foreach (var institution in index.Query(GroundDistance.SearchBox(c.X, c.Y, _radiusMetres)))
            {
                var metres = GroundDistance.Metres(c, institution.Location.Coordinate);
                if (metres <= _radiusMetres)
                {
                    yield return new TravelCost(area.Id.ToString(), institution.Id.ToString(), metres);
                }
            }
        }
    }
}
