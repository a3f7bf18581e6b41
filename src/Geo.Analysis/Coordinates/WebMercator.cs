namespace Geo.Analysis.Coordinates;

/// <summary>
/// Web Mercator (EPSG:3857, "Pseudo-Mercator"): WGS-84 longitude/latitude treated as if on a sphere of
/// radius 6,378,137 m, as used by OSM and 天地图 <c>_w</c> tiles.
/// </summary>
/// <remarks>
/// Closed-form spherical Mercator both ways, exact to rounding. Latitudes are clamped to ±85.0511287798°, the
/// square world of the tile pyramid, so that the poles do not map to infinity.
/// </remarks>
public static class WebMercator
{
    public const double Radius = 6_378_137.0;

    /// <summary>The latitude at which the tile pyramid's square world ends: atan(sinh π), in degrees.</summary>
    public const double MaxLatitude = 85.051128779806592;

    private const double DegreesToRadians = Math.PI / 180.0;

    public static (double X, double Y) Forward(double longitude, double latitude)
    {
        var phi = Math.Clamp(latitude, -MaxLatitude, MaxLatitude) * DegreesToRadians;
        return (Radius * longitude * DegreesToRadians, Radius * Math.Log(Math.Tan(Math.PI / 4 + phi / 2)));
    }

    public static (double Longitude, double Latitude) Inverse(double x, double y) =>
        (x / Radius / DegreesToRadians, (2 * Math.Atan(Math.Exp(y / Radius)) - Math.PI / 2) / DegreesToRadians);
}
