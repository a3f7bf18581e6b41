using System.Text.Json;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

/// <summary>Plan items (from a plan file or a request, read by <see cref="PlanFileReader"/>) as rows, and back.</summary>
internal static class PlanItems
{
    public static UnitTarget Target(string unit, PlanTarget t, PlanFile plan, string setBy)
    {
        var document = plan.Document(t.Source.Document);
        return new UnitTarget
        {
            UnitCode = unit,
            Key = t.Id,
            Name = t.Name,
            Kind = t.Kind,
            Comparison = t.Comparison,
            Value = t.Value,
            ValueMax = t.ValueMax,
            Due = t.Due,
            Standing = t.Standing,
            StartsOn = document.Issued ?? (t.Due is { } due ? new DateOnly(due.Year - 1, 1, 1) : null),
            Scope = t.Scope,
            Category = t.Category,
            MinPerSubdistrict = t.MinPerSubdistrict,
            Places = t.Places?.ToList() ?? [],
            Layer = t.Layer,
            Filter = t.Filter?.ToDictionary(),
            PerUnit = t.PerUnit?.ToList(),
            SourceDocument = document.Citation,
            SourceClause = t.Source.Clause,
            Notes = t.Notes,
            SetBy = setBy,
            DataSource = setBy == PlanApplier.FromPlanFile ? PlanApplier.FromPlanFile : "api",
        };
    }

    public static UnitStandard Standard(string unit, PlanStandard s, PlanFile plan, string setBy) => new()
    {
        UnitCode = unit,
        Key = s.Id,
        Name = s.Name,
        Kind = s.Kind,
        Value = s.Value,
        Due = s.Due,
        Standing = s.Standing,
        SourceDocument = plan.Document(s.Source.Document).Citation,
        SourceClause = s.Source.Clause,
        Notes = s.Notes,
        SetBy = setBy,
        DataSource = setBy == PlanApplier.FromPlanFile ? PlanApplier.FromPlanFile : "api",
    };

    /// <summary>Copies what the plan says onto the stored row; true when anything changed.</summary>
    public static bool CopyTarget(UnitTarget from, UnitTarget to)
    {
        var before = Fingerprint(to);
        to.Name = from.Name; to.Kind = from.Kind; to.Comparison = from.Comparison; to.Value = from.Value; to.ValueMax = from.ValueMax;
        to.Due = from.Due; to.Standing = from.Standing; to.StartsOn = from.StartsOn; to.Scope = from.Scope; to.Category = from.Category;
        to.MinPerSubdistrict = from.MinPerSubdistrict; to.Places = from.Places; to.Layer = from.Layer; to.Filter = from.Filter;
        to.PerUnit = from.PerUnit; to.SourceDocument = from.SourceDocument; to.SourceClause = from.SourceClause; to.Notes = from.Notes;
        var changed = before != Fingerprint(to);
        if (changed)
        {
            to.SetBy = from.SetBy;
            to.DataSource = from.DataSource;
        }

        return changed;
    }

    public static bool CopyStandard(UnitStandard from, UnitStandard to)
    {
        var before = Fingerprint(to);
        to.Name = from.Name; to.Kind = from.Kind; to.Value = from.Value; to.Due = from.Due; to.Standing = from.Standing;
        to.SourceDocument = from.SourceDocument; to.SourceClause = from.SourceClause; to.Notes = from.Notes;
        var changed = before != Fingerprint(to);
        if (changed)
        {
            to.SetBy = from.SetBy;
            to.DataSource = from.DataSource;
        }

        return changed;
    }

    /// <summary>A request's item over the stored row, key included: set by the one who sent it, whatever changed.</summary>
    public static void Replace(UnitTarget from, UnitTarget to)
    {
        to.Key = from.Key;
        CopyTarget(from, to);
        (to.SetBy, to.DataSource) = (from.SetBy, "api");
    }

    public static void Replace(UnitStandard from, UnitStandard to)
    {
        to.Key = from.Key;
        CopyStandard(from, to);
        (to.SetBy, to.DataSource) = (from.SetBy, "api");
    }

    /// <summary>The plan's own fields of a row, compared to tell an unchanged item from an edited one.</summary>
    private static string Fingerprint(UnitTarget t) => JsonSerializer.Serialize(new
    {
        t.Name, t.Kind, t.Comparison, t.Value, t.ValueMax, t.Due, t.Standing, t.StartsOn, t.Scope, t.Category, t.MinPerSubdistrict,
        t.Places, t.Layer, t.Filter, t.PerUnit, t.SourceDocument, t.SourceClause, t.Notes,
    });

    private static string Fingerprint(UnitStandard s) => JsonSerializer.Serialize(new
    {
        s.Name, s.Kind, s.Value, s.Due, s.Standing, s.SourceDocument, s.SourceClause, s.Notes,
    });
}
