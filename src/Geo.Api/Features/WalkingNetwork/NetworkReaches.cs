using System.Text.Json.Serialization;
using Geo.Analysis.Network;
using Geo.Api.Features.Analysis;

namespace Geo.Api.Features.WalkingNetwork;

/// <summary>A place whose walking reach is asked for: the map's own id for it, and where it stands.</summary>
public sealed record ReachSite(string? Id, double? Lon, double? Lat);

/// <summary>POST /api/districts/{code}/network/reaches: the sites (at most <see cref="MaxSites"/>) and how far a walk from each goes.</summary>
/// <param name="RadiusM">The walk in metres (snap distance included), as the analyses' service radius; default 300.</param>
/// <param name="WalkingSpeed">The speed the walk's minutes are stated at (m/s); default the deployment's.</param>
public sealed record ReachRequest(IReadOnlyList<ReachSite>? Sites, double? RadiusM, double? WalkingSpeed)
{
    public const int MaxSites = 500;
}

/// <param name="Metres">The walk, metres on the network with the snap distance.</param>
/// <param name="Minutes">The same walk in minutes at <paramref name="SpeedMps"/>.</param>
/// <param name="OffNetwork">The site is farther than the snap cap from every walkable street: its reach is empty.</param>
/// <param name="SnapM">Its distance to the nearest walkable street.</param>
public sealed record ReachProperties(double Metres, double Minutes, double SpeedMps, int NetworkVersion, bool OffNetwork, double? SnapM);

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record ReachCollection([property: JsonPropertyOrder(1)] IReadOnlyList<GeoFeature<ReachProperties>> Features)
{
    [JsonPropertyOrder(0)]
    public string Type => "FeatureCollection";
}

/// <summary>
/// The walking reach of many sites in one request (the planner's 服务半径圈 on foot for the institutions in view): per
/// site the streets reached within the radius, widened into a polygon as the isochrones are (<see cref="WalkingIsochrones"/>).
/// </summary>
public static class NetworkReaches
{
    public static (IReadOnlyList<(string Id, NetTopologySuite.Geometries.Point At)> Sites, double RadiusM, double? Speed) Validate(ReachRequest body)
    {
        var errors = new ValidationErrors();
        var radius = body.RadiusM ?? WalkingRadius.DefaultMetres;
        if (!double.IsFinite(radius) || radius <= 0 || radius > WalkingRadius.MaxMetres)
        {
            errors.Add("radius_m", $"须大于 0 且不超过 {WalkingRadius.MaxMetres} 米 must be greater than 0 and at most {WalkingRadius.MaxMetres} metres (300, 500 and 1000 are the 5-, 10- and 15-minute walks)");
        }

        var speed = WalkingSpeeds.Parse(body.WalkingSpeed, errors);
        var sites = new List<(string, NetTopologySuite.Geometries.Point)>();
        if (body.Sites is not { Count: > 0 and <= ReachRequest.MaxSites } given)
        {
            errors.Add("sites", $"须列出 1 到 {ReachRequest.MaxSites} 个地点 give 1 to {ReachRequest.MaxSites} sites, each with id, lon and lat (ask for more in several requests)");
            errors.ThrowIfAny();
            return ([], radius, speed);
        }

        for (var k = 0; k < given.Count; k++)
        {
            var site = given[k];
            if (string.IsNullOrWhiteSpace(site.Id))
            {
                errors.Add($"sites[{k}].id", "必填 is required: the id the map knows the site by");
            }

            if (AnalysisRules.LonLat(site.Lon, site.Lat, $"sites[{k}].", errors))
            {
                sites.Add((site.Id ?? "", Geo.Analysis.Spatial.Wgs84.Point(site.Lon!.Value, site.Lat!.Value)));
            }
        }

        errors.ThrowIfAny();
        return (sites, radius, speed);
    }

    public static ReachCollection Compute(DistrictNetwork network, IReadOnlyList<(string Id, NetTopologySuite.Geometries.Point At)> sites, double radiusM, double speed) =>
        new([.. sites.Select(site =>
        {
            var snap = network.Graph.Snap(site.At);
            var reach = WalkingIsochrones.Compute(network.Graph, site.At, [radiusM])[0];
            return new GeoFeature<ReachProperties>(site.Id, reach.Area, new ReachProperties(
                radiusM, WalkingSpeeds.Minutes(radiusM, speed), speed, network.Version, !snap.WithinCap,
                double.IsFinite(snap.SnapMetres) ? Math.Round(snap.SnapMetres, 1) : null));
        })]);
}
