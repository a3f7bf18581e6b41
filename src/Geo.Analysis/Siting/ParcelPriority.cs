using System.Globalization;
using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Geo.Analysis.Siting;

/// <summary>Land-use class of a parcel (用地性质), as far as childcare siting cares.</summary>
public enum LandUseClass
{
    Education,
    HealthCare,
    SocialWelfare,
    CommercialService,
    ResidentialServiceFacility,
    Residential,
    Industrial,
    Logistics,
    Transport,
    GreenSpace,
    Other,
}

/// <summary>Status of a parcel in the land bureau's inventory.</summary>
public enum ParcelStatus
{
    /// <summary>闲置: idle.</summary>
    Idle,

    /// <summary>低效: low-efficiency use.</summary>
    LowEfficiency,

    /// <summary>兼容: a compatible use may be added.</summary>
    Compatible,

    /// <summary>储备: land reserve.</summary>
    Reserve,

    /// <summary>已出让: use rights already sold.</summary>
    Transferred,
}

/// <summary>A candidate parcel (地块) for childcare land.</summary>
/// <param name="Lon">WGS-84 longitude of a point inside the parcel (see <see cref="FromPolygon"/>).</param>
/// <param name="AreaSquareMetres">Site area in m².</param>
/// <param name="AllocationEligible">May be allocated free of charge (划拨).</param>
public sealed record Parcel(string Id, string Code, double Lon, double Lat, double AreaSquareMetres, LandUseClass LandUse,
    ParcelStatus Status, bool AllocationEligible)
{
    /// <summary>A parcel placed at an interior point of its polygon (a centroid may fall outside a concave parcel).</summary>
    public static Parcel FromPolygon(string id, string code, Geometry polygon, double areaSquareMetres, LandUseClass landUse,
        ParcelStatus status, bool allocationEligible)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        var inside = polygon.InteriorPoint;
        return new Parcel(id, code, inside.X, inside.Y, areaSquareMetres, landUse, status, allocationEligible);
    }
}

/// <summary>The rules a district sets for parcel priority; every default is overridable.</summary>
public sealed record ParcelPriorityOptions
{
    /// <summary>Walking service radius in metres (GB 50180-2018: 300 m, the 5-minute life circle).</summary>
    public double ServiceRadiusMetres { get; init; } = 300;

    /// <summary>Building area per 托位, m² (the planning rule of thumb is about 8–10 m²).</summary>
    public double BuildingAreaPerPlace { get; init; } = 9;

    /// <summary>Building area usable for childcare per m² of site (ground and first floors only, so about 1).</summary>
    public double UsableFloorAreaRatio { get; init; } = 1.0;

    /// <summary>Smallest site area that can host an institution, m².</summary>
    public double MinimumSiteArea { get; init; } = 400;

    /// <summary>Places a typical new institution offers; a parcel that fits this (or the unmet demand, if less) scores full size.</summary>
    public int TargetPlaces { get; init; } = 80;

    /// <summary>已出让 parcels: excluded (false), or ranked after all others (true).</summary>
    public bool IncludeTransferred { get; init; }
}

/// <summary>The parts of a parcel's score (0–100 in total).</summary>
/// <param name="Demand">0–50: unmet 托位 within the radius, relative to the best parcel.</param>
/// <param name="LandUse">20 when the land use may host childcare, else 0.</param>
/// <param name="Status">闲置 15, 低效 12, 兼容 8, 储备 5, 已出让 0.</param>
/// <param name="Size">0–10: places it can hold relative to min(unmet demand, target); 0 below the minimum site area.</param>
/// <param name="Allocation">5 when 划拨 is possible.</param>
public sealed record ParcelScore(double Demand, double LandUse, double Status, double Size, double Allocation)
{
    public double Total => Demand + LandUse + Status + Size + Allocation;
}

/// <summary>A ranked parcel, with its reason in one sentence a land officer can read.</summary>
/// <param name="UnmetDemand">Unmet 托位 (the demand weights) within the radius.</param>
/// <param name="DemandPointsWithin">Demand points (residential areas) within the radius.</param>
/// <param name="EstimatedPlaces">托位 the parcel can hold under the options' area rule.</param>
public sealed record PriorityParcel(int Rank, Parcel Parcel, double UnmetDemand, int DemandPointsWithin, int EstimatedPlaces,
    bool CompatibleLandUse, bool SizeAdequate, ParcelScore Score, string Explanation);

