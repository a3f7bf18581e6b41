namespace Geo.Api.Data.Entities;

/// <summary>An administrative unit: province → city → district → 街道/镇 → 社区, keyed by its code (adcode).</summary>
public sealed class District : TrackedEntity
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public DistrictLevel Level { get; set; }

    public string? ParentCode { get; set; }

    public MultiPolygon? Boundary { get; set; }

    /// <summary>True when the boundary is not published and was derived (e.g. 街道 in the demo data).</summary>
    public bool BoundaryIsSynthetic { get; set; }

    /// <summary>Area of the boundary on the ground, m² (derived).</summary>
    public double? AreaM2 { get; set; }

    /// <summary>Census population.</summary>
    public int? Population { get; set; }

    /// <summary>Where <see cref="Population"/> comes from (the census table, or whoever entered it).</summary>
    public string? PopulationSource { get; set; }

    /// <summary>The latest official population a planner entered; when set, the district's totals stand on it, not the census.</summary>
    public int? OfficialPopulation { get; set; }

    /// <summary>The date the official figure refers to.</summary>
    public DateOnly? OfficialPopulationAsOf { get; set; }

    /// <summary>The publication the official figure is taken from (e.g. 2023年国民经济和社会发展统计公报).</summary>
    public string? OfficialPopulationSource { get; set; }

    /// <summary>
    /// True when the planner declares the residential areas complete: their populations are then calibrated to the
    /// district's total. False: the remainder of the total is population outside any listed area, unserved.
    /// </summary>
    public bool ResidentialAreasComplete { get; set; }

    /// <summary>Children under 3 as a share of the population (census: share(age 0) + ½·share(ages 1–4)).</summary>
    public double? ShareUnder3 { get; set; }

    /// <summary>Where <see cref="ShareUnder3"/> comes from.</summary>
    public string? ShareUnder3Source { get; set; }

    /// <summary>托位 per 1,000 residents required in new residential areas; null inherits from the parent.</summary>
    public double? SlotsPerThousandNew { get; set; }

    /// <summary>托位 per 1,000 residents required in old, built-up areas; null inherits from the parent.</summary>
    public double? SlotsPerThousandOld { get; set; }

    /// <summary>Institutions required in every 街道/镇 of this unit; null inherits.</summary>
    public int? MinInstitutionsPerSubdistrict { get; set; }

    public List<PlanningTarget> Targets { get; set; } = [];
}

/// <summary>A dated target from a district's plan, e.g. "≥ 6 规范化 institutions by end-2025".</summary>
public sealed class PlanningTarget
{
    public long Id { get; set; }

    public required string DistrictCode { get; set; }

    public TargetKind Kind { get; set; }

    public double Value { get; set; }

    public DateOnly DueDate { get; set; }

    /// <summary>The document the target comes from (e.g. 梅区府办〔2021〕4号).</summary>
    public required string Source { get; set; }
}
