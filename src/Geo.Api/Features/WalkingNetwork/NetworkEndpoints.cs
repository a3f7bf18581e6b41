using Geo.Analysis.Network;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.ImportExport;
using Geo.Api.Features.Layers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Geo.Api.Features.WalkingNetwork;

/// <summary>The query parameters of POST /api/districts/{code}/network.</summary>
public sealed record NetworkImportParameters
{
    /// <summary>dry_run (default: report only) or commit (replaces the district's network, all or nothing).</summary>
    [FromQuery(Name = "mode")] public string? Mode { get; init; }

    /// <summary>For line files: EPSG:4326, EPSG:4490, EPSG:3857, EPSG:4513–4554, GCJ-02, BD-09; default from the file. OSM is always WGS-84.</summary>
    [FromQuery(Name = "crs")] public string? Crs { get; init; }

    /// <summary>easting_first or northing_first; default guessed from the coordinates.</summary>
    [FromQuery(Name = "axis_order")] public string? AxisOrder { get; init; }
}

/// <summary>What an import found (dry run) or stored (commit). Ways excluded are counted by reason (foot_no, access_private, no_sidewalk, …).</summary>
public sealed record NetworkImportReport(
    string District, string Mode, bool Committed, string File, string Format, string SourceCrs,
    int WaysRead, int WaysWalkable, IReadOnlyDictionary<string, int> WaysExcluded,
    int Nodes, int Edges, double TotalLengthM, int Version);

/// <summary>A district's stored walking network.</summary>
public sealed record NetworkSummary(
    string District, int Version, string DataSource, string Format, string SourceCrs, int Nodes, int Edges, double TotalLengthM, DateTimeOffset ImportedAt);

/// <summary>GET /api/districts/{code}/network/isochrones: where a walk from a point reaches.</summary>
public sealed record IsochroneQuery
{
    public const int MaxMinutes = 60;

    /// <summary>WGS-84 longitude of the start (an institution, a home).</summary>
    [FromQuery(Name = "lon")] public double? Lon { get; init; }

    [FromQuery(Name = "lat")] public double? Lat { get; init; }

    /// <summary>Minutes of walking, comma-separated; default 5,10,15 (GB 50180-2018's life circles).</summary>
    [FromQuery(Name = "minutes")] public string? Minutes { get; init; }

    /// <summary>Walking speed, metres per second; default the deployment's (1.2).</summary>
    [FromQuery(Name = WalkingSpeeds.Field)] public double? WalkingSpeed { get; init; }

    /// <summary>The older name of walking_speed, still read when walking_speed is not given.</summary>
    [FromQuery(Name = "speed_mps")] public double? SpeedMps { get; init; }
}

/// <param name="Minutes">The walk's minutes at <paramref name="SpeedMps"/>.</param>
/// <param name="Metres">The same walk in metres, snap distance included.</param>
/// <param name="StreetM">Metres of street reached.</param>
public sealed record IsochroneProperties(double Minutes, double Metres, double SpeedMps, double StreetM, int NetworkVersion);

/// <summary>The isochrones, largest first (so a map draws the smaller ones on top).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "GeoJSON names it so.")]
public sealed record IsochroneCollection([property: System.Text.Json.Serialization.JsonPropertyOrder(1)] IReadOnlyList<GeoFeature<IsochroneProperties>> Features)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(0)]
    public string Type => "FeatureCollection";
}

/// <summary>A district's walking network: import (OSM or line files) and its summary.</summary>
public static class NetworkEndpoints
{
    public static IServiceCollection AddWalkingNetwork(this IServiceCollection services) => services
        .AddSingleton<NetworkGraphs>()
        .AddSingleton<WalkingSpeeds>()
        .AddScoped<WalkingDistances>();

