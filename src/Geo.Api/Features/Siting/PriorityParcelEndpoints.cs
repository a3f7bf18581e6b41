using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Geo.Analysis.Siting;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Layers;
using AnalysisParcel = Geo.Analysis.Siting.Parcel;
using AnalysisParcelStatus = Geo.Analysis.Siting.ParcelStatus;
using Parcel = Geo.Api.Data.Entities.Parcel;
using ParcelStatus = Geo.Api.Data.Entities.ParcelStatus;
using Geo.Api.Infrastructure;

namespace Geo.Api.Features.Siting;

public sealed record PriorityParcelQuery
{
    [FromQuery(Name = "district")] public string? District { get; init; }
    [FromQuery(Name = "radius_m")] public double? RadiusM { get; init; }
    /// <summary>geojson (default) or csv (UTF-8 with BOM, for spreadsheets).</summary>
    [FromQuery(Name = "format")] public string? Format { get; init; }
}

/// <summary>A ranked parcel; <paramref name="Reason"/> is the Chinese sentence a land officer reads.</summary>
/// <param name="UnmetDemand">Unmet 托位 (2SFCA gap, net of existing institutions) of the residential areas within the radius.</param>
public sealed record PriorityParcelProperties(int Rank, double Score, string Code, string Name, string Reason, double UnmetDemand,
    int ResidentialAreasWithin, int EstimatedPlaces, LandUse LandUse, ParcelStatus Status, double AreaM2, bool AllocationEligible,
    bool CompatibleLandUse, bool SizeAdequate, PriorityComponents Components);

/// <summary>The score's parts: demand 0–50, land use 0/20, status 0–15, size 0–10, allocation 0/5.</summary>
public sealed record PriorityComponents(double Demand, double LandUse, double Status, double Size, double Allocation);

public sealed record PriorityParcelParameters(string District, string DistrictName, double RadiusM, double UnmetDemandTotal);

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record PriorityParcelCollection(PriorityParcelParameters Parameters, IReadOnlyList<GeoFeature<PriorityParcelProperties>> Features)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Type => "FeatureCollection";
}

/// <summary>Parcels of a district in the words of <see cref="ParcelPriority"/>.</summary>
internal static class PriorityParcelReader
{
    public static IQueryable<Parcel> InUnit(IQueryable<Parcel> parcels, string code) =>
        code.Length == 9 ? parcels.Where(p => p.SubdistrictCode == code) : parcels.Where(p => p.DistrictCode == code);

    public static LandUseClass LandUseClass(LandUse use) => use switch
    {
        LandUse.Education => Geo.Analysis.Siting.LandUseClass.Education,
        LandUse.HealthCare => Geo.Analysis.Siting.LandUseClass.HealthCare,
        LandUse.SocialWelfare => Geo.Analysis.Siting.LandUseClass.SocialWelfare,
        LandUse.Commercial => Geo.Analysis.Siting.LandUseClass.CommercialService,
        LandUse.ResidentialService => Geo.Analysis.Siting.LandUseClass.ResidentialServiceFacility,
        LandUse.Residential => Geo.Analysis.Siting.LandUseClass.Residential,
        LandUse.Industrial => Geo.Analysis.Siting.LandUseClass.Industrial,
        LandUse.GreenSpace => Geo.Analysis.Siting.LandUseClass.GreenSpace,
        _ => Geo.Analysis.Siting.LandUseClass.Other,
    };

    public static AnalysisParcelStatus Status(ParcelStatus status) => status switch
    {
        ParcelStatus.Idle => AnalysisParcelStatus.Idle,
        ParcelStatus.LowEfficiency => AnalysisParcelStatus.LowEfficiency,
        ParcelStatus.Compatible => AnalysisParcelStatus.Compatible,
        ParcelStatus.Reserve => AnalysisParcelStatus.Reserve,
        _ => AnalysisParcelStatus.Transferred,
    };
}

/// <summary>
/// Parcels ranked for childcare land (ParcelPriority): unmet demand within the radius, land-use compatibility,
/// status (已出让 ranked after every other parcel) and size, each with its reason; as GeoJSON or CSV.
/// </summary>
internal static class PriorityParcelEndpoints
{
    private static readonly string[] CsvHeader =
    [
        "排名 rank", "得分 score", "地块编码 code", "名称 name", "用地性质 land_use", "状态 status", "面积 area_m2",
        "未满足托位 unmet_demand", "覆盖居住区 residential_areas_within", "可容纳托位 estimated_places", "可划拨 allocation_eligible",
        "需求分 demand", "用地分 land_use_score", "状态分 status_score", "面积分 size_score", "划拨分 allocation_score", "理由 reason",
    ];

