using System.Globalization;
using Geo.Analysis.Coordinates;

namespace Geo.Api.Features.Ogc;

/// <summary>
/// The coordinate systems of OGC API – Features Part 2 as URIs: CRS84 (WGS-84 longitude first, the default of
/// Part 1), and every EPSG system the import knows (WGS-84, CGCS2000, Web Mercator, the CGCS2000 Gauss-Krüger
/// zones). Part 2 has coordinates in the axis order the EPSG registry gives, so EPSG:4326 and EPSG:4490 are
/// latitude first and the Gauss-Krüger systems northing first; only CRS84 and EPSG:3857 are easting first.
/// </summary>
public sealed record OgcCrs(string Uri, Crs System, AxisOrder Order)
{
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private const string EpsgPrefix = "http://www.opengis.net/def/crs/EPSG/0/";

    public static OgcCrs Crs84 { get; } = new(Crs84Uri, Crs.Wgs84, AxisOrder.EastingFirst);

    /// <summary>CRS84 first, then each EPSG system in code order.</summary>
    public static IReadOnlyList<OgcCrs> All { get; } =
    [
        Crs84,
        .. Crs.All.Where(c => c.Epsg is not null).Select(c => new OgcCrs(
            EpsgPrefix + c.Epsg!.Value.ToString(CultureInfo.InvariantCulture), c,
            c.Kind == CrsKind.WebMercator ? AxisOrder.EastingFirst : AxisOrder.NorthingFirst)),
    ];

    public static IReadOnlyList<string> Uris { get; } = All.Select(c => c.Uri).ToList();

    /// <summary>The system a crs or bbox-crs parameter names (a URI of <see cref="All"/>, or its safe-CURIE form [EPSG:4490]).</summary>
    public static OgcCrs? Find(string? uri)
    {
        if (uri is null)
        {
            return Crs84;
        }

        var text = uri.Trim().Trim('[', ']');
        if (text.Equals("OGC:CRS84", StringComparison.OrdinalIgnoreCase))
        {
            return Crs84;
        }

        if (text.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase))
        {
            text = EpsgPrefix + text[5..];
        }

        return All.FirstOrDefault(c => string.Equals(c.Uri, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.Uri.Replace("http://", "https://", StringComparison.Ordinal), text, StringComparison.OrdinalIgnoreCase));
    }
}
