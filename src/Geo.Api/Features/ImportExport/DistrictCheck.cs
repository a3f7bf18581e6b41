using NetTopologySuite.Geometries.Prepared;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Whether features land where they should: inside the district the caller names (else an error), or at
/// least inside some district TuoyuGeo has a boundary for (else a warning: its 街道 will stay empty). And the
/// 街道 a row names in its 所属街道 column (name or code): taken where no 街道 boundary covers the row, reported
/// per row where one does and disagrees (the spatial join wins).
/// </summary>
public sealed class DistrictCheck
{
    /// <summary>The field the 所属街道 column is read as (<see cref="SpreadsheetVocabulary.Headers"/>).</summary>
    public const string DeclaredSubdistrictField = "subdistrict_code";

    private readonly (string Code, string Name, IPreparedGeometry Boundary)? _required;
    private readonly List<IPreparedGeometry> _known;
    private readonly List<Subdistrict> _subdistricts;

    private sealed record Subdistrict(string Code, string Name, string? ParentCode, IPreparedGeometry? Boundary);

    private DistrictCheck((string, string, IPreparedGeometry)? required, List<IPreparedGeometry> known, List<Subdistrict> subdistricts) =>
        (_required, _known, _subdistricts) = (required, known, subdistricts);

    public static DistrictCheck None { get; } = new(null, [], []);

    /// <summary>Whether a 所属街道 column can name anything: there are 街道 (set up, with or without boundaries).</summary>
    public bool ReadsDeclaredSubdistricts => _subdistricts.Count > 0;

    public static async Task<DistrictCheck> LoadAsync(TuoyuDbContext db, string? code, CancellationToken cancellationToken)
    {
        if (code is not null)
        {
            var district = await db.Districts.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
            if (district?.Boundary is null)
            {
                throw new RequestValidationException("district", $"there is no district or 街道 {code} with a boundary");
            }

            return new DistrictCheck((district.Code, district.Name, PreparedGeometryFactory.Prepare(district.Boundary)), [],
                await SubdistrictsAsync(db, code, cancellationToken));
        }

        var boundaries = await db.Districts.AsNoTracking()
            .Where(d => d.Level == DistrictLevel.District && d.Boundary != null)
            .Select(d => d.Boundary!)
            .ToListAsync(cancellationToken);
        return new DistrictCheck(null, boundaries.Select(b => PreparedGeometryFactory.Prepare(b)).ToList(), await SubdistrictsAsync(db, null, cancellationToken));
    }

    private static async Task<List<Subdistrict>> SubdistrictsAsync(TuoyuDbContext db, string? district, CancellationToken cancellationToken)
    {
        var rows = await db.Districts.AsNoTracking()
            .Where(d => d.Level == DistrictLevel.Subdistrict && (district == null || d.ParentCode == district || d.Code == district))
            .Select(d => new { d.Code, d.Name, d.ParentCode, d.Boundary })
            .ToListAsync(cancellationToken);
        return rows.Select(d => new Subdistrict(d.Code, d.Name, d.ParentCode, d.Boundary is null ? null : PreparedGeometryFactory.Prepare(d.Boundary))).ToList();
    }

    /// <summary>
    /// The 街道 code to write for a row that names its 街道 (<see cref="DeclaredSubdistrictField"/>) where no 街道
    /// boundary covers it; null where there is nothing to write (no column, or the spatial join decides).
    /// </summary>
    public string? DeclaredSubdistrict(object? declared, Geometry geometry, List<ImportProblem> problems)
    {
        var text = Convert.ToString(declared, System.Globalization.CultureInfo.InvariantCulture)?.Trim();
        if (string.IsNullOrEmpty(text) || !ReadsDeclaredSubdistricts)
        {
            return null;
        }

        var point = geometry as Point ?? geometry.InteriorPoint;
        var named = _subdistricts.Where(s => s.Code == text).ToList() is { Count: > 0 } byCode ? byCode
            : _subdistricts.Where(s => s.Name == text || Bare(s.Name) == Bare(text)).ToList();
        var spatial = _subdistricts.FirstOrDefault(s => s.Boundary?.Covers(point) == true);
        if (named.Count > 1 && spatial is null)
        {
            problems.Add(ImportProblem.Warning(DeclaredSubdistrictField,
                $"所属街道“{text}”有 {named.Count} 个同名街道（{string.Join("、", named.Select(s => s.Code))}）：请写街道代码；该行暂不划入街道; names more than one 街道, give its code"));
            return null;
        }

        if (named.Count == 0)
        {
            problems.Add(ImportProblem.Warning(DeclaredSubdistrictField,
                $"所属街道“{text}”不是已知街道的名称或代码：先用 setup-district 添加本区的街道，或改正名称；该行暂不划入街道; is not the name or code of a known 街道, the row stays in no 街道"));
            return null;
        }

        if (spatial is not null)
        {
            if (!named.Contains(spatial))
            {
                problems.Add(ImportProblem.Warning(DeclaredSubdistrictField,
                    $"所属街道“{text}”与位置所在的街道 {spatial.Name}（{spatial.Code}）不一致，以位置为准; the 街道 boundary the row lies in wins"));
            }

            return null;
        }

        if (named[0].Boundary is not null)
        {
            problems.Add(ImportProblem.Warning(DeclaredSubdistrictField,
                $"位置不在所属街道 {named[0].Name}（{named[0].Code}）的边界内，以位置为准; the row lies outside the 街道 it names"));
            return null;
        }

        return named[0].Code;
    }

    /// <summary>A 街道's name without its kind (环翠楼街道 → 环翠楼), as sheets often write it.</summary>
    private static string Bare(string name) => name.Trim() is var n && n.Length > 2 && (n.EndsWith("街道", StringComparison.Ordinal) || n.EndsWith("办事处", StringComparison.Ordinal))
        ? n[..^(n.EndsWith("街道", StringComparison.Ordinal) ? 2 : 3)]
        : n.Length > 1 && (n.EndsWith('镇') || n.EndsWith('乡')) ? n[..^1] : n;

    public void Check(Geometry geometry, List<ImportProblem> problems)
    {
        var point = geometry as Point ?? geometry.InteriorPoint;
        if (_required is var (code, name, boundary))
        {
            if (!boundary.Covers(point))
            {
                problems.Add(ImportProblem.Error("geometry", $"lies outside {name} ({code}), the district this import is for"));
            }
        }
        else if (_known.Count > 0 && !_known.Any(b => b.Covers(point)))
        {
            problems.Add(ImportProblem.Warning("geometry",
                "lies in none of the districts TuoyuGeo has boundaries for: its 街道 and district will stay empty"));
        }
    }
}
