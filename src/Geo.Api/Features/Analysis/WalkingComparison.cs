using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Coverage;
using Geo.Analysis.Network;
using Geo.Analysis.Spatial;

namespace Geo.Api.Features.Analysis;

/// <summary>GET /api/analysis/walking-comparison: a district with a walking network, and the radius to compare at.</summary>
public sealed record WalkingComparisonQuery
{
    [FromQuery(Name = "district")] public string? District { get; init; }

    /// <summary>The service radius, in metres in a straight line and on foot alike; default 300.</summary>
    [FromQuery(Name = "radius_m")] public double? RadiusM { get; init; }

    /// <summary>Which institutions count, as for coverage.</summary>
    [FromQuery(Name = "supply")] public string? Supply { get; init; }

    /// <summary>Walking speed in m/s that the radius's minutes are stated at, as for coverage; default the deployment's (1.2).</summary>
    [FromQuery(Name = WalkingSpeeds.Field)] public double? WalkingSpeed { get; init; }
}

/// <summary>Coverage of the district measured one way.</summary>
/// <param name="CoveredShare">Share of the listed residents whose area has an institution with 托位 within the radius.</param>
/// <param name="AccessiblePerThousand">Accessible 托位 (2SFCA) per 1,000 residents of the district.</param>
public sealed record MeasuredCoverage(double CoveredShare, double CoveredPopulation, double AccessibleSlots, double? AccessiblePerThousand,
    double Gap, double UnservedChildren, int AreasCovered);

/// <summary>A residential area an institution reaches in a straight line and none on foot.</summary>
/// <param name="InstitutionId">The institution with 托位 nearest to it in a straight line.</param>
/// <param name="GroundM">Straight-line metres to that institution.</param>
/// <param name="WalkingM">Metres on foot to that same institution, snap distances included; null when farther than <c>searched_to_m</c> or the area is off the network.</param>
/// <param name="NearestWalkingM">Metres on foot to the institution nearest on foot (another, where the straight line's is across a river); null as above.</param>
/// <param name="SnapM">Its distance to the nearest walkable edge, when that is beyond the snap cap (off the network).</param>
public sealed record LostArea(string Name, double Population, ResidentialKind Kind, string? SubdistrictCode,
    long InstitutionId, double GroundM, double? WalkingM, double? NearestWalkingM, bool OffNetwork, double? SnapM);

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record LostAreaCollection([property: JsonPropertyOrder(1)] IReadOnlyList<GeoFeature<LostArea>> Features)
{
    [JsonPropertyOrder(0)]
    public string Type => "FeatureCollection";
}

/// <param name="SearchedToM">How far a walk was searched for the areas lost (beyond it their walk reads null).</param>
/// <param name="WalkingSpeedMps">The walking speed the minutes are reckoned at (m/s): the request's walking_speed, else the deployment's.</param>
/// <param name="RadiusMinutes">The radius as minutes of walking at that speed.</param>
public sealed record WalkingComparisonParameters(string District, string DistrictName, double RadiusM, IReadOnlyList<string> Supply,
    int NetworkVersion, double SnapCapM, double SearchedToM, double WalkingSpeedMps, double RadiusMinutes);

/// <param name="AreasLost">How many areas are covered in a straight line but not on foot.</param>
/// <param name="PopulationLost">Their residents.</param>
/// <param name="Areas">Those areas as points, farthest walk first.</param>
public sealed record WalkingComparisonResponse(WalkingComparisonParameters Parameters, MeasuredCoverage Ground, MeasuredCoverage Network,
    int AreasLost, double PopulationLost, LostAreaCollection Areas);

/// <summary>
/// The straight-line / walking comparison of a district with a walking network: the same coverage run twice
/// (ground circles, then network costs), and the areas an institution reaches within the radius in a straight line
/// but none on foot: a river without a bridge nearby, a walled compound, a railway. For each such area the walk to
/// its nearest institution is searched to five times the radius (at most 5 km), so a planner sees how far it is.
/// </summary>
public static class WalkingComparison
{
    public static CoverageSettings Validate(WalkingComparisonQuery query)
    {
        var errors = new ValidationErrors();
        var settings = CoverageSettings.Parse(query.District, query.RadiusM, null, query.Supply, "point", errors, walkingSpeed: query.WalkingSpeed);
        errors.ThrowIfAny();
        return settings!;
    }

    public static double SearchedTo(double radiusM) => Math.Min(radiusM * 5, WalkingRadius.MaxMetres);

