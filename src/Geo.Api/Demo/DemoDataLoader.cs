using Geo.Api.Features.Targets;

namespace Geo.Api.Demo;

/// <summary>Loads the demo district into an empty database, all of it or nothing.</summary>
public static class DemoDataLoader
{
    public static async Task<bool> LoadIfEmptyAsync(TuoyuDbContext db, ILogger log, CancellationToken cancellationToken = default)
    {
        if (await db.Districts.AnyAsync(cancellationToken))
        {
            return false;
        }

        var demo = DemoDistrict.Generate(DemoSources.Read());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Districts first: the database assigns every feature to the 街道 whose boundary covers it.
        db.Districts.AddRange(demo.Districts);
        await db.SaveChangesAsync(cancellationToken);

        db.PublicPlaces.AddRange(demo.PublicPlaces);
        await db.SaveChangesAsync(cancellationToken);
        var placeIds = demo.PublicPlaces.ToDictionary(p => p.Name, p => p.Id);
        foreach (var room in demo.NursingRooms)
        {
            room.PublicPlaceId = placeIds.TryGetValue(room.VenueName, out var id) ? id : null;
        }

        db.ResidentialAreas.AddRange(demo.ResidentialAreas);
        db.Institutions.AddRange(demo.Institutions);
        db.NursingRooms.AddRange(demo.NursingRooms);
        db.Parcels.AddRange(demo.Parcels);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (area, institution) in demo.FacilityInstitutions)
        {
            area.FacilityInstitutionId = institution.Id;
        }

        await db.SaveChangesAsync(cancellationToken);

        // 鼓楼's own plan (data/plans/350102.json), not rules borrowed from other districts' documents.
        await new PlanApplier(db).ApplyAsync(DemoSources.GulouAdcode, dryRun: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        log.LogInformation(
            "Demo district {Name}: {Areas} residential areas, {Institutions} institutions, {Places} public places, {Rooms} 母婴室, {Parcels} parcels",
            demo.Districts.First(d => d.Code == DemoSources.GulouAdcode).Name, demo.ResidentialAreas.Count,
            demo.Institutions.Count, demo.PublicPlaces.Count, demo.NursingRooms.Count, demo.Parcels.Count);
        return true;
    }
}
