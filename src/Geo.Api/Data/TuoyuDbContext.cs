namespace Geo.Api.Data;

/// <summary>The service's database. Every SaveChanges also writes the audit entries of what it changed.</summary>
public sealed class TuoyuDbContext(DbContextOptions<TuoyuDbContext> options, IAuditActor? actor = null) : DbContext(options)
{
    public DbSet<District> Districts => Set<District>();
    public DbSet<PlanningTarget> PlanningTargets => Set<PlanningTarget>();
    public DbSet<UnitTarget> UnitTargets => Set<UnitTarget>();
    public DbSet<UnitStandard> UnitStandards => Set<UnitStandard>();
    public DbSet<Institution> Institutions => Set<Institution>();
    public DbSet<NursingRoom> NursingRooms => Set<NursingRoom>();
    public DbSet<PublicPlace> PublicPlaces => Set<PublicPlace>();
    public DbSet<ResidentialArea> ResidentialAreas => Set<ResidentialArea>();
    public DbSet<Parcel> Parcels => Set<Parcel>();
    public DbSet<UserAccount> UserAccounts => Set<UserAccount>();
    public DbSet<ServiceSetting> ServiceSettings => Set<ServiceSetting>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<SitingScenario> SitingScenarios => Set<SitingScenario>();
    public DbSet<StreetNetwork> StreetNetworks => Set<StreetNetwork>();
    public DbSet<StreetNode> StreetNodes => Set<StreetNode>();
    public DbSet<StreetEdge> StreetEdges => Set<StreetEdge>();

    /// <summary>Who the audit entries of this context's changes name (set-based writes stamp it themselves).</summary>
    public string AuditActor => actor?.Name ?? "system";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TuoyuDbContext).Assembly);
        modelBuilder.HasDbFunction(typeof(GroundFunctions).GetMethod(nameof(GroundFunctions.WithinMetres))!).HasName("tuoyu_within_metres");
        modelBuilder.HasDbFunction(typeof(GroundFunctions).GetMethod(nameof(GroundFunctions.DistanceMetres))!).HasName("tuoyu_distance_metres");
        modelBuilder.HasDbFunction(typeof(GroundFunctions).GetMethod(nameof(GroundFunctions.KnnMetres))!).HasName("tuoyu_knn_metres");
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var pending = AuditTrail.Capture(ChangeTracker);
        var now = StampTimes();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The changes and their audit entries commit together or not at all.
        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        AuditEntries.AddRange(AuditTrail.Complete(pending, AuditActor, now));
        await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    private DateTimeOffset StampTimes()
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

        return now;
    }
}
