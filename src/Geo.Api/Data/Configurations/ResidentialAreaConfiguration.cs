using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Data.Configurations;

internal sealed class ResidentialAreaConfiguration : IEntityTypeConfiguration<ResidentialArea>
{
    public void Configure(EntityTypeBuilder<ResidentialArea> builder)
    {
        builder.ToTable("residential_areas");
        builder.Located();
        builder.GeometryColumn(a => a.Boundary, "boundary", "MultiPolygon");
        builder.GeometryColumn(a => a.Location, "location", "Point");
        builder.Property(a => a.AreaM2).ValueGeneratedOnAddOrUpdate();
        builder.EnumColumn(a => a.Kind, "kind");
        builder.EnumColumn(a => a.FacilityStatus, "facility_status");
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_residential_areas_population", "population >= 0");
            t.HasCheckConstraint("ck_residential_areas_households", "households IS NULL OR households >= 0");
            t.HasCheckConstraint("ck_residential_areas_completion_year", "completion_year IS NULL OR completion_year BETWEEN 1900 AND 2100");
            t.HasCheckConstraint("ck_residential_areas_facility_slots", "facility_slots IS NULL OR facility_slots >= 0");
            t.HasCheckConstraint("ck_residential_areas_facility_delivered", "(facility_delivered_on IS NOT NULL) = (facility_status IS NOT DISTINCT FROM 'delivered')");
        });
    }
}

internal sealed class ParcelConfiguration : IEntityTypeConfiguration<Parcel>
{
    public void Configure(EntityTypeBuilder<Parcel> builder)
    {
        builder.ToTable("parcels");
        builder.Located();
        builder.HasIndex(p => p.Code).IsUnique();
        builder.GeometryColumn(p => p.Boundary, "boundary", "MultiPolygon");
        builder.GeometryColumn(p => p.Location, "location", "Point");
        builder.Property(p => p.AreaM2).ValueGeneratedOnAddOrUpdate();
        builder.EnumColumn(p => p.LandUse, "land_use");
        builder.EnumColumn(p => p.Status, "status");
        builder.ToTable(t => t.HasCheckConstraint("ck_parcels_code", "length(btrim(code)) > 0"));
    }
}
