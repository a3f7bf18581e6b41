using System.Globalization;
using System.Text.RegularExpressions;
using ProjNet.CoordinateSystems;
using ProjNet.IO.CoordinateSystems;

namespace Geo.Analysis.Coordinates;

/// <summary>Reads and writes the WKT of the systems in <see cref="Crs"/> (see <see cref="Crs.FromWkt"/>).</summary>
internal static partial class CrsWkt
{
    private const string EsriWgs84 =
        "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    private const string EsriCgcs2000 =
        "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    private const double DegreeInRadians = 0.0174532925199433;

    private enum Datum
    {
        Wgs84,
        Cgcs2000,
    }

    public static string Write(Crs crs) => crs.Kind switch
    {
        CrsKind.Geographic when crs.Epsg == 4490 => EsriCgcs2000,
        CrsKind.Geographic => EsriWgs84,
        CrsKind.WebMercator =>
            "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\"," + EsriWgs84 +
            ",PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0]," +
            "PARAMETER[\"Central_Meridian\",0.0],PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0],UNIT[\"Meter\",1.0]]",
        CrsKind.GaussKruger => WriteGaussKruger(crs),
        _ => throw new NotSupportedException(
            $"{crs.Code} has no WKT definition, so no .prj can describe it; export in WGS-84 (EPSG:4326) or CGCS2000 instead."),
    };

    /// <remarks>
    /// WKT 1 (every .prj, GeoPackage definitions) is read by ProjNET's <see cref="CoordinateSystemWktReader"/>.
    /// <see cref="WktNode"/> still checks the text first, because ProjNET 2.0 never returns on truncated WKT, and
    /// reads what ProjNET 2.0 does not: WKT 2 (PROJCRS, GEOGCRS …) and ESRI .prj files without parameters.
    /// </remarks>
    public static Crs? Recognise(string wkt)
    {
        ArgumentNullException.ThrowIfNull(wkt);
        var text = wkt.TrimStart('\uFEFF');
        var root = WktNode.Parse(text);
        var description = root.Keyword is "PROJCS" or "GEOGCS" && ReadWithProjNet(text) is { } system
            ? Describe(system, root)
            : Describe(root);
        return description is null ? null : Recognise(description);
    }

    private static Crs? Recognise(Description description)
    {
        if (description.Epsg is int code)
        {
            return Crs.TryParse(code.ToString(CultureInfo.InvariantCulture), out var byCode) ? byCode : null;
        }

        return description.IsProjected ? RecogniseProjected(description) : RecogniseGeographic(description);
    }

    private static Crs? RecogniseGeographic(Description geographic)
    {
        if (geographic.UnitSize is double radians && Math.Abs(radians - DegreeInRadians) >= 1e-12)
        {
            return null;
        }

        return DatumOf(geographic.Datum) switch
        {
            Datum.Wgs84 => Crs.Wgs84,
            Datum.Cgcs2000 => Crs.Cgcs2000,
            _ => null,
        };
    }

