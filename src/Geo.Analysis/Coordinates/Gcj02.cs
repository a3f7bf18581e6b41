namespace Geo.Analysis.Coordinates;

/// <summary>
/// GCJ-02, the obfuscated "Mars" coordinates of Amap (高德) and Tencent maps: WGS-84 plus a position-dependent
/// offset of roughly 100–700 m.
/// </summary>
/// <remarks>
/// <para>
/// Forward (WGS-84 → GCJ-02): the published formula (Krasovsky a = 6,378,245 m, e² = 0.00669342162296594323,
/// the transformLat/transformLon polynomials about 105°E, 35°N), without the random jitter of the original.
/// The state algorithm is not published officially; the formula used everywhere is the leaked "WGS2Mars"
/// code as kept by eviltransform (github.com/googollee/eviltransform, <c>go/transform.go</c>, WGStoGCJ) and
/// coordtransform (github.com/wandergis/coordtransform, <c>wgs84togcj02</c>), which this class follows term
/// for term. No maintained .NET library covers it (PROJ and ProjNET deliberately do not), so it stays here.
/// </para>
/// <para>
/// Outside-China rule: as in common practice the offset applies only inside a rectangle around China,
/// longitude 72.004°–137.8347°E and latitude 0.8293°–55.8271°N (<see cref="IsOutsideChina"/>); points outside
/// it are returned unchanged by both directions. The rectangle does not follow the border, so points in
/// neighbouring countries that fall inside it are offset too, as every implementation does.
/// </para>
/// <para>
/// Inverse (GCJ-02 → WGS-84): fixed-point iteration w ← w − (F(w) − g) from w = g. The offset's derivative is
/// below 0.01 per degree, so each step gains more than two digits; iteration stops once the step is below
/// 1e-12° (about 0.1 µm) or after 30 steps. The result reproduces its GCJ-02 input to better than 1e-10° and is
/// therefore well inside the 1e-8° (about 1 mm) guaranteed here.
/// </para>
/// </remarks>
public static class Gcj02
{
    /// <summary>Largest difference, in degrees, between F(<see cref="ToWgs84"/>(g)) and g that this class guarantees.</summary>
    public const double InverseTolerance = 1e-8;

    private const double KrasovskySemiMajorAxis = 6_378_245.0;
    private const double KrasovskyEccentricitySquared = 0.00669342162296594323;
    private const double DegreesToRadians = Math.PI / 180.0;
    private const double StepTolerance = 1e-12;
    private const int MaxIterations = 30;

    /// <summary>West, east, south and north edges of the rectangle in which the offset applies, degrees.</summary>
    public static (double West, double East, double South, double North) ChinaRectangle { get; } =
        (72.004, 137.8347, 0.8293, 55.8271);

    /// <summary>True where the GCJ-02 formula leaves coordinates unchanged (outside the China rectangle).</summary>
    public static bool IsOutsideChina(double longitude, double latitude) =>
        !(longitude >= ChinaRectangle.West && longitude <= ChinaRectangle.East
          && latitude >= ChinaRectangle.South && latitude <= ChinaRectangle.North);

    /// <summary>WGS-84 → GCJ-02, longitude/latitude in degrees.</summary>
    public static (double Longitude, double Latitude) FromWgs84(double longitude, double latitude)
    {
        if (IsOutsideChina(longitude, latitude))
        {
            return (longitude, latitude);
        }

        var (dLon, dLat) = Offset(longitude, latitude);
        return (longitude + dLon, latitude + dLat);
    }

    /// <summary>GCJ-02 → WGS-84 by iteration, longitude/latitude in degrees (see remarks for accuracy).</summary>
    public static (double Longitude, double Latitude) ToWgs84(double longitude, double latitude)
    {
        if (IsOutsideChina(longitude, latitude))
        {
            return (longitude, latitude);
        }

        var lon = longitude;
        var lat = latitude;
        for (var i = 0; i < MaxIterations; i++)
        {
            var (gcjLon, gcjLat) = FromWgs84(lon, lat);
            var stepLon = gcjLon - longitude;
            var stepLat = gcjLat - latitude;
            lon -= stepLon;
            lat -= stepLat;
            if (Math.Abs(stepLon) < StepTolerance && Math.Abs(stepLat) < StepTolerance)
            {
                break;
            }
        }

        return (lon, lat);
    }

    /// <summary>The GCJ-02 offset (degrees of longitude and latitude) at a WGS-84 position, ignoring the rectangle.</summary>
    internal static (double Longitude, double Latitude) Offset(double longitude, double latitude)
    {
        var x = longitude - 105.0;
        var y = latitude - 35.0;
        var phi = latitude * DegreesToRadians;
        var sinPhi = Math.Sin(phi);
        var w = 1 - KrasovskyEccentricitySquared * sinPhi * sinPhi;
        var sqrtW = Math.Sqrt(w);
        var dLat = TransformLatitude(x, y) * 180.0 / (KrasovskySemiMajorAxis * (1 - KrasovskyEccentricitySquared) / (w * sqrtW) * Math.PI);
        var dLon = TransformLongitude(x, y) * 180.0 / (KrasovskySemiMajorAxis / sqrtW * Math.Cos(phi) * Math.PI);
        return (dLon, dLat);
    }

    private static double TransformLatitude(double x, double y)
    {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320.0 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double TransformLongitude(double x, double y)
    {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }
}
