using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Geo.Api.Data;

/// <summary>Who is changing data: the signed-in user of the request, or "system" outside requests.</summary>
public interface IAuditActor
{
    string Name { get; }
}

/// <summary>
/// Turns the changes of one SaveChanges into audit entries (who, when, the row's columns before and after),
/// written in the same transaction as the changes themselves.
/// </summary>
internal static class AuditTrail
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public sealed record Pending(EntityEntry Entry, string Action, string? Before);

    /// <summary>What is about to change, with each changed row as it was before.</summary>
    public static List<Pending> Capture(ChangeTracker tracker)
    {
        MarkOwnersOfChangedOwnedRows(tracker);
        return tracker.Entries()
        .Where(e => e.Entity is not AuditEntry && !e.Metadata.IsOwned() && e.Metadata.GetTableName() is not null)
        .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
        .Select(e => new Pending(e,
            e.State switch { EntityState.Added => "created", EntityState.Modified => "updated", _ => "deleted" },
            e.State == EntityState.Added ? null : Snapshot(e, original: true)))
        .ToList();
    }

    /// <summary>
    /// A change to owned rows only (e.g. an institution's 班级) is a change of their owner: mark it modified so
    /// that it is stamped and audited like any other change.
    /// </summary>
    private static void MarkOwnersOfChangedOwnedRows(ChangeTracker tracker)
    {
        var changedOwned = tracker.Entries()
            .Where(e => e.Metadata.IsOwned() && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        foreach (var owned in changedOwned)
        {
            var ownership = owned.Metadata.FindOwnership()!;
            var key = ownership.Properties.Select(p => owned.Property(p.Name).CurrentValue ?? owned.Property(p.Name).OriginalValue).ToArray();
            var owner = tracker.Entries().FirstOrDefault(e => e.Metadata == ownership.PrincipalEntityType && e.State == EntityState.Unchanged
                && ownership.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue).SequenceEqual(key));
            if (owner is not null)
            {
                owner.State = EntityState.Modified;
            }
        }
    }

    /// <summary>The audit rows of changes that have been saved (so generated keys are known).</summary>
    public static IEnumerable<AuditEntry> Complete(IEnumerable<Pending> pending, string actor, DateTimeOffset at) =>
        pending.Select(p => new AuditEntry
        {
            At = at,
            Actor = actor,
            Action = p.Action,
            Entity = p.Entry.Metadata.GetTableName()!,
            EntityId = string.Join(",", p.Entry.Metadata.FindPrimaryKey()!.Properties.Select(k => p.Entry.Property(k.Name).CurrentValue)),
            Before = p.Before,
            After = p.Action == "deleted" ? null : Snapshot(p.Entry, original: false),
        });

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var value = original ? property.OriginalValue : property.CurrentValue;
            values[property.Metadata.GetColumnName()] = property.Metadata.PropertyInfo?.IsDefined(typeof(AuditRedactedAttribute), false) == true
                ? AuditRedactedAttribute.Placeholder
                : value is Geometry geometry ? GeometryText(geometry) : value;
        }

        // Owned rows (e.g. 班级) in the after-image; their earlier rows are not kept in the before-image.
        foreach (var owned in entry.Navigations.Where(n => !original && n.Metadata.TargetEntityType.IsOwned() && n.CurrentValue is not null))
        {
            values[owned.Metadata.Name] = owned.CurrentValue;
        }

        return Json(values);
    }

    /// <summary>Geometry as every audit entry keeps it (WKT), whichever path wrote the row.</summary>
    public static string? GeometryText(Geometry? geometry) => geometry?.AsText();

    /// <summary>A value as audit entries serialise it (enumerations as their snake_case words), e.g. a row's owned rows.</summary>
    public static string Json(object? value) => JsonSerializer.Serialize(value, JsonOptions);
}
