using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Data.Configurations;

internal sealed class SitingScenarioConfiguration : IEntityTypeConfiguration<SitingScenario>
{
    public void Configure(EntityTypeBuilder<SitingScenario> builder)
    {
        builder.ToTable("siting_scenarios");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).IsRequired().HasMaxLength(200);
        builder.Property(s => s.DistrictCode).HasMaxLength(12);
        builder.EnumColumn(s => s.Model, "model");
        builder.Property(s => s.Solver).IsRequired();
        builder.Property(s => s.Request).IsRequired().HasColumnType("jsonb");
        builder.Property(s => s.Result).IsRequired().HasColumnType("jsonb");
        builder.Property(s => s.CreatedAt).HasDefaultValueSql("now()");
        builder.HasIndex(s => s.CreatedAt);
        builder.HasIndex(s => s.DistrictCode);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_siting_scenarios_name", "length(btrim(name)) > 0");
            t.HasCheckConstraint("ck_siting_scenarios_site_count", "site_count >= 0");
            t.HasCheckConstraint("ck_siting_scenarios_time_ms", "time_ms >= 0");
        });
    }
}
