using Geo.Analysis.Coordinates;

namespace Geo.Api.Features.Districts;

/// <summary>Two 街道 that cover the same ground.</summary>
/// <param name="Shape">That ground in WGS-84, for a map to draw (slivers left out).</param>
public sealed record TopologyOverlap(string Code, string Name, string OtherCode, string OtherName, double AreaM2, string Message, Geometry Shape);

/// <summary>Ground of a district that no 街道 covers, or ground of a 街道 outside its district.</summary>
/// <param name="Shape">That ground in WGS-84, for a map to draw (slivers left out).</param>
public sealed record TopologyPiece(string DistrictCode, string? Code, double AreaM2, int Parts, string Message, Geometry Shape);

/// <summary>What the 街道 boundaries of a file make of their districts, with the stored 街道 they join.</summary>
public sealed record TopologyReport(IReadOnlyList<TopologyOverlap> Overlaps, IReadOnlyList<TopologyPiece> Gaps, IReadOnlyList<TopologyPiece> Outside)
{
    public bool Clean => Overlaps.Count == 0 && Gaps.Count == 0 && Outside.Count == 0;
}

/// <summary>A unit's boundary for the topology check: its code, name and WGS-84 polygon.</summary>
public sealed record TopologyUnit(string Code, string Name, Geometry Boundary);

/// <summary>
/// Checks that the 街道 of a district tile it: no two overlap, none reaches outside it, and together they leave
/// no gap. Areas are on the ground (m², in the CGCS2000 Gauss-Krüger 3° zone of the district, whose scale error
/// within a district is below 0.1 %). Pieces under <see cref="MinimumM2"/>, or on average narrower than
/// <see cref="MinimumWidthMetres"/>, are left out: boundaries drawn from different sources, or converted from
/// GCJ-02 or BD-09, differ by millimetres to centimetres along shared edges, and a kilometre of such an edge makes a
/// sliver of square metres that is not a planner's problem.
/// </summary>
public static class BoundaryTopology
{
    public const double MinimumM2 = 1.0;

    public const double MinimumWidthMetres = 1.0;

    public static TopologyReport Check(IEnumerable<(TopologyUnit District, IReadOnlyList<TopologyUnit> Subdistricts)> districts)
    {
        List<TopologyOverlap> overlaps = [];
        List<TopologyPiece> gaps = [], outside = [];
        foreach (var (district, subdistricts) in districts)
        {
            var zone = Crs.GaussKrugerCentralMeridian(3 * (int)Math.Round(district.Boundary.Centroid.X / 3));
            var ground = zone.FromWgs84(district.Boundary);
            var parts = subdistricts.Select(s => (Unit: s, Ground: zone.FromWgs84(s.Boundary))).ToList();
            for (var i = 0; i < parts.Count; i++)
            {
                for (var k = i + 1; k < parts.Count; k++)
                {
                    var (a, b) = (parts[i], parts[k]);
                    if (!a.Ground.EnvelopeInternal.Intersects(b.Ground.EnvelopeInternal) ||
                        a.Ground.Intersection(b.Ground) is var common && Area(common) is var area && area < MinimumM2)
                    {
                        continue;
                    }

                    overlaps.Add(new(a.Unit.Code, a.Unit.Name, b.Unit.Code, b.Unit.Name, Math.Round(area, 1),
                        $"街道 {a.Unit.Name}（{a.Unit.Code}）与 {b.Unit.Name}（{b.Unit.Code}）重叠 {area:N0} 平方米", Shape(zone, common)));
                }
            }

            foreach (var (unit, shape) in parts)
            {
                var beyond = shape.Difference(ground);
                if (Area(beyond) is var area && area >= MinimumM2)
                {
                    outside.Add(new(district.Code, unit.Code, Math.Round(area, 1), Polygons(beyond),
                        $"街道 {unit.Name}（{unit.Code}）有 {area:N0} 平方米在 {district.Name}（{district.Code}）边界之外", Shape(zone, beyond)));
                }
            }

            if (parts.Count > 0)
            {
                var gap = ground.Difference(NetTopologySuite.Operation.Union.UnaryUnionOp.Union(parts.Select(p => p.Ground).ToList()));
                var pieces = Pieces(gap).ToList();
                if (pieces.Count > 0)
                {
                    var area = pieces.Sum(g => g.Area);
                    gaps.Add(new(district.Code, null, Math.Round(area, 1), pieces.Count,
                        $"{district.Name}（{district.Code}）内有 {pieces.Count} 处共 {area:N0} 平方米不属于任何街道", Shape(zone, gap)));
                }
            }
        }

        return new TopologyReport(overlaps, gaps, outside);
    }

    /// <summary>The polygons of a result that are ground, not slivers (mean width = 2 · area / perimeter).</summary>
    private static IEnumerable<Polygon> Pieces(Geometry geometry) =>
        Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).OfType<Polygon>()
            .Where(p => p.Area >= MinimumM2 && 2 * p.Area / p.Length >= MinimumWidthMetres);

    /// <summary>The pieces that count, back in WGS-84 lon/lat.</summary>
    private static Geometry Shape(Crs zone, Geometry ground)
    {
        var shape = zone.ToWgs84(ground.Factory.CreateMultiPolygon(Pieces(ground).ToArray()));
        shape.SRID = 4326;
        return shape;
    }

    private static double Area(Geometry geometry) => Pieces(geometry).Sum(p => p.Area);

    private static int Polygons(Geometry geometry) => Pieces(geometry).Count();
}
