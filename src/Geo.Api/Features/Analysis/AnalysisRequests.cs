using Microsoft.AspNetCore.Mvc;
using Geo.Analysis.Coverage;

namespace Geo.Api.Features.Analysis;

/// <summary>GET /api/analysis/coverage: the district and how to measure its coverage.</summary>
public sealed record CoverageQuery
{
    /// <summary>6-digit adcode of a district (区/县).</summary>
    [FromQuery(Name = "district")] public string? District { get; init; }

    /// <summary>Walking catchment in metres (on the network or in a straight line, as distance says); default 300 (1,000 with method=bands).</summary>
    [FromQuery(Name = "radius_m")] public double? RadiusM { get; init; }

    /// <summary>network (metres on the district's walking network; the default where it has one) or ground (straight line; the default otherwise).</summary>
    [FromQuery(Name = "distance")] public string? Distance { get; init; }

    /// <summary>Walking speed in m/s that the result's minutes are reckoned at; default the deployment's (1.2).</summary>
    [FromQuery(Name = WalkingSpeeds.Field)] public double? WalkingSpeed { get; init; }

    /// <summary>step (default), gaussian or bands (1.00 to 300 m, 0.68 to 500 m, 0.22 to 1,000 m).</summary>
    [FromQuery(Name = "method")] public string? Method { get; init; }

    /// <summary>Which institutions count, comma-separated: operating (always), filed, puhui.</summary>
    [FromQuery(Name = "supply")] public string? Supply { get; init; }

    /// <summary>boundary (default: the area's outline, else its point) or point (lighter).</summary>
    [FromQuery(Name = "geometry")] public string? Geometry { get; init; }

    public CoverageSettings Validate()
    {
        var errors = new ValidationErrors();
        var settings = CoverageSettings.Parse(District, RadiusM, Method, Supply, Geometry, errors, Distance, WalkingSpeed);
        errors.ThrowIfAny();
        return settings!;
    }
}

/// <summary>The parameters of a coverage run, checked and with defaults filled in.</summary>
/// <param name="Distance">The measure asked for; null for the district's default (network where it has one).</param>
/// <param name="WalkingSpeed">The walking speed asked for (m/s); null for the deployment's.</param>
/// <param name="AlsoFiledOnly">Count filed institutions only as well, beside the figures asked for (staff who read every institution).</param>
public sealed record CoverageSettings(string District, double RadiusM, string Method, DistanceDecay Decay,
    IReadOnlyList<string> Supply, bool Boundaries, DistanceMeasure? Distance = null, bool AlsoFiledOnly = false, double? WalkingSpeed = null)
{
    public const double DefaultRadiusM = WalkingRadius.DefaultMetres;
    public const double MaxRadiusM = WalkingRadius.MaxMetres;
    public const double BandsEndM = 1_000;

    public static readonly string[] Methods = ["step", "gaussian", "bands"];
    public static readonly string[] SupplyWords = ["operating", "filed", "puhui"];

    /// <summary>
    /// The public's figures count filed institutions only, as its lists and nearby search do (an unfiled one has
    /// not been checked against the standards); those who read every institution count what they ask for, with
    /// the public's filed-only figures beside them, so a planner sees both. The supply counted is named, in
    /// Chinese too, in the answer's parameters either way.
    /// </summary>
    public CoverageSettings ForCaller(System.Security.Claims.ClaimsPrincipal user) =>
        Supply.Contains("filed") ? this
        : Data.Entities.PublicInstitutions.SeesAll(user) ? this with { AlsoFiledOnly = true }
        : FiledOnly();

    /// <summary>The same run counting filed institutions only: the public's figures.</summary>
    public CoverageSettings FiledOnly() => this with { Supply = [.. Supply, "filed"], AlsoFiledOnly = false };

    /// <summary>The supply counted, in the planners' words.</summary>
    public static string SupplyLabel(IReadOnlyCollection<string> supply) =>
        (supply.Contains("filed") ? "仅已备案的在营机构" : "全部在营机构（含未备案）") + (supply.Contains("puhui") ? "，仅普惠" : "")
        + (supply.Contains("filed") ? "（公众所见口径）" : "（工作人员口径）");

    public SupplyFilter Filter => new(OperatingOnly: true, FiledOnly: Supply.Contains("filed"), AffordableOnly: Supply.Contains("puhui"));

    public CoverageOptions Options(DistrictRules rules) => new()
    {
        Catchment = new CatchmentRadius(RadiusM),
        Decay = Decay,
        Standard = rules.Standard,
        Supply = Filter,
        DefaultChildrenUnder3Share = rules.ShareUnder3.Value,
    };

    /// <summary>Checks the shared fields of the GET query and the what-if body; null when any is wrong.</summary>
    public static CoverageSettings? Parse(string? district, double? radiusM, string? method, string? supply, string? geometry,
        ValidationErrors errors, string? distance = null, double? walkingSpeed = null)
    {
        var code = AnalysisRules.District(district, errors);
        var measure = WalkingDistances.Parse(distance, errors);
        var speed = WalkingSpeeds.Parse(walkingSpeed, errors);
        method ??= "step";
        if (!Methods.Contains(method))
        {
            errors.Add("method", $"must be one of {string.Join(", ", Methods)}");
        }

        var radius = radiusM ?? (method == "bands" ? BandsEndM : DefaultRadiusM);
        if (!double.IsFinite(radius) || radius <= 0 || radius > MaxRadiusM)
        {
            errors.Add("radius_m", $"must be greater than 0 and at most {MaxRadiusM} metres (300, 500 and 1000 are the 5-, 10- and 15-minute walks)");
        }
        else if (method == "bands" && radius > BandsEndM)
        {
            errors.Add("radius_m", $"must be at most {BandsEndM} with method bands: the walking bands end at 1,000 m");
        }

        var words = (supply ?? "operating").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Any(w => !SupplyWords.Contains(w)))
        {
            errors.Add("supply", $"must be one or more of {string.Join(", ", SupplyWords)}, comma-separated");
        }

        if (geometry is not (null or "boundary" or "point"))
        {
            errors.Add("geometry", "must be boundary or point");
        }

        if (errors.Any)
        {
            return null;
        }

        var decay = method switch
        {
            "gaussian" => DistanceDecay.Gaussian,
            "bands" => DistanceDecay.WalkingBands,
            _ => DistanceDecay.Step,
        };
        var chosen = SupplyWords.Where(w => w == "operating" || words.Contains(w)).ToList();
        return new CoverageSettings(code!, radius, method, decay, chosen, geometry != "point", measure, WalkingSpeed: speed);
    }
}

