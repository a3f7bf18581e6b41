using Microsoft.EntityFrameworkCore;
using Geo.Api.Data.Entities;

namespace Geo.Api.Data;

public sealed class TuoyuDbContext(DbContextOptions<TuoyuDbContext> options) : DbContext(options)
{
    public DbSet<District> Districts => Set<District>();
    public DbSet<PlanningTarget> PlanningTargets => Set<PlanningTarget>();
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<NursingRoom> NursingRooms => Set<NursingRoom>();
    public DbSet<PublicPlace> PublicPlaces => Set<PublicPlace>();
    public DbSet<ResidentialArea> ResidentialAreas => Set<ResidentialArea>();
    public DbSet<Parcel> Parcels => Set<Parcel>();
    public DbSet<SitingScenario> SitingScenarios => Set<SitingScenario>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TuoyuDbContext).Assembly);
        modelBuilder.HasDbFunction(typeof(GroundFunctions).GetMethod(nameof(GroundFunctions.WithinMetres))!).HasName("tuoyu_within_metres");
        modelBuilder.HasDbFunction(typeof(GroundFunctions).GetMethod(nameof(GroundFunctions.DistanceMetres))!).HasName("tuoyu_distance_metres");
        modelBuilder.HasDbFunction(typeof(GroundFunctions).GetMethod(nameof(GroundFunctions.KnnMetres))!).HasName("tuoyu_knn_metres");
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTimes();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTimes();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void StampTimes()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var entry in ChangeTracker.Entries<TrackedEntity>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = now;
                entry.Entity.UpdatedAt = now;
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.UpdatedAt = now;
            }
        }
    }
}
