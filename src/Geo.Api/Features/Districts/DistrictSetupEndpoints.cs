using Microsoft.AspNetCore.Http.HttpResults;
using Geo.Analysis.Coordinates;
using Geo.Analysis.Spatial;

namespace Geo.Api.Features.Districts;

/// <summary>
/// A set-up request: the adcode, and optionally the unit's own boundary (a GeoJSON Polygon or MultiPolygon in
/// <see cref="Crs"/>, WGS-84 when absent) to use instead of the shipped one.
/// </summary>
public sealed record SetupRequest(string? Adcode, bool DryRun = false, Geometry? Boundary = null, string? Crs = null, string? BoundarySource = null);

/// <summary>
/// A unit of the shipped reference data, as the set-up page offers it: its chain in words, census figures, how many
/// 街道 and whether a boundary are shipped, and whether this database already holds it.
/// </summary>
public sealed record ReferenceMatch(string Adcode, string Name, DistrictLevel Level, string Chain, long? Population, double? ShareUnder3,
    int Subdistricts, bool BoundaryShipped, bool DevelopmentZone, bool SetUp);

/// <summary>`POST /api/admin/districts/setup`: <see cref="DistrictSetup"/> over HTTP, for admins; and the reference data it draws on.</summary>
public static class DistrictSetupEndpoints
{
    public static void MapDistrictSetupEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/districts").WithTags("Admin 管理").RequireAuthorization(Policies.Admin).ProducesClientProblems();
        admin.MapPost("/setup", SetupAsync)
            .WithSummary("Set up a district from its adcode: chain, census, 街道, shipped or uploaded boundary; dry_run reports only");
        admin.MapGet("/reference", SearchReferenceAsync)
            .WithSummary("Units of the shipped national reference data whose name contains q, or whose adcode begins with it (at most 20)");
    }

    public const int MaxMatches = 20;

    private static async Task<Ok<IReadOnlyList<ReferenceMatch>>> SearchReferenceAsync(string? q, Reference.NationalReference reference,
        TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var text = q?.Trim() ?? "";
        var errors = new ValidationErrors();
        errors.Require(text.Length is >= 1 and <= 20, "q", "必填，1–20 个字：区划名称的一部分或代码开头 — required: 1–20 characters of a name, or the first digits of an adcode");
        errors.ThrowIfAny();
        var byCode = text.All(char.IsAsciiDigit);
        // Districts before cities and provinces: a planner sets up their own 区/县 far more often than a province.
        var units = reference.Units
            .Where(u => byCode ? u.Adcode.StartsWith(text, StringComparison.Ordinal) : u.Name.Contains(text, StringComparison.Ordinal))
            .OrderBy(u => u.IsDevelopmentZone).ThenByDescending(u => u.Level).ThenBy(u => u.Adcode, StringComparer.Ordinal)
            .Take(MaxMatches)
            .ToList();
        var codes = units.Select(u => u.Adcode).ToList();
        var stored = await db.Districts.AsNoTracking().Where(d => codes.Contains(d.Code)).Select(d => d.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ReferenceMatch>>(units.Select(u => new ReferenceMatch(u.Adcode, u.Name, u.Level,
            string.Join(" › ", reference.Chain(u.Adcode).Select(c => c.Name)), u.Census?.Population,
            u.Census is { } census ? Math.Round(census.ShareUnder3, 6) : null, reference.Subdistricts(u.Adcode).Count,
            reference.Boundary(u.Adcode) is not null, u.IsDevelopmentZone, stored.Contains(u.Adcode))).ToList());
    }

    private static async Task<Ok<SetupReport>> SetupAsync(SetupRequest body, DistrictSetup setup, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Require(body.Adcode is { Length: 6 } a && a.All(char.IsAsciiDigit), "adcode", "必须是6位行政区划代码 — must be the 6-digit adcode, e.g. 371002");
        var upload = await UploadAsync(db, body.Boundary, body.Crs, body.BoundarySource ?? "上传文件", errors, cancellationToken);
        errors.ThrowIfAny();
        try
        {
            return TypedResults.Ok(await setup.RunAsync(db, body.Adcode!, body.DryRun, upload, cancellationToken));
        }
        catch (SetupException e)
        {
            throw new RequestValidationException(e.Field, e.Message);
        }
    }

    /// <summary>An uploaded boundary converted to WGS-84 from its CRS and repaired; null when none was sent.</summary>
    public static async Task<UploadedBoundary?> UploadAsync(TuoyuDbContext db, Geometry? boundary, string? crsCode, string source,
        ValidationErrors errors, CancellationToken cancellationToken)
    {
        var crs = Crs.Wgs84;
        if (crsCode is not null && !Crs.TryParse(crsCode, out crs))
        {
            errors.Add("crs", $"未知坐标系 {crsCode} — unknown; give EPSG:4326, GCJ-02, BD-09, CGCS2000 or a Gauss-Krüger EPSG code (4513–4554)");
            return null;
        }

        if (boundary is null)
        {
            return null;
        }

        var converted = crs.ToWgs84(boundary);
        var multi = converted switch
        {
            MultiPolygon m => m,
            Polygon p => Wgs84.Factory.CreateMultiPolygon([p]),
            _ => null,
        };
        if (multi is null)
        {
            errors.Add("boundary", $"must be a Polygon or MultiPolygon, not a {boundary.GeometryType}");
            return null;
        }

        multi = Wgs84.Factory.CreateMultiPolygon(multi.Geometries.Cast<Polygon>().ToArray());
        if (!multi.Coordinates.All(c => GeometryRules.ChinaExtent.Contains(c)))
        {
            errors.Add("boundary", $"lies outside China when read as {crs.Code}: give the crs it is in");
            return null;
        }

        return new UploadedBoundary(await DistrictSetup.MakeValidAsync(db, multi, cancellationToken), crs.Code, source);
    }
}
