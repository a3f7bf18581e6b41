using System.Globalization;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using Bd09Formula = Geo.Analysis.Coordinates.Bd09;
using Gcj02Formula = Geo.Analysis.Coordinates.Gcj02;
using SpatialWgs84 = Geo.Analysis.Spatial.Wgs84;
using WebMercatorFormula = Geo.Analysis.Coordinates.WebMercator;

namespace Geo.Analysis.Coordinates;

/// <summary>
/// A coordinate system data may arrive in or be exported to, with its transforms to and from WGS-84
/// longitude/latitude, the system TuoyuGeo stores.
/// </summary>
/// <remarks>
/// Instances are unique per system (compare with <c>==</c>); obtain them from <see cref="Parse"/>,
/// <see cref="FromEpsg"/>, <see cref="FromWkt"/> or the static properties. CGCS2000 is taken equal to WGS-84
/// (they differ by a few centimetres), so EPSG:4490 is an identity and the Gauss-Krüger zones project
/// WGS-84 positions directly.
/// </remarks>
public sealed class Crs
{
    /// <summary>EPSG codes of the zone-prefixed family (zones 25–45) and of the central-meridian family (75°E–135°E).</summary>
    public const int FirstZonePrefixedEpsg = 4513;

    public const int LastZonePrefixedEpsg = 4533;

    public const int FirstCentralMeridianEpsg = 4534;

    public const int LastCentralMeridianEpsg = 4554;

    public const int FirstZone = 25;

    public const int LastZone = 45;

    // Rough extent of data in China, used only by the axis-order guess.
    private const double NorthingCeiling = 6_300_000;
    private const double EastingHalfWidth = 350_000;

    private static readonly Dictionary<int, Crs> ByEpsg = [];
    private static readonly GeometryFactory UnreferencedFactory =
        NtsGeometryServices.Instance.CreateGeometryFactory(SpatialWgs84.Factory.PrecisionModel, 0);

    private readonly GaussKrugerProjection? _projection;
    private readonly GeometryFactory _factory;

    static Crs()
    {
        Wgs84 = Register(new Crs(CrsKind.Geographic, 4326, "EPSG:4326", "WGS-84 经纬度", "WGS 84 longitude/latitude"));
        Cgcs2000 = Register(new Crs(CrsKind.Geographic, 4490, "EPSG:4490", "CGCS2000 经纬度（2000国家大地坐标系）", "CGCS2000 longitude/latitude"));
        WebMercator = Register(new Crs(CrsKind.WebMercator, 3857, "EPSG:3857", "Web 墨卡托投影", "Web Mercator (Pseudo-Mercator)"));
        Gcj02 = new Crs(CrsKind.Gcj02, null, "GCJ-02", "GCJ-02 火星坐标（高德、腾讯）", "GCJ-02 (Amap, Tencent)");
        Bd09 = new Crs(CrsKind.Bd09, null, "BD-09", "BD-09 百度坐标", "BD-09 (Baidu)");

        for (var zone = FirstZone; zone <= LastZone; zone++)
        {
            var centralMeridian = zone * 3;
            var prefixed = FirstZonePrefixedEpsg + zone - FirstZone;
            Register(new Crs(
                prefixed,
                zone,
                zone * 1_000_000.0 + 500_000,
                $"CGCS2000 3度带高斯-克吕格投影 第{zone}带",
                $"CGCS2000 3-degree Gauss-Krüger zone {zone}"));
            Register(new Crs(
                FirstCentralMeridianEpsg + zone - FirstZone,
                zone,
                500_000,
                $"CGCS2000 3度带高斯-克吕格投影 中央经线{centralMeridian}°E",
                $"CGCS2000 3-degree Gauss-Krüger CM {centralMeridian}°E"));
        }

        All = [.. ByEpsg.Values.OrderBy(c => c.Epsg), Gcj02, Bd09];
    }

    private Crs(CrsKind kind, int? epsg, string code, string nameZh, string nameEn)
    {
        Kind = kind;
        Epsg = epsg;
        Code = code;
        NameZh = nameZh;
        NameEn = nameEn;
        _factory = epsg switch
        {
            SpatialWgs84.Srid => SpatialWgs84.Factory,
            int srid => NtsGeometryServices.Instance.CreateGeometryFactory(SpatialWgs84.Factory.PrecisionModel, srid),
            null => UnreferencedFactory,
        };
    }

