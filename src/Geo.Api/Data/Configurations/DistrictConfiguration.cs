using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Data.Configurations;

internal sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> builder)
    {
        builder.ToTable("districts");
        builder.Tracked();
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(12);
        builder.Property(d => d.Name).IsRequired();
        builder.EnumColumn(d => d.Level, "level");
        builder.HasOne<District>().WithMany().HasForeignKey(d => d.ParentCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => d.ParentCode);
        builder.GeometryColumn(d => d.Boundary, "boundary", "MultiPolygon");
        builder.Property(d => d.AreaM2).ValueGeneratedOnAddOrUpdate();
        builder.Property(d => d.ShareUnder3Source).HasColumnName("share_under3_source"); // the convention would write share_under3source
        builder.HasMany(d => d.Targets).WithOne().HasForeignKey(t => t.DistrictCode).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_districts_code", "code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'");
            t.HasCheckConstraint("ck_districts_population", "population IS NULL OR population >= 0");
            t.HasCheckConstraint("ck_districts_official_population",
                "official_population IS NULL OR (official_population >= 0 AND official_population_as_of IS NOT NULL AND official_population_source IS NOT NULL)");
            t.HasCheckConstraint("ck_districts_share_under3", "share_under3 IS NULL OR (share_under3 >= 0 AND share_under3 <= 1)");
            t.HasCheckConstraint("ck_districts_slots_new", "slots_per_thousand_new IS NULL OR slots_per_thousand_new >= 0");
            t.HasCheckConstraint("ck_districts_slots_old", "slots_per_thousand_old IS NULL OR slots_per_thousand_old >= 0");
            t.HasCheckConstraint("ck_districts_min_institutions", "min_institutions_per_subdistrict IS NULL OR min_institutions_per_subdistrict >= 0");
        });
    }
}

internal sealed class PlanningTargetConfiguration : IEntityTypeConfiguration<PlanningTarget>
{
    public void Configure(EntityTypeBuilder<PlanningTarget> builder)
    {
        builder.ToTable("planning_targets");
        builder.HasKey(t => t.Id);
        builder.EnumColumn(t => t.Kind, "kind");
        builder.Property(t => t.Source).IsRequired();
        builder.HasIndex(t => new { t.DistrictCode, t.Kind, t.DueDate }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint("ck_planning_targets_value", "value >= 0"));
    }
}
