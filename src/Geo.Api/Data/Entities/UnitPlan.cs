using Geo.Api.Reference.Plans;

namespace Geo.Api.Data.Entities;

/// <summary>
/// A target of one administrative unit's plan, as data: what is counted, the value and comparison, by when (or
/// standing), and the unit's own document and clause it comes from. Audited like every row; <see cref="TrackedEntity.Version"/>
/// is the If-Match token.
/// </summary>
public sealed class UnitTarget : TrackedEntity
{
    public long Id { get; set; }

    /// <summary>The unit the target belongs to (province, city, district or 街道).</summary>
    public required string UnitCode { get; set; }

    /// <summary>The item's id within the unit's plan (the plan file's id, or one a planner chose); unique per unit.</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    public PlanTargetKind Kind { get; set; }

    /// <summary>Null when <see cref="PerUnit"/> lists child units, each with its own comparison.</summary>
    public PlanComparison? Comparison { get; set; }

    public double? Value { get; set; }

    public double? ValueMax { get; set; }

    /// <summary>The date by which it must hold; null when <see cref="Standing"/>.</summary>
    public DateOnly? Due { get; set; }

    public bool Standing { get; set; }

    /// <summary>From when progress is tracked: the document's date, else the year before the due date.</summary>
    public DateOnly? StartsOn { get; set; }

    public SlotScope? Scope { get; set; }

    public InstitutionCategory? Category { get; set; }

    public int? MinPerSubdistrict { get; set; }

    public List<VenueType> Places { get; set; } = [];

    public string? Layer { get; set; }

    public Dictionary<string, string>? Filter { get; set; }

    public List<PlanUnitTarget>? PerUnit { get; set; }

    /// <summary>The unit's own document, as a person cites it (文号, or issuer, title and date).</summary>
    public required string SourceDocument { get; set; }

    /// <summary>The clause, quoted verbatim.</summary>
    public required string SourceClause { get; set; }

    public string? Notes { get; set; }

    /// <summary>Who set it last (the signed-in user, or "plan file" when applied from data/plans).</summary>
    public required string SetBy { get; set; }
}

/// <summary>
/// A standard of one unit (托位 per 1,000 in new/old areas, radius, under-3 share, institutions per 街道): the
/// targets' sibling, inherited down the chain unless a unit below sets its own, with its source.
/// </summary>
public sealed class UnitStandard : TrackedEntity
{
    public long Id { get; set; }

    public required string UnitCode { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public PlanStandardKind Kind { get; set; }

    public double Value { get; set; }

    /// <summary>From when it applies in full; null when <see cref="Standing"/>.</summary>
    public DateOnly? Due { get; set; }

    public bool Standing { get; set; }

    public required string SourceDocument { get; set; }

    public required string SourceClause { get; set; }

    public string? Notes { get; set; }

    public required string SetBy { get; set; }
}