/// <summary>GET /api/analysis/targets.</summary>
public sealed record TargetsQuery
{
    [FromQuery(Name = "district")] public string? District { get; init; }

    /// <summary>network or ground, as for coverage.</summary>
    [FromQuery(Name = "distance")] public string? Distance { get; init; }

    /// <summary>Walking speed in m/s, as for coverage.</summary>
    [FromQuery(Name = WalkingSpeeds.Field)] public double? WalkingSpeed { get; init; }

    /// <summary>The date dated targets are judged at (overdue or not); default today in China (UTC+8).</summary>
    [FromQuery(Name = "as_of")] public DateOnly? AsOf { get; init; }
}

/// <summary>GET /api/analysis/nursing-rooms.</summary>
public sealed record NursingRoomQuery
{
    public const double MaxNearbyM = 500;

    [FromQuery(Name = "district")] public string? District { get; init; }

    /// <summary>A room this close (ground metres) to a place serves it; default 50.</summary>
    [FromQuery(Name = "nearby_m")] public double? NearbyM { get; init; }

    /// <summary>Minimum usable area of a room; default 10 m² (some provinces allow 6 in smaller venues).</summary>
    [FromQuery(Name = "min_area_m2")] public double? MinAreaM2 { get; init; }
}

/// <summary>Field rules the analysis requests share.</summary>
public static class AnalysisRules
{
    public static string? District(string? code, ValidationErrors errors)
    {
        if (code is { Length: 6 } && code.All(char.IsAsciiDigit))
        {
            return code;
        }

        errors.Add("district", code is null ? "is required: the 6-digit adcode of a district, e.g. 350102"
            : "must be the 6-digit adcode of a district (区/县), e.g. 350102");
        return null;
    }

    /// <summary>A WGS-84 point inside China, named by its fields (e.g. "add[0].lon").</summary>
    public static bool LonLat(double? lon, double? lat, string prefix, ValidationErrors errors)
    {
        if (lon is null || lat is null)
        {
            errors.Add($"{prefix}{(lon is null ? "lon" : "lat")}", "is required (WGS-84 degrees)");
            return false;
        }

        return errors.InsideChina(lon.Value, lat.Value, $"{prefix}lon");
    }
}

/// <summary>
/// The walking service radius every analysis measures by: GB 50180-2018's 5-minute life circle by default,
/// and at most a 5 km reach, beyond which a walk is no longer the measure.
/// </summary>
public static class WalkingRadius
{
    public const double DefaultMetres = 300;
    public const double MaxMetres = 5_000;
}
