using Geo.Api.Data.Entities;
using Geo.Api.Features.Analysis;

namespace Geo.Api.Tests.AnalysisApi;

/// <summary>
/// The analyses read areas and institutions with one binary Npgsql statement each (<see cref="AnalysisData"/>): the rows
/// must be those EF Core's projection of the same filter gives, field by field and in id order, for a district and a city.
/// </summary>
public sealed class AnalysisRowsTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string East = "990102";

    [Fact]
    public async Task The_binary_read_gives_the_rows_of_the_entity_projection()
    {
        await using (var seed = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(seed);
            seed.Districts.Add(new District
            {
                Code = East, Name = "测试东区", Level = DistrictLevel.District, ParentCode = SmallTown.City, Boundary = SmallTown.Square(2000, east: 4000), ShareUnder3 = 0.04,
            });
            var outlined = SmallTown.Area("有边界", 100, 100, 800, ResidentialKind.New);
            outlined.Boundary = SmallTown.Square(50, 100, 100);
            seed.ResidentialAreas.AddRange(SmallTown.Area("老区", -300, 200, 1200, ResidentialKind.Old), outlined, SmallTown.Area("东区", 3900, 0, 500, ResidentialKind.New));
            seed.Institutions.AddRange(
                SmallTown.Institution("在营", 0, 0, 40),
                SmallTown.Institution("未备案", 200, 0, 25, FilingStatus.Unfiled),
                SmallTown.Institution("已关", -200, 0, 10, FilingStatus.Cancelled, InstitutionStatus.Closed),
                SmallTown.Institution("筹建", 4100, 0, 30, FilingStatus.NonCompliant, InstitutionStatus.Planned));
            await seed.SaveChangesAsync();
            (await seed.Institutions.SingleAsync(i => i.Name == "在营")).IsPuhui = true;
            (await seed.Institutions.SingleAsync(i => i.Name == "未备案")).IsStandardised = true;
            (await seed.Institutions.SingleAsync(i => i.Name == "筹建")).IsDemonstration = true;
            await seed.SaveChangesAsync();
        }

        await using var db = Fixture.CreateDbContext();
        string[] city = [SmallTown.District, East];
        var shares = new Dictionary<string, double> { [SmallTown.District] = SmallTown.Share, [East] = 0.04 };

        var areas = await db.ResidentialAreas.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var institutions = await db.Institutions.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(
            Areas(areas.Where(a => a.DistrictCode == SmallTown.District), a => a.SubdistrictCode, _ => null, boundary: true),
            Areas(await AnalysisData.AreasAsync(db, SmallTown.District, withBoundary: true, CancellationToken.None)));
        Assert.Equal(
            Areas(areas.Where(a => city.Contains(a.DistrictCode)), a => a.DistrictCode, a => shares[a.DistrictCode!], boundary: false),
            Areas(await AnalysisData.CityAreasAsync(db, shares, withBoundary: false, CancellationToken.None)));
        Assert.Equal(
            Institutions(institutions.Where(i => i.DistrictCode == SmallTown.District), i => i.SubdistrictCode),
            await AnalysisData.InstitutionsAsync(db, SmallTown.District, CancellationToken.None));
        Assert.Equal(
            Institutions(institutions.Where(i => city.Contains(i.DistrictCode)), i => i.DistrictCode),
            await AnalysisData.CityInstitutionsAsync(db, city, CancellationToken.None));
        Assert.Equal(3, areas.Count(a => a.DistrictCode == SmallTown.District || a.DistrictCode == East)); // every case above had rows to compare
        Assert.Equal([SmallTown.District, SmallTown.District, SmallTown.District, East], institutions.Select(i => i.DistrictCode));
    }

    // Geometries compared as text: a record's equality would compare them by reference.
    private static List<string> Areas(IEnumerable<AreaRow> rows) =>
        [.. rows.Select(r => $"{r.Id} {r.Name} {r.Location.AsText()} {r.Boundary?.AsText()} {r.Population} {r.Kind} {r.SubdistrictCode} {r.ShareUnder3}")];

    private static List<string> Areas(IEnumerable<ResidentialArea> rows, Func<ResidentialArea, string?> unit, Func<ResidentialArea, double?> share, bool boundary) =>
        Areas(rows.Select(a => new AreaRow(a.Id, a.Name, a.Location, boundary ? a.Boundary : null, a.Population, a.Kind, unit(a), share(a))));

    private static List<InstitutionRow> Institutions(IEnumerable<Institution> rows, Func<Institution, string?> unit) =>
        [.. rows.Select(i => new InstitutionRow(i.Id, i.Location, i.ApprovedSlots, i.Status, i.FilingStatus, i.IsPuhui, i.IsDemonstration, i.IsStandardised, unit(i)))];
}
