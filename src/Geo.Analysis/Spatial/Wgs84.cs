using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Spatial;

/// <summary>
/// The one geometry factory of TuoyuGeo: WGS-84 longitude/latitude (EPSG:4326), shared by the API, the
/// analysis and the tests so that every geometry carries the same SRID and precision model.
/// </summary>
/// <remarks>NTS measures in the plane, in degrees here: measure ground distances with <see cref="GroundDistance"/>.</remarks>
public static class Wgs84
{
    public const int Srid = 4326;

    public static GeometryFactory Factory { get; } =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(PrecisionModels.Floating), Srid);

    public static Point Point(double lon, double lat) => Factory.CreatePoint(new Coordinate(lon, lat));
}
