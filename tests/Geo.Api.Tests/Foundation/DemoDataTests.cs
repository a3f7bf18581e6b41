using System.Text.Json;
using Geo.Analysis.Coordinates;
using Geo.Api.Data.Entities;
using Geo.Api.Demo;

namespace Geo.Api.Tests.Foundation;

public sealed class DemoDataTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public void Generating_twice_gives_the_same_district()
    {
        var first = Fingerprint(DemoDistrict.Generate(DemoSources.Read()));
        var second = Fingerprint(DemoDistrict.Generate(DemoSources.Read()));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Loading_the_demo_is_deterministic_and_matches_the_census()
    {
        var first = await LoadAndReadBackAsync();
        await Fixture.ResetAsync();
        var second = await LoadAndReadBackAsync();
        Assert.Equal(first, second);

        await using var db = Fixture.CreateDbContext();
        var sources = DemoSources.Read();
        Assert.Equal(sources.Population, await db.ResidentialAreas.SumAsync(a => a.Population));
        Assert.Equal(10, await db.Districts.CountAsync(d => d.Level == DistrictLevel.Subdistrict));
        Assert.Equal(40, await db.Institutions.CountAsync());
        Assert.Equal(30, await db.NursingRooms.CountAsync());
        Assert.Equal(30, await db.PublicPlaces.CountAsync());
        Assert.Equal(25, await db.Parcels.CountAsync());
        Assert.Contains(await db.PublicPlaces.Select(p => p.Name).ToListAsync(), n => n == "东街口地铁站");

        // Every feature lies in one of the real 街道, and none of the synthetic rows hides its nature.
        Assert.False(await db.ResidentialAreas.AnyAsync(a => a.SubdistrictCode == null));
        Assert.False(await db.Institutions.AnyAsync(i => i.SubdistrictCode == null || !i.DataSource.Contains("synthetic")));
        // The gaps planted for the analysis: 街道 without an institution, supply below 8 托位 per 1,000.
        var withInstitutions = await db.Institutions.Select(i => i.SubdistrictCode).Distinct().CountAsync();
        Assert.InRange(withInstitutions, 1, 9);
        var slots = await db.Institutions.Where(i => i.Status == InstitutionStatus.Operating).SumAsync(i => i.ApprovedSlots);
        Assert.True(slots * 1000.0 / sources.Population < 8);
    }

    [Fact]
    public async Task The_demo_is_not_loaded_over_existing_data()
    {
        await using var db = Fixture.CreateDbContext();
        Assert.True(await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance));
        Assert.False(await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance));
        Assert.Equal(40, await db.Institutions.CountAsync());
    }

    [Theory]
    // GCJ-02 vertices of the 鼓楼 boundary and their WGS-84 positions, computed independently of this code
    // base: the published GCJ-02 forward formula inverted by fixed-point iteration to 1e-12° (Python).
    [InlineData(119.262223, 26.114532, 119.257457105, 26.117699982)]
    [InlineData(119.245534, 26.09422, 119.240767806, 26.097374348)]
    [InlineData(119.291844, 26.069645, 119.287057931, 26.072759264)]
    [InlineData(119.32264, 26.069756, 119.317802799, 26.072820068)]
    [InlineData(119.289027, 26.123006, 119.284240488, 26.126158777)]
    public void The_boundary_is_converted_from_GCJ02_within_a_metre_of_control_points(
        double gcjLon, double gcjLat, double wgsLon, double wgsLat)
    {
        var sources = DemoSources.Read();
        var index = Array.FindIndex(sources.DistrictBoundaryGcj02.Coordinates, c => c.X == gcjLon && c.Y == gcjLat);
        Assert.True(index >= 0, "control point is a vertex of the boundary file");

        var converted = sources.DistrictBoundary.Coordinates[index];
        Assert.True(Analysis.Spatial.GroundDistance.Metres(converted.X, converted.Y, wgsLon, wgsLat) < 1.0);
        Assert.Equal(4326, sources.DistrictBoundary.SRID);
        Assert.True(sources.DistrictBoundary.IsValid);
        Assert.Same(Crs.Gcj02, Crs.Parse("GCJ-02"));
    }

    private async Task<string> LoadAndReadBackAsync()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
        }

        await using var read = Fixture.CreateDbContext();
        var rows = new
        {
            districts = await read.Districts.OrderBy(d => d.Code).Select(d => new { d.Code, d.Name, d.ParentCode, Wkt = d.Boundary!.AsText(), d.Population }).ToListAsync(),
            areas = await read.ResidentialAreas.OrderBy(a => a.Id).Select(a => new { a.Name, Wkt = a.Boundary!.AsText(), a.Population, a.Kind, a.SubdistrictCode }).ToListAsync(),
            institutions = await read.Institutions.OrderBy(i => i.Id).Select(i => new { i.Name, i.CreditCode, Wkt = i.Location.AsText(), i.ApprovedSlots, i.EnrolledSlots, i.SubdistrictCode }).ToListAsync(),
            rooms = await read.NursingRooms.OrderBy(r => r.Id).Select(r => new { r.Name, Wkt = r.Location.AsText(), r.PublicPlaceId }).ToListAsync(),
            parcels = await read.Parcels.OrderBy(p => p.Id).Select(p => new { p.Code, Wkt = p.Boundary.AsText(), p.AreaM2 }).ToListAsync(),
        };
        return JsonSerializer.Serialize(rows);
    }

    private static string Fingerprint(DemoDistrict demo) => JsonSerializer.Serialize(new
    {
        districts = demo.Districts.Select(d => new { d.Code, d.Name, Wkt = d.Boundary?.AsText() }),
        areas = demo.ResidentialAreas.Select(a => new { a.Name, Wkt = a.Boundary!.AsText(), a.Population, a.Kind }),
        institutions = demo.Institutions.Select(i => new { i.Name, i.CreditCode, Wkt = i.Location.AsText(), i.ApprovedSlots, i.Classes.Count }),
        rooms = demo.NursingRooms.Select(r => new { r.Name, r.UsableAreaM2, r.Equipment }),
        parcels = demo.Parcels.Select(p => new { p.Code, Wkt = p.Boundary.AsText(), p.LandUse, p.Status }),
    });
}
