using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Geo.Api.Data.Configurations;

internal sealed class StreetNetworkConfiguration : IEntityTypeConfiguration<StreetNetwork>
{
    public void Configure(EntityTypeBuilder<StreetNetwork> builder)
    {
        builder.ToTable("street_networks");
        builder.HasKey(n => n.DistrictCode);
        builder.HasOne<District>().WithMany().HasForeignKey(n => n.DistrictCode).OnDelete(DeleteBehavior.Cascade);
        builder.Property(n => n.DataSource).IsRequired();
        builder.Property(n => n.Format).IsRequired();
        builder.Property(n => n.SourceCrs).IsRequired();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_street_networks_version", "version >= 1");
            t.HasCheckConstraint("ck_street_networks_counts", "node_count >= 0 AND edge_count >= 0 AND total_length_m >= 0");
        });
    }
}

internal sealed class StreetNodeConfiguration : IEntityTypeConfiguration<StreetNode>
{
    public void Configure(EntityTypeBuilder<StreetNode> builder)
    {
        builder.ToTable("street_nodes");
        builder.HasKey(n => new { n.DistrictCode, n.Id });
        builder.HasOne<StreetNetwork>().WithMany().HasForeignKey(n => n.DistrictCode).OnDelete(DeleteBehavior.Cascade);
        builder.GeometryColumn(n => n.Location, "location", "Point");
    }
}

internal sealed class StreetEdgeConfiguration : IEntityTypeConfiguration<StreetEdge>
{
    public void Configure(EntityTypeBuilder<StreetEdge> builder)
    {
        builder.ToTable("street_edges");
        builder.HasKey(e => new { e.DistrictCode, e.Id });
        builder.HasOne<StreetNetwork>().WithMany().HasForeignKey(e => e.DistrictCode).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Kind).IsRequired();
        builder.GeometryColumn(e => e.Geometry, "geometry", "LineString");
        builder.ToTable(t => t.HasCheckConstraint("ck_street_edges_length_m", "length_m >= 0"));
    }
}
