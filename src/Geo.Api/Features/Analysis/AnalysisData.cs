using Geo.Analysis.Coverage;

namespace Geo.Api.Features.Analysis;

/// <summary>A residential area as the analysis reads it (demand point, outline for the map, and its figures).</summary>
/// <param name="SubdistrictCode">The unit its totals fall in: its 街道 in a district's analysis, its district in a city's.</param>
/// <param name="ShareUnder3">Its own district's share of children under 3 in a city's analysis; null: the analysed district's.</param>
public sealed record AreaRow(long Id, string Name, Point Location, MultiPolygon? Boundary, int Population, ResidentialKind Kind, string? SubdistrictCode,
    double? ShareUnder3 = null)
{
    /// <param name="calibration">The district's calibration factor (<see cref="PopulationBalance.Calibration"/>).</param>
    public DemandArea ToDemand(double calibration = 1) => new(Key(Id), Location, Population * calibration,
        Kind == ResidentialKind.New ? AreaKind.New : AreaKind.Old, SubdistrictCode, ShareUnder3);

    /// <summary>The engine orders by id as text; the API answers by numeric id.</summary>
    public static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An institution as supply: where, how many 托位, and what is true of it.</summary>
public sealed record InstitutionRow(
    long Id, Point Location, int ApprovedSlots, InstitutionStatus Status, FilingStatus Filing,
    bool IsPuhui, bool IsDemonstration, bool IsStandardised, string? SubdistrictCode)
{
    public CareProvider ToSupply() => new(AreaRow.Key(Id), Location, ApprovedSlots, Flags(), SubdistrictCode);

    private ProviderTraits Flags() =>
        (Status == InstitutionStatus.Operating ? ProviderTraits.Operating : 0)
        | (Filing == FilingStatus.Filed ? ProviderTraits.Filed : 0)
        | (IsPuhui ? ProviderTraits.Affordable : 0)
        | (IsDemonstration ? ProviderTraits.Demonstration : 0)
        | (IsStandardised ? ProviderTraits.Standardised : 0);
}

public sealed record PlaceRow(long Id, string Name, Point Location, VenueType Type, double? BuildingAreaM2, int? DailyVisitors, string? SubdistrictCode);

public sealed record RoomRow(
    long Id, string Name, string VenueName, VenueType VenueType, long? PublicPlaceId, Point Location,
    double UsableAreaM2, List<NursingRoomEquipment> Equipment, string? SubdistrictCode);

/// <summary>
/// Reads a district's layers for the analyses: one untracked read per table, only the columns used,
/// filtered on the indexed district_code the database derives.
/// </summary>
public static class AnalysisData
{
    /// <summary>The district's areas, each in its 街道.</summary>
    public static Task<List<AreaRow>> AreasAsync(TuoyuDbContext db, string district, bool withBoundary, CancellationToken cancellationToken) =>
        AnalysisRows.AreasAsync(db, [district], AnalysisRows.Unit.Subdistrict, withBoundary, null, cancellationToken);

    /// <summary>Every institution of the district whatever its status: the supply filter chooses among them.</summary>
    public static Task<List<InstitutionRow>> InstitutionsAsync(TuoyuDbContext db, string district, CancellationToken cancellationToken) =>
        AnalysisRows.InstitutionsAsync(db, [district], AnalysisRows.Unit.Subdistrict, cancellationToken);

    /// <summary>The areas of a city's districts, each in its district and with the district's share of children under 3.</summary>
    public static Task<List<AreaRow>> CityAreasAsync(TuoyuDbContext db, IReadOnlyDictionary<string, double> sharesByDistrict, bool withBoundary,
        CancellationToken cancellationToken) =>
        AnalysisRows.AreasAsync(db, [.. sharesByDistrict.Keys], AnalysisRows.Unit.District, withBoundary, sharesByDistrict, cancellationToken);

    /// <summary>Every institution of a city's districts, each in its district (<see cref="InstitutionRow.SubdistrictCode"/>).</summary>
    public static Task<List<InstitutionRow>> CityInstitutionsAsync(TuoyuDbContext db, IReadOnlyCollection<string> districts, CancellationToken cancellationToken) =>
        AnalysisRows.InstitutionsAsync(db, [.. districts], AnalysisRows.Unit.District, cancellationToken);

    public static Task<List<PlaceRow>> PlacesAsync(TuoyuDbContext db, string district, CancellationToken cancellationToken) =>
        db.PublicPlaces.AsNoTracking()
            .Where(p => p.DistrictCode == district)
            .OrderBy(p => p.Id)
            .Select(p => new PlaceRow(p.Id, p.Name, p.Location, p.PlaceType, p.BuildingAreaM2, p.DailyVisitors, p.SubdistrictCode))
            .ToListAsync(cancellationToken);

    public static Task<List<RoomRow>> RoomsAsync(TuoyuDbContext db, string district, CancellationToken cancellationToken) =>
        db.NursingRooms.AsNoTracking()
            .Where(r => r.DistrictCode == district)
            .OrderBy(r => r.Id)
            .Select(r => new RoomRow(r.Id, r.Name, r.VenueName, r.VenueType, r.PublicPlaceId, r.Location,
                r.UsableAreaM2, r.Equipment, r.SubdistrictCode))
            .ToListAsync(cancellationToken);

    /// <summary>The 街道/镇 outlines of a district, to place hypothetical institutions (what-if only).</summary>
    public static async Task<List<(string Code, MultiPolygon Boundary)>> SubdistrictBoundariesAsync(
        TuoyuDbContext db, string district, CancellationToken cancellationToken)
    {
        var rows = await db.Districts.AsNoTracking()
            .Where(d => d.ParentCode == district && d.Level == DistrictLevel.Subdistrict && d.Boundary != null)
            .OrderBy(d => d.Code)
            .Select(d => new { d.Code, d.Boundary })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.Code, r.Boundary!)).ToList();
    }

    public static Task<List<PlanningTarget>> TargetsAsync(TuoyuDbContext db, IReadOnlyList<string> lineage, CancellationToken cancellationToken) =>
        db.PlanningTargets.AsNoTracking()
            .Where(t => lineage.Contains(t.DistrictCode))
            .OrderBy(t => t.DueDate).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
}
