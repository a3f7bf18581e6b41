using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Districts;

public record DistrictInput
{
    [Required] public string? Code { get; init; }
    [Required] public string? Name { get; init; }
    [Required] public DistrictLevel? Level { get; init; }
    public string? ParentCode { get; init; }
    public bool BoundaryIsSynthetic { get; init; }
    public int? Population { get; init; }
    public double? ShareUnder3 { get; init; }
    public double? SlotsPerThousandNew { get; init; }
    public double? SlotsPerThousandOld { get; init; }
    public int? MinInstitutionsPerSubdistrict { get; init; }
}

public sealed record DistrictProperties : DistrictInput
{
    [Required] public double? AreaM2 { get; init; }
    [Required] public string? PopulationSource { get; init; }
    [Required] public string? ShareUnder3Source { get; init; }
    [Required] public int? OfficialPopulation { get; init; }
    [Required] public DateOnly? OfficialPopulationAsOf { get; init; }
    [Required] public string? OfficialPopulationSource { get; init; }
    [Required] public bool ResidentialAreasComplete { get; init; }
    [Required] public List<TargetProperties> Targets { get; init; } = [];
    public required string DataSource { get; init; }
    public required string SourceCrs { get; init; }
    [Required] public uint Version { get; init; }
}

public sealed record TargetProperties(TargetKind Kind, double Value, DateOnly DueDate, string Source);

/// <summary>The population a district's totals stand on: an official figure (all three fields, or none: the census).</summary>
public sealed record PopulationBasisInput(int? OfficialPopulation, DateOnly? AsOf, string? Source, bool ResidentialAreasComplete);

public sealed record DistrictFilter
{
    [FromQuery(Name = "level")] public string? Level { get; init; }
    [FromQuery(Name = "parent")] public string? Parent { get; init; }
    [FromQuery(Name = "q")] public string? Q { get; init; }
    [FromQuery(Name = "bbox")] public string? Bbox { get; init; }
}

