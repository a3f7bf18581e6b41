using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Geo.Api.Data;
using Geo.Api.Data.Entities;

namespace Geo.Api.Features.ImportExport;

/// <summary>
/// Whether features land where they should: inside the district the caller names (else an error), or at
/// least inside some district TuoyuGeo has a boundary for (else a warning: its 街道 will stay empty).
/// </summary>
public sealed class DistrictCheck
{
    private readonly (string Code, string Name, IPreparedGeometry Boundary)? _required;
    private readonly List<IPreparedGeometry> _known;

    private DistrictCheck((string, string, IPreparedGeometry)? required, List<IPreparedGeometry> known) =>
        (_required, _known) = (required, known);

    public static DistrictCheck None { get; } = new(null, []);

    public static async Task<DistrictCheck> LoadAsync(TuoyuDbContext db, string? code, CancellationToken cancellationToken)
    {
        if (code is not null)
        {
            var district = await db.Districts.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
            if (district?.Boundary is null)
            {
                throw new RequestValidationException("district", $"there is no district or 街道 {code} with a boundary");
            }

            return new DistrictCheck((district.Code, district.Name, PreparedGeometryFactory.Prepare(district.Boundary)), []);
        }

        var boundaries = await db.Districts.AsNoTracking()
            .Where(d => d.Level == DistrictLevel.District && d.Boundary != null)
            .Select(d => d.Boundary!)
            .ToListAsync(cancellationToken);
        return new DistrictCheck(null, boundaries.Select(b => PreparedGeometryFactory.Prepare(b)).ToList());
    }

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
