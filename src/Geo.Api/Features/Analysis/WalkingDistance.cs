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
/// <param name="WalkingSpeedMps">The walking speed minutes were reckoned at (m/s): the request's walking_speed, else the deployment's.</param>
/// <param name="RadiusMinutes">The result's radius as minutes of walking at that speed.</param>
public sealed record DistanceOut(string Distance, int? NetworkVersion, double? SnapCapM, IReadOnlyList<OffNetworkPlace> OffNetwork,
    double WalkingSpeedMps, double RadiusMinutes);

/// <summary>Walking costs from sites to demand points within a radius, and the places that are off the network.</summary>
public sealed record WalkingReach(Catchment Catchment, IReadOnlyList<UnreachablePlace> Unreachable);

/// <summary>
/// The distance an analysis measures by, resolved for one district: ground metres (a circle), or network
/// metres on the district's walking network (<see cref="NetworkCatchments"/>: snap to the nearest edge, capped at
/// 200 m, then the shortest walk). Every analysis that draws a walking radius asks this one object for its costs.
/// </summary>
/// <param name="SpeedMetresPerSecond">The walking speed that turns this result's metres into minutes.</param>
public sealed record WalkingDistance(DistanceMeasure Measure, DistrictNetwork? Network,
    double SpeedMetresPerSecond = WalkingCutoff.DefaultSpeedMetresPerSecond)
{
    public const string GroundWord = "ground";
    public const string NetworkWord = "network";

    public static WalkingDistance Ground(double speedMetresPerSecond) => new(DistanceMeasure.Ground, null, speedMetresPerSecond);

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
    public DistanceOut Describe(IReadOnlyList<UnreachablePlace> unreachable, double radiusMetres) => new(
        Word,
        Network?.Version,
        Network is null ? null : NetworkCatchments.DefaultSnapCapMetres,
        [.. unreachable.Select(u => new OffNetworkPlace(u.Id, u.Role == PlaceRole.Demand ? "area" : "site",
            u.SnapMetres is { } m ? Math.Round(m, 1) : null))],
        SpeedMetresPerSecond,
        WalkingSpeeds.Minutes(radiusMetres, SpeedMetresPerSecond));

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
/// The walking speed that turns a walk's metres into minutes: a request's <c>walking_speed</c> (m/s), else the
/// deployment's <c>WalkingNetwork:SpeedMetresPerSecond</c>, else 1.2 m/s (<see cref="WalkingCutoff.DefaultSpeedMetresPerSecond"/>).
/// Every route that reports minutes or reads a cut-off in minutes reads its speed here.
/// </summary>
public sealed class WalkingSpeeds
{
    public const string Field = "walking_speed";
    public const string ConfigurationKey = "WalkingNetwork:SpeedMetresPerSecond";

    // From a slow walk with a pushchair or a cane to a brisk stride, with room either side.
    public const double MinMetresPerSecond = 0.3;
    public const double MaxMetresPerSecond = 3;

    /// <exception cref="InvalidOperationException">The configured speed is outside the range a request may ask for.</exception>
    public WalkingSpeeds(IConfiguration configuration)
    {
        Default = configuration.GetValue(ConfigurationKey, WalkingCutoff.DefaultSpeedMetresPerSecond);
        if (!InRange(Default))
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} = {Default} must be between {MinMetresPerSecond} and {MaxMetresPerSecond} m/s (default {WalkingCutoff.DefaultSpeedMetresPerSecond}).");
        }
    }

    /// <summary>The deployment's speed, m/s.</summary>
    public double Default { get; }

    /// <summary>The speed a request names, null for the default; one out of range is an error on <paramref name="field"/>.</summary>
    public static double? Parse(double? metresPerSecond, ValidationErrors errors, string field = Field)
    {
        if (metresPerSecond is not { } speed)
        {
            return null;
        }

        if (InRange(speed))
        {
            return speed;
        }

        errors.Add(field, $"步行速度须在 {MinMetresPerSecond} 到 {MaxMetresPerSecond} 米/秒之间（常用 1.2 米/秒，约 4.3 公里/小时） " +
            $"must be a walking speed between {MinMetresPerSecond} and {MaxMetresPerSecond} m/s (1.2 m/s is usual)");
        return null;
    }

    /// <summary>Metres of walking as minutes at <paramref name="metresPerSecond"/>, to a tenth of a minute.</summary>
    public static double Minutes(double metres, double metresPerSecond) => Math.Round(metres / metresPerSecond / 60, 1);

    /// <summary>The speed to use: the one asked for, else the deployment's.</summary>
    public double Resolve(double? requested) => requested ?? Default;

    private static bool InRange(double speed) => double.IsFinite(speed) && speed >= MinMetresPerSecond && speed <= MaxMetresPerSecond;
}

/// <summary>
/// Resolves a request's <c>distance</c> for a district: network by default where the district has a walking
/// network, ground otherwise; distance = network for a district without one is refused, naming the field.
/// The walk's speed (<see cref="WalkingSpeeds"/>) is resolved with it, so every result states the one it used.
/// </summary>
public sealed class WalkingDistances(TuoyuDbContext db, NetworkGraphs graphs, WalkingSpeeds speeds)
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
    public async Task<WalkingDistance> ResolveAsync(string district, DistanceMeasure? requested, double? speedMetresPerSecond,
        CancellationToken cancellationToken)
    {
        var speed = speeds.Resolve(speedMetresPerSecond);
        if (requested == DistanceMeasure.Ground)
        {
            return WalkingDistance.Ground(speed);
        }

        if (await graphs.GetAsync(db, district, cancellationToken) is { } network)
        {
            return new WalkingDistance(DistanceMeasure.Network, network, speed);
        }

        return requested == DistanceMeasure.Network
            ? throw new RequestValidationException("distance",
                $"行政区 {district} 没有步行路网，无法按步行距离分析：请先导入路网（POST /api/districts/{district}/network），或用 distance=ground 按直线距离分析 " +
                $"District {district} has no walking network: import one (POST /api/districts/{district}/network) or use distance=ground.")
            : WalkingDistance.Ground(speed);
    }
}