    private static Crs? RecogniseProjected(Description projected)
    {
        if (projected.Datum is null || projected.UnitSize is double metres && metres != 1)
        {
            return null;
        }

        var datum = DatumOf(projected.Datum);
        var method = Normalise(projected.Method);
        var parameters = projected.Parameters;
        double Parameter(string name, double missing) => parameters.TryGetValue(name, out var v) ? v : missing;

        var name = Normalise(projected.Name);
        if (datum == Datum.Wgs84 && IsWebMercator(method, name, projected.Proj4)
            && Parameter("falseeasting", 0) == 0 && Parameter("falsenorthing", 0) == 0 && Parameter("centralmeridian", 0) == 0)
        {
            return Crs.WebMercator;
        }

        if (datum != Datum.Cgcs2000 || method is not ("transversemercator" or "gausskruger"))
        {
            return null;
        }

        if (Parameter("scalefactor", 1) != 1 || Parameter("latitudeoforigin", 0) != 0 || Parameter("falsenorthing", 0) != 0)
        {
            return null;
        }

        // Parameters define the maths; the name is a fallback for .prj files that omit them.
        var named = ThreeDegreeName().Match(name);
        int? nameZone = named.Groups[1].Success ? int.Parse(named.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        int? nameCm = named.Groups[2].Success ? int.Parse(named.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        double? centralMeridian = parameters.TryGetValue("centralmeridian", out var cm) ? cm : nameCm ?? nameZone * 3;
        double? falseEasting = parameters.TryGetValue("falseeasting", out var fe) ? fe
            : nameZone is int zone ? zone * 1_000_000.0 + 500_000
            : nameCm is not null ? 500_000
            : null;
        if (centralMeridian is not double lon || falseEasting is not double easting
            || lon % 3 != 0 || lon < Crs.FirstZone * 3 || lon > Crs.LastZone * 3)
        {
            return null;
        }

        var zoneNumber = (int)(lon / 3);
        return easting switch
        {
            500_000 => Crs.GaussKrugerCentralMeridian(zoneNumber * 3),
            _ when easting == zoneNumber * 1_000_000.0 + 500_000 => Crs.GaussKrugerZone(zoneNumber),
            _ => null,
        };
    }

    private static bool IsWebMercator(string method, string name, string proj4)
    {
        if (method is "mercatorauxiliarysphere" or "popularvisualisationpseudomercator")
        {
            return true;
        }

        // GDAL writes EPSG:3857 as Mercator_1SP on a sphere, flagged by its name or a PROJ4 extension.
        return method is "mercator1sp" or "mercator" or "mercatorvariantasphericalspherical"
            && (name.Contains("pseudomercator", StringComparison.Ordinal) || name.Contains("webmercator", StringComparison.Ordinal)
                || (proj4.Contains("+a=6378137", StringComparison.Ordinal) && proj4.Contains("+b=6378137", StringComparison.Ordinal)));
    }

    /// <summary>The WKT 1 system as ProjNET reads it, or null where ProjNET 2.0 refuses well-formed text.</summary>
    private static CoordinateSystem? ReadWithProjNet(string wkt)
    {
        try
        {
            return CoordinateSystemWktReader.Parse(wkt) as CoordinateSystem;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
        {
            // E.g. an ESRI .prj naming its zone without PARAMETERs: WktNode reads it below.
            return null;
        }
    }

    private static Description? Describe(CoordinateSystem system, WktNode root) => system switch
    {
        ProjectedCoordinateSystem projected => new Description(
            IsProjected: true,
            EpsgOf(projected),
            projected.Name,
            projected.GeographicCoordinateSystem.HorizontalDatum?.Name,
            projected.Projection.ClassName,
            Parameters(Enumerable.Range(0, projected.Projection.NumParameters)
                .Select(i => projected.Projection.GetParameter(i))
                .Select(p => (p.Name, (double?)p.Value))),
            projected.LinearUnit?.MetersPerUnit,
            Proj4: root.Child("EXTENSION")?.Values.ElementAtOrDefault(1) ?? ""),
        GeographicCoordinateSystem geographic => new Description(
            IsProjected: false,
            EpsgOf(geographic),
            geographic.Name,
            geographic.HorizontalDatum?.Name,
            Method: "",
            Parameters([]),
            geographic.AngularUnit?.RadiansPerUnit,
            Proj4: ""),
        _ => null,
    };

    private static int? EpsgOf(CoordinateSystem system) =>
        system.Authority.Equals("EPSG", StringComparison.OrdinalIgnoreCase) && system.AuthorityCode is > 0 and < int.MaxValue
            ? (int)system.AuthorityCode
            : null;

    /// <summary>What ProjNET 2.0 does not read: WKT 2, and WKT 1 it refuses (ESRI names without parameters).</summary>
    private static Description? Describe(WktNode root)
    {
        var epsg = EpsgAuthority(root);
        switch (root.Keyword.ToUpperInvariant())
        {
            case "GEOGCS" or "GEOGCRS" or "GEOGRAPHICCRS" or "GEODCRS" or "GEODETICCRS":
                var angleUnit = root.Child("UNIT", "ANGLEUNIT") ?? root.Child("AXIS")?.Child("ANGLEUNIT", "UNIT");
                return new Description(false, epsg, root.Name, DatumNode(root)?.Name, "", Parameters([]), angleUnit?.Number(1), "");
            case "PROJCS" or "PROJCRS" or "PROJECTEDCRS":
                var baseCrs = root.Child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS", "GEODCRS");
                var conversion = root.Child("CONVERSION") ?? root;
                var lengthUnit = root.Child("UNIT", "LENGTHUNIT") ?? root.Child("AXIS")?.Child("LENGTHUNIT", "UNIT");
                return new Description(
                    true,
                    epsg,
                    root.Name,
                    baseCrs is null ? null : DatumNode(baseCrs)?.Name ?? "",
                    (conversion.Child("PROJECTION", "METHOD") ?? conversion).Name,
                    Parameters(conversion.ChildrenNamed("PARAMETER").Select(p => (p.Name, p.Number(1)))),
                    lengthUnit?.Number(1),
                    root.Child("EXTENSION")?.Values.ElementAtOrDefault(1) ?? "");
            default:
                return epsg is null ? null : new Description(false, epsg, root.Name, null, "", Parameters([]), null, "");
        }
    }

    private static WktNode? DatumNode(WktNode geographic) => geographic.Child("DATUM", "GEODETICDATUM", "TRF", "ENSEMBLE");

    /// <summary>Parameters keyed by one name per meaning, whatever the dialect calls them.</summary>
    private static Dictionary<string, double> Parameters(IEnumerable<(string Name, double? Value)> parameters)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (value is not double number)
            {
                continue;
            }

            var key = Normalise(name) switch
            {
                "centralmeridian" or "longitudeofnaturalorigin" or "longitudeoforigin" or "longitudeofcenter" => "centralmeridian",
                "latitudeoforigin" or "latitudeofnaturalorigin" or "latitudeofcenter" => "latitudeoforigin",
                "scalefactor" or "scalefactoratnaturalorigin" => "scalefactor",
                "falseeasting" => "falseeasting",
                "falsenorthing" => "falsenorthing",
                var other => other,
            };
            result[key] = number;
        }

        return result;
    }

    private static Datum? DatumOf(string? datumName)
    {
        if (datumName is null)
        {
            return null;
        }

        var name = Normalise(datumName);
        if (name.Contains("wgs1984", StringComparison.Ordinal) || name.Contains("wgs84", StringComparison.Ordinal)
            || name.Contains("worldgeodeticsystem1984", StringComparison.Ordinal))
        {
            return Datum.Wgs84;
        }

        return name.Contains("china2000", StringComparison.Ordinal) || name.Contains("cgcs2000", StringComparison.Ordinal)
            || name.Contains("chinageodeticcoordinatesystem2000", StringComparison.Ordinal)
            ? Datum.Cgcs2000
            : null;
    }

    private static int? EpsgAuthority(WktNode root)
    {
        var authority = root.ChildrenNamed("AUTHORITY", "ID").LastOrDefault(a => a.Name.Equals("EPSG", StringComparison.OrdinalIgnoreCase));
        return authority?.Number(1) is double code && code == Math.Floor(code) && code is > 0 and < int.MaxValue ? (int)code : null;
    }

    private static string WriteGaussKruger(Crs crs)
    {
        var projection = crs.Projection!;
        var name = projection.FalseEasting == 500_000
            ? $"CGCS2000_3_Degree_GK_CM_{projection.CentralMeridian.ToString(CultureInfo.InvariantCulture)}E"
            : $"CGCS2000_3_Degree_GK_Zone_{crs.Zone!.Value.ToString(CultureInfo.InvariantCulture)}";
        return $"PROJCS[\"{name}\",{EsriCgcs2000},PROJECTION[\"Gauss_Kruger\"]," +
            $"PARAMETER[\"False_Easting\",{Esri(projection.FalseEasting)}],PARAMETER[\"False_Northing\",0.0]," +
            $"PARAMETER[\"Central_Meridian\",{Esri(projection.CentralMeridian)}],PARAMETER[\"Scale_Factor\",1.0]," +
            "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
    }

    /// <summary>A number as ESRI writes it: shortest round-trip form, integers with ".0".</summary>
    private static string Esri(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>Lower case letters and digits only, so that "False_Easting", "false easting" and "False Easting" compare equal.</summary>
    private static string Normalise(string text) =>
        string.Concat(text.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();

    /// <summary>
    /// What recognition needs of a system, read by ProjNET or by <see cref="WktNode"/>: its EPSG authority, name,
    /// datum name (null when a projected system has no base system), projection method and parameters, unit size
    /// (metres per unit when projected, radians per unit when geographic; null when absent) and PROJ4 extension.
    /// </summary>
    private sealed record Description(
        bool IsProjected,
        int? Epsg,
        string Name,
        string? Datum,
        string Method,
        IReadOnlyDictionary<string, double> Parameters,
        double? UnitSize,
        string Proj4);

    /// <summary>
    /// Normalised ESRI and EPSG names of the 3-degree systems: "cgcs20003degreegkzone39" and
    /// "cgcs20003degreegausskrugercm117e"; 6-degree names ("CGCS2000_GK_Zone_20") do not match.
    /// </summary>
    [GeneratedRegex(@"^cgcs20003degree[a-z]*?(?:zone(\d{2})|cm(\d{2,3})e)$")]
    private static partial Regex ThreeDegreeName();
}
