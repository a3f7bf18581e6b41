namespace Geo.Analysis.Coverage;

/// <summary>
/// Lon/lat points sorted into strips of latitude a quarter of a search radius tall, each strip by longitude: a
/// radius query reads, in each strip it crosses, one contiguous run of points whose longitudes lie within the
/// circle's chord there, so the candidates cover little more than the circle (about 1.15 π r²) and come out in
/// the index's own order, ascending. Built once in O(n log n); at most n strips, so points spread over all of
/// China cost no more than a town.
/// </summary>
internal sealed class LatitudeStrips
{
    // Strips no thinner than about 1 cm keep the strip numbers in range for any radius, 0 included.
    private const double MinimumStripDegrees = 1e-7;

    private readonly int[] _stripStart;
    private readonly double[] _stripSouth;
    private readonly double[] _stripNorth;
    private readonly double _south;
    private readonly double _height;

    /// <param name="lon">Longitudes of the points, in degrees.</param>
    /// <param name="lat">Latitudes of the points, in degrees.</param>
    /// <param name="radiusMetres">The radius queries will use; it sets the strips' height.</param>
    public LatitudeStrips(double[] lon, double[] lat, double radiusMetres)
    {
        var n = lon.Length;
        _south = n == 0 ? 0 : lat.Min();
        var north = n == 0 ? 0 : lat.Max();
        var radius = Spatial.GroundDistance.SearchBox(0, (_south + north) / 2, radiusMetres).Height / 2;
        _height = Math.Max(Math.Max(radius / 4, (north - _south) / Math.Max(1, n)), MinimumStripDegrees);
        var strips = n == 0 ? 1 : StripNumber(north) + 1;

        // A counting sort by strip keeps input order within a strip; then each strip by longitude (ties by input order), in parallel.
        _stripStart = new int[strips + 1];
        var strip = new int[n];
        for (var i = 0; i < n; i++)
        {
            strip[i] = StripNumber(lat[i]);
            _stripStart[strip[i] + 1]++;
        }

        for (var s = 0; s < strips; s++)
        {
            _stripStart[s + 1] += _stripStart[s];
        }

        Order = new int[n];
        var next = _stripStart[..^1];
        for (var i = 0; i < n; i++)
        {
            Order[next[strip[i]]++] = i;
        }

        Lon = new double[n];
        Lat = new double[n];
        _stripSouth = new double[strips];
        _stripNorth = new double[strips];
        Parallel.For(0, strips, s =>
        {
            var (start, end) = (_stripStart[s], _stripStart[s + 1]);
            for (var k = start; k < end; k++)
            {
                Lon[k] = lon[Order[k]];
            }

            Array.Sort(Lon, Order, start, end - start);
            for (var k = start + 1; k < end; k++)
            {
                if (Lon[k] == Lon[k - 1])
                {
                    var run = k - 1;
                    while (k < end && Lon[k] == Lon[run])
                    {
                        k++;
                    }

                    Array.Sort(Order, run, k - run);
                }
            }

            (_stripSouth[s], _stripNorth[s]) = (double.PositiveInfinity, double.NegativeInfinity);
            for (var k = start; k < end; k++)
            {
                Lat[k] = lat[Order[k]];
                _stripSouth[s] = Math.Min(_stripSouth[s], Lat[k]);
                _stripNorth[s] = Math.Max(_stripNorth[s], Lat[k]);
            }
        });
    }

    /// <summary>The input index of each point, in the index's order (strip, then longitude, then input index).</summary>
    public int[] Order { get; }

    /// <summary>Longitudes in the index's order.</summary>
    public double[] Lon { get; }

    /// <summary>Latitudes in the index's order.</summary>
    public double[] Lat { get; }

    public int Count => _stripSouth.Length;

    /// <summary>The strip a latitude falls in, clamped to the strips there are.</summary>
    public int StripOf(double lat) => Math.Clamp(StripNumber(lat), 0, Count - 1);

    /// <summary>How far strip <paramref name="s"/>'s points lie from latitude <paramref name="lat"/>, in degrees (0 when it spans it).</summary>
    public double LatitudeGap(int s, double lat) => Math.Max(0, Math.Max(_stripSouth[s] - lat, lat - _stripNorth[s]));

    /// <summary>The run of strip <paramref name="s"/> whose longitudes lie in [west, east].</summary>
    public (int Start, int End) Run(int s, double west, double east)
    {
        var strip = Lon.AsSpan(_stripStart[s], _stripStart[s + 1] - _stripStart[s]);
        return (_stripStart[s] + Bisection.First<double>(strip, west, above: false), _stripStart[s] + Bisection.First<double>(strip, east, above: true));
    }

    private int StripNumber(double lat) => (int)Math.Floor((lat - _south) / _height);
}
