namespace Geo.Analysis.Coordinates;

/// <summary>
/// A coordinate system identifier or .prj text that TuoyuGeo does not support; the message names what is.
/// </summary>
public sealed class UnknownCrsException : Exception
{
    public UnknownCrsException()
        : this("Unknown coordinate system. " + SupportedText)
    {
    }

    public UnknownCrsException(string message)
        : base(message)
    {
    }

    public UnknownCrsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>One sentence listing the coordinate systems and spellings that are accepted.</summary>
    public const string SupportedText =
        "Supported: EPSG:4326 (WGS-84), EPSG:4490 (CGCS2000), EPSG:3857 (Web Mercator), " +
        "EPSG:4513–4533 (CGCS2000 3-degree Gauss-Krüger zones 25–45, zone number in the easting), " +
        "EPSG:4534–4554 (CGCS2000 3-degree Gauss-Krüger, central meridian 75°E–135°E, false easting 500000), " +
        "GCJ-02 (Amap, Tencent) and BD-09 (Baidu); write them as \"EPSG:4527\", \"4527\", \"GCJ02\", \"BD-09\" and so on.";

    /// <summary>The identifier that was not recognised, when the error came from one.</summary>
    public string? Identifier { get; init; }

    internal static UnknownCrsException ForIdentifier(string identifier) =>
        new($"'{identifier}' is not a coordinate system TuoyuGeo supports. {SupportedText}") { Identifier = identifier };
}
