using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Geo.Analysis.Coverage;
using Geo.Analysis.Spatial;
using Geo.Api.Data;
using Geo.Api.Data.Entities;
using Geo.Bench.Coverage;

namespace Geo.Bench.Api;

/// <summary>
/// Loads the benchmark's synthetic city (<see cref="SyntheticCity"/>: 20 km × 20 km, synthetic data, not real places)
/// into a TuoyuGeo database as district 990201 with twelve 街道 strips: residential areas as ~120 m × 100 m
/// compounds around the city's demand points, institutions at its supply points. Loaded once; kept when present.
/// </summary>
public static class SyntheticCityDatabase
{
    public const string District = "990201";
    private const string City = "990200";
    private const double HalfSideMetres = 10_050;
    private const string Source = "bench (synthetic)";

    public static async Task LoadAsync(string connectionString, int areas, int institutions, TextWriter log)
    {
        var options = new DbContextOptionsBuilder<TuoyuDbContext>();
        DatabaseServices.Configure(options, connectionString);
        await using var db = new TuoyuDbContext(options.Options);
        await db.Database.MigrateAsync();
        if (await db.ResidentialAreas.CountAsync(a => a.DistrictCode == District) == areas
            && await db.Institutions.CountAsync(i => i.DistrictCode == District) == institutions)
        {
            log.WriteLine($"Synthetic city {District} already loaded ({areas} areas, {institutions} institutions).");
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        await db.ResidentialAreas.Where(a => a.DataSource == Source).ExecuteDeleteAsync();
        await db.Institutions.Where(i => i.DataSource == Source).ExecuteDeleteAsync();
        await db.Districts.Where(d => d.ParentCode == District).ExecuteDeleteAsync();
        await db.Districts.Where(d => d.Code == District).ExecuteDeleteAsync();
        await db.Districts.Where(d => d.Code == City).ExecuteDeleteAsync();

        db.Districts.Add(new District { Code = City, Name = "合成市（基准测试）", Level = DistrictLevel.City, DataSource = Source });
        db.Districts.Add(new District
        {
            Code = District, Name = "合成区（基准测试）", Level = DistrictLevel.District, ParentCode = City, Boundary = Box(-HalfSideMetres, HalfSideMetres),
            ShareUnder3 = SyntheticCity.ShareUnder3, SlotsPerThousandNew = 10, SlotsPerThousandOld = 8, MinInstitutionsPerSubdistrict = 1, DataSource = Source,
        });
        var strip = 2 * HalfSideMetres / 12;
        for (var k = 0; k < 12; k++)
        {
            db.Districts.Add(new District
            {
                Code = $"{District}{k + 1:D3}", Name = $"合成街道{k + 1}", Level = DistrictLevel.Subdistrict, ParentCode = District,
                Boundary = Box(-HalfSideMetres + k * strip, -HalfSideMetres + (k + 1) * strip), DataSource = Source,
            });
        }

        await db.SaveChangesAsync();

        var (demand, supply) = SyntheticCity.Generate(areas, institutions, seed: 20_250_101);
        foreach (var chunk in demand.Chunk(2_000))
        {
            db.ResidentialAreas.AddRange(chunk.Select(a => new ResidentialArea
            {
                Name = $"合成小区 {a.Id}",
                Boundary = Compound(a.Location),
                Population = (int)a.Population,
                Kind = a.Kind == AreaKind.New ? ResidentialKind.New : ResidentialKind.Old,
                DataSource = Source,
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        db.Institutions.AddRange(supply.Select(s => new Institution
        {
            Name = $"合成托育机构 {s.Id}",
            Location = s.Location,
            Nature = InstitutionNature.NonProfit,
            OperatorType = OperatorType.Independent,
            ServiceTypes = [ServiceType.FullDay],
            ApprovedSlots = s.ApprovedSlots,
            Status = InstitutionStatus.Operating,
            FilingStatus = s.Status.HasFlag(ProviderTraits.Filed) ? FilingStatus.Filed : FilingStatus.Unfiled,
            FiledOn = s.Status.HasFlag(ProviderTraits.Filed) ? new DateOnly(2024, 1, 1) : null,
            IsPuhui = s.Status.HasFlag(ProviderTraits.Affordable),
            IsStandardised = s.Status.HasFlag(ProviderTraits.Standardised),
            DataSource = Source,
        }));
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE residential_areas; ANALYZE institutions; ANALYZE districts;");
        log.WriteLine($"Synthetic city {District} loaded in {started.Elapsed.TotalSeconds:F1} s.");
    }

    private static MultiPolygon Box(double west, double east) => Rectangle(0, 0, east - west, 2 * HalfSideMetres, (west + east) / 2);

    /// <summary>A compound of 120 m × 100 m centred on the demand point (its point on surface is the point).</summary>
    private static MultiPolygon Compound(Point at)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(SyntheticCityCentre.Lat);
        return Rectangle((at.X - SyntheticCityCentre.Lon) * perLon, (at.Y - SyntheticCityCentre.Lat) * perLat, 120, 100, 0);
    }

    private static MultiPolygon Rectangle(double east, double north, double width, double height, double shiftEast)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(SyntheticCityCentre.Lat);
        var corners = new[] { (-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1) }
            .Select(c => new Coordinate(
                SyntheticCityCentre.Lon + (east + shiftEast + c.Item1 * width / 2) / perLon,
                SyntheticCityCentre.Lat + (north + c.Item2 * height / 2) / perLat))
            .ToArray();
        return Wgs84.Factory.CreateMultiPolygon([Wgs84.Factory.CreatePolygon(corners)]);
    }

    private static class SyntheticCityCentre
    {
        public const double Lon = 119.30;
        public const double Lat = 26.08;
    }
}
