using Geo.Analysis.Targets;
using Geo.Api.Features.Analysis;
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

    /// <summary>
    /// For a target that reckons the places within a walk (托位/千人 by area kind): how each district of the scope
    /// measured it (network or ground, network version, walking speed, places off the network); null for other targets.
    /// </summary>
    public IReadOnlyList<DistrictDistanceOut>? Distances { get; init; }
}

/// <summary>A child unit's standing on its item of a parent's per-unit target.</summary>
public sealed record UnitProgressOut(string Unit, string Name, PlanComparison Comparison, double Value, double? ValueMax, double? Current, GoalStatus? Status, bool OverQuota);

public sealed record ProgressResponse(string Unit, string Name, DateOnly AsOf, string Plan, IReadOnlyList<ProgressOut> Targets);

/// <summary>One child unit of a city or province: its standing on its own targets and on the parent's.</summary>
public sealed record RollupRow(string Unit, string Name, IReadOnlyList<ProgressOut> Targets)
{
    /// <summary>How the unit's districts measured walks (network where a district has one, else ground); null when no target reads a walk.</summary>
    public IReadOnlyList<DistrictDistanceOut>? Distances { get; init; }
}

public sealed record RollupResponse(string Unit, string Name, DateOnly AsOf, IReadOnlyList<RollupRow> Units);

/// <summary>
/// The kinds of target and standard as a form needs them: the Chinese name, the unit figures read in (a share is a
/// fraction shown as a percentage), and the fields each kind adds, so a kind added later shows up with no client change.
/// </summary>
public sealed record TargetKindsResponse(
    IReadOnlyList<TargetKindOut> Targets,
    IReadOnlyList<StandardKindOut> Standards,
    IReadOnlyDictionary<string, string> Comparisons);

/// <param name="Unit">The unit a figure of the kind reads in ("托位/千人", "家"); "%" for a share.</param>
/// <param name="Share">The value is a fraction from 0 to 1 (shown and entered as a percentage).</param>
/// <param name="Digits">Decimals a figure of the kind is shown with (of the percentage for a share), the same everywhere.</param>
public sealed record TargetKindOut(PlanTargetKind Kind, string Name, string Unit, bool Share, int Digits, IReadOnlyList<KindFieldOut> Fields);

public sealed record StandardKindOut(PlanStandardKind Kind, string Name, string Unit, bool Share, int Digits);

/// <summary>A field a kind adds to the common ones (value, comparison, due, source, notes).</summary>
/// <param name="Type">choice (one of Options), choices (several), integer, text, map (field → value), per_unit (the child units' own requirements).</param>
/// <param name="Options">The values a choice takes (the API's word → its Chinese), or null.</param>
public sealed record KindFieldOut(string Field, string Label, bool Required, string Type, IReadOnlyDictionary<string, string>? Options);