    private Crs(int epsg, int zone, double falseEasting, string nameZh, string nameEn)
        : this(CrsKind.GaussKruger, epsg, $"EPSG:{epsg}", nameZh, nameEn)
    {
        Zone = zone;
        _projection = new GaussKrugerProjection(zone * 3, falseEasting);
    }

    /// <summary>EPSG:4326, the system TuoyuGeo stores.</summary>
    public static Crs Wgs84 { get; }

    /// <summary>EPSG:4490, CGCS2000 geographic; equal to WGS-84 here.</summary>
    public static Crs Cgcs2000 { get; }

    /// <summary>EPSG:3857.</summary>
    public static Crs WebMercator { get; }

    /// <summary>GCJ-02 (no EPSG code; geometries in it carry SRID 0).</summary>
    public static Crs Gcj02 { get; }

    /// <summary>BD-09 (no EPSG code; geometries in it carry SRID 0).</summary>
    public static Crs Bd09 { get; }

    /// <summary>Every supported system, EPSG codes in ascending order, then GCJ-02 and BD-09.</summary>
    public static IReadOnlyList<Crs> All { get; }

    public CrsKind Kind { get; }

    /// <summary>The EPSG code, or null for GCJ-02 and BD-09.</summary>
    public int? Epsg { get; }

    /// <summary>The canonical identifier: "EPSG:4527", "GCJ-02", "BD-09".</summary>
    public string Code { get; }

    /// <summary>Display name for users (Chinese).</summary>
    public string NameZh { get; }

    /// <summary>Display name (English).</summary>
    public string NameEn { get; }

    /// <summary>The SRID geometries in this system carry: the EPSG code, or 0 for GCJ-02 and BD-09.</summary>
    public int Srid => Epsg ?? 0;

    public bool IsProjected => Kind is CrsKind.WebMercator or CrsKind.GaussKruger;

    /// <summary>The 3-degree zone number (central meridian / 3) of a Gauss-Krüger system, else null.</summary>
    public int? Zone { get; }

    /// <summary>The Gauss-Krüger projection of this system, else null.</summary>
    public GaussKrugerProjection? Projection => _projection;

    /// <summary>Whether a .prj WKT exists for this system (not for GCJ-02 or BD-09).</summary>
    public bool HasPrjWkt => Epsg is not null;

    /// <summary>The zone-prefixed Gauss-Krüger system (EPSG:4513–4533) of a zone 25–45.</summary>
    public static Crs GaussKrugerZone(int zone) =>
        zone is >= FirstZone and <= LastZone
            ? ByEpsg[FirstZonePrefixedEpsg + zone - FirstZone]
            : throw new ArgumentOutOfRangeException(nameof(zone), zone, $"CGCS2000 3-degree zones run from {FirstZone} to {LastZone}.");

    /// <summary>The Gauss-Krüger system without zone prefix (EPSG:4534–4554) of a central meridian 75–135°E.</summary>
    public static Crs GaussKrugerCentralMeridian(int centralMeridian) =>
        centralMeridian is >= FirstZone * 3 and <= LastZone * 3 && centralMeridian % 3 == 0
            ? ByEpsg[FirstCentralMeridianEpsg + centralMeridian / 3 - FirstZone]
            : throw new ArgumentOutOfRangeException(nameof(centralMeridian), centralMeridian, "CGCS2000 3-degree central meridians are multiples of 3 from 75 to 135.");

    /// <summary>The system of a supported EPSG code.</summary>
    /// <exception cref="UnknownCrsException">The code is not supported.</exception>
    public static Crs FromEpsg(int epsg) =>
        ByEpsg.TryGetValue(epsg, out var crs) ? crs : throw UnknownCrsException.ForIdentifier($"EPSG:{epsg}");

    /// <summary>
    /// Parses an identifier as people write it, case-insensitive and ignoring surrounding blanks:
    /// "EPSG:4527", "epsg: 4527", "4527", "urn:ogc:def:crs:EPSG::4527", "http://www.opengis.net/def/crs/EPSG/0/4527",
    /// "CRS84", "WGS84", "CGCS2000", "GCJ02", "GCJ-02", "BD09", "BD-09".
    /// </summary>
    /// <exception cref="UnknownCrsException">The identifier is empty or names an unsupported system.</exception>
    public static Crs Parse(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return TryParse(identifier, out var crs) ? crs : throw UnknownCrsException.ForIdentifier(identifier);
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? identifier, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Crs? crs)
    {
        crs = null;
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return false;
        }

