namespace Geo.Analysis.Coordinates;

/// <summary>A reference ellipsoid given by its semi-major axis (metres) and inverse flattening.</summary>
public sealed record Ellipsoid(string Name, double SemiMajorAxis, double InverseFlattening)
{
    /// <summary>CGCS2000 (China Geodetic Coordinate System 2000), EPSG:1024.</summary>
    public static Ellipsoid Cgcs2000 { get; } = new("CGCS2000", 6_378_137.0, 298.257222101);

    /// <summary>WGS 84, EPSG:7030.</summary>
    public static Ellipsoid Wgs84 { get; } = new("WGS 84", 6_378_137.0, 298.257223563);

    public double Flattening => 1.0 / InverseFlattening;

    public double EccentricitySquared => Flattening * (2 - Flattening);

    /// <summary>Third flattening n = f / (2 − f), the small parameter of Krüger's series.</summary>
    public double ThirdFlattening => Flattening / (2 - Flattening);
}
