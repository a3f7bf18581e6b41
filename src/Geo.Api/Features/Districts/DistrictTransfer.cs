using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Geo.Api.Features.ImportExport;
using Geo.Api.Features.Layers;

namespace Geo.Api.Features.Districts;

/// <summary>
/// Districts and 街道 as an import layer: boundaries from GeoJSON (DataV's bare arrays too), Shapefile or
/// GeoPackage in any supported CRS, matched by code (adcode, or the 9/12-digit 统计用区划代码 of a 街道), so
/// a file imported twice changes nothing. Beside the rows, the report says how the 街道 tile their districts
/// (<see cref="BoundaryTopology"/>): overlaps, gaps and 街道 reaching outside are warnings on the rows concerned,
/// since published boundaries rarely tile exactly, and a planner decides whether they matter (a gap is said on the
/// district's row when the file has it).
/// </summary>
public sealed class DistrictTransfer : ILayerTransfer
{
    private static readonly Dictionary<string, DistrictLevel> LevelWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["省"] = DistrictLevel.Province, ["省级"] = DistrictLevel.Province,
        ["市"] = DistrictLevel.City, ["地级市"] = DistrictLevel.City, ["市级"] = DistrictLevel.City,
        ["区县"] = DistrictLevel.District, ["区"] = DistrictLevel.District, ["县"] = DistrictLevel.District, ["县级"] = DistrictLevel.District,
        ["街道"] = DistrictLevel.Subdistrict, ["乡镇"] = DistrictLevel.Subdistrict, ["镇"] = DistrictLevel.Subdistrict,
        ["乡"] = DistrictLevel.Subdistrict, ["street"] = DistrictLevel.Subdistrict, ["town"] = DistrictLevel.Subdistrict,
        ["社区"] = DistrictLevel.Community,
    };

    public string Route => "districts";

    public GeometryKind Kind => GeometryKind.MultiPolygon;

    public string EditPolicy => Infrastructure.Policies.Admin;

    public string ExportPolicy => Infrastructure.Policies.Staff;

    public IReadOnlyList<string> Fields { get; } = ["code", "name", "level", "parent_code"];

    public async Task<ImportReport> ImportAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var stored = await run.Db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Code, cancellationToken);
        run.Progress.Start("checking", run.Rows.Count);
        var fileCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFile = run.Rows.Select(r => Text(r.Source.Attributes.GetValueOrDefault("code"))).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var planned = new List<Planned>(run.Rows.Count);
        foreach (var row in run.Rows)
        {
            planned.Add(Plan(row, stored, inFile, fileCodes));
            run.Progress.Advance();
        }

        var topology = Topology(planned.Where(p => p.Action != RowAction.Error).ToList(), stored);
        var commit = run.Options.Mode == ImportMode.Commit && planned.All(p => p.Action != RowAction.Error);
        if (commit)
        {
            await CommitAsync(run, planned, cancellationToken);
        }

        return run.Settings.Finished(
            planned.Select(p => new ImportRowReport(p.Row, p.Action, null, p.Code, p.Action is RowAction.Update or RowAction.Unchanged ? "code" : null, p.Problems)).ToList(),
            commit, started) with { Topology = topology };
    }

    private static Planned Plan(PreparedRow row, Dictionary<string, District> stored, HashSet<string> inFile, Dictionary<string, int> fileCodes)
    {
        var problems = new List<ImportProblem>();
        var planned = new Planned(row.Source.Number, problems);
        if (row.Source.RecordError is { } recordError)
        {
            problems.Add(ImportProblem.Error("row", recordError));
        }

        var attributes = row.Source.Attributes;
        var code = Text(attributes.GetValueOrDefault("code"));
        var name = Text(attributes.GetValueOrDefault("name"));
        planned.Code = code;
        if (code is null)
        {
            problems.Add(ImportProblem.Error("code", "行政区划代码必填（DataV 文件的 adcode）; is required (the adcode, or the 9/12-digit code of a 街道)"));
        }
        else if (code.Length is not (6 or 9 or 12) || !code.All(char.IsAsciiDigit))
        {
            problems.Add(ImportProblem.Error("code", $"行政区划代码 '{code}' 须为 6 位（区县及以上）或 9/12 位（街道、乡镇）数字; must be 6, 9 or 12 digits"));
        }
        else if (fileCodes.TryGetValue(code, out var first))
        {
            problems.Add(ImportProblem.Error("code", $"duplicate of row {first} in this file (same code {code})"));
        }
        else
        {
            fileCodes[code] = planned.Row;
        }

        if (name is null)
        {
            problems.Add(ImportProblem.Error("name", "is required"));
        }

        var level = Text(attributes.GetValueOrDefault("level")) is { } word
            ? LevelWords.TryGetValue(word, out var l) || Words.TryParse(word.ToLowerInvariant(), out l) ? l : (DistrictLevel?)null
            : code is null ? null : LevelOf(code);
        if (level is null && code is not null)
        {
            problems.Add(ImportProblem.Error("level", $"级别须为 省、市、区县、街道（乡镇）或 社区 之一; must be one of {string.Join(", ", Words.All<DistrictLevel>())}"));
        }

        // DataV gives the parent as {"adcode": 370000}; a 街道's code begins with its district's.
        var parent = Text(attributes.GetValueOrDefault("parent_code"))
            ?? (attributes.GetValueOrDefault("parent") is JsonElement { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("adcode", out var a) ? Text(a) : null)
            ?? (code is { Length: >= 6 } && level is { } known ? ParentOf(code, known) : null);
        if (parent is not null && !stored.ContainsKey(parent) && !inFile.Contains(parent))
        {
            problems.Add(ImportProblem.Error("parent_code",
                $"上级区划 {parent} 尚不存在：先运行 setup-district {parent}，或在同一文件中给出它; the parent unit {parent} does not exist"));
        }

        Geometry? geometry = null;
        if ((row.Source.GeometryError ?? row.TransformError) is { } geometryError)
        {
            problems.Add(ImportProblem.Error("geometry", geometryError));
        }
        else
        {
            var errors = new Http.ValidationErrors();
            var notes = new List<string>();
            geometry = GeometryRules.Prepare(row.Wgs84, GeometryKind.MultiPolygon, errors, notes);
            problems.AddRange(errors.Errors.SelectMany(f => f.Value.Select(m => ImportProblem.Error(f.Key, m))));
            problems.AddRange(notes.Select(n => ImportProblem.Warning("geometry", n, repairable: true)));
        }

        if (problems.Any(q => q.Severity == "error") || geometry is not MultiPolygon boundary || code is null || name is null || level is null)
        {
            planned.Action = RowAction.Error;
            return planned;
        }

        boundary.SRID = 4326;
        (planned.Name, planned.Level, planned.Parent, planned.Boundary) = (name, level.Value, parent, boundary);
        planned.Action = !stored.TryGetValue(code, out var existing) ? RowAction.Create
            : existing.Name == name && existing.Level == level && existing.ParentCode == parent && !existing.BoundaryIsSynthetic &&
              existing.Boundary is { } old && old.Normalized().EqualsExact(boundary.Normalized(), 1e-7) ? RowAction.Unchanged
            : RowAction.Update;
        return planned;
    }

    /// <summary>The 街道 of the file joined with the stored ones of the same districts, checked against each district's boundary (the file's, else the stored one).</summary>
    private static TopologyReport? Topology(List<Planned> rows, Dictionary<string, District> stored)
    {
        var subdistricts = rows.Where(r => r.Level == DistrictLevel.Subdistrict && r.Parent is not null).ToList();
        if (subdistricts.Count == 0)
        {
            return null;
        }

        var fromFile = rows.ToDictionary(r => r.Code!, StringComparer.Ordinal);
        var checks = new List<(TopologyUnit, IReadOnlyList<TopologyUnit>)>();
        foreach (var parent in subdistricts.Select(s => s.Parent!).Distinct(StringComparer.Ordinal))
        {
            var district = fromFile.TryGetValue(parent, out var f) ? new TopologyUnit(parent, f.Name!, f.Boundary!)
                : stored.TryGetValue(parent, out var d) && d.Boundary is not null ? new TopologyUnit(parent, d.Name, d.Boundary) : null;
            if (district is null)
            {
                foreach (var s in subdistricts.Where(s => s.Parent == parent))
                {
                    s.Problems.Add(ImportProblem.Warning("parent_code", $"上级区划 {parent} 没有边界，无法检查缺口和越界; the district has no boundary to check against"));
                }

                continue;
            }

            var units = stored.Values.Where(s => s.ParentCode == parent && s.Level == DistrictLevel.Subdistrict && s.Boundary is not null && !fromFile.ContainsKey(s.Code))
                .Select(s => new TopologyUnit(s.Code, s.Name, s.Boundary!))
                .Concat(subdistricts.Where(s => s.Parent == parent).Select(s => new TopologyUnit(s.Code!, s.Name!, s.Boundary!)))
                .ToList();
            checks.Add((district, units));
        }

        var report = BoundaryTopology.Check(checks);
        foreach (var overlap in report.Overlaps)
        {
            foreach (var code in (string[])[overlap.Code, overlap.OtherCode])
            {
                fromFile.GetValueOrDefault(code)?.Problems.Add(ImportProblem.Warning("geometry", overlap.Message));
            }
        }

        foreach (var piece in report.Gaps)
        {
            fromFile.GetValueOrDefault(piece.DistrictCode)?.Problems.Add(ImportProblem.Warning("geometry", piece.Message));
        }

        foreach (var piece in report.Outside)
        {
            fromFile.GetValueOrDefault(piece.Code!)?.Problems.Add(ImportProblem.Warning("geometry", piece.Message));
        }

        return report;
    }

    /// <summary>One SaveChanges: one transaction and its audit entries; the database joins every feature to the new boundaries.</summary>
    private static async Task CommitAsync(ImportRun run, List<Planned> planned, CancellationToken cancellationToken)
    {
        var changed = planned.Where(p => p.Action is RowAction.Create or RowAction.Update).ToList();
        run.Progress.Start("writing", changed.Count);
        var codes = changed.Select(p => p.Code!).ToList();
        var existing = await run.Db.Districts.Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, cancellationToken);
        // Parents before children, so a district and its 街道 can come in one file.
        foreach (var p in changed.OrderBy(p => p.Level))
        {
            if (!existing.TryGetValue(p.Code!, out var district))
            {
                district = new District { Code = p.Code!, Name = p.Name!, DataSource = run.Settings.DataSource };
                run.Db.Districts.Add(district);
            }

            district.Name = p.Name!;
            district.Level = p.Level;
            district.ParentCode = p.Parent;
            district.Boundary = p.Boundary;
            district.BoundaryIsSynthetic = false;
            district.SourceCrs = run.Settings.SourceCrs;
            district.DataSource = run.Settings.DataSource;
        }

        await run.Db.SaveChangesAsync(cancellationToken);
        run.Progress.Advance(changed.Count);
    }

    public async Task<IReadOnlyList<ExportFeature>> ExportAsync(TuoyuDbContext db, LayerQuery query, System.Security.Claims.ClaimsPrincipal user,
        IReadOnlySet<string>? within, CancellationToken cancellationToken)
    {
        var errors = new Http.ValidationErrors();
        query.Validate(errors);
        errors.ThrowIfAny();
        var districts = await db.Districts.AsNoTracking().Where(d => d.Boundary != null).OrderBy(d => d.Code).ToListAsync(cancellationToken);
        return districts
            .Where(d => within is null || within.Contains(d.Code) || (d.ParentCode is not null && within.Contains(d.ParentCode)))
            .Select(d => new ExportFeature(long.Parse(d.Code, CultureInfo.InvariantCulture), d.Boundary!, new JsonObject
            {
                ["code"] = d.Code,
                ["name"] = d.Name,
                ["level"] = Words.Of(d.Level),
                ["parent_code"] = d.ParentCode,
                ["area_m2"] = d.AreaM2,
                ["source_crs"] = d.SourceCrs,
                ["data_source"] = d.DataSource,
            }))
            .ToList();
    }

    /// <summary>The level a code stands for: 9 or 12 digits a 街道/镇, else by its trailing zeros.</summary>
    private static DistrictLevel LevelOf(string code) => code.Length > 6 ? DistrictLevel.Subdistrict
        : code.EndsWith("0000", StringComparison.Ordinal) ? DistrictLevel.Province
        : code.EndsWith("00", StringComparison.Ordinal) ? DistrictLevel.City
        : DistrictLevel.District;

    private static string? ParentOf(string code, DistrictLevel level) => level switch
    {
        DistrictLevel.Subdistrict => code[..6],
        DistrictLevel.District => code[..4] + "00",
        DistrictLevel.City => code[..2] + "0000",
        _ => null,
    };

    /// <summary>A cell as text: DataV writes adcodes as numbers.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.String } e => Blank(e.GetString()),
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        JsonElement => null,
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.##########", CultureInfo.InvariantCulture),
        _ => Blank(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed class Planned(int row, List<ImportProblem> problems)
    {
        public int Row { get; } = row;
        public List<ImportProblem> Problems { get; } = problems;
        public RowAction Action { get; set; }
        public string? Code { get; set; }
        public string? Name { get; set; }
        public DistrictLevel Level { get; set; }
        public string? Parent { get; set; }
        public MultiPolygon? Boundary { get; set; }
    }
}
