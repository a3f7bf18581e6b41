using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Geo.Analysis.Coordinates;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.Layers;
using Geo.Api.Features.PriorityParcels;

namespace Geo.Api.Features.ImportExport;

/// <summary>The query parameters of GET /api/export/{layer} beside the layer filters (bbox, district, q).</summary>
public sealed record ExportParameters
{
    /// <summary>geojson (default), csv, xlsx, gpkg or shp (a zipped Shapefile).</summary>
    [FromQuery(Name = "format")] public string? Format { get; init; }

    /// <summary>zh (default: Chinese headers and words, for people) or en (the API's field names and words, for machines); CSV and .xlsx only.</summary>
    [FromQuery(Name = "lang")] public string? Lang { get; init; }

    /// <summary>EPSG:4326 (default), EPSG:4490, EPSG:3857, EPSG:4513–4554 or GCJ-02 (over Amap tiles).</summary>
    [FromQuery(Name = "crs")] public string? Crs { get; init; }
}

public static class ImportExportEndpoints
{
    public static IServiceCollection AddImportExport(this IServiceCollection services)
    {
        services.AddOptions<ImportLimits>().BindConfiguration("Import");
        return services.AddSingleton<Districts.DistrictTransfer>().AddSingleton<LayerTransfers>().AddSingleton<ImportEngine>()
            .AddSingleton<ImportJobs>().AddSingleton<Jobs.IJobHandler, ImportJobHandler>();
    }

    public static void MapImportExportEndpoints(this IEndpointRouteBuilder app)
    {
        // Staff only; each layer's own editors are checked in the handler. Files may exceed the API's body
        // limit: the upload enforces the import limit (Import:MaxFileBytes) itself.
        var import = app.MapGroup("/api/import").WithTags("Import 导入").DisableAntiforgery().RequireAuthorization(Policies.Staff).ProducesClientProblems();
        import.MapPost("/{layer}", ImportAsync).Produces(StatusCodes.Status200OK).WithMetadata(new LargeBodyAttribute(long.MaxValue))
            .WithSummary("Import a GeoJSON, CSV, Excel (.xlsx), zipped Shapefile or GeoPackage into a layer (dry run unless mode=commit)");
        import.MapGet("/jobs/{id:guid}", JobStatus).WithSummary("Progress and report of a background import");
        import.MapDelete("/jobs/{id:guid}", CancelJob).WithSummary("Cancel a background import; nothing of it is written");

        var export = app.MapGroup("/api/export").WithTags("Export 导出").RequireAuthorization(Policies.Staff).ProducesClientProblems();
        export.MapGet("/analysis/coverage", ExportCoverageAsync).Produces(StatusCodes.Status200OK)
            .WithSummary("Coverage per residential area as GeoJSON, CSV or GeoPackage in a chosen coordinate system");
        export.MapGet("/analysis/priority-parcels", ExportPriorityParcelsAsync).Produces(StatusCodes.Status200OK).RequireAuthorization(Policies.ParcelReader)
            .WithSummary("Ranked priority parcels as GeoJSON, CSV or GeoPackage in a chosen coordinate system");
        export.MapGet("/{layer}", ExportAsync).Produces(StatusCodes.Status200OK).WithSummary("A layer as GeoJSON, CSV, Excel (.xlsx), GeoPackage or zipped Shapefile in a chosen coordinate system");
    }

    private static async Task<IResult> ImportAsync(string layer, [AsParameters] ImportParameters parameters, HttpRequest request,
        ImportEngine engine, ImportJobs jobs, TuoyuDbContext db, IAuthorizationService authorization, UnitScope scope, CancellationToken cancellationToken)
    {
        if (engine.Layers.Find(layer) is not { } transfer)
        {
            return UnknownLayer(layer, engine.Layers);
        }

        if (!(await authorization.AuthorizeAsync(request.HttpContext.User, transfer.EditPolicy)).Succeeded)
        {
            return TypedResults.Forbid();
        }

        await scope.EnsureBoundAsync(cancellationToken); // an unbound account is refused before its file is read

        // Checked before the body is read, then again with the form's fields (mapping= may come as either).
        var options = parameters.ToOptions();
        PreparedImport prepared;
        (byte[] File, IReadOnlyDictionary<string, string> Fields)? background = null;
        try
        {
            using var upload = await Upload.SaveAsync(request, engine.Limits, cancellationToken);
            options = parameters.ToOptions(upload.Fields);
            var data = ImportEngine.Read(upload.Path, upload.FileName, options, engine.Limits);
            prepared = engine.Prepare(transfer, data, upload.FileName, options);
            if (parameters.Background ?? prepared.Rows.Count > engine.Limits.BackgroundRows)
            {
                // The job keeps the file itself: whichever instance runs it reads it again.
                background = (await File.ReadAllBytesAsync(upload.Path, cancellationToken), upload.Fields);
            }
        }
        catch (ImportTooLargeException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "文件过大 File too large");
        }
        catch (ImportFileException e)
        {
            throw new RequestValidationException("file", e.Message);
        }

