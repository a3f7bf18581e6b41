namespace Geo.Api.Data;

/// <summary>
/// Ground measures in metres on the WGS-84 spheroid for LINQ queries over geometry(…,4326) columns.
/// Each maps to a SQL function of the DerivedFields migrations that casts to geography; being one-line SQL
/// functions the planner inlines them, so filters and orderings use the GiST index on (location::geography).
/// </summary>
public static class GroundFunctions
{
    /// <summary>ST_DWithin(a::geography, b::geography, metres): index-assisted, boundary inclusive.</summary>
    public static bool WithinMetres(Geometry a, Geometry b, double metres) => throw OnlyInQueries();

    /// <summary>ST_Distance(a::geography, b::geography): metres on the spheroid.</summary>
    public static double DistanceMetres(Geometry a, Geometry b) => throw OnlyInQueries();

    /// <summary>a::geography &lt;-&gt; b::geography: the index-assisted nearest-neighbour ordering (sphere metres).</summary>
    public static double KnnMetres(Geometry a, Geometry b) => throw OnlyInQueries();

    private static InvalidOperationException OnlyInQueries() =>
        new("GroundFunctions are translated to SQL; call them inside LINQ queries only.");
}
