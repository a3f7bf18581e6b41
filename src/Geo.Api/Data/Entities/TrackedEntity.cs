namespace Geo.Api.Data.Entities;

/// <summary>What every stored feature records about itself: where it came from and when it changed.</summary>
public abstract class TrackedEntity
{
    /// <summary>Where the row came from: "demo (synthetic)", "api", "import: parcels.zip", …</summary>
    public string DataSource { get; set; } = "api";

    /// <summary>The coordinate system the geometry arrived in, before conversion to WGS-84 (e.g. "GCJ-02").</summary>
    public string SourceCrs { get; set; } = "EPSG:4326";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}

/// <summary>A feature that lies in a 街道 and a district, assigned by a spatial join in the database.</summary>
public abstract class LocatedEntity : TrackedEntity
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The 街道/镇 the feature lies in (derived).</summary>
    public string? SubdistrictCode { get; set; }

    /// <summary>The district the feature lies in (derived).</summary>
    public string? DistrictCode { get; set; }
}
