using Geo.Analysis.Coordinates;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Geo.Analysis.Tests.Coordinates;

public class CrsGeometryTests
{
    private static readonly WKTReader Reader = new();

    [Fact]
    public void Polygon_with_hole_in_Gauss_Kruger_comes_back_as_WGS84_with_its_hole()
    {
        // A 2 km block in 福州 with a 200 m courtyard, EPSG:4528 easting first.
        var polygon = Reader.Read(
            "POLYGON ((40429000 2885000, 40431000 2885000, 40431000 2887000, 40429000 2887000, 40429000 2885000)," +
            " (40429900 2885900, 40430100 2885900, 40430100 2886100, 40429900 2886100, 40429900 2885900))");
        var crs = Crs.FromEpsg(4528);

        var wgs = (Polygon)crs.ToWgs84(polygon);

        Assert.Equal(4326, wgs.SRID);
        Assert.Same(Spatial.Wgs84.Factory, wgs.Factory);
        Assert.Equal(1, wgs.NumInteriorRings);
        Assert.Equal(5, wgs.InteriorRings[0].NumPoints);
        Assert.True(wgs.IsValid);
        var corner = crs.ToWgs84(40429000, 2885000);
        Assert.Equal(corner.Longitude, wgs.Shell.GetCoordinateN(0).X, 1e-12);
        Assert.Equal(corner.Latitude, wgs.Shell.GetCoordinateN(0).Y, 1e-12);
        Assert.InRange(wgs.Centroid.X, 119.29, 119.31);
        Assert.InRange(wgs.Centroid.Y, 26.07, 26.09);
        Assert.Equal(40429000, polygon.Coordinates[0].X); // the input is not modified
    }

    [Fact]
    public void Multipolygon_to_GCJ02_and_back_keeps_parts_holes_and_positions()
    {
        var multi = Reader.Read(
            "MULTIPOLYGON (((119.28 26.06, 119.31 26.06, 119.31 26.09, 119.28 26.09, 119.28 26.06)," +
            " (119.29 26.07, 119.30 26.07, 119.30 26.08, 119.29 26.08, 119.29 26.07))," +
            " ((119.32 26.06, 119.33 26.06, 119.33 26.07, 119.32 26.06)))");

        var gcj = Crs.Gcj02.FromWgs84(multi);
        var back = Crs.Gcj02.ToWgs84(gcj);

        Assert.Equal(0, gcj.SRID);
        Assert.IsType<MultiPolygon>(gcj);
        Assert.Equal(2, gcj.NumGeometries);
        Assert.Equal(1, ((Polygon)gcj.GetGeometryN(0)).NumInteriorRings);
        Assert.Equal(4326, back.SRID);
        Assert.True(back.EqualsExact(multi, 1e-9));
        Assert.False(gcj.EqualsExact(multi, 1e-4)); // the offset really moved it
    }

    [Fact]
    public void Projected_geometries_carry_the_EPSG_code_and_the_requested_axis_order()
    {
        var line = Reader.Read("LINESTRING (117.1 24.3, 117.2 24.4)");

        var eastingFirst = Crs.FromEpsg(4548).FromWgs84(line);
        var northingFirst = Crs.FromEpsg(4548).FromWgs84(line, AxisOrder.NorthingFirst);

        Assert.Equal(4548, eastingFirst.SRID);
        Assert.Equal(4548, northingFirst.SRID);
        Assert.InRange(eastingFirst.Coordinates[0].X, 500_000, 530_000);
        Assert.InRange(northingFirst.Coordinates[0].X, 2_600_000, 2_800_000);
        Assert.Equal(eastingFirst.Coordinates[1].X, northingFirst.Coordinates[1].Y);
    }

    [Fact]
    public void Z_values_and_empty_geometries_survive()
    {
        var point = Spatial.Wgs84.Factory.CreatePoint(new CoordinateZ(119.3, 26.08, 12.5));

        var projected = Crs.WebMercator.FromWgs84(point);
        var empty = Crs.Bd09.ToWgs84(Spatial.Wgs84.Factory.CreatePolygon());

        Assert.Equal(3857, projected.SRID);
        Assert.Equal(12.5, projected.Coordinate.Z);
        Assert.True(empty.IsEmpty);
        Assert.Equal(4326, empty.SRID);
    }

    [Fact]
    public void Geographic_CGCS2000_keeps_coordinates_and_labels_the_SRID()
    {
        var point = Spatial.Wgs84.Point(119.3, 26.08);

        var cgcs = Crs.Cgcs2000.FromWgs84(point);

        Assert.Equal(4490, cgcs.SRID);
        Assert.True(cgcs.EqualsExact(point));
    }
}
