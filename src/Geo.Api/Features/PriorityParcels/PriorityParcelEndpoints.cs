using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Geo.Api.Features.ImportExport;

namespace Geo.Api.Features.PriorityParcels;

/// <summary>The land bureau's ranking of parcels for childcare land, as GeoJSON or CSV.</summary>
public static class PriorityParcelEndpoints
{
    private static readonly string[] CsvHeader =
    [
        "排名 rank", "得分 score", "地块编码 code", "名称 name", "用地性质 land_use", "状态 status", "面积 area_m2",
        "未满足托位 unmet_demand", "覆盖居住区 residential_areas_within", "可容纳托位 estimated_places", "可划拨 allocation_eligible",
        "需求分 demand", "用地分 land_use_score", "状态分 status_score", "面积分 size_score", "划拨分 allocation_score", "理由 reason",
    ];

    public static IServiceCollection AddPriorityParcels(this IServiceCollection services) => services.AddScoped<PriorityParcelRanking>();

    public static void MapPriorityParcelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analysis").WithTags("Priority parcels 优先地块")
            .RequireAuthorization(Policies.ParcelReader).ProducesClientProblems();
        group.MapGet("/priority-parcels", RankAsync).WithSummary("Parcels ranked for childcare land, each with its reason; GeoJSON or CSV");
    }

    private static async Task<Results<Ok<PriorityParcelCollection>, FileContentHttpResult, ProblemHttpResult>> RankAsync(
        [AsParameters] PriorityParcelQuery query, PriorityParcelRanking ranking, CancellationToken cancellationToken)
    {
        var format = query.Format ?? "geojson";
        var errors = new ValidationErrors();
        errors.Require(format is "geojson" or "csv", "format", "must be geojson or csv");
        PriorityParcelRanking.Validate(query, errors);
        errors.ThrowIfAny();
        if (await ranking.RankAsync(query, cancellationToken) is not { } ranked)
        {
            return Problems.NotFound($"There is no district or 街道 with the code {query.District}.");
        }

        return format == "csv"
            ? TypedResults.File(Csv(ranked.Features), "text/csv; charset=utf-8", $"priority-parcels-{ranked.Parameters.District}.csv")
            : TypedResults.Ok(ranked);
    }

    private static byte[] Csv(IEnumerable<GeoFeature<PriorityParcelProperties>> features)
    {
        var text = new StringBuilder().AppendRow(CsvHeader);
        foreach (var p in features.Select(f => f.Properties))
        {
            var c = p.Components;
            object[] row =
            [
                p.Rank, p.Score, p.Code, p.Name, PriorityParcelReasons.Chinese(p.LandUse), PriorityParcelReasons.Chinese(p.Status), p.AreaM2, p.UnmetDemand, p.ResidentialAreasWithin,
                p.EstimatedPlaces, p.AllocationEligible ? "是" : "否", c.Demand, c.LandUse, c.Status, c.Size, c.Allocation, p.Reason,
            ];
            text.AppendRow(row.Select(v => v is string s ? SpreadsheetTable.Neutralised(s) : Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""));
        }

        return CsvText.Utf8WithBom(text);
    }
}
