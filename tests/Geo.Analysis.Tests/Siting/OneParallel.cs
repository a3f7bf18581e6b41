using Geo.Analysis.Spatial;

namespace Geo.Analysis.Tests.Siting;

/// <summary>
/// Points along one parallel near 鼓楼, placed by ground metres east of a reference, so that the distances a test
/// works out by hand are the distances the library measures (same latitude, same metres per degree).
/// </summary>
internal static class OneParallel
{
    public const double Lon = 119.30;
    public const double Lat = 26.08;

    /// <summary>The longitude this many metres east of the reference.</summary>
    public static double East(double metres) => Lon + (metres / GroundDistance.MetresPerDegree(Lat).Lon);
}