    /// <exception cref="RequestValidationException">The district has no walking network: nothing to compare with.</exception>
    public static WalkingDistance RequireNetwork(WalkingDistance distance, string district) =>
        distance.Network is not null ? distance : throw new RequestValidationException("district",
            $"行政区 {district} 没有步行路网，无法比较直线与步行覆盖：请先导入路网（POST /api/districts/{district}/network） " +
            $"District {district} has no walking network to compare with: import one (POST /api/districts/{district}/network) first.");

    public static WalkingComparisonResponse Compute(CoverageSettings settings, DistrictRules rules,
        IReadOnlyList<AreaRow> areas, IReadOnlyList<CareProvider> institutions, WalkingDistance network)
    {
        var parameters = new WalkingComparisonParameters(rules.Code, rules.Name, settings.RadiusM, settings.Supply, network.Network!.Version,
            NetworkCatchments.DefaultSnapCapMetres, SearchedTo(settings.RadiusM), network.SpeedMetresPerSecond,
            WalkingSpeeds.Minutes(settings.RadiusM, network.SpeedMetresPerSecond));
        var ground = CoverageRun.Compute(settings, rules, areas, institutions, WalkingDistance.Ground(network.SpeedMetresPerSecond));
        var walking = CoverageRun.Compute(settings, rules, areas, institutions, network);
        var onFoot = walking.Result.Areas.ToDictionary(a => a.AreaId, StringComparer.Ordinal);
        var lost = ground.Result.Areas.Where(a => a.InstitutionsInReach > 0 && onFoot[a.AreaId].InstitutionsInReach == 0).ToList();

        var rows = areas.ToDictionary(a => AreaRow.Key(a.Id), StringComparer.Ordinal);
        var supply = institutions.Where(i => i.ApprovedSlots > 0 && settings.Filter.Admits(i)).ToList();
        var walks = NetworkCatchments.Compute(network.Network.Graph, supply.Select(i => new NetworkPlace(i.Id, i.Location)),
            lost.Select(a => new NetworkPlace(a.AreaId, rows[a.AreaId].Location)), WalkingCutoff.InMetres(parameters.SearchedToM));
        var onFootTo = walks.Catchments.SelectMany(c => c.Demand.Select(d => (Pair: (c.FacilityId, d.DemandId), d.Metres))).ToDictionary(x => x.Pair, x => x.Metres);
        var off = walks.Unreachable.Where(u => u.Role == PlaceRole.Demand).ToDictionary(u => u.Id, u => u.SnapMetres);
        double? Walk(string institution, string area) => onFootTo.TryGetValue((institution, area), out var m) ? Math.Round(m, 1) : null;

        var features = lost
            .Select(a =>
            {
                var row = rows[a.AreaId];
                var (nearest, metres) = supply.Select(i => (i.Id, Metres: GroundDistance.Metres(i.Location.Coordinate, row.Location.Coordinate))).MinBy(x => x.Metres);
                var walkable = supply.Select(i => Walk(i.Id, a.AreaId)).Where(m => m is not null).Min();
                return new GeoFeature<LostArea>(row.Id, row.Location, new LostArea(
                    row.Name, CoverageReport.Round(a.Population), row.Kind, row.SubdistrictCode, long.Parse(nearest, System.Globalization.CultureInfo.InvariantCulture),
                    Math.Round(metres, 1), Walk(nearest, a.AreaId), walkable,
                    off.ContainsKey(a.AreaId), off.TryGetValue(a.AreaId, out var snap) && snap is { } s ? Math.Round(s, 1) : null));
            })
            .OrderByDescending(f => f.Properties.WalkingM ?? double.PositiveInfinity).ThenBy(f => (long)f.Id)
            .ToList();
        return new WalkingComparisonResponse(
            parameters,
            Measured(ground), Measured(walking), features.Count, CoverageReport.Round(lost.Sum(a => a.Population)), new LostAreaCollection(features));
    }

    private static MeasuredCoverage Measured(CoverageRun run)
    {
        var areas = run.Result.Areas;
        var listed = areas.Sum(a => a.Population);
        var covered = areas.Where(a => a.InstitutionsInReach > 0).ToList();
        var s = run.Totals.Summary;
        return new MeasuredCoverage(
            CoverageReport.Round(listed > 0 ? covered.Sum(a => a.Population) / listed : 0),
            CoverageReport.Round(covered.Sum(a => a.Population)),
            CoverageReport.Round(s.AccessibleSlots),
            CoverageReport.Round(s.Population > 0 ? s.AccessibleSlots / s.Population * 1000 : null),
            CoverageReport.Round(s.Gap),
            CoverageReport.Round(s.UnservedChildrenUnder3),
            covered.Count);
    }
}
