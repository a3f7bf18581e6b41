using Geo.Analysis.Targets;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

// Responses are records of their own, not the entities: inherited items carry the unit they come from, and the
// national rules, which no row holds, travel in the same shape.

/// <summary>Where a target or standard comes from: the unit's own document and the clause, verbatim.</summary>
public sealed record SourceOut(string Document, string? Clause);

public sealed record TargetOut(
    long? Id,
    string Key,
    string Unit,
    string UnitName,
    bool Inherited,
    string Name,
    PlanTargetKind Kind,
    PlanComparison? Comparison,
    double? Value,
    double? ValueMax,
    DateOnly? Due,
    bool Standing,
    DateOnly? StartsOn,
    SlotScope? Scope,
    InstitutionCategory? Category,
    int? MinPerSubdistrict,
    IReadOnlyList<VenueType>? Places,
    string? Layer,
    IReadOnlyDictionary<string, string>? Filter,
    IReadOnlyList<PlanUnitTarget>? PerUnit,
    SourceOut Source,
    string? Notes,
    string? SetBy,
    DateTimeOffset? UpdatedAt,
    uint? Version);

public sealed record StandardOut(
    long? Id,
    string? Key,
    PlanStandardKind Kind,
    double Value,
    DateOnly? Due,
    bool Standing,
    string Unit,
    string UnitName,
    bool Inherited,
    SourceOut Source,
    string? SetBy,
    uint? Version);

/// <param name="Plan">"own" when the unit or a unit above it has a plan on record, "national_rules_only" when none has.</param>
public sealed record UnitTargetsResponse(string Unit, string Name, string Plan, IReadOnlyList<TargetOut> Targets, IReadOnlyList<StandardOut> Standards);

public sealed record ProgressOut(
    TargetOut Target,
    double? Current,
    GoalStatus? Status,
    bool OverQuota,
    double? Projected,
    IReadOnlyList<ProgressPoint>? Series,
    string? NotComputed,
    IReadOnlyList<UnitProgressOut>? Units)
{
    /// <summary>What the value was computed over, in Chinese (e.g. the residential areas and their population), where the number alone does not say it.</summary>
    public string? Basis { get; init; }
}

/// <summary>A child unit's standing on its item of a parent's per-unit target.</summary>
public sealed record UnitProgressOut(string Unit, string Name, PlanComparison Comparison, double Value, double? ValueMax, double? Current, GoalStatus? Status, bool OverQuota);

public sealed record ProgressResponse(string Unit, string Name, DateOnly AsOf, string Plan, IReadOnlyList<ProgressOut> Targets);

/// <summary>One child unit of a city or province: its standing on its own targets and on the parent's.</summary>
public sealed record RollupRow(string Unit, string Name, IReadOnlyList<ProgressOut> Targets);

public sealed record RollupResponse(string Unit, string Name, DateOnly AsOf, IReadOnlyList<RollupRow> Units);
