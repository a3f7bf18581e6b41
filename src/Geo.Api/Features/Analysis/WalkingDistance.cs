using Geo.Analysis.Coverage;
using Geo.Analysis.Network;
using Geo.Analysis.Siting;
using Geo.Api.Features.WalkingNetwork;

namespace Geo.Api.Features.Analysis;

/// <summary>How an analysis measures a walk: straight-line ground metres, or metres along the district's walking network.</summary>
public enum DistanceMeasure
{
    Ground,
    Network,
}

/// <summary>A place the network analysis could not put on the network: farther than the snap cap from every walkable edge.</summary>
/// <param name="Role">area (a demand point) or site (an institution, candidate or 母婴室).</param>
/// <param name="SnapM">Its distance to the nearest walkable edge; null when none lies within 100 km.</param>
public sealed record OffNetworkPlace(string Id, string Role, double? SnapM);

/// <summary>What a result was measured with: the answer to "which distance was used".</summary>
/// <param name="Distance">network or ground.</param>
/// <param name="NetworkVersion">The walking network's version, with distance = network.</param>
/// <param name="SnapCapM">Places farther than this from every walkable edge are unreachable on foot.</param>
/// <param name="OffNetwork">Those places, with their distance to the network.</param>
public sealed record DistanceOut(string Distance, int? NetworkVersion, double? SnapCapM, IReadOnlyList<OffNetworkPlace> OffNetwork);

/// <summary>Walking costs from sites to demand points within a radius, and the places that are off the network.</summary>
public sealed record WalkingReach(Catchment Catchment, IReadOnlyList<UnreachablePlace> Unreachable);

/// <summary>
/// The distance an analysis measures by, resolved for one district: ground metres (a circle), or network
/// metres on the district's walking network (<see cref="NetworkCatchments"/>: snap to the nearest edge, capped at
/// 200 m, then the shortest walk). Every analysis that draws a walking radius asks this one object for its costs.
/// </summary>
public sealed record WalkingDistance(DistanceMeasure Measure, DistrictNetwork? Network)
{
    public const string GroundWord = "ground";
    public const string NetworkWord = "network";

    public static WalkingDistance Ground { get; } = new(DistanceMeasure.Ground, null);

    public string Word => Measure == DistanceMeasure.Network ? NetworkWord : GroundWord;

    /// <summary>
    /// Catchments of <paramref name="sites"/> over <paramref name="demand"/> within <paramref name="radiusMetres"/>:
    /// a ground circle, or network costs as a travel-cost matrix in network metres.
    /// </summary>
    public WalkingReach Reach(IEnumerable<NetworkPlace> sites, IEnumerable<NetworkPlace> demand, double radiusMetres)
    {
        if (Network is null)
        {
            return new WalkingReach(new CatchmentRadius(radiusMetres), []);
        }

        var result = NetworkCatchments.Compute(Network.Graph, sites, demand, WalkingCutoff.InMetres(radiusMetres));
        return new WalkingReach(new TravelCostCatchment(result.ToTravelCostMatrix(), result.MaxCost), result.Unreachable);
    }

    /// <summary>Coverage catchments of the institutions over the residential areas (their points).</summary>
    public WalkingReach Coverage(IEnumerable<DemandArea> areas, IEnumerable<CareProvider> institutions, double radiusMetres) =>
        Reach(institutions.Select(i => new NetworkPlace(i.Id, i.Location)), areas.Select(a => new NetworkPlace(a.Id, a.Location)), radiusMetres);

