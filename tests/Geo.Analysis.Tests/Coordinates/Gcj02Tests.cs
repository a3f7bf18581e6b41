using Geo.Analysis.Coordinates;
using Geo.Analysis.Spatial;

namespace Geo.Analysis.Tests.Coordinates;

public class Gcj02Tests
{
    /// <summary>
    /// WGS-84 → GCJ-02 reference values computed independently with the published formula in Python
    /// (the wgs84_to_gcj02 of wandergis/coordTransform_py, double precision, printed with repr).
    /// </summary>
    public static TheoryData<string, double, double, double, double> ControlPoints => new()
    {
        { "福州 鼓楼", 119.2965, 26.0745, 119.30129978235846, 26.071397978355115 },
        { "北京", 116.3912, 39.9073, 116.39744110352653, 39.90870121935281 },
        { "梅州 梅江", 116.1226, 24.2886, 116.12742560872317, 24.285972554156956 },
        { "威海 环翠", 122.1204, 37.5131, 122.12545710388764, 37.514132471611525 },
        { "乌鲁木齐", 87.6168, 43.8256, 87.61964994946926, 43.82680539311119 },
        { "海口", 110.3312, 20.0311, 110.33557084396945, 20.029053664963516 },
        { "哈尔滨", 126.535, 45.8038, 126.54104035015793, 45.80578152514843 },
    };

    [Theory]
    [MemberData(nameof(ControlPoints))]
    public void Forward_matches_the_published_formula(string place, double lon, double lat, double gcjLon, double gcjLat)
    {
        var (x, y) = Gcj02.FromWgs84(lon, lat);

        Assert.True(Math.Abs(x - gcjLon) < 1e-12 && Math.Abs(y - gcjLat) < 1e-12, $"{place}: got ({x}, {y})");
    }

    [Theory]
    [MemberData(nameof(ControlPoints))]
    public void Inverse_recovers_the_control_point(string place, double lon, double lat, double gcjLon, double gcjLat)
    {
        var (x, y) = Gcj02.ToWgs84(gcjLon, gcjLat);

        Assert.True(Math.Abs(x - lon) < 1e-9 && Math.Abs(y - lat) < 1e-9, $"{place}: got ({x}, {y})");
    }

    [Fact]
    public void Offset_in_Fuzhou_is_between_100_and_700_metres()
    {
        foreach (var (lon, lat) in FuzhouGrid())
        {
            var (x, y) = Gcj02.FromWgs84(lon, lat);
            var metres = GroundDistance.Metres(lon, lat, x, y);

            Assert.InRange(metres, 100, 700);
        }
    }

    [Fact]
    public void Inverse_of_forward_is_within_a_millimetre_across_China()
    {
        var worst = 0.0;
        for (var lon = 73.5; lon <= 135.0; lon += 0.37)
        {
            for (var lat = 18.0; lat <= 53.5; lat += 0.29)
            {
                var (gLon, gLat) = Gcj02.FromWgs84(lon, lat);
                var (x, y) = Gcj02.ToWgs84(gLon, gLat);
                worst = Math.Max(worst, Math.Max(Math.Abs(x - lon), Math.Abs(y - lat)));
            }
        }

        // 1e-8° is about 1 mm; the iteration reaches far below it.
        Assert.True(worst < Gcj02.InverseTolerance, $"worst error {worst}°");
        Assert.True(worst < 1e-10, $"worst error {worst}°");
    }

    [Theory]
    [InlineData(139.6917, 35.6895)] // Tokyo
    [InlineData(2.3522, 48.8566)] // Paris
    [InlineData(-74.006, 40.7128)] // New York
    [InlineData(100.0, 0.5)] // south of the rectangle
    [InlineData(100.0, 56.0)] // north of the rectangle
    [InlineData(71.9, 40.0)] // west of the rectangle
    public void Points_outside_the_China_rectangle_are_left_unchanged(double lon, double lat)
    {
        Assert.True(Gcj02.IsOutsideChina(lon, lat));
        Assert.Equal((lon, lat), Gcj02.FromWgs84(lon, lat));
        Assert.Equal((lon, lat), Gcj02.ToWgs84(lon, lat));
    }

    [Theory]
    [InlineData(72.1, 40.0)]
    [InlineData(137.7, 45.0)]
    [InlineData(110.0, 0.9)]
    [InlineData(120.0, 55.7)]
    public void Points_just_inside_the_rectangle_are_offset(double lon, double lat)
    {
        var (x, y) = Gcj02.FromWgs84(lon, lat);

        Assert.False(Gcj02.IsOutsideChina(lon, lat));
        Assert.True(GroundDistance.Metres(lon, lat, x, y) > 10);
    }

    private static IEnumerable<(double Lon, double Lat)> FuzhouGrid()
    {
        for (var lon = 118.9; lon <= 119.7; lon += 0.1)
        {
            for (var lat = 25.7; lat <= 26.5; lat += 0.1)
            {
                yield return (lon, lat);
            }
        }
    }
}
