using Geo.Analysis.Siting;
using Geo.Analysis.Spatial;

namespace Geo.Api.Features.Siting;

/// <summary>Reads an analyst's own problem into a <see cref="SitingProblem"/>, naming each field that is wrong.</summary>
internal static class SelfContained
{
    public static (SitingProblem? Problem, List<CandidateInfo>? Candidates) Read(SelfContainedProblem input, ValidationErrors errors)
    {
        var demand = input.Demand ?? [];
        var candidates = input.Candidates ?? [];
        var existing = input.Existing ?? [];
        var matrix = input.CostMatrix;
        errors.Require(demand.Count is >= 1 and <= SitingPlanner.MaxDemand, "problem.demand", $"must list 1 to {SitingPlanner.MaxDemand} demand points: [{{id, weight, lon, lat}}]");
        errors.Require(candidates.Count is >= 1 and <= SitingPlanner.MaxCandidates, "problem.candidates", $"must list 1 to {SitingPlanner.MaxCandidates} candidate sites: [{{id, lon, lat, capacity?}}]");
        errors.Require(existing.Count <= SitingPlanner.MaxCandidates, "problem.existing", $"must list at most {SitingPlanner.MaxCandidates} sites");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < demand.Count; i++)
        {
            var d = demand[i];
            var at = $"problem.demand[{i}]";
            errors.Require(!string.IsNullOrWhiteSpace(d.Id) && ids.Add(d.Id), $"{at}.id", "is required and must be unique among the demand points");
            errors.Require(d.Weight is { } w && double.IsFinite(w) && w >= 0, $"{at}.weight", "is required: a finite number, 0 or more");
            errors.Require(d.RequiredPlaces is null || (double.IsFinite(d.RequiredPlaces.Value) && d.RequiredPlaces >= 0), $"{at}.required_places", "must be a finite number, 0 or more");
            Coordinates(d.Lon, d.Lat, at, matrix is null, errors);
        }

        ids.Clear();
        foreach (var (list, name, needsCapacity) in new[] { (candidates, "candidates", false), (existing, "existing", true) })
        {
            for (var j = 0; j < list.Count; j++)
            {
                var s = list[j];
                var at = $"problem.{name}[{j}]";
                errors.Require(!string.IsNullOrWhiteSpace(s.Id) && ids.Add(s.Id), $"{at}.id", "is required and must be unique among candidate and existing sites");
                if (needsCapacity)
                {
                    errors.Present(s.Capacity, $"{at}.capacity");
                }

                errors.Require(s.Capacity is null || (double.IsFinite(s.Capacity.Value) && s.Capacity >= 0), $"{at}.capacity", "must be a finite number of 托位, 0 or more");
                errors.Length(s.Name, $"{at}.name", 200);
                Coordinates(s.Lon, s.Lat, at, matrix is null, errors);
            }
        }

        double[,]? toCandidates = null;
        double[,]? toExisting = null;
        if (matrix is not null)
        {
            toCandidates = Matrix(matrix.ToCandidates, demand.Count, candidates.Count, "problem.cost_matrix.to_candidates", errors);
            if (existing.Count > 0 || matrix.ToExisting is not null)
            {
                toExisting = Matrix(matrix.ToExisting, demand.Count, existing.Count, "problem.cost_matrix.to_existing", errors);
            }
        }

        if (errors.Any)
        {
            return (null, null);
        }

        var problem = new SitingProblem(
            [.. demand.Select(d => new DemandPoint(d.Id!, d.Lon ?? 0, d.Lat ?? 0, d.Weight!.Value, d.RequiredPlaces))],
            [.. candidates.Select(c => new CandidateSite(c.Id!, c.Lon ?? 0, c.Lat ?? 0, c.Capacity))],
            [.. existing.Select(e => new ExistingSite(e.Id!, e.Lon ?? 0, e.Lat ?? 0, e.Capacity!.Value))],
            toCandidates is null ? null : new SitingCostMatrix(toCandidates, existing.Count > 0 ? toExisting : null));
        var info = candidates.Select(c => new CandidateInfo(c.Id!, c.Name ?? c.Id!, "problem", null,
            c.Lon is { } lon && c.Lat is { } lat ? Wgs84.Point(lon, lat) : null, c.Capacity)).ToList();
        return (problem, info);
    }

    private static void Coordinates(double? lon, double? lat, string at, bool required, ValidationErrors errors)
    {
        if (required && (lon is null || lat is null))
        {
            errors.Add(lon is null ? $"{at}.lon" : $"{at}.lat", "is required when no cost_matrix is given (WGS-84 degrees)");
        }
        else if ((lon is null) != (lat is null))
        {
            errors.Add(lon is null ? $"{at}.lon" : $"{at}.lat", "must be given together with its pair");
        }
        else if (lon is { } x && lat is { } y && !(Math.Abs(x) <= 180 && Math.Abs(y) <= 90))
        {
            errors.Add($"{at}.lon", "lon/lat must be WGS-84 degrees (longitude −180–180, latitude −90–90, longitude first)");
        }
    }

    /// <summary>A rows × columns matrix of costs; null entries (unreachable) become +∞.</summary>
    private static double[,]? Matrix(IReadOnlyList<IReadOnlyList<double?>>? rows, int rowCount, int columnCount, string field, ValidationErrors errors)
    {
        if (rows is null)
        {
            errors.Add(field, $"is required: {rowCount} rows (one per demand point) of {columnCount} costs");
            return null;
        }

        if ((long)rowCount * columnCount > SitingPlanner.MaxMatrixCells)
        {
            errors.Add(field, $"must have at most {SitingPlanner.MaxMatrixCells} entries");
            return null;
        }

        if (rows.Count != rowCount)
        {
            errors.Add(field, $"has {rows.Count} rows; it needs one per demand point ({rowCount})");
            return null;
        }

        var costs = new double[rowCount, columnCount];
        for (var i = 0; i < rowCount; i++)
        {
            var row = rows[i];
            if (row is null || row.Count != columnCount)
            {
                errors.Add($"{field}[{i}]", $"has {row?.Count ?? 0} costs; it needs one per site ({columnCount})");
                return null;
            }

            for (var j = 0; j < columnCount; j++)
            {
                if (row[j] is { } cost && !(double.IsFinite(cost) && cost >= 0))
                {
                    errors.Add($"{field}[{i}][{j}]", "must be a cost of 0 or more, or null for unreachable");
                    return null;
                }

                costs[i, j] = row[j] ?? double.PositiveInfinity;
            }
        }

        return costs;
    }
}
