using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.Institutions;
using Geo.Api.Features.Layers;
using Geo.Api.Features.NursingRooms;
using Geo.Api.Features.WalkingNetwork;

namespace Geo.Api.Features.Nearby;

public sealed record NearbyQuery
{
    [FromQuery(Name = "lon")] public double? Lon { get; init; }
    [FromQuery(Name = "lat")] public double? Lat { get; init; }
    /// <summary>institutions or nursing-rooms.</summary>
    [FromQuery(Name = "layer")] public string? Layer { get; init; }
    [FromQuery(Name = "limit")] public int? Limit { get; init; }
    [FromQuery(Name = "max_distance_m")] public double? MaxDistanceM { get; init; }
    /// <summary>Walking speed in m/s that walking_minutes are reckoned at; default the deployment's (1.2).</summary>
    [FromQuery(Name = WalkingSpeeds.Field)] public double? WalkingSpeed { get; init; }
}

/// <summary>A feature near the asked point, with its ground distance from it and, where the point's district has a walking network, the walk.</summary>
/// <param name="WalkingM">Metres on foot along the network (snap distances included); null without a network, off it, or beyond the walk searched.</param>
/// <param name="WalkingMinutes">The same walk in minutes at <paramref name="WalkingSpeedMps"/>.</param>
/// <param name="WalkingSpeedMps">The walking speed asked for (walking_speed), else the deployment's; null without a walk.</param>
public sealed record NearbyProperties<TProperties>(double DistanceM, TProperties Details, double? WalkingM = null, double? WalkingMinutes = null,
    double? WalkingSpeedMps = null);

