using Geo.Analysis.Coordinates;

namespace Geo.Analysis.Tests.Coordinates;

public class GaussKrugerTests
{
    private const double Millimetre = 0.001;

    /// <summary>
    /// Computed with PROJ 9.1.1: <c>echo "lat lon" | cs2cs -d 4 EPSG:4490 EPSG:xxxx</c>, which prints northing
    /// then easting (the EPSG axis order); PROJ's tmerc is the exact Poder/Engsager algorithm.
    /// Zone edges (±1.5° from the central meridian) and the latitude limits 18°N and 54°N are included.
    /// </summary>
    public static TheoryData<int, double, double, double, double> ProjControlPoints => new()
    {
        { 4528, 119.2965, 26.0745, 2885278.2669, 40429610.5796 }, // 福州, zone 40
        { 4549, 119.2965, 26.0745, 2885278.2669, 429610.5796 }, // 福州, CM 120°E
        { 4548, 116.1226, 24.2886, 2687534.6465, 410920.8973 }, // 梅州, CM 117°E
        { 4529, 122.1204, 37.5131, 4153819.5870, 41422233.7720 }, // 威海, zone 41
        { 4513, 76.5, 39.5, 4375088.5258, 25629022.9747 }, // zone 25, east edge
        { 4533, 133.5, 47.5, 5263925.6801, 45386985.7575 }, // zone 45, west edge
        { 4534, 73.5, 38.0, 4208559.9471, 368247.6296 }, // CM 75°E, west edge
        { 4554, 134.9, 48.3, 5351790.4013, 492580.8332 }, // CM 135°E
        { 4539, 91.1, 29.65, 3281821.8991, 606508.7288 }, // 拉萨, CM 90°E
        { 4545, 109.5, 18.0, 1991624.6813, 658872.2566 }, // CM 108°E, edge at 18°N
        { 4530, 127.5, 54.0, 5986957.7645, 42598360.1963 }, // zone 42, edge at 54°N
    };

    [Theory]
    [MemberData(nameof(ProjControlPoints))]
    public void Forward_matches_PROJ_within_a_millimetre(int epsg, double lon, double lat, double northing, double easting)
    {
        var projection = Crs.FromEpsg(epsg).Projection!;

        var (e, n) = projection.Forward(lon, lat);

        Assert.True(Math.Abs(e - easting) < Millimetre, $"EPSG:{epsg} easting {e:F4}, PROJ {easting:F4}");
        Assert.True(Math.Abs(n - northing) < Millimetre, $"EPSG:{epsg} northing {n:F4}, PROJ {northing:F4}");
    }

    [Theory]
    [MemberData(nameof(ProjControlPoints))]
    public void Inverse_of_PROJ_output_is_within_a_millimetre(int epsg, double lon, double lat, double northing, double easting)
    {
        var crs = Crs.FromEpsg(epsg);

        // PROJ printed these in EPSG order, northing first.
        var (x, y) = crs.ToWgs84(northing, easting, AxisOrder.NorthingFirst);

        // PROJ's output is rounded to 0.1 mm, so compare on the ground.
        var (e, n) = crs.Projection!.Forward(x, y);
        Assert.True(Math.Abs(e - easting) < Millimetre && Math.Abs(n - northing) < Millimetre);
        Assert.True(Math.Abs(x - lon) < 1e-8 && Math.Abs(y - lat) < 1e-8, $"EPSG:{epsg} got ({x}, {y})");
    }

    [Theory]
    [InlineData(4513)]
    [InlineData(4527)]
    [InlineData(4533)]
    [InlineData(4534)]
    [InlineData(4548)]
    [InlineData(4554)]
    public void Round_trip_is_within_a_centimetre_everywhere_in_the_zone(int epsg)
    {
        var projection = Crs.FromEpsg(epsg).Projection!;
        var worst = 0.0;
        for (var dLon = -1.5; dLon <= 1.5; dLon += 0.125)
        {
            for (var lat = 18.0; lat <= 54.0; lat += 0.5)
            {
                var lon = projection.CentralMeridian + dLon;
                var (e, n) = projection.Forward(lon, lat);
                var (x, y) = projection.Inverse(e, n);
                var (e2, n2) = projection.Forward(x, y);
                worst = Math.Max(worst, Math.Max(Math.Abs(e2 - e), Math.Abs(n2 - n)));
                Assert.True(Math.Abs(x - lon) < 1e-9 && Math.Abs(y - lat) < 1e-9, $"({lon}, {lat}) came back as ({x}, {y})");
            }
        }

        Assert.True(worst < 1e-6, $"worst round trip {worst} m");
    }

    [Fact]
    public void Central_meridian_maps_to_the_false_easting_and_equator_to_zero_northing()
    {
        var projection = Crs.GaussKrugerZone(39).Projection!;

        var (e, n) = projection.Forward(117, 0);

        Assert.Equal(39_500_000, e, 1e-6);
        Assert.Equal(0, n, 1e-6);
    }

    [Fact]
    public void Northing_on_the_central_meridian_is_the_meridian_arc()
    {
        // Meridian arc of CGCS2000 from the equator to 30°N, PROJ: echo "30 117" | cs2cs EPSG:4490 EPSG:4548.
        var (_, n) = Crs.GaussKrugerCentralMeridian(117).Projection!.Forward(117, 30);

        Assert.Equal(3320113.3978, n, 0.001);
    }

    /// <summary>Computed with PROJ 9.1.1: <c>echo "lat lon" | cs2cs -d 4 EPSG:4326 EPSG:3857</c>.</summary>
    [Theory]
    [InlineData(119.2965, 26.0745, 13280025.6334, 3008311.0171)]
    [InlineData(116.1226, 24.2886, 12926708.7016, 2788614.9173)]
    [InlineData(122.1204, 37.5131, 13594380.7435, 4510869.6828)]
    [InlineData(87.6168, 43.8256, 9753457.5609, 5438492.9282)]
    public void Web_Mercator_matches_PROJ(double lon, double lat, double x, double y)
    {
        var forward = WebMercator.Forward(lon, lat);
        var inverse = WebMercator.Inverse(x, y);

        Assert.Equal(x, forward.X, Millimetre);
        Assert.Equal(y, forward.Y, Millimetre);
        Assert.Equal(lon, inverse.Longitude, 1e-8);
        Assert.Equal(lat, inverse.Latitude, 1e-8);
    }

    [Fact]
    public void Web_Mercator_clamps_the_poles_to_the_square_world()
    {
        var (_, y) = WebMercator.Forward(0, 90);

        Assert.Equal(Math.PI * WebMercator.Radius, y, 1e-6);
    }
}
