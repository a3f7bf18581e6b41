using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Coverage;
using Geo.Analysis.Network;
using Geo.Analysis.Siting;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.Siting;
using AnalysisParcel = Geo.Analysis.Siting.Parcel;
using ParcelStatus = Geo.Api.Data.Entities.ParcelStatus;

namespace Geo.Api.Features.PriorityParcels;

public sealed record PriorityParcelQuery
{
    [FromQuery(Name = "district")] public string? District { get; init; }
    [FromQuery(Name = "radius_m")] public double? RadiusM { get; init; }
    /// <summary>geojson (default) or csv (UTF-8 with BOM, for spreadsheets).</summary>
    [FromQuery(Name = "format")] public string? Format { get; init; }
    /// <summary>network (walking metres on the district's street network) or ground (straight line); default network where the district has one.</summary>
    [FromQuery(Name = "distance")] public string? Distance { get; init; }
    /// <summary>Walking speed in m/s that the result's minutes are reckoned at; default the deployment's (1.2).</summary>
    [FromQuery(Name = WalkingSpeeds.Field)] public double? WalkingSpeed { get; init; }
}

/// <summary>A ranked parcel; <paramref name="Reason"/> is the Chinese sentence a land officer reads.</summary>
/// <param name="UnmetDemand">Unmet 托位 (2SFCA gap, net of existing institutions) of the residential areas within the radius.</param>
public sealed record PriorityParcelProperties(int Rank, double Score, string Code, string Name, string Reason, double UnmetDemand,
    int ResidentialAreasWithin, int EstimatedPlaces, LandUse LandUse, ParcelStatus Status, double AreaM2, bool AllocationEligible,
    bool CompatibleLandUse, bool SizeAdequate, PriorityComponents Components);

/// <summary>The score's parts: demand 0–50, land use 0/20, status 0–15, size 0–10, allocation 0/5.</summary>
public sealed record PriorityComponents(double Demand, double LandUse, double Status, double Size, double Allocation);

/// <param name="Distance">How the radius was measured: on foot along the network or in a straight line, and the places off the network.</param>
public sealed record PriorityParcelParameters(string District, string DistrictName, double RadiusM, double UnmetDemandTotal, DistanceOut Distance);

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record PriorityParcelCollection(PriorityParcelParameters Parameters, IReadOnlyList<GeoFeature<PriorityParcelProperties>> Features)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Type => "FeatureCollection";
}

/// <summary>
/// Parcels ranked for childcare land (<see cref="ParcelPriority"/>): unmet demand within the radius, land-use
/// compatibility, status (已出让 ranked after every other parcel) and size, each with its reason. Used by the
/// route and by export, so a file holds the ranking the page shows.
/// </summary>
public sealed class PriorityParcelRanking(TuoyuDbContext db, WalkingDistances distances)
{
    /// <summary>The query's own rules, checked before anything is read.</summary>
    public static void Validate(PriorityParcelQuery query, ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(query.District), "district", "is required: a district adcode (6 digits) or 街道 code (9 digits)");
        errors.Range(query.RadiusM, "radius_m", 1, WalkingRadius.MaxMetres, " metres");
        WalkingDistances.Parse(query.Distance, errors);
        WalkingSpeeds.Parse(query.WalkingSpeed, errors);
    }

    /// <summary>
    /// The ranked parcels of a checked query (see <see cref="Validate"/>), or null when no unit has the code; a
    /// unit that is neither a district nor a 街道 is a 400 on <c>district</c>.
    /// </summary>
    public async Task<PriorityParcelCollection?> RankAsync(PriorityParcelQuery query, CancellationToken cancellationToken)
    {
        var radius = query.RadiusM ?? WalkingRadius.DefaultMetres;
        var reader = new DistrictDemandReader(db);
        if (await reader.FindAsync(query.District!, cancellationToken) is not { } unit)
        {
            return null;
        }

        if (unit.AnalysisError() is { } error)
        {
            throw new RequestValidationException("district", error);
        }

        // The baseline gap and the parcels' reach measured alike: both on foot, or both in a straight line.
        var distance = await distances.ResolveAsync(unit.DistrictCode!, WalkingDistances.Parse(query.Distance, new ValidationErrors()), query.WalkingSpeed, cancellationToken);
        var demand = await reader.ReadAsync(unit, radius, null, distance, cancellationToken);

        var parcels = await PriorityParcelReader.InUnit(db.Parcels.AsNoTracking(), demand.Code).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        var byId = parcels.ToDictionary(p => p.Id.ToString(CultureInfo.InvariantCulture));
        var points = demand.Baseline.Areas
            .Select(a => new DemandPoint(a.AreaId, demand.LocationOf(a.AreaId).X, demand.LocationOf(a.AreaId).Y, a.Gap)).ToList();
        var reach = distance.Reach(byId.Select(p => new NetworkPlace(p.Key, p.Value.Location)),
            demand.Areas.Select(a => new NetworkPlace(a.Id, a.Location)), radius);
        var options = new ParcelPriorityOptions { ServiceRadiusMetres = radius, IncludeTransferred = true };
        var ranked = ParcelPriority.Rank(
            [.. parcels.Select(p => new AnalysisParcel(p.Id.ToString(CultureInfo.InvariantCulture), p.Code, p.Location.X, p.Location.Y, p.AreaM2,
                PriorityParcelReader.LandUseClass(p.LandUse), PriorityParcelReader.Status(p.Status), p.AllocationEligible))],
            points,
            options,
            (reach.Catchment as TravelCostCatchment)?.Costs);
        var reasons = PriorityParcelReasons.For(ranked, options, id => (byId[id].LandUse, byId[id].Status), onFoot: distance.Network is not null);

        var features = ranked.Select((r, k) =>
        {
            var p = byId[r.Parcel.Id];
            var s = r.Score;
            return new GeoFeature<PriorityParcelProperties>(p.Id, (Geometry)p.Boundary, new PriorityParcelProperties(
                r.Rank, Math.Round(s.Total, 2), p.Code, p.Name, reasons[k], Math.Round(r.UnmetDemand, 2), r.DemandPointsWithin,
                r.EstimatedPlaces, p.LandUse, p.Status, Math.Round(p.AreaM2, 1), p.AllocationEligible, r.CompatibleLandUse, r.SizeAdequate,
                new PriorityComponents(Math.Round(s.Demand, 2), s.LandUse, s.Status, Math.Round(s.Size, 2), s.Allocation)));
        }).ToList();

        var parameters = new PriorityParcelParameters(demand.Code, demand.Name, radius, Math.Round(demand.Baseline.TotalGap, 2),
            distance.Describe([.. demand.OffNetwork, .. reach.Unreachable.Where(u => u.Role == PlaceRole.Facility)], radius));
        return new PriorityParcelCollection(parameters, features);
    }
}
