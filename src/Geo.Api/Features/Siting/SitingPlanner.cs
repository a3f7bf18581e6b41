using System.Globalization;
using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.Layers;
using EntityParcelStatus = Geo.Api.Data.Entities.ParcelStatus;

namespace Geo.Api.Features.Siting;

/// <summary>A candidate as the result shows it: where it is and what it is.</summary>
internal sealed record CandidateInfo(string Id, string Name, string Source, string? ParcelCode, Point? Location, double? Capacity);

/// <summary>Everything a run needs, read and checked while the request is open; solving needs no database.</summary>
/// <param name="District">The district's demand and supply, for coverage before/after; null for a self-contained problem.</param>
internal sealed record SitingPlan(
    string Name,
    SitingModelKind Model,
    int? P,
    bool FromMatrix,
    SitingRequest Request,
    LocationAllocation Solver,
    IReadOnlyList<CandidateInfo> Candidates,
    DistrictDemand? District,
    SitingRunRequest Body,
    bool Background);

/// <summary>
/// Turns a siting request into a <see cref="SitingPlan"/>: checks every field (all errors at once), reads the
/// district's demand (2SFCA gap, net of existing institutions) and candidates, and picks the solver.
/// </summary>
internal sealed class SitingPlanner(TuoyuDbContext db, WalkingDistances distances)
{
    public const double DefaultTimeLimitSeconds = 5;
    public const double MaxTimeLimitSeconds = 3600;
    /// <summary>Exact runs allowed more than this run in the background.</summary>
    public const double ForegroundTimeLimitSeconds = 5;
    /// <summary>托位 of a typical new institution (<see cref="ParcelPriorityOptions.TargetPlaces"/>).</summary>
    public const int DefaultCapacity = 80;
    public const int MaxNewSites = 200;
    public const double DefaultGridSpacingMetres = 200;
    public const int MaxGridCells = 3000;
    public const int MaxCandidates = 10_000;
    public const int MaxDemand = 50_000;
    public const long MaxMatrixCells = 5_000_000;
    /// <summary>auto solves exactly up to this many (demand × candidate) pairs.</summary>
    public const long AutoExactPairs = 250_000;

    private static readonly ParcelPriorityOptions ParcelRules = new();

