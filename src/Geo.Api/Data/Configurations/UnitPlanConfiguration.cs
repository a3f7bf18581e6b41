using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Data.Configurations;

internal sealed class UnitTargetConfiguration : IEntityTypeConfiguration<UnitTarget>
{
    public void Configure(EntityTypeBuilder<UnitTarget> builder)
    {
        builder.ToTable("unit_targets");
        builder.Tracked();
        builder.HasKey(t => t.Id);
        builder.HasOne<District>().WithMany().HasForeignKey(t => t.UnitCode).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.UnitCode, t.Key }).IsUnique();
        builder.Property(t => t.Key).IsRequired();
        builder.Property(t => t.Name).IsRequired();
        builder.EnumColumn(t => t.Kind, "kind");
        builder.EnumColumn(t => t.Comparison, "comparison");
        builder.EnumColumn(t => t.Scope, "scope");
        builder.EnumColumn(t => t.Category, "category");
        builder.EnumSetColumn(t => t.Places, "places");
        builder.JsonColumn(t => t.Filter, "filter");
        builder.JsonColumn(t => t.PerUnit, "per_unit");
        builder.Property(t => t.SourceDocument).IsRequired();
        builder.Property(t => t.SourceClause).IsRequired();
        builder.Property(t => t.SetBy).IsRequired();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_unit_targets_due_or_standing", "(due IS NULL) = standing");
            t.HasCheckConstraint("ck_unit_targets_value", "(per_unit IS NOT NULL AND comparison IS NULL AND value IS NULL) OR (per_unit IS NULL AND comparison IS NOT NULL AND value IS NOT NULL AND value >= 0)");
            t.HasCheckConstraint("ck_unit_targets_value_max", "(comparison = 'between') = (value_max IS NOT NULL) OR per_unit IS NOT NULL");
        });
    }
}

internal sealed class UnitStandardConfiguration : IEntityTypeConfiguration<UnitStandard>
{
    public void Configure(EntityTypeBuilder<UnitStandard> builder)
    {
        builder.ToTable("unit_standards");
        builder.Tracked();
        builder.HasKey(s => s.Id);
        builder.HasOne<District>().WithMany().HasForeignKey(s => s.UnitCode).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UnitCode, s.Key }).IsUnique();
        builder.Property(s => s.Key).IsRequired();
        builder.Property(s => s.Name).IsRequired();
        builder.EnumColumn(s => s.Kind, "kind");
        builder.Property(s => s.SourceDocument).IsRequired();
        builder.Property(s => s.SourceClause).IsRequired();
        builder.Property(s => s.SetBy).IsRequired();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_unit_standards_due_or_standing", "(due IS NULL) = standing");
            t.HasCheckConstraint("ck_unit_standards_value", "value >= 0");
        });
    }
}

internal static class JsonColumns
{
    private static readonly JsonSerializerOptions Json = PlanFileReader.Json;

    /// <summary>A small structured value kept as jsonb, in the plan files' own snake_case form.</summary>
    public static void JsonColumn<TEntity, TValue>(this EntityTypeBuilder<TEntity> builder,
        System.Linq.Expressions.Expression<Func<TEntity, TValue?>> property, string column)
        where TEntity : class where TValue : class
    {
        builder.Property(property).HasColumnName(column).HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            s => JsonSerializer.Deserialize<TValue>(s, Json),
            new ValueComparer<TValue?>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => v == null ? null : JsonSerializer.Deserialize<TValue>(JsonSerializer.Serialize(v, Json), Json)));
    }
}
