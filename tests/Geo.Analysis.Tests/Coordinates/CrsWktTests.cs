using Geo.Analysis.Coordinates;

namespace Geo.Analysis.Tests.Coordinates;

public class CrsWktTests
{
    private const string EsriCgcs2000 =
        """GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";

    // .prj files as ArcGIS writes them: no authority, recognised from datum, method and parameters.
    private const string EsriZone39 =
        """PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    private const string EsriCm117 =
        """PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    private const string EsriWebMercator =
        """PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]""";

    private const string EsriWgs84 =
        """GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";

    // OGC WKT 1 as GDAL writes it, pretty-printed, with an EPSG authority.
    private const string GdalCm120 =
        """
        PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E",
            GEOGCS["China Geodetic Coordinate System 2000",
                DATUM["China_2000",
                    SPHEROID["CGCS2000",6378137,298.257222101,
                        AUTHORITY["EPSG","1024"]],
                    AUTHORITY["EPSG","1043"]],
                PRIMEM["Greenwich",0,
                    AUTHORITY["EPSG","8901"]],
                UNIT["degree",0.0174532925199433,
                    AUTHORITY["EPSG","9122"]],
                AUTHORITY["EPSG","4490"]],
            PROJECTION["Transverse_Mercator"],
            PARAMETER["latitude_of_origin",0],
            PARAMETER["central_meridian",120],
            PARAMETER["scale_factor",1],
            PARAMETER["false_easting",500000],
            PARAMETER["false_northing",0],
            UNIT["metre",1,
                AUTHORITY["EPSG","9001"]],
            AUTHORITY["EPSG","4549"]]
        """;

    // GDAL's EPSG:3857 with its authority removed: recognised from the PROJ4 extension.
    private const string GdalPseudoMercatorWithoutAuthority =
        """PROJCS["Popular Visualisation CRS / Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"]]""";

    // WKT 2 (PROJ 9), authority removed so that the conversion parameters decide.
    private const string Wkt2Zone40WithoutId =
        """PROJCRS["CGCS2000 / 3-degree Gauss-Kruger zone 40",BASEGEOGCRS["China Geodetic Coordinate System 2000",DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["3-degree Gauss-Kruger zone 40",METHOD["Transverse Mercator"],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Longitude of natural origin",120,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1]],PARAMETER["False easting",40500000,LENGTHUNIT["metre",1]],PARAMETER["False northing",0,LENGTHUNIT["metre",1]]],CS[Cartesian,2],AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]]]""";

    public static TheoryData<string, string> Recognised => new()
    {
        { EsriZone39, "EPSG:4527" },
        { EsriCm117, "EPSG:4548" },
        { EsriWebMercator, "EPSG:3857" },
        { EsriWgs84, "EPSG:4326" },
        { EsriCgcs2000, "EPSG:4490" },
        { GdalCm120, "EPSG:4549" },
        { GdalPseudoMercatorWithoutAuthority, "EPSG:3857" },
        { Wkt2Zone40WithoutId, "EPSG:4528" },
        { "\uFEFF" + EsriCm117 + "\r\n", "EPSG:4548" }, // byte-order mark and line break, as Windows tools write
        { """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]""", "EPSG:4326" },
        { """PROJCRS["whatever",BASEGEOGCRS["x",DATUM["y",ELLIPSOID["z",1,1]]],CONVERSION["c",METHOD["m"]],ID["EPSG",4533]]""", "EPSG:4533" },
        // Parameters omitted: the ESRI name decides.
        { $"""PROJCS["CGCS2000_3_Degree_GK_Zone_41",{EsriCgcs2000},PROJECTION["Gauss_Kruger"],UNIT["Meter",1.0]]""", "EPSG:4529" },
        { $"""PROJCS["CGCS2000_3_Degree_GK_CM_75E",{EsriCgcs2000},PROJECTION["Gauss_Kruger"],UNIT["Meter",1.0]]""", "EPSG:4534" },
    };

    [Theory]
    [MemberData(nameof(Recognised))]
    public void Recognises_realistic_prj_files(string wkt, string code)
    {
        Assert.Equal(code, Crs.FromWkt(wkt)?.Code);
    }

    public static TheoryData<string> NotSupported => new()
    {
        // Xian 1980 and Beijing 1954 zones share the parameters but not the datum (tens of metres apart).
        { EsriZone39.Replace("GCS_China_Geodetic_Coordinate_System_2000", "GCS_Xian_1980").Replace("D_China_2000", "D_Xian_1980").Replace("CGCS2000_3_Degree", "Xian_1980_3_Degree") },
        { EsriCm117.Replace("D_China_2000", "D_Beijing_1954") },
        // CGCS2000 6-degree zone 20 (EPSG:4498): central meridian 117 but zone 20 in the easting.
        { EsriZone39.Replace("39500000.0", "20500000.0").Replace("CGCS2000_3_Degree_GK_Zone_39", "CGCS2000_GK_Zone_20") },
        // Central meridian that is not a 3-degree one.
        { EsriCm117.Replace("117.0", "118.5") },
        // Right parameters, wrong unit.
        { EsriCm117.Replace("""UNIT["Meter",1.0]]""", """UNIT["Foot_US",0.3048006096012192]]""") },
        // Scale factor of UTM.
        { EsriCm117.Replace("""PARAMETER["Scale_Factor",1.0]""", """PARAMETER["Scale_Factor",0.9996]""") },
        // UTM zone 50N with its authority.
        { """PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32650"]]""" },
        { """GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""" },
        { """VERTCS["Yellow_Sea_1985",VDATUM["Yellow_Sea_1985"],PARAMETER["Vertical_Shift",0.0],PARAMETER["Direction",1.0],UNIT["Meter",1.0]]""" },
    };

    [Theory]
    [MemberData(nameof(NotSupported))]
    public void Returns_null_for_systems_it_does_not_support(string wkt)
    {
        Assert.Null(Crs.FromWkt(wkt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("EPSG:4527")]
    [InlineData("""PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China""")]
    [InlineData("""GEOGCS["GCS_WGS_1984"]] trailing""")]
    [InlineData("""GEOGCS["GCS_WGS_1984" DATUM["D_WGS_1984"]]""")]
    public void Malformed_WKT_is_a_format_error(string wkt)
    {
        Assert.Throws<FormatException>(() => Crs.FromWkt(wkt));
    }

    /// <summary>Expected text from PROJ 9.1.1: <c>projinfo EPSG:xxxx -o WKT1_ESRI -q</c>.</summary>
    [Theory]
    [InlineData(4527, EsriZone39)]
    [InlineData(4548, EsriCm117)]
    [InlineData(3857, EsriWebMercator)]
    [InlineData(4326, EsriWgs84)]
    [InlineData(4490, EsriCgcs2000)]
    public void Writes_the_prj_ArcGIS_and_PROJ_write(int epsg, string expected)
    {
        Assert.Equal(expected, Crs.FromEpsg(epsg).ToPrjWkt());
    }

    [Fact]
    public void Every_written_prj_is_recognised_as_its_own_system()
    {
        foreach (var crs in Crs.All.Where(c => c.HasPrjWkt))
        {
            Assert.Same(crs, Crs.FromWkt(crs.ToPrjWkt()));
        }
    }

    [Fact]
    public void GCJ02_and_BD09_have_no_prj()
    {
        Assert.False(Crs.Gcj02.HasPrjWkt);
        Assert.False(Crs.Bd09.HasPrjWkt);
        var error = Assert.Throws<NotSupportedException>(() => Crs.Gcj02.ToPrjWkt());
        Assert.Contains("WGS-84", error.Message);
        Assert.Throws<NotSupportedException>(() => Crs.Bd09.ToPrjWkt());
    }
}
