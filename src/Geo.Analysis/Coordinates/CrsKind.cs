namespace Geo.Analysis.Coordinates;

/// <summary>The families of coordinate systems TuoyuGeo reads and writes.</summary>
public enum CrsKind
{
    /// <summary>Longitude/latitude in degrees on WGS-84 or CGCS2000 (equal for TuoyuGeo's purposes).</summary>
    Geographic,

    /// <summary>EPSG:3857, metres on the Web Mercator sphere.</summary>
    WebMercator,

    /// <summary>CGCS2000 3-degree Gauss-Krüger zones, metres (EPSG:4513–4554).</summary>
    GaussKruger,

    /// <summary>GCJ-02 longitude/latitude (Amap, Tencent).</summary>
    Gcj02,

    /// <summary>BD-09 longitude/latitude (Baidu).</summary>
    Bd09,
}
