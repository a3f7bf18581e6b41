namespace Geo.Analysis.Spatial;

/// <summary>
/// Positions along a Hilbert curve over a square grid: points near each other on the curve are near each other on
/// the ground, so work visited in curve order touches memory a neighbour has just touched.
/// </summary>
/// <remarks>
/// The curve of order k fills a 2^k × 2^k grid; the key of cell (x, y) is its step along the curve (Hilbert, 1891),
/// computed quadrant by quadrant from the largest, rotating the quadrant so that the curve enters and leaves it
/// where its neighbours join.
/// </remarks>
public static class HilbertCurve
{
    /// <summary>The grid's side is 2^16 cells: at city scale a few decimetres per cell.</summary>
    public const int Bits = 16;

    /// <summary>The step along the curve of cell (<paramref name="x"/>, <paramref name="y"/>), both in [0, 2^<see cref="Bits"/>).</summary>
    public static long Key(int x, int y)
    {
        const int side = 1 << Bits;
        if ((uint)x >= side || (uint)y >= side)
        {
            throw new ArgumentOutOfRangeException(x >= side || x < 0 ? nameof(x) : nameof(y), "A cell lies in [0, 2^16) on both axes.");
        }

        long key = 0;
        for (var half = side >> 1; half > 0; half >>= 1)
        {
            var rx = (x & half) > 0 ? 1 : 0;
            var ry = (y & half) > 0 ? 1 : 0;
            key += (long)half * half * ((3 * rx) ^ ry);

            // Turn the quadrant so that the sub-curve inside it runs the way the whole one does.
            if (ry == 0)
            {
                if (rx == 1)
                {
                    (x, y) = (half - 1 - x, half - 1 - y);
                }

                (x, y) = (y, x);
            }

            // Keep only the position inside the quadrant (the turn above maps it into [0, half) already or leaves the
            // high bit, which the mask removes).
            (x, y) = (x & (half - 1), y & (half - 1));
        }

        return key;
    }

    /// <summary>
    /// The indices of <paramref name="lon"/>/<paramref name="lat"/> (same length) in Hilbert order over their own
    /// bounding box; ties keep index order.
    /// </summary>
    public static int[] Order(IReadOnlyList<double> lon, IReadOnlyList<double> lat)
    {
        ArgumentNullException.ThrowIfNull(lon);
        ArgumentNullException.ThrowIfNull(lat);
        if (lon.Count != lat.Count)
        {
            throw new ArgumentException("One latitude per longitude.", nameof(lat));
        }

        var n = lon.Count;
        double west = double.PositiveInfinity, east = double.NegativeInfinity, south = double.PositiveInfinity, north = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            (west, east) = (Math.Min(west, lon[i]), Math.Max(east, lon[i]));
            (south, north) = (Math.Min(south, lat[i]), Math.Max(north, lat[i]));
        }

        // One scale for both axes, so that the curve's cells are square in degrees.
        var span = Math.Max(Math.Max(east - west, north - south), 1e-12);
        const int last = (1 << Bits) - 1;
        var keys = new long[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            var x = (int)Math.Clamp((lon[i] - west) / span * last, 0, last);
            var y = (int)Math.Clamp((lat[i] - south) / span * last, 0, last);
            (keys[i], order[i]) = (Key(x, y) * n + i, i);
        }

        Array.Sort(keys, order);
        return order;
    }
}