    /// <summary>
    /// Network costs of a siting problem, [demand, candidate] and [demand, existing], +∞ beyond the radius; null
    /// with ground distance (the solver measures it itself).
    /// </summary>
    public SitingCostMatrix? SitingCosts(SitingProblem problem, double radiusMetres)
    {
        if (Network is null)
        {
            return null;
        }

        // Candidates and existing sites are told apart by a prefix: their ids come from different tables.
        var sites = problem.Candidates.Select((c, j) => new NetworkPlace($"c{j}", Wgs84Point(c.Lon, c.Lat)))
            .Concat(problem.Existing.Select((e, k) => new NetworkPlace($"e{k}", Wgs84Point(e.Lon, e.Lat))));
        var demand = problem.Demand.Select((d, i) => new NetworkPlace($"{i}", Wgs84Point(d.Lon, d.Lat)));
        var result = NetworkCatchments.Compute(Network.Graph, sites, demand, WalkingCutoff.InMetres(radiusMetres));
        var toCandidates = Unreachable(problem.Demand.Count, problem.Candidates.Count);
        var toExisting = Unreachable(problem.Demand.Count, problem.Existing.Count);
        foreach (var catchment in result.Catchments)
        {
            var (table, column) = catchment.FacilityId[0] == 'c' ? (toCandidates, catchment.FacilityId[1..]) : (toExisting, catchment.FacilityId[1..]);
            var j = int.Parse(column, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var d in catchment.Demand)
            {
                table[int.Parse(d.DemandId, System.Globalization.CultureInfo.InvariantCulture), j] = d.Metres;
            }
        }

        return new SitingCostMatrix(toCandidates, problem.Existing.Count > 0 ? toExisting : null);
    }

    /// <summary>How the result was measured, naming the places off the network by the caller's ids.</summary>
    public DistanceOut Describe(IReadOnlyList<UnreachablePlace> unreachable) => new(
        Word,
        Network?.Version,
        Network is null ? null : NetworkCatchments.DefaultSnapCapMetres,
        [.. unreachable.Select(u => new OffNetworkPlace(u.Id, u.Role == PlaceRole.Demand ? "area" : "site",
            u.SnapMetres is { } m ? Math.Round(m, 1) : null))]);

    private static NetTopologySuite.Geometries.Point Wgs84Point(double lon, double lat) => Geo.Analysis.Spatial.Wgs84.Point(lon, lat);

    private static double[,] Unreachable(int rows, int columns)
    {
        var table = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                table[i, j] = double.PositiveInfinity;
            }
        }

        return table;
    }
}

/// <summary>
/// Resolves a request's <c>distance</c> for a district: network by default where the district has a walking
/// network, ground otherwise; distance = network for a district without one is refused, naming the field.
/// </summary>
public sealed class WalkingDistances(TuoyuDbContext db, NetworkGraphs graphs)
{
    public static readonly string[] Words = [WalkingDistance.NetworkWord, WalkingDistance.GroundWord];

    /// <summary>The measure a request names, null for the default; an unknown word is an error on <paramref name="field"/>.</summary>
    public static DistanceMeasure? Parse(string? word, ValidationErrors errors, string field = "distance")
    {
        switch (word)
        {
            case null:
                return null;
            case WalkingDistance.NetworkWord:
                return DistanceMeasure.Network;
            case WalkingDistance.GroundWord:
                return DistanceMeasure.Ground;
            default:
                errors.Add(field, "只能是 network（步行路网距离）或 ground（直线距离） must be network (walking distance on the street network) or ground (straight-line distance)");
                return null;
        }
    }

    /// <exception cref="RequestValidationException">distance = network and the district has no walking network.</exception>
    public async Task<WalkingDistance> ResolveAsync(string district, DistanceMeasure? requested, CancellationToken cancellationToken)
    {
        if (requested == DistanceMeasure.Ground)
        {
            return WalkingDistance.Ground;
        }

        if (await graphs.GetAsync(db, district, cancellationToken) is { } network)
        {
            return new WalkingDistance(DistanceMeasure.Network, network);
        }

        return requested == DistanceMeasure.Network
            ? throw new RequestValidationException("distance",
                $"行政区 {district} 没有步行路网，无法按步行距离分析：请先导入路网（POST /api/districts/{district}/network），或用 distance=ground 按直线距离分析 " +
                $"District {district} has no walking network: import one (POST /api/districts/{district}/network) or use distance=ground.")
            : WalkingDistance.Ground;
    }
}