    /// <summary>The plan, or null when the district is unknown.</summary>
    /// <exception cref="RequestValidationException">A field is missing or out of range.</exception>
    public async Task<SitingPlan?> PlanAsync(SitingRunRequest body, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Length(body.Name, "name", 200);
        errors.Present(body.Model, "model");
        var model = body.Model ?? SitingModelKind.Mclp;
        if (model != SitingModelKind.Lscp)
        {
            errors.Present(body.P, "p");
        }

        errors.Require(body.P is null || body.P is >= 1 and <= MaxNewSites, "p", $"must be between 1 and {MaxNewSites} new sites");
        errors.Range(body.TimeLimitS, "time_limit_s", 0.1, MaxTimeLimitSeconds, " seconds");
        var measure = WalkingDistances.Parse(body.Distance, errors);
        var speed = WalkingSpeeds.Parse(body.WalkingSpeed, errors);
        foreach (var (given, field) in new[] { (body.Distance is not null, "distance"), (body.WalkingSpeed is not null, WalkingSpeeds.Field) })
        {
            if (given && body.Problem is not null)
            {
                errors.Add(field, "只用于行政区选址 applies to district runs only: a self-contained problem gives coordinates or its own cost matrix");
            }
        }

        errors.Require(body.Capacity is null or >= 1 and <= 10_000, "capacity", "must be between 1 and 10000 托位");
        var fromMatrix = body.Problem?.CostMatrix is not null;
        if (body.RadiusM is { } r && !(double.IsFinite(r) && r > 0 && (fromMatrix || r <= WalkingRadius.MaxMetres)))
        {
            errors.Add("radius_m", fromMatrix ? "must be a positive number in the cost matrix's unit"
                : $"must be greater than 0 and at most {WalkingRadius.MaxMetres} metres");
        }

        if (body.Problem is null == body.District is null)
        {
            errors.Add("district", body.Problem is null
                ? "is required: a district adcode or 街道 code (or send a self-contained problem instead)"
                : "must be left out when a self-contained problem is sent");
        }

        if (body.Problem is not null)
        {
            foreach (var field in new (bool Given, string Name)[]
                     {
                         (body.CandidateSource is not null, "candidate_source"), (body.Points is not null, "points"),
                         (body.TargetPerThousand is not null, "target_per_thousand"), (body.GridSpacingM is not null, "grid_spacing_m"),
                         (body.ParcelStatuses is not null, "parcel_statuses"),
                     }.Where(f => f.Given))
            {
                errors.Add(field.Name, "applies to district runs only, not to a self-contained problem");
            }
        }
        else
        {
            CheckDistrictFields(body, errors);
        }

        var radius = body.RadiusM ?? WalkingRadius.DefaultMetres;
        var timeLimit = TimeSpan.FromSeconds(body.TimeLimitS ?? DefaultTimeLimitSeconds);
        SitingProblem? problem = null;
        List<CandidateInfo>? candidates = null;
        if (body.Problem is { } own)
        {
            (problem, candidates) = SelfContained.Read(own, errors);
        }

        errors.ThrowIfAny();

        DistrictDemand? district = null;
        if (body.District is { } code)
        {
            var reader = new DistrictDemandReader(db);
            if (await reader.FindAsync(code, cancellationToken) is not { } unit)
            {
                return null;
            }

            // The unit's level and its district's figures are the request's rule, checked here; the reader only reads.
            if (unit.AnalysisError() is { } levelError)
            {
                throw new RequestValidationException("district", levelError);
            }

            var distance = await distances.ResolveAsync(unit.Level == DistrictLevel.Subdistrict ? unit.ParentCode! : unit.Code, measure, speed, cancellationToken);
            district = await reader.ReadAsync(unit, radius, body.TargetPerThousand, distance, cancellationToken);

            var found = await CandidatesAsync(body, district, radius, cancellationToken);
            if (Refusal(body, district, radius, found) is { } refusal)
            {
                throw new RequestValidationException(refusal.Field, refusal.Message);
            }

            candidates = found.Candidates;
            problem = DistrictProblem(model, district, candidates);
            problem = problem with { Costs = district.Distance.SitingCosts(problem, radius) };
        }

        WorkLimits.EnsureCells(problem!.Candidates.Count, problem.Demand.Count, MaxMatrixCells, body.Problem is null ? "grid_spacing_m" : "problem");
        var pairs = (long)problem.Demand.Count * problem.Candidates.Count;
        var method = body.Solver switch
        {
            SitingSolverChoice.Exact => SitingMethod.Exact,
            SitingSolverChoice.Heuristic => SitingMethod.Heuristic,
            _ => pairs <= AutoExactPairs ? SitingMethod.Exact : SitingMethod.Heuristic,
        };
        var request = new SitingRequest(Analysis(model), method, radius, body.P ?? 0)
        {
            DefaultCapacity = district is not null ? body.Capacity ?? DefaultCapacity : body.Capacity,
            ExistingSitesCover = body.Problem is { WeightsNetOfExisting: false },
            TimeLimit = timeLimit,
        };

        LocationAllocation solver;
        try
        {
            solver = new LocationAllocation(problem);
        }
        catch (ArgumentException e)
        {
            throw new RequestValidationException(body.Problem is null ? "points" : "problem", e.Message);
        }

        var background = body.Async || (method == SitingMethod.Exact && timeLimit.TotalSeconds > ForegroundTimeLimitSeconds);
        var name = string.IsNullOrWhiteSpace(body.Name) ? DefaultName(body, model, district) : body.Name.Trim();
        return new SitingPlan(name, model, model == SitingModelKind.Lscp ? null : body.P, fromMatrix, request, solver,
            candidates!, district, body, background);
    }

    public static SitingModel Analysis(SitingModelKind model) => model switch
    {
        SitingModelKind.Mclp => SitingModel.MaximalCovering,
        SitingModelKind.Capacitated => SitingModel.CapacitatedCoverage,
        SitingModelKind.Lscp => SitingModel.SetCovering,
        _ => SitingModel.PMedian,
    };