        await scope.EnsureInsideAsync(prepared.Rows.Select(r => r.Wgs84).OfType<Geometry>().ToList(), cancellationToken);
        if (background is var (file, fields))
        {
            var id = await jobs.StartAsync(transfer.Route, parameters, fields, file, prepared.Settings.File, cancellationToken);
            var url = $"/api/import/jobs/{id}";
            return TypedResults.Accepted(url, new { JobId = id, StatusUrl = url, Rows = prepared.Rows.Count });
        }

        var report = await engine.RunAsync(db, prepared, options, new ImportProgress(), cancellationToken);
        if (report.Mode == ImportMode.Commit && report.Errors > 0)
        {
            return TypedResults.Problem(
                $"{report.Errors} of {report.Rows} rows have errors, so nothing was written (a commit is all or nothing). " +
                "The report lists every problem by row.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "导入未提交 Import not committed",
                extensions: new Dictionary<string, object?> { ["report"] = report });
        }

        return TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<ImportJobStatus>, ProblemHttpResult>> JobStatus(Guid id, ImportJobs jobs, CancellationToken cancellationToken) =>
        await jobs.StatusAsync(id, cancellationToken) is { } status ? TypedResults.Ok(status) : UnknownJob(id);

    private static async Task<Results<Ok<ImportJobStatus>, ProblemHttpResult>> CancelJob(Guid id, ImportJobs jobs, CancellationToken cancellationToken)
    {
        var taken = await jobs.CancelAsync(id, cancellationToken);
        return Jobs.JobAnswers.Cancelled(taken, await jobs.StatusAsync(id, cancellationToken), () => UnknownJob(id), status => TypedResults.Problem(
            $"导入任务 {id} 已结束（{status.Status}），无法取消。 Import job {id} has already finished ({status.Status}).",
            statusCode: StatusCodes.Status409Conflict, title: "导入已结束 Import already finished"));
    }

    private static ProblemHttpResult UnknownJob(Guid id) =>
        Problems.NotFound($"There is no import job {id} (jobs are kept for an hour after they finish).");

    private static async Task<IResult> ExportAsync(string layer, [AsParameters] ExportParameters parameters, [AsParameters] LayerQuery query,
        LayerTransfers layers, TuoyuDbContext db, HttpContext http, IAuthorizationService authorization, UnitScope scope, CancellationToken cancellationToken)
    {
        if (layers.Find(layer) is not { } transfer)
        {
            return UnknownLayer(layer, layers);
        }

        if (!(await authorization.AuthorizeAsync(http.User, transfer.ExportPolicy)).Succeeded)
        {
            return TypedResults.Forbid();
        }

        var (format, crs, language) = FormatAndCrs(parameters);
        var features = await transfer.ExportAsync(db, query, http.User, await scope.CoveredAsync(cancellationToken), cancellationToken);
        return await FileAsync(layer, features, crs, transfer.Kind, format, language, cancellationToken);
    }

    /// <summary>Features as a GeoJSON, CSV (UTF-8 with BOM), .xlsx, GeoPackage or zipped Shapefile in the chosen coordinate system.</summary>
    private static async Task<IResult> FileAsync(string name, IReadOnlyList<ExportFeature> features, Crs crs, GeometryKind kind,
        string format, SheetLanguage language, CancellationToken cancellationToken)
    {
        var stem = $"{name}-{crs.Code.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant()}";
        switch (format)
        {
            case "csv":
                return TypedResults.File(FeatureWriters.Csv(features, crs, kind, language), "text/csv; charset=utf-8", stem + ".csv");
            case "xlsx":
                return TypedResults.File(FeatureWriters.Xlsx(features, crs, kind, name, language),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stem + ".xlsx");
            case "shp":
                return TypedResults.File(FeatureWriters.ShapefileZip(name.Replace('-', '_'), features, crs), "application/zip", stem + ".shp.zip");
            case "gpkg":
                var path = Path.Combine(Path.GetTempPath(), $"tuoyu-export-{Guid.NewGuid():N}.gpkg");
                try
                {
                    FeatureWriters.GeoPackage(path, name.Replace('-', '_'), features, crs, kind);
                    return TypedResults.File(await File.ReadAllBytesAsync(path, cancellationToken), "application/geopackage+sqlite3", stem + ".gpkg");
                }
                finally
                {
                    File.Delete(path);
                }

            default:
                var stream = new MemoryStream();
                FeatureWriters.WriteGeoJson(stream, features, crs);
                return TypedResults.File(stream.ToArray(), "application/geo+json", stem + ".geojson");
        }
    }

