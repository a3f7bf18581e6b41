namespace Geo.Api.Data.Entities;

/// <summary>
/// A district's walking network as last imported: its version (1, 2, … one per committed import) and its size.
/// The nodes and edges of that version are <see cref="StreetNode"/> and <see cref="StreetEdge"/>.
/// </summary>
public sealed class StreetNetwork
{
    public required string DistrictCode { get; set; }

    public int Version { get; set; }

    /// <summary>"import: gulou.osm.pbf".</summary>
    public required string DataSource { get; set; }

    /// <summary>osm_xml, osm_pbf, geojson, shapefile or gpkg.</summary>
    public required string Format { get; set; }

    public string SourceCrs { get; set; } = "EPSG:4326";

    public int NodeCount { get; set; }

    public int EdgeCount { get; set; }

    public double TotalLengthM { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>A node of a district's walking network: a way's end or a vertex ways share. Ids are 1-based within the district.</summary>
public sealed class StreetNode
{
    public required string DistrictCode { get; set; }

    public long Id { get; set; }

    /// <summary>The OSM node id, or for line files the rounded coordinate's key.</summary>
    public long SourceKey { get; set; }

    public required Point Location { get; set; }
}

/// <summary>An edge of a district's walking network, walkable both ways, between two of its nodes (as pgRouting reads it).</summary>
public sealed class StreetEdge
{
    public required string DistrictCode { get; set; }

    public long Id { get; set; }

    public long Source { get; set; }

    public long Target { get; set; }

    /// <summary>Ground length of the geometry, metres: the walking cost.</summary>
    public double LengthM { get; set; }

    /// <summary>The way's kind: its OSM highway value (footway, steps, residential, …) or "line".</summary>
    public required string Kind { get; set; }

    /// <summary>The OSM way id, or the feature number in a line file.</summary>
    public long SourceWayId { get; set; }

    public required LineString Geometry { get; set; }
}
