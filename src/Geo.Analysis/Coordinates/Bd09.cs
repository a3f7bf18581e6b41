namespace Geo.Analysis.Coordinates;

/// <summary>
/// BD-09, Baidu map coordinates: GCJ-02 with a further rotation and shift (a few hundred metres more).
/// </summary>
/// <remarks>
/// <para>
/// Forward (GCJ-02 → BD-09): the published formula with x_pi = π·3000/180:
/// z = √(x² + y²) + 2e-5·sin(y·x_pi), θ = atan2(y, x) + 3e-6·cos(x·x_pi), then (z·cos θ + 0.0065, z·sin θ + 0.006).
/// It applies everywhere (Baidu has no outside-China rule); WGS-84 → BD-09 goes through <see cref="Gcj02"/>,
/// whose rectangle rule therefore still applies to the first step. Source: Baidu publishes no formula; this
/// is the "bd_encrypt"/"bd_decrypt" pair first posted by coolypf (blog.csdn.net/coolypf/article/details/8569813,
/// 2013) and kept by coordtransform (github.com/wandergis/coordtransform, <c>gcj02tobd09</c>/<c>bd09togcj02</c>).
/// No maintained .NET library covers it, so it stays here.
/// </para>
/// <para>
/// Inverse (BD-09 → GCJ-02): the published approximate inverse (off by up to about 1e-6°, ~0.1 m) as a
/// start, then fixed-point iteration on the forward formula until the step is below 1e-12°; the result
/// reproduces its BD-09 input to better than 1e-10°.
/// </para>
/// </remarks>
public static class Bd09
{
    private const double XPi = Math.PI * 3000.0 / 180.0;
    private const double StepTolerance = 1e-12;
    private const int MaxIterations = 30;

    /// <summary>GCJ-02 → BD-09, longitude/latitude in degrees.</summary>
    public static (double Longitude, double Latitude) FromGcj02(double longitude, double latitude)
    {
        var z = Math.Sqrt(longitude * longitude + latitude * latitude) + 0.00002 * Math.Sin(latitude * XPi);
        var theta = Math.Atan2(latitude, longitude) + 0.000003 * Math.Cos(longitude * XPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    /// <summary>BD-09 → GCJ-02 by iteration, longitude/latitude in degrees (see remarks for accuracy).</summary>
    public static (double Longitude, double Latitude) ToGcj02(double longitude, double latitude)
    {
        var (lon, lat) = ToGcj02Approximate(longitude, latitude);
        for (var i = 0; i < MaxIterations; i++)
        {
            var (bdLon, bdLat) = FromGcj02(lon, lat);
            var stepLon = bdLon - longitude;
            var stepLat = bdLat - latitude;
            lon -= stepLon;
            lat -= stepLat;
            if (Math.Abs(stepLon) < StepTolerance && Math.Abs(stepLat) < StepTolerance)
            {
                break;
            }
        }

        return (lon, lat);
    }

    /// <summary>WGS-84 → BD-09 (via GCJ-02).</summary>
    public static (double Longitude, double Latitude) FromWgs84(double longitude, double latitude)
    {
        var (lon, lat) = Gcj02.FromWgs84(longitude, latitude);
        return FromGcj02(lon, lat);
    }

    /// <summary>BD-09 → WGS-84 (via GCJ-02), both steps inverted by iteration.</summary>
    public static (double Longitude, double Latitude) ToWgs84(double longitude, double latitude)
    {
        var (lon, lat) = ToGcj02(longitude, latitude);
        return Gcj02.ToWgs84(lon, lat);
    }

    /// <summary>The published closed-form BD-09 → GCJ-02, which is not an exact inverse of <see cref="FromGcj02"/>.</summary>
    internal static (double Longitude, double Latitude) ToGcj02Approximate(double longitude, double latitude)
    {
        var x = longitude - 0.0065;
        var y = latitude - 0.006;
        var z = Math.Sqrt(x * x + y * y) - 0.00002 * Math.Sin(y * XPi);
        var theta = Math.Atan2(y, x) - 0.000003 * Math.Cos(x * XPi);
        return (z * Math.Cos(theta), z * Math.Sin(theta));
    }
}