    /// <summary>The coverage of every residential area, with the coverage query's parameters, as a file.</summary>
    private static async Task<IResult> ExportCoverageAsync([AsParameters] ExportParameters parameters,
        [AsParameters] CoverageQuery coverage, CoverageReports reports, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        ClaimsPrincipal user, UnitScope scope, CancellationToken cancellationToken)
    {
        var (format, crs, language) = FormatAndCrs(parameters);
        var settings = coverage.Validate();
        await scope.EnsureUnitAsync(settings.District, cancellationToken); // an export leaves only the caller's units
        // The file counts what the caller's coverage answer counts (a land officer: filed institutions only).
        var report = await reports.CoverageAsync(settings.ForCaller(user) with { AlsoFiledOnly = false }, cancellationToken); // the file holds the areas only
        return report is null
            ? NoDistrict()
            : await FileAsync("coverage", report.Areas.Features.Select(f => Exported(f.Id, f.Geometry, f.Properties, json.Value.SerializerOptions)).ToList(),
                crs, GeometryKind.PointOrMultiPolygon, format, language, cancellationToken);
    }

    /// <summary>The ranked priority parcels, with the ranking's parameters, as a file (parcel readers only).</summary>
    private static async Task<IResult> ExportPriorityParcelsAsync([AsParameters] PriorityParcelQuery priority, [FromQuery(Name = "crs")] string? crsName,
        [FromQuery(Name = "lang")] string? lang, PriorityParcelRanking ranking, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        UnitScope scope, CancellationToken cancellationToken)
    {
        var (format, crs, language) = FormatAndCrs(new ExportParameters { Format = priority.Format, Crs = crsName, Lang = lang });
        var errors = new ValidationErrors();
        PriorityParcelRanking.Validate(priority, errors);
        errors.ThrowIfAny();
        await scope.EnsureUnitAsync(priority.District, cancellationToken);
        var ranked = await ranking.RankAsync(priority, cancellationToken);
        return ranked is null
            ? NoDistrict()
            : await FileAsync("priority-parcels", ranked.Features.Select(f => Exported(f.Id, f.Geometry, f.Properties, json.Value.SerializerOptions)).ToList(),
                crs, GeometryKind.MultiPolygon, format, language, cancellationToken);
    }

    private static ProblemHttpResult NoDistrict() =>
        Problems.NotFound("There is no district or 街道 with that code.");

    private static ExportFeature Exported<T>(object id, Geometry? geometry, T properties, JsonSerializerOptions options) => new(
        Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture),
        geometry ?? throw new InvalidOperationException("an exported feature has no geometry"),
        JsonSerializer.SerializeToNode(properties, options)!.AsObject());

    private static (string Format, Crs Crs, SheetLanguage Language) FormatAndCrs(ExportParameters parameters)
    {
        var errors = new ValidationErrors();
        var format = (parameters.Format ?? "geojson").Trim().ToLowerInvariant();
        errors.Require(format is "geojson" or "csv" or "xlsx" or "gpkg" or "shp", "format", "必须是 geojson、csv、xlsx、gpkg 或 shp; must be geojson, csv, xlsx, gpkg or shp");
        var language = (parameters.Lang ?? "zh").Trim().ToLowerInvariant() switch
        {
            "zh" or "zh-cn" or "cn" => SheetLanguage.Zh,
            "en" => SheetLanguage.En,
            _ => SheetLanguage.Zh,
        };
        errors.Require(parameters.Lang is null || parameters.Lang.Trim().ToLowerInvariant() is "zh" or "zh-cn" or "cn" or "en",
            "lang", "必须是 zh（中文表头和取值）或 en（字段名）; must be zh or en");
        Crs? crs = Crs.Wgs84;
        if (parameters.Crs is not null && !Crs.TryParse(parameters.Crs, out crs))
        {
            errors.Add("crs", $"'{parameters.Crs}' is not supported. {UnknownCrsException.SupportedText}");
        }

        errors.ThrowIfAny();
        return (format, crs!, language);
    }

    private static ProblemHttpResult UnknownLayer(string layer, LayerTransfers layers) =>
        Problems.NotFound($"There is no layer '{layer}' to import or export; layers: {string.Join(", ", layers.Routes)}.");
}
