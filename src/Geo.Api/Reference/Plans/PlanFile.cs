namespace Geo.Api.Reference.Plans;

/// <summary>
/// One administrative unit's plan as data (data/plans/&lt;adcode&gt;.json, schema in data/plans/README.md): the
/// documents it rests on, its standards, its targets, and the clauses read but not taken, each with the reason.
/// </summary>
/// <remarks>
/// Plan files are the planners' contract transcribed: every standard and target cites one of the plan's own
/// documents and quotes its clause verbatim, so a unit is never judged against another unit's document.
/// </remarks>
public sealed record PlanFile(
    PlanUnit Unit,
    IReadOnlyList<PlanDocument> Documents,
    IReadOnlyList<PlanStandard> Standards,
    IReadOnlyList<PlanTarget> Targets,
    IReadOnlyList<PlanClauseNotTaken> NotTaken)
{
    public PlanDocument Document(string id) => Documents.Single(d => d.Id == id);
}

public enum PlanUnitLevel { Province, City, District, Subdistrict }

/// <summary>The unit the plan belongs to.</summary>
public sealed record PlanUnit(string Adcode, string Name, PlanUnitLevel Level);

/// <summary>A document of the unit's own.</summary>
/// <param name="Id">How the plan's sources refer to it.</param>
/// <param name="Number">The 文号 as printed (e.g. 梅区府办〔2021〕4号); null when the document prints none.</param>
/// <param name="Issued">The date printed on the document; null when it prints none.</param>
public sealed record PlanDocument(string Id, string? Number, string Title, string Issuer, DateOnly? Issued, string? Notes)
{
    /// <summary>How a person cites it: the 文号, or the issuer, title and date when there is none.</summary>
    public string Citation => Number ?? $"{Issuer}《{Title}》（{Issued?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "未注明日期"}，无文号）";
}

/// <summary>Where a standard or target comes from: one of the plan's documents and its clause, quoted verbatim.</summary>
public sealed record PlanSource(string Document, string Clause);

/// <summary>A rule the analysis computes with (the targets' sibling), inherited down the chain unless overridden.</summary>
public enum PlanStandardKind
{
    /// <summary>托位 per 1,000 residents required in new residential areas.</summary>
    SlotsPerThousandNewAreas,

    /// <summary>托位 per 1,000 residents required in old, built-up areas.</summary>
    SlotsPerThousandOldAreas,

    /// <summary>Walking service radius of a 托育 facility, metres.</summary>
    ServiceRadiusM,

    /// <summary>Children under 3 as a share of the population.</summary>
    Under3Share,

    /// <summary>Institutions every 街道/镇 must have.</summary>
    InstitutionsPerSubdistrict,
}

/// <param name="Due">From when the standard applies in full (e.g. old areas by 2025); null when <paramref name="Standing"/>.</param>
public sealed record PlanStandard(
    string Id,
    string Name,
    PlanStandardKind Kind,
    double Value,
    DateOnly? Due,
    bool Standing,
    PlanSource Source,
    string? Notes);

public enum PlanTargetKind
{
    /// <summary>托位 per 1,000 residents, over all / new / old residential areas (<see cref="PlanTarget.Scope"/>).</summary>
    SlotsPerThousand,

    /// <summary>Share of 街道/镇 with at least <see cref="PlanTarget.MinPerSubdistrict"/> institutions of a category.</summary>
    InstitutionsPerSubdistrict,

    /// <summary>Count of institutions of a category, in the unit or per child unit (<see cref="PlanTarget.PerUnit"/>).</summary>
    InstitutionCount,

    /// <summary>普惠 托位 as a share of all approved 托位.</summary>
    AffordableSlotShare,

    /// <summary>Share of the required public places of the listed types that have a compliant 母婴室.</summary>
    NursingRoomShare,

    /// <summary>Share of new residential areas whose childcare facility was delivered with the housing (与住宅同步验收、同步交付使用).</summary>
    HousingDeliveredFacilityShare,

    /// <summary>Parcels reserved for childcare land in the land plans (国土空间规划 / 年度用地计划).</summary>
    LandReserved,

    /// <summary>A count of records of a layer matching a filter.</summary>
    CustomCount,
}

public enum PlanComparison { AtLeast, AtMost, Between, Equal }

public enum SlotScope { All, NewAreas, OldAreas }

/// <summary>Which institutions count: operating ones, filed (已备案), 示范, 规范化 or 普惠.</summary>
public enum InstitutionCategory { Operating, Filed, Demonstration, Standardised, Affordable }

/// <summary>
/// A target of the plan. <see cref="Comparison"/>/<see cref="Value"/> hold for the plan's unit, or, with
/// <see cref="PerUnit"/>, each listed child unit carries its own (the parent sees them rolled up).
/// Shares are fractions (1 = 100 %).
/// </summary>
/// <param name="Due">The date by which it must hold; null when <paramref name="Standing"/> (it holds at all times).</param>
public sealed record PlanTarget(
    string Id,
    string Name,
    PlanTargetKind Kind,
    PlanComparison? Comparison,
    double? Value,
    double? ValueMax,
    DateOnly? Due,
    bool Standing,
    SlotScope? Scope,
    InstitutionCategory? Category,
    int? MinPerSubdistrict,
    IReadOnlyList<VenueType>? Places,
    string? Layer,
    IReadOnlyDictionary<string, string>? Filter,
    IReadOnlyList<PlanUnitTarget>? PerUnit,
    PlanSource Source,
    string? Notes);

/// <summary>A child unit's share of a target, e.g. 长春市: 3–5 示范 institutions.</summary>
public sealed record PlanUnitTarget(string Unit, string Name, PlanComparison Comparison, double Value, double? ValueMax);

/// <summary>A clause read but not taken as a target or standard, and why (no number, no date, nothing to count).</summary>
public sealed record PlanClauseNotTaken(PlanSource Source, string Reason);