/// <summary>
/// The public's "near me": nearest first by ground distance, answered by the GiST index on the geography cast
/// (ST_DWithin to bound, &lt;-&gt; to order, ST_Distance on the spheroid for the figure shown). Where the district
/// holding the point has a walking network, each result also says how far it is on foot: the order stays the ground one,
/// which the radius a parent chose is drawn in.
/// </summary>
public static class NearbyEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 200;
    public const double DefaultMaxDistanceM = 3000;
    public const double MaxDistanceM = 50_000;

    public static void MapNearbyEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/nearby", NearbyAsync).WithTags("Public 公众查询").ProducesClientProblems(notFound: false)
            .WithSummary("Filed, operating institutions or 母婴室 nearest a point, with ground distances in metres");

    private static async Task<Results<NearbyInstitutionsResult, Ok<GeoFeatureCollection<NearbyProperties<NursingRoomProperties>>>>> NearbyAsync(
        [AsParameters] NearbyQuery query, ClaimsPrincipal user, HttpContext http, IConfiguration configuration, NursingRoomLayer rooms,
        NetworkGraphs graphs, WalkingSpeeds speeds, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Present(query.Lon, "lon");
        errors.Present(query.Lat, "lat");
        if (query.Lon is { } lon && query.Lat is { } lat)
        {
            errors.InsideChina(lon, lat, "lon");
        }

        errors.Require(query.Layer is "institutions" or "nursing-rooms", "layer", "must be institutions or nursing-rooms");
        var limit = query.Limit ?? DefaultLimit;
        errors.Require(limit is >= 1 and <= MaxLimit, "limit", $"must be between 1 and {MaxLimit}");
        var maxDistance = query.MaxDistanceM ?? DefaultMaxDistanceM;
        errors.Require(maxDistance is > 0 and <= MaxDistanceM, "max_distance_m", $"must be greater than 0 and at most {MaxDistanceM}");
        var speed = speeds.Resolve(WalkingSpeeds.Parse(query.WalkingSpeed, errors));
        errors.ThrowIfAny();

        var origin = Wgs84.Point(query.Lon!.Value, query.Lat!.Value);
        if (query.Layer == "institutions")
        {
            var rows = await NearbyInstitutionsStatement.ReadAsync(ReadOnlyStatements.DataSource(http.RequestServices, configuration),
                origin.X, origin.Y, maxDistance, limit, PublicInstitutions.SeesAll(user), cancellationToken);
            var walks = await WalksAsync(http.RequestServices, graphs, origin, rows.FirstOrDefault().NetworkDistrict,
                rows.Select(r => (r.Id, Wgs84.Point(r.Lon, r.Lat))), maxDistance, cancellationToken);
            return new NearbyInstitutionsResult(rows, walks, speed);
        }

        var db = http.RequestServices.GetRequiredService<TuoyuDbContext>();
        var foundRooms = await ListAsync(NearestRooms(db, origin, maxDistance, limit), cancellationToken);
        var roomWalks = await WalksAsync(http.RequestServices, graphs, origin, foundRooms.FirstOrDefault().NetworkDistrict,
            foundRooms.Select(f => (f.Entity.Id, f.Entity.Location)), maxDistance, cancellationToken);
        return TypedResults.Ok(Collection(foundRooms, rooms, user, roomWalks, speed));
    }

    /// <summary>A walk is searched to this many times the ground radius: streets wind, and a detour past it is not near.</summary>
    public const double WalkSearchFactor = 2;

    /// <summary>
    /// Metres on foot from the point to each place, by place id, on the walking network of the district holding the
    /// point; empty where it has none or the point is beyond the snap cap (200 m) of every walkable edge. The context is
    /// asked for only where a network is read: a request away from every network builds none.
    /// </summary>
    private static async Task<IReadOnlyDictionary<long, double>> WalksAsync(IServiceProvider services, NetworkGraphs graphs, Point origin, string? district,
        IEnumerable<(long Id, Point Location)> places, double maxDistance, CancellationToken cancellationToken)
    {
        if (district is null)
        {
            return new Dictionary<long, double>();
        }

        var sites = places.ToList();
        if (sites.Count == 0
            || await graphs.GetAsync(services.GetRequiredService<TuoyuDbContext>(), district, cancellationToken) is not { } network)
        {
            return new Dictionary<long, double>();
        }

        var result = NetworkCatchments.Compute(network.Graph, [new NetworkPlace("origin", origin)],
            sites.Select(s => new NetworkPlace(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Location)),
            WalkingCutoff.InMetres(maxDistance * WalkSearchFactor));
        return result.Catchments.SelectMany(c => c.Demand)
            .ToDictionary(d => long.Parse(d.DemandId, System.Globalization.CultureInfo.InvariantCulture), d => d.Metres);
    }

    // Compiled once: 母婴室 are asked far less often than institutions (NearbyInstitutionsStatement), so EF Core builds
    // their answer. The district holding the point that has a walking network comes in the same statement (joined to
    // every row, and asked once by PostgreSQL): asked each time, so a network imported through any instance is seen at
    // once, without a second round trip (a subquery in the projection would be sent as a statement of its own).
    private static readonly Func<TuoyuDbContext, Point, double, int, IAsyncEnumerable<(NursingRoom Entity, double Metres, string? NetworkDistrict)>> NearestRooms =
        EF.CompileAsyncQuery((TuoyuDbContext db, Point origin, double maxDistance, int limit) => db.NursingRooms.AsNoTracking()
            .Where(r => GroundFunctions.WithinMetres(r.Location, origin, maxDistance))
            .OrderBy(r => GroundFunctions.KnnMetres(r.Location, origin))
            .Take(limit)
            .SelectMany(r => db.Districts
                    .Where(d => d.Level == DistrictLevel.District && d.Boundary != null && d.Boundary.Contains(origin) && db.StreetNetworks.Any(n => n.DistrictCode == d.Code))
                    .Select(d => d.Code).Take(1).DefaultIfEmpty(),
                (r, network) => ValueTuple.Create(r, GroundFunctions.DistanceMetres(r.Location, origin), network)));

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>
    /// The index orders by sphere distance; the figure shown is the spheroid's. They differ by under 0.5 %, so
    /// neighbours may swap: the page is sorted again by the figure the user sees.
    /// </summary>
    private static GeoFeatureCollection<NearbyProperties<TOutput>> Collection<TEntity, TInput, TOutput, TFilter>(
        IEnumerable<(TEntity Entity, double Metres, string? NetworkDistrict)> found, Layer<TEntity, TInput, TOutput, TFilter> layer, ClaimsPrincipal user,
        IReadOnlyDictionary<long, double> walks, double walkingSpeed)
        where TEntity : LocatedEntity where TInput : class where TFilter : class
    {
        var features = found
            .OrderBy(f => f.Metres).ThenBy(f => f.Entity.Id)
            .Select(f => new GeoFeature<NearbyProperties<TOutput>>(f.Entity.Id, layer.GeometryOf(f.Entity),
                new NearbyProperties<TOutput>(Math.Round(f.Metres, 1), layer.ForCaller(user, layer.ToOutput(f.Entity)),
                    walks.TryGetValue(f.Entity.Id, out var walk) ? Math.Round(walk, 1) : null,
                    walks.ContainsKey(f.Entity.Id) ? WalkingSpeeds.Minutes(walk, walkingSpeed) : null,
                    walks.ContainsKey(f.Entity.Id) ? walkingSpeed : null)))
            .ToList();
        return new GeoFeatureCollection<NearbyProperties<TOutput>>(features, features.Count, 1, Math.Max(1, features.Count));
    }
}