    private static void CheckDistrictFields(SitingRunRequest body, ValidationErrors errors)
    {
        errors.Range(body.TargetPerThousand, "target_per_thousand", 0.1, 100, " 托位 per 1,000 residents");
        errors.Range(body.GridSpacingM, "grid_spacing_m", 50, 2000, " metres");
        var source = body.CandidateSource ?? SitingCandidateSource.Parcels;
        if (source == SitingCandidateSource.Points)
        {
            if (body.Points is not { Count: > 0 })
            {
                errors.Add("points", "are required when candidate_source = points: [{id, lon, lat, capacity?}]");
            }
            else if (body.Points.Count > MaxCandidates)
            {
                errors.Add("points", $"must be at most {MaxCandidates}");
            }
            else
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var k = 0; k < body.Points.Count; k++)
                {
                    var point = body.Points[k];
                    var at = $"points[{k}]";
                    errors.Require(!string.IsNullOrWhiteSpace(point.Id) && seen.Add(point.Id), $"{at}.id", "is required and must be unique among the points");
                    errors.Present(point.Lon, $"{at}.lon");
                    errors.Present(point.Lat, $"{at}.lat");
                    if (point.Lon is { } lon && point.Lat is { } lat)
                    {
                        errors.InsideChina(lon, lat, $"{at}.lon");
                    }

                    errors.Require(point.Capacity is null or >= 1 and <= 10_000, $"{at}.capacity", "must be between 1 and 10000 托位");
                    errors.Length(point.Name, $"{at}.name", 200);
                }
            }
        }
        else if (body.Points is not null)
        {
            errors.Add("points", "apply only when candidate_source = points");
        }

        if (body.ParcelStatuses is not null && source != SitingCandidateSource.Parcels)
        {
            errors.Add("parcel_statuses", "apply only when candidate_source = parcels");
        }
        else if (body.ParcelStatuses is { Count: 0 })
        {
            errors.Add("parcel_statuses", $"must name at least one of {string.Join(", ", Words.All<EntityParcelStatus>())}");
        }
    }

    /// <summary>
    /// Demand of a district run: coverage models weigh each area by its 2SFCA gap (unmet 托位, net of the
    /// existing institutions); p-median weighs by the required 托位, the existing institutions being in the model.
    /// </summary>
    private static SitingProblem DistrictProblem(SitingModelKind model, DistrictDemand district, IReadOnlyList<CandidateInfo> candidates)
    {
        var demand = district.Baseline.Areas.Select(a =>
        {
            var location = district.LocationOf(a.AreaId);
            var weight = model == SitingModelKind.PMedian ? a.RequiredSlots : a.Gap;
            return new DemandPoint(a.AreaId, location.X, location.Y, weight, a.Gap);
        }).ToList();
        var sites = candidates.Select(c => new CandidateSite(c.Id, c.Location!.X, c.Location.Y, c.Capacity, c.Source)).ToList();
        var existing = district.Institutions.Where(district.Options.Supply.Admits).Where(i => i.ApprovedSlots > 0)
            .Select(i => new ExistingSite(i.Id, i.Location.X, i.Location.Y, i.ApprovedSlots)).ToList();
        return new SitingProblem(demand, sites, existing);
    }

    /// <summary>The district's candidates as read; <paramref name="GridExceeded"/> when the grid would hold too many cells.</summary>
    private sealed record CandidateRead(List<CandidateInfo> Candidates, bool GridExceeded);

    private async Task<CandidateRead> CandidatesAsync(SitingRunRequest body, DistrictDemand district, double radius,
        CancellationToken cancellationToken)
    {
        var capacity = body.Capacity ?? DefaultCapacity;
        switch (body.CandidateSource)
        {
            case SitingCandidateSource.Points:
                return new CandidateRead([.. body.Points!.Select(p => new CandidateInfo(p.Id!, p.Name ?? p.Id!, "point", null,
                    Wgs84.Point(p.Lon!.Value, p.Lat!.Value), p.Capacity ?? capacity))], false);
            case SitingCandidateSource.Grid:
                var grid = Grid(district, radius, body.GridSpacingM ?? DefaultGridSpacingMetres);
                return new CandidateRead([.. grid.Cells.Select(c => new CandidateInfo(
                    string.Create(CultureInfo.InvariantCulture, $"grid:{c.Row}:{c.Column}"), $"网格点 {c.Row}-{c.Column}", "grid", null,
                    Wgs84.Point(c.Lon, c.Lat), capacity))], grid.Exceeded);
            default:
                return new CandidateRead(await ParcelsAsync(district, body.ParcelStatuses, capacity, cancellationToken), false);
        }
    }

    /// <summary>Why the candidates read cannot make a problem (the request was valid, the district's data leaves nothing to solve), or null.</summary>
    private static (string Field, string Message)? Refusal(SitingRunRequest body, DistrictDemand district, double radius, CandidateRead read)
    {
        var capacity = body.Capacity ?? DefaultCapacity;
        var spacing = body.GridSpacingM ?? DefaultGridSpacingMetres;
        return read switch
        {
            { GridExceeded: true } => ("grid_spacing_m",
                $"a {spacing} m grid over the under-served areas is too fine (more than {MaxGridCells} cells): use a wider spacing"),
            { Candidates.Count: 0 } => ("candidate_source", body.CandidateSource switch
            {
                SitingCandidateSource.Grid => $"{district.Name} has no residential area with unmet 托位 within {radius} m, so the grid is empty",
                _ => $"no parcel in {district.Name} can host a site of {capacity} 托位: compatible land use, allowed status and at least " +
                     $"{MinimumArea(capacity):N0} m² are needed (lower capacity, widen parcel_statuses, or give points)",
            }),
            { Candidates.Count: > MaxCandidates } => ("parcel_statuses",
                $"{district.Name} has {read.Candidates.Count} parcels that could host a site, more than {MaxCandidates}: narrow parcel_statuses or give points"),
            _ => null,
        };
    }

    private static double MinimumArea(int capacity) =>
        Math.Max(ParcelRules.MinimumSiteArea, capacity * ParcelRules.BuildingAreaPerPlace / ParcelRules.UsableFloorAreaRatio);

    /// <summary>Parcels of compatible land use and allowed status, large enough for the capacity (at its interior point).</summary>
    private async Task<List<CandidateInfo>> ParcelsAsync(DistrictDemand district, IReadOnlyList<EntityParcelStatus>? statuses,
        int capacity, CancellationToken cancellationToken)
    {
        var allowed = statuses?.ToList() ?? [.. Enum.GetValues<EntityParcelStatus>().Where(s => s != EntityParcelStatus.Sold)];
        var minimumArea = MinimumArea(capacity);
        var parcels = await PriorityParcelReader.InUnit(db.Parcels.AsNoTracking(), district.Code)
            .Where(p => allowed.Contains(p.Status) && p.AreaM2 >= minimumArea)
            .OrderBy(p => p.Code)
            .Select(p => new { p.Id, p.Code, p.Name, p.Location, p.LandUse })
            .ToListAsync(cancellationToken);
        return [.. parcels
            .Where(p => ParcelPriority.IsCompatible(PriorityParcelReader.LandUseClass(p.LandUse)))
            .Select(p => new CandidateInfo($"parcel:{p.Id}", p.Name, "parcel", p.Code, p.Location, capacity))];
    }

    /// <summary>The candidate grid over the areas with unmet 托位 (each weighed by its gap).</summary>
    private static CandidateGridResult Grid(DistrictDemand district, double radius, double spacing) =>
        CandidateGrid.Compute(district.Baseline.Areas.Select(a =>
        {
            var at = district.LocationOf(a.AreaId);
            return new DemandPoint(a.AreaId, at.X, at.Y, Math.Max(0, a.Gap));
        }), spacing, radius, MaxGridCells);

    private static string DefaultName(SitingRunRequest body, SitingModelKind model, DistrictDemand? district) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{district?.Name ?? "自有数据"} {Words.Of(model)}{(body.P is { } p && model != SitingModelKind.Lscp ? $" p={p}" : "")} {body.RadiusM ?? WalkingRadius.DefaultMetres}{(body.Problem?.CostMatrix is null ? " m" : "")} {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}");
}
