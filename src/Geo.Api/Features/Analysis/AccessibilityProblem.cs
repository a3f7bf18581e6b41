using System.ComponentModel.DataAnnotations;
using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;

namespace Geo.Api.Features.Analysis;

/// <summary>
/// POST /api/analysis/accessibility: an analyst's own 2SFCA problem. Demand points with weights and supply points
/// with capacities, and either their coordinates (costs are ground metres) or a dense cost matrix
/// (rows = demand, columns = supply, null = unreachable) in minutes or network metres.
/// </summary>
public sealed record AccessibilityRequest
{
    [Required] public List<DemandPointIn>? Demand { get; init; }
    [Required] public List<SupplyPointIn>? Supply { get; init; }
    /// <summary>Catchment cut-off in the cost unit, inclusive; default 300 with coordinates, required with costs.</summary>
    public double? Cutoff { get; init; }
    /// <summary>step (default), gaussian, or bands (the walking bands in metres, or the request's own bands).</summary>
    public string? Decay { get; init; }
    public List<DecayBand>? Bands { get; init; }
    public List<List<double?>>? Costs { get; init; }
    /// <summary>Unit of the cost matrix: minutes (default) or network_metres.</summary>
    public CostUnit? CostUnit { get; init; }
}

public sealed record DemandPointIn
{
    [Required] public string? Id { get; init; }
    [Required] public double? Weight { get; init; }
    public double? Lon { get; init; }
    public double? Lat { get; init; }
}

public sealed record SupplyPointIn
{
    [Required] public string? Id { get; init; }
    [Required] public int? Capacity { get; init; }
    public double? Lon { get; init; }
    public double? Lat { get; init; }
}

public sealed record AccessibilityParameters(double Cutoff, CostUnit CostUnit, string Decay, IReadOnlyList<DecayBand>? Bands, bool FromCostMatrix,
    int DemandPoints, int SupplyPoints);

/// <param name="Accessibility">A_i = Σ_j W(d_ij)·R_j: capacity per unit of weight.</param>
/// <param name="Accessible">A_i × weight: the capacity this point's weight can reach.</param>
public sealed record DemandAccessibility(string Id, double Weight, double Accessibility, double PerThousand, double Accessible,
    int SupplyInReach, double? NearestCost);

/// <param name="Ratio">R_j = capacity / weighted demand in reach; 0 when none.</param>
public sealed record SupplyShare(string Id, int Capacity, double WeightedDemand, double Ratio, int DemandInReach);

public sealed record AccessibilityResponse(AccessibilityParameters Parameters, IReadOnlyList<DemandAccessibility> Demand,
    IReadOnlyList<SupplyShare> Supply, double TotalCapacity, double TotalAccessible);

public static class AccessibilityProblem
{
    public const int MaxDemand = 100_000;
    public const int MaxSupply = 20_000;
    public const long MaxCostCells = 4_000_000;

    public static AccessibilityResponse Solve(AccessibilityRequest request)
    {
        var (options, demand, supply) = Check(request);
        WorkLimits.EnsurePairs(demand, supply, options.Catchment, "cutoff");
        var result = CoverageAnalysis.Compute(demand, supply, options);
        var areas = result.Areas.ToDictionary(a => a.AreaId, StringComparer.Ordinal);
        var institutions = result.Institutions.ToDictionary(i => i.InstitutionId, StringComparer.Ordinal);
        var matrix = options.Catchment is TravelCostCatchment;
        return new AccessibilityResponse(
            new AccessibilityParameters(options.Catchment.Cutoff, options.Catchment.Unit, request.Decay ?? "step",
                options.Decay is MultiStepDecay m ? m.Bands : null, matrix, demand.Count, supply.Count),
            // In the caller's order, so rows line up with what was sent.
            demand.Select(d => areas[d.Id]).Select(a => new DemandAccessibility(
                a.AreaId, a.Population, a.Accessibility, a.AccessiblePerThousand, a.AccessibleSlots, a.InstitutionsInReach, a.NearestCost)).ToList(),
            supply.Select(s => institutions[s.Id]).Select(i => new SupplyShare(
                i.InstitutionId, i.ApprovedSlots, i.WeightedDemand, i.SlotsPerResident, i.AreasInReach)).ToList(),
            result.TotalApprovedSlots,
            result.TotalAccessibleSlots);
    }

