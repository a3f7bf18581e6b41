using System.Numerics;

namespace Geo.Analysis.Coverage;

/// <summary>Bisection of an ascending run, for the lower and upper bounds the pair searches need.</summary>
internal static class Bisection
{
    /// <summary>The first index of <paramref name="sorted"/> whose value is ≥ <paramref name="value"/> (or &gt; it, when <paramref name="above"/>).</summary>
    public static int First<T>(ReadOnlySpan<T> sorted, T value, bool above)
        where T : IComparisonOperators<T, T, bool>
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (above ? sorted[mid] <= value : sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
