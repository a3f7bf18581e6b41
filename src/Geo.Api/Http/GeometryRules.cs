using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;
using Geo.Analysis.Spatial;

namespace Geo.Api.Http;

public enum GeometryKind { Point, MultiPolygon, PointOrMultiPolygon }

/// <summary>The rules every stored geometry keeps: its layer's kind, finite coordinates inside China, valid.</summary>
public static class GeometryRules
{
    /// <summary>China's extent with a margin (73.4–135.1°E, 3.8–53.6°N, including the South China Sea islands).</summary>
    public static readonly Envelope ChinaExtent = new(73.0, 135.5, 3.5, 54.0);

    /// <summary><see cref="ChinaExtent"/> as every message about it words it.</summary>
    public const string ChinaExtentText = "longitude 73–135.5, latitude 3.5–54, WGS-84 degrees, longitude first";

    /// <summary>A point given as lon/lat fields lies inside China; else the error is put on <paramref name="field"/>.</summary>
    public static bool InsideChina(this ValidationErrors errors, double lon, double lat, string field)
    {
        if (double.IsFinite(lon) && double.IsFinite(lat) && ChinaExtent.Contains(lon, lat))
        {
            return true;
        }

        errors.Add(field, $"lon/lat must lie inside China's extent ({ChinaExtentText})");
        return false;
    }

    /// <summary>
    /// Checks <paramref name="geometry"/> for a layer and returns the geometry to store: polygons become
    /// multipolygons, invalid but repairable polygons are repaired (said in <paramref name="notes"/>).
    /// </summary>
    public static Geometry? Prepare(Geometry? geometry, GeometryKind kind, ValidationErrors errors, List<string> notes)
    {
        const string field = "geometry";
        if (geometry is null || geometry.IsEmpty)
        {
            errors.Add(field, "is required: a GeoJSON geometry in WGS-84 longitude/latitude");
            return null;
        }

        var allowed = kind switch
        {
            GeometryKind.Point => geometry is Point,
            GeometryKind.MultiPolygon => geometry is Polygon or MultiPolygon,
            _ => geometry is Point or Polygon or MultiPolygon,
        };
        if (!allowed)
        {
            errors.Add(field, $"must be a {Describe(kind)}, not a {geometry.GeometryType}");
            return null;
        }

        var outside = geometry.Coordinates.FirstOrDefault(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y) || !ChinaExtent.Contains(c));
        if (outside is not null)
        {
            errors.Add(field, $"coordinate ({outside.X}, {outside.Y}) is outside China's extent ({ChinaExtentText})");
            return null;
        }

        geometry = Wgs84.Factory.CreateGeometry(geometry);
        if (geometry is Polygon polygon)
        {
            geometry = Wgs84.Factory.CreateMultiPolygon([polygon]);
        }

        if (!geometry.IsValid)
        {
            var reason = new IsValidOp(geometry).ValidationError?.Message ?? "invalid";
            var fixedGeometry = GeometryFixer.Fix(geometry);
            if (fixedGeometry is Polygon p)
            {
                fixedGeometry = Wgs84.Factory.CreateMultiPolygon([p]);
            }

            if (fixedGeometry.IsEmpty || fixedGeometry.GeometryType != geometry.GeometryType)
            {
                errors.Add(field, $"is not valid ({reason}) and cannot be repaired into a {Describe(kind)}");
                return null;
            }

            notes.Add($"geometry repaired: {reason}");
            geometry = fixedGeometry;
            geometry.SRID = Wgs84.Srid;
        }

        if (geometry is MultiPolygon && geometry.Area <= 0)
        {
            errors.Add(field, "must enclose an area greater than 0");
            return null;
        }

        return geometry;
    }

    private static string Describe(GeometryKind kind) => kind switch
    {
        GeometryKind.Point => "Point",
        GeometryKind.MultiPolygon => "Polygon or MultiPolygon",
        _ => "Point, Polygon or MultiPolygon",
    };
}
