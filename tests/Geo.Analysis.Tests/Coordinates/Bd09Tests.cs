using Geo.Analysis.Coordinates;
using Geo.Analysis.Spatial;

namespace Geo.Analysis.Tests.Coordinates;

public class Bd09Tests
{
    /// <summary>
    /// GCJ-02 → BD-09 reference values computed independently with the published formula in Python
    /// (gcj02_to_bd09 of wandergis/coordTransform_py, x_pi = 3.14159265358979324·3000/180), the GCJ-02 input
    /// being the published WGS-84 → GCJ-02 of the WGS-84 point given.
    /// </summary>
    public static TheoryData<string, double, double, double, double, double, double> ControlPoints => new()
    {
        { "福州 鼓楼", 119.2965, 26.0745, 119.30129978235846, 26.071397978355115, 119.30778485852095, 26.077559696442304 },
        { "北京", 116.3912, 39.9073, 116.39744110352653, 39.90870121935281, 116.40381412571053, 39.91504442778818 },
        { "梅州 梅江", 116.1226, 24.2886, 116.12742560872317, 24.285972554156956, 116.13394851998618, 24.291928479942413 },
        { "威海 环翠", 122.1204, 37.5131, 122.12545710388764, 37.514132471611525, 122.13197073116865, 37.52004218301357 },
        { "乌鲁木齐", 87.6168, 43.8256, 87.61964994946926, 43.82680539311119, 87.62609977081571, 43.83294979479328 },
    };

    [Theory]
    [MemberData(nameof(ControlPoints))]
    public void Forward_matches_the_published_formula(string place, double lon, double lat, double gcjLon, double gcjLat, double bdLon, double bdLat)
    {
        var fromGcj = Bd09.FromGcj02(gcjLon, gcjLat);
        var fromWgs = Bd09.FromWgs84(lon, lat);

        Assert.True(Math.Abs(fromGcj.Longitude - bdLon) < 1e-12 && Math.Abs(fromGcj.Latitude - bdLat) < 1e-12, $"{place}: got {fromGcj}");
        Assert.True(Math.Abs(fromWgs.Longitude - bdLon) < 1e-12 && Math.Abs(fromWgs.Latitude - bdLat) < 1e-12, $"{place}: got {fromWgs}");
    }

    [Theory]
    [MemberData(nameof(ControlPoints))]
    public void Inverse_recovers_the_control_point(string place, double lon, double lat, double gcjLon, double gcjLat, double bdLon, double bdLat)
    {
        var gcj = Bd09.ToGcj02(bdLon, bdLat);
        var wgs = Bd09.ToWgs84(bdLon, bdLat);

        Assert.True(Math.Abs(gcj.Longitude - gcjLon) < 1e-9 && Math.Abs(gcj.Latitude - gcjLat) < 1e-9, $"{place}: got {gcj}");
        Assert.True(Math.Abs(wgs.Longitude - lon) < 1e-9 && Math.Abs(wgs.Latitude - lat) < 1e-9, $"{place}: got {wgs}");
    }

    [Fact]
    public void Iterated_inverse_is_exact_where_the_published_inverse_is_not()
    {
        var worstApproximate = 0.0;
        var worstIterated = 0.0;
        for (var lon = 73.5; lon <= 135.0; lon += 0.41)
        {
            for (var lat = 18.0; lat <= 53.5; lat += 0.31)
            {
                var (bdLon, bdLat) = Bd09.FromGcj02(lon, lat);
                var approximate = Bd09.ToGcj02Approximate(bdLon, bdLat);
                var iterated = Bd09.ToGcj02(bdLon, bdLat);
                worstApproximate = Math.Max(worstApproximate, GroundDistance.Metres(lon, lat, approximate.Longitude, approximate.Latitude));
                worstIterated = Math.Max(worstIterated, GroundDistance.Metres(lon, lat, iterated.Longitude, iterated.Latitude));
            }
        }

        Assert.True(worstApproximate > 0.01, $"published inverse error {worstApproximate} m");
        Assert.True(worstIterated < 1e-5, $"iterated inverse error {worstIterated} m");
    }

    [Fact]
    public void Wgs84_round_trip_is_within_a_millimetre_across_China()
    {
        var worst = 0.0;
        for (var lon = 73.5; lon <= 135.0; lon += 0.43)
        {
            for (var lat = 18.0; lat <= 53.5; lat += 0.33)
            {
                var (bdLon, bdLat) = Bd09.FromWgs84(lon, lat);
                var (x, y) = Bd09.ToWgs84(bdLon, bdLat);
                worst = Math.Max(worst, GroundDistance.Metres(lon, lat, x, y));
            }
        }

        Assert.True(worst < 0.001, $"worst round trip {worst} m");
    }
}