    public static void MapPriorityParcelEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/analysis").WithTags("Priority parcels 优先地块").RequireAuthorization(Policies.ParcelReader)
            .MapGet("/priority-parcels", RankAsync)
            .WithSummary("Parcels ranked for childcare land, each with its reason; GeoJSON or CSV");

    private static async Task<Results<Ok<PriorityParcelCollection>, FileContentHttpResult, ProblemHttpResult>> RankAsync(
        [AsParameters] PriorityParcelQuery query, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var format = query.Format ?? "geojson";
        var errors = new ValidationErrors();
        errors.Require(format is "geojson" or "csv", "format", "must be geojson or csv");
        var ranked = await RankParcelsAsync(query, db, cancellationToken, errors);
        if (ranked is null)
        {
            return Problems.NotFound($"There is no district or 街道 with the code {query.District}.");
        }

        return format == "csv"
            ? TypedResults.File(Csv(ranked.Features), "text/csv; charset=utf-8", $"priority-parcels-{ranked.Parameters.District}.csv")
            : TypedResults.Ok(ranked);
    }

    /// <summary>The ranked parcels of a query (also exported as files), or null when no unit has the code.</summary>
    public static async Task<PriorityParcelCollection?> RankParcelsAsync(
        PriorityParcelQuery query, TuoyuDbContext db, CancellationToken cancellationToken, ValidationErrors? errors = null)
    {
        errors ??= new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(query.District), "district", "is required: a district adcode (6 digits) or 街道 code (9 digits)");
        errors.Range(query.RadiusM, "radius_m", 1, SitingPlanner.MaxRadiusMetres, " metres");
        errors.ThrowIfAny();

        var radius = query.RadiusM ?? SitingPlanner.DefaultRadiusMetres;
        var demand = await new DistrictDemandReader(db).ReadAsync(query.District!, radius, null, cancellationToken);
        if (demand is null)
        {
            return null;
        }

        var parcels = await PriorityParcelReader.InUnit(db.Parcels.AsNoTracking(), demand.Code).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        var byId = parcels.ToDictionary(p => p.Id.ToString(CultureInfo.InvariantCulture));
        var points = demand.Baseline.Areas
            .Select(a => new DemandPoint(a.AreaId, demand.LocationOf(a.AreaId).X, demand.LocationOf(a.AreaId).Y, a.Gap)).ToList();
        var ranked = ParcelPriority.Rank(
            [.. parcels.Select(p => new AnalysisParcel(p.Id.ToString(CultureInfo.InvariantCulture), p.Code, p.Location.X, p.Location.Y, p.AreaM2,
                PriorityParcelReader.LandUseClass(p.LandUse), PriorityParcelReader.Status(p.Status), p.AllocationEligible))],
            points,
            new ParcelPriorityOptions { ServiceRadiusMetres = radius, IncludeTransferred = true });

        var features = ranked.Select(r =>
        {
            var p = byId[r.Parcel.Id];
            var s = r.Score;
            return new GeoFeature<PriorityParcelProperties>(p.Id, (Geometry)p.Boundary, new PriorityParcelProperties(
                r.Rank, Math.Round(s.Total, 2), p.Code, p.Name, r.Explanation, Math.Round(r.UnmetDemand, 2), r.DemandPointsWithin,
                r.EstimatedPlaces, p.LandUse, p.Status, Math.Round(p.AreaM2, 1), p.AllocationEligible, r.CompatibleLandUse, r.SizeAdequate,
                new PriorityComponents(Math.Round(s.Demand, 2), s.LandUse, s.Status, Math.Round(s.Size, 2), s.Allocation)));
        }).ToList();

        var parameters = new PriorityParcelParameters(demand.Code, demand.Name, radius, Math.Round(demand.Baseline.TotalGap, 2));
        return new PriorityParcelCollection(parameters, features);
    }

    /// <summary>CSV in UTF-8 with a byte-order mark, so that spreadsheet programmes read the Chinese correctly.</summary>
    private static byte[] Csv(IEnumerable<GeoFeature<PriorityParcelProperties>> features)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', CsvHeader.Select(Field)).Append("\r\n");
        foreach (var p in features.Select(f => f.Properties))
        {
            var c = p.Components;
            object[] row =
            [
                p.Rank, p.Score, p.Code, p.Name, Words.Of(p.LandUse), Words.Of(p.Status), p.AreaM2, p.UnmetDemand, p.ResidentialAreasWithin,
                p.EstimatedPlaces, p.AllocationEligible ? "是" : "否", c.Demand, c.LandUse, c.Status, c.Size, c.Allocation, p.Reason,
            ];
            text.AppendJoin(',', row.Select(v => Field(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
