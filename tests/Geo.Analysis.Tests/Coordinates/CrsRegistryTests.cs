using Geo.Analysis.Coordinates;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Tests.Coordinates;

public class CrsRegistryTests
{
    [Theory]
    [InlineData("EPSG:4326", "EPSG:4326")]
    [InlineData("4326", "EPSG:4326")]
    [InlineData("epsg:4326", "EPSG:4326")]
    [InlineData("  EPSG : 4326 ", "EPSG:4326")]
    [InlineData("urn:ogc:def:crs:EPSG::4326", "EPSG:4326")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326")]
    [InlineData("CRS84", "EPSG:4326")]
    [InlineData("WGS84", "EPSG:4326")]
    [InlineData("wgs-84", "EPSG:4326")]
    [InlineData("EPSG:4490", "EPSG:4490")]
    [InlineData("cgcs2000", "EPSG:4490")]
    [InlineData("EPSG:3857", "EPSG:3857")]
    [InlineData("3857", "EPSG:3857")]
    [InlineData("EPSG:4513", "EPSG:4513")]
    [InlineData("EPSG:4527", "EPSG:4527")]
    [InlineData("urn:ogc:def:crs:EPSG:9.9.1:4533", "EPSG:4533")]
    [InlineData("EPSG:4534", "EPSG:4534")]
    [InlineData("4548", "EPSG:4548")]
    [InlineData("EPSG:4554", "EPSG:4554")]
    [InlineData("GCJ02", "GCJ-02")]
    [InlineData("GCJ-02", "GCJ-02")]
    [InlineData("gcj-02", "GCJ-02")]
    [InlineData("gcj_02", "GCJ-02")]
    [InlineData("BD09", "BD-09")]
    [InlineData("BD-09", "BD-09")]
    [InlineData("bd09", "BD-09")]
    public void Parses_the_spellings_people_write(string identifier, string code)
    {
        var crs = Crs.Parse(identifier);

        Assert.Equal(code, crs.Code);
        Assert.Same(crs, Crs.All.Single(c => c.Code == code));
    }

    [Theory]
    [InlineData("EPSG:32650")] // UTM 50N: not supported
    [InlineData("EPSG:4512")]
    [InlineData("EPSG:4555")]
    [InlineData("EPSG:")]
    [InlineData("EPSG:abc")]
    [InlineData("EPSG4326x")]
    [InlineData("GCJ")]
    [InlineData("Xian 1980")]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejects_unknown_identifiers_naming_what_is_supported(string identifier)
    {
        var error = Assert.Throws<UnknownCrsException>(() => Crs.Parse(identifier));

        Assert.Equal(identifier, error.Identifier);
        Assert.Contains("EPSG:4513–4533", error.Message);
        Assert.Contains("GCJ-02", error.Message);
        Assert.Contains("BD-09", error.Message);
        Assert.False(Crs.TryParse(identifier, out _));
    }

    [Fact]
    public void FromEpsg_rejects_codes_outside_the_registry()
    {
        Assert.Throws<UnknownCrsException>(() => Crs.FromEpsg(2383));
        Assert.Same(Crs.WebMercator, Crs.FromEpsg(3857));
    }

    [Fact]
    public void Registry_holds_every_supported_system_once()
    {
        Assert.Equal(2 + 1 + 21 + 21 + 2, Crs.All.Count);
        Assert.Equal(Crs.All.Count, Crs.All.Select(c => c.Code).Distinct().Count());
        Assert.All(Crs.All, c => Assert.False(string.IsNullOrWhiteSpace(c.NameZh)));
        Assert.Equal(Crs.All.Count, Crs.All.Select(c => c.NameZh).Distinct().Count());
        Assert.Equal(Crs.All.Count, Crs.All.Select(c => c.NameEn).Distinct().Count());
    }

    [Theory]
    [InlineData(4513, 25, 75, 25_500_000)]
    [InlineData(4527, 39, 117, 39_500_000)]
    [InlineData(4533, 45, 135, 45_500_000)]
    [InlineData(4534, 25, 75, 500_000)]
    [InlineData(4548, 39, 117, 500_000)]
    [InlineData(4554, 45, 135, 500_000)]
    public void Gauss_Kruger_systems_carry_zone_central_meridian_and_false_easting(int epsg, int zone, double centralMeridian, double falseEasting)
    {
        var crs = Crs.FromEpsg(epsg);

        Assert.Equal(CrsKind.GaussKruger, crs.Kind);
        Assert.True(crs.IsProjected);
        Assert.Equal(zone, crs.Zone);
        Assert.Equal(centralMeridian, crs.Projection!.CentralMeridian);
        Assert.Equal(falseEasting, crs.Projection.FalseEasting);
        Assert.Equal(epsg, crs.Srid);
    }

    [Fact]
    public void Zone_and_central_meridian_lookups_agree_with_EPSG()
    {
        Assert.Same(Crs.FromEpsg(4527), Crs.GaussKrugerZone(39));
        Assert.Same(Crs.FromEpsg(4548), Crs.GaussKrugerCentralMeridian(117));
        Assert.Throws<ArgumentOutOfRangeException>(() => Crs.GaussKrugerZone(24));
        Assert.Throws<ArgumentOutOfRangeException>(() => Crs.GaussKrugerCentralMeridian(118));
    }

    [Fact]
    public void Display_names_are_in_Chinese_and_English()
    {
        Assert.Equal("CGCS2000 3度带高斯-克吕格投影 第39带", Crs.FromEpsg(4527).NameZh);
        Assert.Equal("CGCS2000 3-degree Gauss-Krüger CM 117°E", Crs.FromEpsg(4548).NameEn);
        Assert.Contains("高德", Crs.Gcj02.NameZh);
        Assert.Contains("百度", Crs.Bd09.NameZh);
    }

    [Fact]
    public void Single_coordinates_honour_the_axis_order()
    {
        var crs = Crs.FromEpsg(4527);

        var eastingFirst = crs.FromWgs84(119.3, 26.08);
        var northingFirst = crs.FromWgs84(119.3, 26.08, AxisOrder.NorthingFirst);

        Assert.Equal(eastingFirst.X, northingFirst.Y);
        Assert.Equal(eastingFirst.Y, northingFirst.X);
        Assert.InRange(eastingFirst.X, 39_000_000, 40_000_000);
        var back = crs.ToWgs84(northingFirst.X, northingFirst.Y, AxisOrder.NorthingFirst);
        Assert.Equal(119.3, back.Longitude, 1e-10);
        Assert.Equal(26.08, back.Latitude, 1e-10);
    }

    [Fact]
    public void Geographic_systems_are_identities_and_GCJ_goes_through_the_offset()
    {
        Assert.Equal((119.3, 26.08), Crs.Cgcs2000.ToWgs84(119.3, 26.08));
        Assert.Equal((119.3, 26.08), Crs.Wgs84.ToWgs84(26.08, 119.3, AxisOrder.NorthingFirst));
        // Against the independent control values of Gcj02Tests / Bd09Tests (福州 鼓楼), not the classes the registry wraps.
        var gcj = Crs.Gcj02.FromWgs84(119.2965, 26.0745);
        Assert.Equal(119.30129978235846, gcj.X, 1e-12);
        Assert.Equal(26.071397978355115, gcj.Y, 1e-12);
        var bd = Crs.Bd09.FromWgs84(119.2965, 26.0745);
        Assert.Equal(119.30778485852095, bd.X, 1e-12);
        Assert.Equal(26.077559696442304, bd.Y, 1e-12);
        var back = Crs.Bd09.ToWgs84(119.30778485852095, 26.077559696442304);
        Assert.Equal(119.2965, back.Longitude, 1e-9);
        Assert.Equal(26.0745, back.Latitude, 1e-9);
    }

    [Theory]
    [InlineData(4527, 2887729.2163, 39730152.7403, AxisOrder.NorthingFirst)]
    [InlineData(4527, 39730152.7403, 2887729.2163, AxisOrder.EastingFirst)]
    [InlineData(4548, 2687534.6465, 410920.8973, AxisOrder.NorthingFirst)]
    [InlineData(4548, 410920.8973, 2687534.6465, AxisOrder.EastingFirst)]
    [InlineData(4326, 26.08, 119.3, AxisOrder.NorthingFirst)]
    [InlineData(4326, 119.3, 26.08, AxisOrder.EastingFirst)]
    [InlineData(3857, 13280025.6334, 3008311.0171, AxisOrder.EastingFirst)]
    [InlineData(3857, 3008311.0171, 13280025.6334, AxisOrder.NorthingFirst)]
    public void Guesses_axis_order_from_magnitudes(int epsg, double x, double y, AxisOrder expected)
    {
        Assert.Equal(expected, Crs.FromEpsg(epsg).GuessAxisOrder([new Coordinate(x, y)]));
    }

    [Fact]
    public void Axis_order_guess_declines_when_ambiguous_or_implausible()
    {
        var cm108 = Crs.GaussKrugerCentralMeridian(108);

        // South China Sea: a northing of 600 km could be an easting.
        Assert.Null(cm108.GuessAxisOrder([new Coordinate(500_000, 600_000)]));
        // Longitude/latitude given to a projected system fits neither order.
        Assert.Null(cm108.GuessAxisOrder([new Coordinate(119.3, 26.08)]));
        // Two coordinates that disagree.
        Assert.Null(cm108.GuessAxisOrder([new Coordinate(2_000_000, 600_000), new Coordinate(600_000, 2_000_000)]));
        // One decisive coordinate settles an ambiguous one.
        Assert.Equal(AxisOrder.EastingFirst, cm108.GuessAxisOrder([new Coordinate(500_000, 600_000), new Coordinate(600_000, 2_000_000)]));
        Assert.Equal(AxisOrder.NorthingFirst, Crs.Gcj02.GuessAxisOrder(Spatial.Wgs84.Point(26.07, 119.3)));
    }
}
