using NetTopologySuite.Geometries;

namespace Geo.Analysis.Spatial;

/// <summary>
/// Distances on the ground, in metres, between WGS-84 longitude/latitude positions.
/// </summary>
/// <remarks>
/// Method: the WGS-84 ellipsoid approximated locally by its meridional (M) and prime-vertical (N) radii of
/// curvature at the mean latitude of the two points (an ellipsoidal equirectangular approximation). For the
/// distances the product works with (up to a few kilometres) the error against the geodesic is below
/// 1 part in 10⁵, about 1 cm per kilometre, anywhere in China; it grows with the square of the distance, so
/// do not use it beyond ~50 km. It needs no projection zone, so it is correct across zone boundaries.
/// </remarks>
public static class GroundDistance
{
    private const double SemiMajorAxis = 6_378_137.0;
    private const double Flattening = 1.0 / 298.257223563;
    private const double EccentricitySquared = Flattening * (2 - Flattening);
    private const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Ground distance in metres between (lon1, lat1) and (lon2, lat2), in degrees.</summary>
    public static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        var (metresPerDegreeLon, metresPerDegreeLat) = MetresPerDegree((lat1 + lat2) / 2);
        var dx = (lon2 - lon1) * metresPerDegreeLon;
        var dy = (lat2 - lat1) * metresPerDegreeLat;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    public static double Metres(Coordinate a, Coordinate b) => Metres(a.X, a.Y, b.X, b.Y);

    /// <summary>
    /// Metres spanned by one degree of longitude and of latitude at a latitude, from the ellipsoid's radii of
    /// curvature. Useful to turn a radius in metres into a search box in degrees.
    /// </summary>
    public static (double Lon, double Lat) MetresPerDegree(double latitude)
    {
        var phi = latitude * DegreesToRadians;
        var sin = Math.Sin(phi);
        var w = 1 - EccentricitySquared * sin * sin;
        var primeVertical = SemiMajorAxis / Math.Sqrt(w);
        var meridional = SemiMajorAxis * (1 - EccentricitySquared) / (w * Math.Sqrt(w));
        return (primeVertical * Math.Cos(phi) * DegreesToRadians, meridional * DegreesToRadians);
    }

    /// <summary>
    /// A lon/lat box that contains every point within <paramref name="radiusMetres"/> of (lon, lat): a
    /// conservative prefilter for a spatial index before the exact distance test.
    /// </summary>
    public static Envelope SearchBox(double lon, double lat, double radiusMetres)
    {
        // Widen by the largest latitude the box reaches so that the longitude span is never too small.
        var (_, perLat) = MetresPerDegree(lat);
        var dLat = radiusMetres / perLat * 1.0001;
        var (perLon, _) = MetresPerDegree(Math.Min(89.0, Math.Abs(lat) + dLat));
        var dLon = radiusMetres / perLon * 1.0001;
        return new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
    }
}