    public static void MapNetworkEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/districts/{code}/network").WithTags("Walking network 步行路网").ProducesClientProblems();
        group.MapGet("/", SummaryAsync).WithSummary("The district's walking network: version, node and edge counts, total length");
        group.MapGet("/isochrones", IsochronesAsync)
            .WithSummary("Walking isochrones of a point (5/10/15 minutes by default) on the district's network, as GeoJSON polygons");
        group.MapPost("/reaches", ReachesAsync)
            .WithSummary("The walking reach within a radius of many sites at once (the map's service radii on foot), as GeoJSON polygons");

        // Planners import networks as they import layers (admins hold every staff role); files may exceed the body limit.
        group.MapPost("/", ImportAsync).RequireAuthorization(Policies.Planner).DisableAntiforgery()
            .WithMetadata(new LargeBodyAttribute(long.MaxValue))
            .WithSummary("Import a walking network from .osm, .osm.pbf, GeoJSON, zipped Shapefile or GeoPackage lines (dry run unless mode=commit)");
    }

    private static async Task<Results<Ok<NetworkSummary>, ProblemHttpResult>> SummaryAsync(
        string code, TuoyuDbContext db, CancellationToken cancellationToken)
    {
        var network = await db.StreetNetworks.AsNoTracking().SingleOrDefaultAsync(n => n.DistrictCode == code, cancellationToken);
        return network is null
            ? NoNetwork(code)
            : TypedResults.Ok(ToSummary(network));
    }

    private static async Task<Results<Ok<NetworkImportReport>, ProblemHttpResult>> ImportAsync(
        string code, [AsParameters] NetworkImportParameters parameters, HttpRequest request, ImportEngine engine,
        TuoyuDbContext db, NetworkGraphs graphs, UnitScope scope, CancellationToken cancellationToken)
    {
        await scope.EnsureUnitAsync(code, cancellationToken);
        var errors = new ValidationErrors();
        var options = ImportParameters.Parse(parameters.Mode, parameters.Crs, parameters.AxisOrder, null, null, null, null, errors);
        errors.ThrowIfAny();
        if (!await db.Districts.AnyAsync(d => d.Code == code, cancellationToken))
        {
            return Problems.NotFound($"没有行政区 {code} No district has the code {code}.");
        }

        NetworkSourceData source;
        string fileName;
        try
        {
            using var upload = await Upload.SaveAsync(request, engine.Limits, cancellationToken);
            fileName = upload.FileName;
            source = NetworkSource.Read(upload.Path, upload.FileName, options.Crs, options.AxisOrder, engine.Limits);
        }
        catch (ImportTooLargeException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "文件过大 File too large");
        }
        catch (ImportFileException e)
        {
            throw new RequestValidationException("file", e.Message);
        }

        var network = WalkingNetworkBuilder.Build(source.Ways);
        if (network.Edges.Count == 0)
        {
            throw new RequestValidationException("file",
                $"文件中没有可步行的道路 The file has no walkable ways ({source.WaysRead:N0} read; excluded: " +
                $"{(source.Excluded.Count == 0 ? "none" : string.Join(", ", source.Excluded.Select(x => $"{x.Key} {x.Value}")))}): " +
                "a walking network needs footways, paths, streets or lines.");
        }

        var commit = options.Mode == ImportMode.Commit;
        var current = await db.StreetNetworks.AsNoTracking().Where(n => n.DistrictCode == code).Select(n => (int?)n.Version).SingleOrDefaultAsync(cancellationToken);
        var version = (current ?? 0) + 1;
        if (commit)
        {
            version = (await NetworkStore.ReplaceAsync(db, code, network, source, fileName, cancellationToken)).Version;
            graphs.Invalidate(code); // the old version's memory goes now, not when it ages out
        }

        return TypedResults.Ok(new NetworkImportReport(
            code, commit ? "commit" : "dry_run", commit, fileName, source.Format, source.SourceCrs,
            source.WaysRead, source.Ways.Count, source.Excluded, network.Nodes.Count, network.Edges.Count,
            Math.Round(network.TotalLengthMetres, 3), version));
    }

    private static async Task<Results<Ok<IsochroneCollection>, ProblemHttpResult>> IsochronesAsync(
        string code, [AsParameters] IsochroneQuery query, TuoyuDbContext db, NetworkGraphs graphs, WalkingSpeeds speeds, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        AnalysisRules.LonLat(query.Lon, query.Lat, "", errors);
        var speed = speeds.Resolve(query.WalkingSpeed is null && query.SpeedMps is not null
            ? WalkingSpeeds.Parse(query.SpeedMps, errors, "speed_mps")
            : WalkingSpeeds.Parse(query.WalkingSpeed, errors));
        var minutes = new List<double>();
        foreach (var word in (query.Minutes ?? "5,10,15").Split(',', StringSplitOptions.TrimEntries))
        {
            if (double.TryParse(word, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var m)
                && m > 0 && m <= IsochroneQuery.MaxMinutes)
            {
                minutes.Add(m);
            }
            else
            {
                errors.Add("minutes", $"每项须为 0 到 {IsochroneQuery.MaxMinutes} 分钟之间的数 each must be a number of minutes above 0 and at most {IsochroneQuery.MaxMinutes}, comma-separated (e.g. 5,10,15)");
                break;
            }
        }

        errors.ThrowIfAny();
        if (await graphs.GetAsync(db, code, cancellationToken) is not { } network)
        {
            return NoNetwork(code);
        }

        var origin = Geo.Analysis.Spatial.Wgs84.Point(query.Lon!.Value, query.Lat!.Value);
        var snap = network.Graph.Snap(origin);
        if (!snap.WithinCap)
        {
            throw new RequestValidationException("lon", double.IsPositiveInfinity(snap.SnapMetres)
                ? "起点附近没有步行道路 the point is not near the district's walking network"
                : $"起点距最近的步行道路 {snap.SnapMetres:F0} 米，超过 {NetworkCatchments.DefaultSnapCapMetres:F0} 米 the point is {snap.SnapMetres:F0} m from the nearest walkable street, beyond the {NetworkCatchments.DefaultSnapCapMetres:F0} m a walk may start from");
        }

        var sorted = minutes.Distinct().OrderDescending().ToList();
        var areas = WalkingIsochrones.Compute(network.Graph, origin, [.. sorted.Select(m => WalkingCutoff.InMinutes(m, speed).Metres)]);
        return TypedResults.Ok(new IsochroneCollection([.. sorted.Zip(areas, (m, a) => new GeoFeature<IsochroneProperties>(
            System.FormattableString.Invariant($"{m}min"), a.Area,
            new IsochroneProperties(m, Math.Round(a.CutoffMetres, 1), speed, Math.Round(a.ReachedStreetMetres, 1), network.Version)))]));
    }

    private static async Task<Results<Ok<ReachCollection>, ProblemHttpResult>> ReachesAsync(
        string code, ReachRequest body, TuoyuDbContext db, NetworkGraphs graphs, WalkingSpeeds speeds, CancellationToken cancellationToken)
    {
        var (sites, radius, speed) = NetworkReaches.Validate(body);
        return await graphs.GetAsync(db, code, cancellationToken) is { } network
            ? TypedResults.Ok(NetworkReaches.Compute(network, sites, radius, speeds.Resolve(speed)))
            : NoNetwork(code);
    }

    private static ProblemHttpResult NoNetwork(string code) =>
        Problems.NotFound($"行政区 {code} 没有步行路网 District {code} has no walking network: import one with POST /api/districts/{code}/network.");

    private static NetworkSummary ToSummary(StreetNetwork n) =>
        new(n.DistrictCode, n.Version, n.DataSource, n.Format, n.SourceCrs, n.NodeCount, n.EdgeCount, Math.Round(n.TotalLengthM, 3), n.ImportedAt);
}