    private static (CoverageOptions, List<DemandArea>, List<CareProvider>) Check(AccessibilityRequest r)
    {
        var errors = new ValidationErrors();
        var demandIn = r.Demand ?? [];
        var supplyIn = r.Supply ?? [];
        var matrix = r.Costs is not null;
        errors.Require(demandIn.Count is > 0 and <= MaxDemand, "demand", $"is required: 1 to {MaxDemand} points {{id, weight, lon, lat}}");
        errors.Require(supplyIn.Count is > 0 and <= MaxSupply, "supply", $"is required: 1 to {MaxSupply} points {{id, capacity, lon, lat}}");
        UniqueIds(demandIn.Select(d => d.Id), "demand", errors);
        UniqueIds(supplyIn.Select(s => s.Id), "supply", errors);
        for (var k = 0; k < demandIn.Count; k++)
        {
            errors.Require(demandIn[k].Weight is { } w && double.IsFinite(w) && w >= 0, $"demand[{k}].weight", "is required: a number 0 or more (e.g. residents)");
            Coordinates(demandIn[k].Lon, demandIn[k].Lat, $"demand[{k}].", matrix, errors);
        }

        for (var k = 0; k < supplyIn.Count; k++)
        {
            errors.Require(supplyIn[k].Capacity is >= 0, $"supply[{k}].capacity", "is required: a whole number 0 or more (e.g. 托位)");
            Coordinates(supplyIn[k].Lon, supplyIn[k].Lat, $"supply[{k}].", matrix, errors);
        }

        if (matrix)
        {
            CostMatrix(r.Costs!, demandIn.Count, supplyIn.Count, errors);
            errors.Require(r.CostUnit != CostUnit.GroundMetres, "cost_unit", "must be minutes or network_metres with a cost matrix (ground metres come from coordinates)");
        }
        else
        {
            errors.Require(r.CostUnit is null, "cost_unit", "applies to a cost matrix only; without costs, ground metres are measured between the coordinates");
        }

        var cutoff = r.Cutoff ?? (matrix ? double.NaN : CoverageSettings.DefaultRadiusM);
        errors.Require(double.IsFinite(cutoff) && cutoff >= 0, "cutoff", matrix
            ? "is required with a cost matrix: the largest cost within reach (inclusive), in the matrix's unit"
            : "must be a number of metres, 0 or more");
        var decay = Decay(r, matrix, cutoff, errors);
        errors.ThrowIfAny();

        var origin = Wgs84.Point(0, 0); // a cost matrix needs no coordinates: the engine only checks they are lon/lat
        var demand = demandIn.Select(d => new DemandArea(d.Id!, d.Lon is { } x && d.Lat is { } y ? Wgs84.Point(x, y) : origin,
            d.Weight!.Value, AreaKind.New)).ToList();
        var supply = supplyIn.Select(s => new CareProvider(s.Id!, s.Lon is { } x && s.Lat is { } y ? Wgs84.Point(x, y) : origin,
            s.Capacity!.Value, ProviderTraits.Operating)).ToList();
        Catchment catchment = matrix
            ? new TravelCostCatchment(Dense(r.Costs!, demand, supply, r.CostUnit ?? CostUnit.Minutes), cutoff)
            : new CatchmentRadius(cutoff);
        // Weights here are any demand, not residents of a district: no children are counted, so no census share applies.
        var options = new CoverageOptions { Catchment = catchment, Decay = decay!, Supply = SupplyFilter.Default, DefaultChildrenUnder3Share = 0 };
        return (options, demand, supply);
    }