/// <summary>
/// Ranks candidate parcels for childcare land by the unmet demand within walking distance, land-use
/// compatibility, inventory status and size.
/// </summary>
/// <remarks>
/// Method: unmet demand is the sum of the demand weights (net of what existing institutions cover, computed by
/// the caller) whose ground distance to the parcel is ≤ the radius (STR-tree prefilter), or, when the caller
/// gives walking costs (a <see cref="TravelCostMatrix"/> from demand id to parcel id, e.g. network metres), whose
/// cost is ≤ the radius; a pair absent from the matrix is out of reach. The order is
/// lexicographic and deterministic: 已出让 last (or excluded); then compatible land use before incompatible; then
/// parcels large enough (≥ minimum site area) before smaller ones; then 闲置/低效 before 兼容/储备; then score
/// (<see cref="ParcelScore"/>), unmet demand, code and id. Capacity = floor(area × usable floor-area ratio ÷
/// building area per 托位).
/// </remarks>
public sealed class ParcelPriority
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly IReadOnlyList<DemandPoint> _demand;
    private readonly ParcelPriorityOptions _options;
    private readonly STRtree<int> _demandIndex = new();
    private readonly ILookup<string, TravelCost>? _costsByParcel;
    private readonly Dictionary<string, double>? _weights;

    /// <param name="demand">The demand points with their unmet 托位 as weights.</param>
    /// <param name="options">The radius and the area rules; defaults when null.</param>
    /// <param name="costs">Walking costs from demand to parcel ids in the radius' unit; null for ground distance.</param>
    /// <exception cref="ArgumentException">An option is out of range or a demand weight is negative.</exception>
    public ParcelPriority(IReadOnlyList<DemandPoint> demand, ParcelPriorityOptions? options = null, TravelCostMatrix? costs = null)
    {
        ArgumentNullException.ThrowIfNull(demand);
        options ??= new ParcelPriorityOptions();
        if (!(options.ServiceRadiusMetres > 0) || !(options.BuildingAreaPerPlace > 0) || !(options.UsableFloorAreaRatio > 0) ||
            !(options.MinimumSiteArea >= 0) || options.TargetPlaces < 1)
        {
            throw new ArgumentException("Radius, building area per place, floor-area ratio and target places must be positive; minimum site area ≥ 0.", nameof(options));
        }
        if (demand.FirstOrDefault(d => !(d.Weight >= 0)) is { } bad)
        {
            throw new ArgumentException($"Demand point '{bad.Id}' has weight {bad.Weight}; it must be ≥ 0.", nameof(demand));
        }
        _demand = demand;
        _options = options;
        _costsByParcel = costs?.Entries.ToLookup(c => c.InstitutionId, StringComparer.Ordinal);
        _weights = costs is null ? null : demand.ToDictionary(d => d.Id, d => d.Weight, StringComparer.Ordinal);
        for (var i = 0; i < demand.Count; i++)
        {
            _demandIndex.Insert(new Envelope(demand[i].Lon, demand[i].Lon, demand[i].Lat, demand[i].Lat), i);
        }
        _demandIndex.Build();
    }

    public static IReadOnlyList<PriorityParcel> Rank(IReadOnlyList<Parcel> parcels, IReadOnlyList<DemandPoint> demand,
        ParcelPriorityOptions? options = null, TravelCostMatrix? costs = null) => new ParcelPriority(demand, options, costs).Rank(parcels);

    public static bool IsCompatible(LandUseClass landUse) => landUse is LandUseClass.Education or LandUseClass.HealthCare
        or LandUseClass.SocialWelfare or LandUseClass.CommercialService or LandUseClass.ResidentialServiceFacility;

    public IReadOnlyList<PriorityParcel> Rank(IReadOnlyList<Parcel> parcels)
    {
        ArgumentNullException.ThrowIfNull(parcels);
        var measured = parcels
            .Where(p => _options.IncludeTransferred || p.Status != ParcelStatus.Transferred)
            .Select(p => (Parcel: p, Within: UnmetWithin(p)))
            .ToList();
        var best = measured.Select(m => m.Within.Unmet).DefaultIfEmpty(0).Max();
        var scored = measured.Select(m => Score(m.Parcel, m.Within.Unmet, m.Within.Count, best)).ToList();
        var ordered = scored
            .OrderBy(s => s.Parcel.Status == ParcelStatus.Transferred)
            .ThenBy(s => !s.CompatibleLandUse)
            .ThenBy(s => !s.SizeAdequate)
            .ThenBy(s => s.Parcel.Status is not (ParcelStatus.Idle or ParcelStatus.LowEfficiency))
            .ThenByDescending(s => s.Score.Total)
            .ThenByDescending(s => s.UnmetDemand)
            .ThenBy(s => s.Parcel.Code, StringComparer.Ordinal)
            .ThenBy(s => s.Parcel.Id, StringComparer.Ordinal)
            .ToList();
        return [.. ordered.Select((s, k) => s with { Rank = k + 1, Explanation = Explain(s, k + 1) })];
    }

    private (double Unmet, int Count) UnmetWithin(Parcel parcel)
    {
        var unmet = 0.0;
        var count = 0;
        if (_costsByParcel is not null && _weights is { } weights)
        {
            foreach (var c in _costsByParcel[parcel.Id].Where(c => c.Cost <= _options.ServiceRadiusMetres))
            {
                if (weights.TryGetValue(c.AreaId, out var w) && w > 0)
                {
                    unmet += w;
                    count++;
                }
            }

            return (unmet, count);
        }

        var box = GroundDistance.SearchBox(parcel.Lon, parcel.Lat, _options.ServiceRadiusMetres);
        foreach (var i in _demandIndex.Query(box))
        {
            var d = _demand[i];
            if (d.Weight > 0 && GroundDistance.Metres(parcel.Lon, parcel.Lat, d.Lon, d.Lat) <= _options.ServiceRadiusMetres)
            {
                unmet += d.Weight;
                count++;
            }
        }
        return (unmet, count);
    }

    private PriorityParcel Score(Parcel parcel, double unmet, int count, double best)
    {
        var places = (int)Math.Floor(parcel.AreaSquareMetres * _options.UsableFloorAreaRatio / _options.BuildingAreaPerPlace);
        var compatible = IsCompatible(parcel.LandUse);
        var adequate = parcel.AreaSquareMetres >= _options.MinimumSiteArea;
        var need = Math.Max(1, Math.Min(unmet, _options.TargetPlaces));
        var score = new ParcelScore(
            Demand: best > 0 ? 50 * unmet / best : 0,
            LandUse: compatible ? 20 : 0,
            Status: parcel.Status switch
            {
                ParcelStatus.Idle => 15,
                ParcelStatus.LowEfficiency => 12,
                ParcelStatus.Compatible => 8,
                ParcelStatus.Reserve => 5,
                _ => 0,
            },
            Size: adequate ? 10 * Math.Min(1, places / need) : 0,
            Allocation: parcel.AllocationEligible ? 5 : 0);
        return new PriorityParcel(0, parcel, unmet, count, places, compatible, adequate, score, "");
    }

    private string Explain(PriorityParcel s, int rank)
    {
        var p = s.Parcel;
        var text = string.Format(Invariant,
            "第{0}位：{1}（{2}），{3}米内未满足托位需求约 {4:N0} 个（{5} 个居住区），面积 {6:N0} m²，按每托位 {7:0.#} m² 建筑面积可容纳约 {8:N0} 个托位",
            rank, StatusName(p.Status), LandUseName(p.LandUse), _options.ServiceRadiusMetres, s.UnmetDemand, s.DemandPointsWithin,
            p.AreaSquareMetres, _options.BuildingAreaPerPlace, s.EstimatedPlaces);
        text += p.AllocationEligible ? "，可划拨" : "，不可划拨";
        if (p.Status == ParcelStatus.Transferred)
        {
            text += "；已出让，需协商收回或合作使用，列于最后";
        }
        if (!s.CompatibleLandUse)
        {
            text += "；用地性质不属于可设托育的用地类型，排在兼容用地之后";
        }
        if (!s.SizeAdequate)
        {
            text += string.Format(Invariant, "；小于最小用地面积 {0:N0} m²，排在面积达标地块之后", _options.MinimumSiteArea);
        }
        return text + "。";
    }

    private static string StatusName(ParcelStatus status) => status switch
    {
        ParcelStatus.Idle => "闲置用地",
        ParcelStatus.LowEfficiency => "低效用地",
        ParcelStatus.Compatible => "兼容用地",
        ParcelStatus.Reserve => "储备用地",
        _ => "已出让用地",
    };

    private static string LandUseName(LandUseClass landUse) => landUse switch
    {
        LandUseClass.Education => "教育用地",
        LandUseClass.HealthCare => "医疗卫生用地",
        LandUseClass.SocialWelfare => "社会福利用地",
        LandUseClass.CommercialService => "商业服务业用地",
        LandUseClass.ResidentialServiceFacility => "居住区服务设施用地",
        LandUseClass.Residential => "居住用地",
        LandUseClass.Industrial => "工业用地",
        LandUseClass.Logistics => "物流仓储用地",
        LandUseClass.Transport => "交通运输用地",
        LandUseClass.GreenSpace => "绿地与广场用地",
        _ => "其他用地",
    };
}