        var text = identifier.Trim().ToUpperInvariant();
        foreach (var prefix in (string[])["HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/", "HTTPS://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/", "URN:OGC:DEF:CRS:EPSG:"])
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                // The URN may carry a version between the two colons: urn:ogc:def:crs:EPSG:9.9:4527.
                text = text[prefix.Length..];
                var colon = text.LastIndexOf(':');
                text = "EPSG:" + text[(colon + 1)..];
                break;
            }
        }

        if (text.StartsWith("EPSG", StringComparison.Ordinal))
        {
            text = text[4..].TrimStart();
            if (!text.StartsWith(':'))
            {
                return false;
            }

            text = text[1..].TrimStart();
        }

        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                && ByEpsg.TryGetValue(code, out crs);
        }

        crs = string.Concat(text.Where(char.IsAsciiLetterOrDigit)) switch
        {
            "GCJ02" => Gcj02,
            "BD09" => Bd09,
            "WGS84" or "CRS84" or "OGCCRS84" or "URNOGCDEFCRSOGC13CRS84" => Wgs84,
            "CGCS2000" => Cgcs2000,
            _ => null,
        };
        return crs is not null;
    }

    /// <summary>
    /// Recognises the system of a .prj file or other WKT text (ESRI WKT, OGC WKT 1 and WKT 2): WGS 84, CGCS2000
    /// geographic, Web Mercator and the CGCS2000 3-degree Gauss-Krüger systems. A top-level EPSG authority
    /// (AUTHORITY["EPSG",…] or ID["EPSG",…]) decides when present; otherwise the datum, projection method and
    /// parameters (central meridian and false easting), or failing those the ESRI/EPSG name
    /// ("CGCS2000_3_Degree_GK_Zone_39", "CGCS2000_3_Degree_GK_CM_117E").
    /// </summary>
    /// <returns>The system, or null when the WKT describes one TuoyuGeo does not support (another datum such
    /// as Xian 1980, another projection, a unit other than the metre).</returns>
    /// <exception cref="FormatException">The text is not well-formed WKT.</exception>
    public static Crs? FromWkt(string wkt) => CrsWkt.Recognise(wkt);

    /// <summary>The ESRI-style WKT 1 to write as the .prj of an export in this system (as ArcGIS and PROJ write it).</summary>
    /// <exception cref="NotSupportedException">GCJ-02 and BD-09, which have no WKT definition: export in WGS-84 instead.</exception>
    public string ToPrjWkt() => CrsWkt.Write(this);

    /// <summary>Transforms one coordinate of this system to WGS-84 longitude/latitude.</summary>
    public (double Longitude, double Latitude) ToWgs84(double x, double y, AxisOrder order = AxisOrder.EastingFirst)
    {
        var (east, north) = order == AxisOrder.NorthingFirst ? (y, x) : (x, y);
        return Kind switch
        {
            CrsKind.Geographic => (east, north),
            CrsKind.WebMercator => WebMercatorFormula.Inverse(east, north),
            CrsKind.GaussKruger => _projection!.Inverse(east, north),
            CrsKind.Gcj02 => Gcj02Formula.ToWgs84(east, north),
            CrsKind.Bd09 => Bd09Formula.ToWgs84(east, north),
            _ => throw new InvalidOperationException($"No transform for {Kind}."),
        };
    }

    /// <summary>Transforms one WGS-84 longitude/latitude into this system, in the requested axis order.</summary>
    public (double X, double Y) FromWgs84(double longitude, double latitude, AxisOrder order = AxisOrder.EastingFirst)
    {
        var (east, north) = Kind switch
        {
            CrsKind.Geographic => (longitude, latitude),
            CrsKind.WebMercator => WebMercatorFormula.Forward(longitude, latitude),
            CrsKind.GaussKruger => _projection!.Forward(longitude, latitude),
            CrsKind.Gcj02 => Gcj02Formula.FromWgs84(longitude, latitude),
            CrsKind.Bd09 => Bd09Formula.FromWgs84(longitude, latitude),
            _ => throw new InvalidOperationException($"No transform for {Kind}."),
        };
        return order == AxisOrder.NorthingFirst ? (north, east) : (east, north);
    }

    /// <summary>
    /// A new geometry in WGS-84 (SRID 4326, built by <see cref="SpatialWgs84.Factory"/>) from one in this system;
    /// structure (holes, parts, Z and M values) is kept, only x and y change.
    /// </summary>
    public Geometry ToWgs84(Geometry geometry, AxisOrder order = AxisOrder.EastingFirst)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return TransformCopy(geometry, SpatialWgs84.Factory, (x, y) => ToWgs84(x, y, order));
    }

    /// <summary>
    /// A new geometry in this system from one in WGS-84 longitude/latitude; its SRID is <see cref="Srid"/>.
    /// </summary>
    public Geometry FromWgs84(Geometry geometry, AxisOrder order = AxisOrder.EastingFirst)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return TransformCopy(geometry, _factory, (lon, lat) => FromWgs84(lon, lat, order));
    }

    /// <summary>
    /// Guesses the axis order of coordinates in this system from their magnitudes, assuming they lie in or
    /// near China. A value is a plausible easting when it is a longitude 72°–138°E (geographic, GCJ-02,
    /// BD-09), a Web Mercator x of those longitudes, or within 350 km of the zone's false easting
    /// (Gauss-Krüger: with the zone prefix the leading digits are the zone number, without it 150,000–850,000);
    /// a plausible northing is a latitude 0.8°–56°N, its Web Mercator y, or 0–6,300,000 m. A coordinate that
    /// fits one order only votes for it; the guess is the order every voting coordinate agrees on.
    /// </summary>
    /// <returns>The order, or null when no coordinate decides, they disagree, or one fits neither order
    /// (then the data are probably not in this system at all).</returns>
    public AxisOrder? GuessAxisOrder(IEnumerable<Coordinate> coordinates)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        bool eastingFirst = false, northingFirst = false;
        foreach (var c in coordinates)
        {
            var asEastingFirst = IsPlausibleEasting(c.X) && IsPlausibleNorthing(c.Y);
            var asNorthingFirst = IsPlausibleNorthing(c.X) && IsPlausibleEasting(c.Y);
            if (!asEastingFirst && !asNorthingFirst)
            {
                return null;
            }

            eastingFirst |= asEastingFirst && !asNorthingFirst;
            northingFirst |= asNorthingFirst && !asEastingFirst;
        }

        return (eastingFirst, northingFirst) switch
        {
            (true, false) => AxisOrder.EastingFirst,
            (false, true) => AxisOrder.NorthingFirst,
            _ => null,
        };
    }

    /// <summary><see cref="GuessAxisOrder(IEnumerable{Coordinate})"/> over a geometry's coordinates.</summary>
    public AxisOrder? GuessAxisOrder(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return GuessAxisOrder(geometry.Coordinates);
    }

    public override string ToString() => Code;

    private bool IsPlausibleEasting(double value)
    {
        var (west, east, _, _) = Gcj02Formula.ChinaRectangle;
        return Kind switch
        {
            CrsKind.WebMercator => value >= WebMercatorFormula.Forward(west, 0).X && value <= WebMercatorFormula.Forward(east, 0).X,
            CrsKind.GaussKruger => Math.Abs(value - _projection!.FalseEasting) <= EastingHalfWidth,
            _ => value >= west && value <= east,
        };
    }

    private bool IsPlausibleNorthing(double value)
    {
        var (_, _, south, north) = Gcj02Formula.ChinaRectangle;
        return Kind switch
        {
            CrsKind.WebMercator => value >= 0 && value <= WebMercatorFormula.Forward(0, north).Y,
            CrsKind.GaussKruger => value >= 0 && value <= NorthingCeiling,
            _ => value >= south && value <= north,
        };
    }

    private static Crs Register(Crs crs)
    {
        ByEpsg.Add(crs.Epsg!.Value, crs);
        return crs;
    }

    private static Geometry TransformCopy(Geometry geometry, GeometryFactory factory, Func<double, double, (double X, double Y)> transform)
    {
        // CreateGeometry deep-copies through the target factory, so the result carries its SRID.
        var copy = factory.CreateGeometry(geometry);
        copy.Apply(new XyFilter(transform));
        return copy;
    }

    private sealed class XyFilter(Func<double, double, (double X, double Y)> transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