/// <summary>The administrative units, keyed by adcode: province → city → district → 街道/镇 → 社区.</summary>
public static class DistrictEndpoints
{
    public static void MapDistrictEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/districts").WithTags("Districts 行政区划").ProducesClientProblems();
        group.MapGet("/", ListAsync).WithSummary("Administrative units as a GeoJSON FeatureCollection");
        group.MapGet("/{code}", GetAsync).WithSummary("One administrative unit with its targets");
        group.MapPut("/{code}/population", SetPopulationBasisAsync).RequireAuthorization(Policies.Planner)
            .WithSummary("The population basis: an official figure with its date and source (none: the census), and whether the residential areas are complete");
        var admin = group.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/", CreateAsync).WithSummary("Create an administrative unit");
        admin.MapPut("/{code}", ReplaceAsync).WithSummary("Replace an administrative unit (its targets stay); If-Match: the version read, else 409 when stale");
        admin.MapDelete("/{code}", DeleteAsync).WithSummary("Delete a unit that has no units below it; If-Match as for PUT");
    }

    private static async Task<Ok<GeoFeatureCollection<DistrictProperties>>> ListAsync(
        [AsParameters] DistrictFilter filter, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var query = db.Districts.AsNoTracking().Include(d => d.Targets).AsQueryable();
        if (errors.Word<DistrictLevel>(filter.Level, "level") is { } level)
        {
            query = query.Where(d => d.Level == level);
        }

        if (filter.Parent is { } parent)
        {
            query = query.Where(d => d.ParentCode == parent);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            query = query.Where(d => d.Name.Contains(filter.Q.Trim()));
        }

        if (filter.Bbox is not null)
        {
            var common = new LayerQuery { Bbox = filter.Bbox };
            common.Validate(errors);
            if (common.BboxPolygon() is { } box)
            {
                query = query.Where(d => d.Boundary != null && d.Boundary.Intersects(box));
            }
        }

        errors.ThrowIfAny();
        var districts = await query.OrderBy(d => d.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(new GeoFeatureCollection<DistrictProperties>(
            districts.Select(ToFeature).ToList(), districts.Count, 1, Math.Max(1, districts.Count)));
    }

    private static async Task<Results<Ok<GeoFeature<DistrictProperties>>, ProblemHttpResult>> GetAsync(
        string code, HttpContext http, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var district = await db.Districts.AsNoTracking().Include(d => d.Targets).FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (district is null)
        {
            return NotFound(code);
        }

        http.Response.Headers.ETag = IfMatch.ETag(district.Version);
        return TypedResults.Ok(ToFeature(district));
    }

    private static async Task<Results<Created<GeoFeature<DistrictProperties>>, ProblemHttpResult>> CreateAsync(
        FeatureInput<DistrictInput> body, HttpContext http, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        var (boundary, input, notes) = await CheckAsync(body, db, cancellationToken);
        await scope.EnsureUnitAsync(input.ParentCode, cancellationToken); // a bound account adds units below its own only
        if (await db.Districts.AnyAsync(d => d.Code == input.Code, cancellationToken))
        {
            return TypedResults.Problem(statusCode: 409, title: "已存在 Already exists", detail: $"District {input.Code} exists; PUT /api/districts/{input.Code} replaces it.");
        }

        var district = new District { Code = input.Code!, Name = input.Name!.Trim() };
        Apply(district, boundary, input);
        db.Districts.Add(district);
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(district).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = IfMatch.ETag(district.Version);
        return TypedResults.Created($"/api/districts/{district.Code}", ToFeature(district) with { Notes = notes.Count > 0 ? notes : null });
    }

    private static async Task<Results<Ok<GeoFeature<DistrictProperties>>, ProblemHttpResult>> ReplaceAsync(
        string code, FeatureInput<DistrictInput> body, HttpContext http, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        var (boundary, input, notes) = await CheckAsync(body, db, cancellationToken);
        if (input.Code != code)
        {
            throw new RequestValidationException("code", $"must equal the code in the path ({code}); codes cannot be changed");
        }

        // Its rules and targets, and where it hangs: only inside the caller's units.
        await scope.EnsureUnitAsync(code, cancellationToken);
        await scope.EnsureUnitAsync(input.ParentCode ?? code, cancellationToken);

        var district = await db.Districts.Include(d => d.Targets).FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (district is null)
        {
            return NotFound(code);
        }

        if (!IfMatch.Allows(http.Request, district.Version))
        {
            return Conflict(code, district.Version);
        }

        Apply(district, boundary, input);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ChangedMeanwhileAsync(db, code, cancellationToken);
        }

        await db.Entry(district).ReloadAsync(cancellationToken);
        http.Response.Headers.ETag = IfMatch.ETag(district.Version);
        return TypedResults.Ok(ToFeature(district) with { Notes = notes.Count > 0 ? notes : null });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string code, HttpContext http, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        await scope.EnsureUnitAsync(code, cancellationToken);
        if (await db.Districts.AnyAsync(d => d.ParentCode == code, cancellationToken))
        {
            return TypedResults.Problem(statusCode: 409, title: "仍有下级 Has units below it", detail: $"District {code} has units below it; delete those first.");
        }

        var district = await db.Districts.FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (district is null)
        {
            return NotFound(code);
        }

        if (!IfMatch.Allows(http.Request, district.Version))
        {
            return Conflict(code, district.Version);
        }

        db.Districts.Remove(district); // tracked, so the audit log keeps it
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ChangedMeanwhileAsync(db, code, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<GeoFeature<DistrictProperties>>, ProblemHttpResult>> SetPopulationBasisAsync(
        string code, PopulationBasisInput body, TuoyuDbContext db, UnitScope scope, CancellationToken cancellationToken)
    {
        await scope.EnsureUnitAsync(code, cancellationToken);
        var errors = new ValidationErrors();
        var official = body.OfficialPopulation is not null;
        errors.Require(body.OfficialPopulation is null or >= 0, "official_population", "必须 ≥ 0 — must be 0 or more");
        errors.Require(!official || body.AsOf is not null, "as_of", "官方人口需注明日期 — the date the official figure refers to is required with it");
        errors.Require(!official || !string.IsNullOrWhiteSpace(body.Source), "source", "官方人口需注明来源 — the publication the figure is taken from is required with it");
        errors.Require(official || (body.AsOf is null && body.Source is null), "official_population", "date and source go with an official figure; leave all three out to use the census");
        errors.ThrowIfAny();
        var district = await db.Districts.Include(d => d.Targets).FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (district is null)
        {
            return NotFound(code);
        }

        district.OfficialPopulation = body.OfficialPopulation;
        district.OfficialPopulationAsOf = body.AsOf;
        district.OfficialPopulationSource = body.Source?.Trim();
        district.ResidentialAreasComplete = body.ResidentialAreasComplete;
        await db.SaveChangesAsync(cancellationToken);
        await db.Entry(district).ReloadAsync(cancellationToken);
        return TypedResults.Ok(ToFeature(district));
    }

    private static async Task<ProblemHttpResult> ChangedMeanwhileAsync(TuoyuDbContext db, string code, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var current = await db.Districts.AsNoTracking().Where(d => d.Code == code).Select(d => d.Version).FirstOrDefaultAsync(cancellationToken);
        return Conflict(code, current);
    }

    private static ProblemHttpResult Conflict(string code, uint currentVersion) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "数据已被他人修改 Changed by someone else",
        detail: $"District {code} is at version {currentVersion}: read it again and apply your change to that version.",
        extensions: new Dictionary<string, object?> { ["current_version"] = currentVersion });

    private static async Task<(MultiPolygon?, DistrictInput, List<string>)> CheckAsync(
        FeatureInput<DistrictInput> body, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var notes = new List<string>();
        errors.Require(body.Type == "Feature", "type", "must be \"Feature\"");
        var boundary = body.Geometry is null ? null : (MultiPolygon?)GeometryRules.Prepare(body.Geometry, GeometryKind.MultiPolygon, errors, notes);
        var input = body.Properties;
        if (input is null)
        {
            errors.Add("properties", "are required");
            errors.ThrowIfAny();
            return default;
        }

        var expectedLength = input.Level switch { DistrictLevel.Subdistrict => 9, DistrictLevel.Community => 12, _ => 6 };
        errors.Require(input.Code is not null && input.Code.Length == expectedLength && input.Code.All(char.IsAsciiDigit), "code",
            $"must be {expectedLength} digits for level {(input.Level is { } l ? Words.Of(l) : "?")}");
        errors.Name(input.Name);
        errors.Present(input.Level, "level");
        errors.Require(input.Population is null or >= 0, "population", "must be 0 or more");
        errors.Range(input.ShareUnder3, "share_under3", 0, 1);
        errors.Range(input.SlotsPerThousandNew, "slots_per_thousand_new", 0, 100);
        errors.Range(input.SlotsPerThousandOld, "slots_per_thousand_old", 0, 100);
        errors.Require(input.MinInstitutionsPerSubdistrict is null or >= 0, "min_institutions_per_subdistrict", "must be 0 or more");
        errors.Require(!(input.Level == DistrictLevel.Province && input.ParentCode is not null), "parent_code", "a province has no parent");
        if (input.Level is not (null or DistrictLevel.Province))
        {
            var parent = input.ParentCode is null ? null : await db.Districts.AsNoTracking().FirstOrDefaultAsync(d => d.Code == input.ParentCode, cancellationToken);
            errors.Require(parent is not null && parent.Level == input.Level - 1, "parent_code",
                $"must be the code of an existing {Words.Of((DistrictLevel)((int)input.Level!.Value - 1))}");
        }

        errors.ThrowIfAny();
        return (boundary, input, notes);
    }

    private static void Apply(District d, MultiPolygon? boundary, DistrictInput input)
    {
        d.Name = input.Name!.Trim();
        d.Level = input.Level!.Value;
        d.ParentCode = input.ParentCode;
        d.Boundary = boundary;
        d.BoundaryIsSynthetic = input.BoundaryIsSynthetic;
        d.Population = input.Population;
        d.ShareUnder3 = input.ShareUnder3;
        d.SlotsPerThousandNew = input.SlotsPerThousandNew;
        d.SlotsPerThousandOld = input.SlotsPerThousandOld;
        d.MinInstitutionsPerSubdistrict = input.MinInstitutionsPerSubdistrict;
    }

    private static GeoFeature<DistrictProperties> ToFeature(District d) => new(d.Code, d.Boundary, new DistrictProperties
    {
        Code = d.Code,
        Name = d.Name,
        Level = d.Level,
        ParentCode = d.ParentCode,
        BoundaryIsSynthetic = d.BoundaryIsSynthetic,
        Population = d.Population,
        ShareUnder3 = d.ShareUnder3,
        SlotsPerThousandNew = d.SlotsPerThousandNew,
        SlotsPerThousandOld = d.SlotsPerThousandOld,
        MinInstitutionsPerSubdistrict = d.MinInstitutionsPerSubdistrict,
        AreaM2 = d.AreaM2,
        PopulationSource = d.PopulationSource,
        ShareUnder3Source = d.ShareUnder3Source,
        OfficialPopulation = d.OfficialPopulation,
        OfficialPopulationAsOf = d.OfficialPopulationAsOf,
        OfficialPopulationSource = d.OfficialPopulationSource,
        ResidentialAreasComplete = d.ResidentialAreasComplete,
        Targets = d.Targets.OrderBy(t => t.DueDate).Select(t => new TargetProperties(t.Kind, t.Value, t.DueDate, t.Source)).ToList(),
        DataSource = d.DataSource,
        SourceCrs = d.SourceCrs,
        Version = d.Version,
    });

    private static ProblemHttpResult NotFound(string code) =>
        Problems.NotFound($"There is no district with code {code}.");
}