    private static DistanceDecay? Decay(AccessibilityRequest r, bool matrix, double cutoff, ValidationErrors errors)
    {
        switch (r.Decay ?? "step")
        {
            case "step":
                errors.Require(r.Bands is null, "bands", "apply with decay bands only");
                return DistanceDecay.Step;
            case "gaussian":
                errors.Require(r.Bands is null, "bands", "apply with decay bands only");
                return DistanceDecay.Gaussian;
            case "bands" when r.Bands is null:
                errors.Require(!matrix, "bands", "are required with a cost matrix: [{up_to, weight}, …] in the matrix's unit");
                errors.Require(cutoff <= CoverageSettings.BandsEndM, "cutoff", "must be at most 1000 with the walking bands (they end at 1,000 m); or send bands");
                return DistanceDecay.WalkingBands;
            case "bands":
                var bands = r.Bands;
                var ascending = bands.Count > 0 && bands.All(b => double.IsFinite(b.UpTo) && b.UpTo >= 0 && double.IsFinite(b.Weight) && b.Weight >= 0)
                    && bands.Zip(bands.Skip(1)).All(p => p.Second.UpTo > p.First.UpTo);
                errors.Require(ascending, "bands", "must be one or more {up_to, weight} with up_to ascending and both 0 or more");
                errors.Require(!ascending || bands[^1].UpTo >= cutoff, "bands", "the last band must reach the cutoff");
                return ascending ? DistanceDecay.MultiStep([.. bands]) : null;
            default:
                errors.Add("decay", "must be step, gaussian or bands");
                return null;
        }
    }

    private static void UniqueIds(IEnumerable<string?> ids, string list, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var k = 0;
        foreach (var id in ids)
        {
            if (string.IsNullOrEmpty(id))
            {
                errors.Add($"{list}[{k}].id", "is required");
            }
            else if (!seen.Add(id))
            {
                errors.Add($"{list}[{k}].id", $"'{id}' appears more than once");
            }

            k++;
        }
    }

    private static void Coordinates(double? lon, double? lat, string prefix, bool optional, ValidationErrors errors)
    {
        if (optional && lon is null && lat is null)
        {
            return;
        }

        errors.Require(lon is { } x && double.IsFinite(x) && x is >= -180 and <= 180, $"{prefix}lon",
            optional ? "must be WGS-84 degrees, -180 to 180 (or leave out lon and lat with a cost matrix)" : "is required: WGS-84 degrees, -180 to 180");
        errors.Require(lat is { } y && double.IsFinite(y) && y is >= -90 and <= 90, $"{prefix}lat",
            optional ? "must be WGS-84 degrees, -90 to 90 (or leave out lon and lat with a cost matrix)" : "is required: WGS-84 degrees, -90 to 90");
    }

    private static void CostMatrix(List<List<double?>> costs, int rows, int columns, ValidationErrors errors)
    {
        if ((long)rows * columns > MaxCostCells)
        {
            errors.Add("costs", $"has {(long)rows * columns} cells; at most {MaxCostCells}");
            return;
        }

        if (costs.Count != rows)
        {
            errors.Add("costs", $"must have one row per demand point ({rows}); it has {costs.Count}");
            return;
        }

        for (var i = 0; i < rows; i++)
        {
            if (costs[i] is not { } row || row.Count != columns)
            {
                errors.Add($"costs[{i}]", $"must have one cost per supply point ({columns})");
            }
            else if (row.FindIndex(c => c is { } v && (!double.IsFinite(v) || v < 0)) is var j and >= 0)
            {
                errors.Add($"costs[{i}][{j}]", "must be a finite cost 0 or more, or null when unreachable");
            }
        }
    }

    private static TravelCostMatrix Dense(List<List<double?>> costs, List<DemandArea> demand, List<CareProvider> supply, CostUnit unit)
    {
        var table = new double[demand.Count, supply.Count];
        for (var i = 0; i < demand.Count; i++)
        {
            for (var j = 0; j < supply.Count; j++)
            {
                table[i, j] = costs[i][j] ?? double.NaN;
            }
        }

        return TravelCostMatrix.FromDense(unit, demand.Select(d => d.Id).ToList(), supply.Select(s => s.Id).ToList(), table);
    }
}
