using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Data.Configurations;

internal sealed class NursingRoomConfiguration : IEntityTypeConfiguration<NursingRoom>
{
    public void Configure(EntityTypeBuilder<NursingRoom> builder)
    {
        builder.ToTable("nursing_rooms");
        builder.Located();
        builder.GeometryColumn(r => r.Location, "location", "Point");
        builder.EnumColumn(r => r.VenueType, "venue_type");
        builder.EnumSetColumn(r => r.Equipment, "equipment");
        builder.HasOne<PublicPlace>().WithMany().HasForeignKey(r => r.PublicPlaceId).OnDelete(DeleteBehavior.SetNull);
        builder.ToTable(t => t.HasCheckConstraint("ck_nursing_rooms_usable_area", "usable_area_m2 > 0 AND usable_area_m2 < 10000"));
    }
}

internal sealed class PublicPlaceConfiguration : IEntityTypeConfiguration<PublicPlace>
{
    public void Configure(EntityTypeBuilder<PublicPlace> builder)
    {
        builder.ToTable("public_places");
        builder.Located();
        builder.GeometryColumn(p => p.Location, "location", "Point");
        builder.EnumColumn(p => p.PlaceType, "place_type");
        // 国卫指导发〔2016〕63号: > 10,000 m² or > 10,000 visitors a day; the seed plans add health centres.
        builder.Property(p => p.RequiresNursingRoom).HasComputedColumnSql(
            "coalesce(building_area_m2 > 10000, false) OR coalesce(daily_visitors > 10000, false) " +
            "OR place_type IN ('township_health_centre', 'community_health_centre')", stored: true);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_public_places_building_area", "building_area_m2 IS NULL OR building_area_m2 > 0");
            t.HasCheckConstraint("ck_public_places_daily_visitors", "daily_visitors IS NULL OR daily_visitors >= 0");
        });
    }
}
