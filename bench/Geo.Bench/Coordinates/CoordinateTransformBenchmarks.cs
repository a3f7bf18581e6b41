using BenchmarkDotNet.Attributes;
using Geo.Analysis.Coordinates;
using NetTopologySuite.Geometries;

namespace Geo.Bench.Coordinates;

/// <summary>
/// Cost per coordinate of the import transforms: a 10,000-vertex district boundary from GCJ-02 (iterated
/// inverse) and from Gauss-Krüger (ProjNET's transverse Mercator inverse) to WGS-84, and back to Gauss-Krüger.
/// </summary>
[MemoryDiagnoser]
public class CoordinateTransformBenchmarks
{
    private const int Vertices = 10_000;

    private Geometry _gcjBoundary = null!;
    private Geometry _gaussKrugerBoundary = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A ring around 福州 鼓楼 of about 3 km radius.
        var ring = new Coordinate[Vertices + 1];
        for (var i = 0; i < Vertices; i++)
        {
            var angle = 2 * Math.PI * i / Vertices;
            ring[i] = new Coordinate(119.2965 + 0.03 * Math.Cos(angle), 26.0745 + 0.027 * Math.Sin(angle));
        }

        ring[Vertices] = ring[0].Copy();
        var wgs = Analysis.Spatial.Wgs84.Factory.CreatePolygon(ring);
        _gcjBoundary = Crs.Gcj02.FromWgs84(wgs);
        _gaussKrugerBoundary = Crs.FromEpsg(4528).FromWgs84(wgs);
    }

    [Benchmark]
    public Geometry Gcj02ToWgs84() => Crs.Gcj02.ToWgs84(_gcjBoundary);

    [Benchmark]
    public Geometry Bd09ToWgs84() => Crs.Bd09.ToWgs84(_gcjBoundary);

    [Benchmark]
    public Geometry GaussKrugerToWgs84() => Crs.FromEpsg(4528).ToWgs84(_gaussKrugerBoundary);

    [Benchmark]
    public Geometry Wgs84ToGaussKruger() => Crs.FromEpsg(4528).FromWgs84(_gcjBoundary);
}
