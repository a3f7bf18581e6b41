using Geo.Analysis.Spatial;
using Geo.Api.Reference.Plans;

namespace Geo.Api.Features.Targets;

/// <summary>
/// The records a unit's targets are computed from, read once for the unit and everything below it, and each
/// target's value on any day from the records' own dates (docs/targets.md). A record without a date counts on
/// every day its flag or status says it holds: the data cannot say more.
/// </summary>
internal sealed class TargetValues
{
    private readonly List<Institution> _institutions;
    private readonly List<District> _units;
    private readonly List<PublicPlace> _places;
    private readonly List<NursingRoom> _rooms;

    private TargetValues(List<Institution> institutions, List<District> units, List<PublicPlace> places, List<NursingRoom> rooms)
    {
        _institutions = institutions;
        _units = units;
        _places = places;
        _rooms = rooms;
    }

    public static async Task<TargetValues> LoadAsync(TuoyuDbContext db, District unit, CancellationToken cancellationToken)
    {
        var prefix = Prefix(unit);
        var institutions = await db.Institutions.AsNoTracking().Where(i => i.DistrictCode != null && i.DistrictCode.StartsWith(prefix)).ToListAsync(cancellationToken);
        var units = await db.Districts.AsNoTracking().Where(d => d.Code.StartsWith(prefix))
            .Select(d => new District { Code = d.Code, Name = d.Name, Level = d.Level, ParentCode = d.ParentCode, Population = d.Population })
            .ToListAsync(cancellationToken);
        var places = await db.PublicPlaces.AsNoTracking().Where(p => p.RequiresNursingRoom && p.DistrictCode != null && p.DistrictCode.StartsWith(prefix)).ToListAsync(cancellationToken);
        var rooms = await db.NursingRooms.AsNoTracking().Where(r => r.DistrictCode != null && r.DistrictCode.StartsWith(prefix)).ToListAsync(cancellationToken);
        return new TargetValues(institutions, units, places, rooms);
    }

    public District? Unit(string code) => _units.FirstOrDefault(u => u.Code == code);

    public IEnumerable<District> Children(string code) => _units.Where(u => u.ParentCode == code).OrderBy(u => u.Code, StringComparer.Ordinal);

    /// <summary>The target's value in <paramref name="scope"/> on any day, or null with the reason when TuoyuGeo cannot compute it yet.</summary>
    public (Func<DateOnly, double>? ValueOn, string? Reason) For(UnitTarget target, District scope)
    {
        var institutions = _institutions.Where(i => InScope(i.DistrictCode, i.SubdistrictCode, scope)).ToList();
        switch (target.Kind)
        {
            case PlanTargetKind.InstitutionCount:
                var category = target.Category ?? InstitutionCategory.Operating;
                return (day => institutions.Count(i => Counts(i, category, day)), null);
            case PlanTargetKind.InstitutionsPerSubdistrict:
                var subdistricts = _units.Where(u => u.Level == DistrictLevel.Subdistrict && u.Code.StartsWith(Prefix(scope), StringComparison.Ordinal)).Select(u => u.Code).ToList();
                if (subdistricts.Count == 0)
                {
                    return (null, "该单位没有街道/镇记录（the unit has no 街道/镇 on record）");
                }

                var min = target.MinPerSubdistrict ?? 1;
                var counted = target.Category ?? InstitutionCategory.Operating;
                return (day => subdistricts.Count(s => institutions.Count(i => i.SubdistrictCode == s && Counts(i, counted, day)) >= min) / (double)subdistricts.Count, null);
            case PlanTargetKind.AffordableSlotShare:
                return (day =>
                {
                    var operating = institutions.Where(i => Counts(i, InstitutionCategory.Operating, day)).ToList();
                    var all = operating.Sum(i => i.ApprovedSlots);
                    return all == 0 ? 0 : operating.Where(i => Counts(i, InstitutionCategory.Affordable, day)).Sum(i => i.ApprovedSlots) / (double)all;
                }, null);
            case PlanTargetKind.SlotsPerThousand when target.Scope is SlotScope.All or null:
                if (scope.Population is not > 0)
                {
                    return (null, "该单位没有人口基数（the unit has no population basis）");
                }

                return (day => institutions.Where(i => Counts(i, InstitutionCategory.Operating, day)).Sum(i => i.ApprovedSlots) * 1000.0 / scope.Population.Value, null);
            case PlanTargetKind.NursingRoomShare:
                var places = _places.Where(p => target.Places.Contains(p.PlaceType) && InScope(p.DistrictCode, p.SubdistrictCode, scope)).ToList();
                if (places.Count == 0)
                {
                    return (null, "没有应设母婴室的此类公共场所记录（no required public places of these types on record）");
                }

                var opened = places.Select(p => RoomOpenedAt(p)).ToList();
                return (day => opened.Count(o => o <= day) / (double)places.Count, null);
            default:
                return (null, "尚未计算：缺少所需的记录（not computed yet: TuoyuGeo does not record what it counts, e.g. new areas' handover or 2SFCA by area as of a date）");
        }
    }

    /// <summary>Whether the institution is of the category on the day: opened and not closed, and recognised (or filed) by then.</summary>
    public static bool Counts(Institution i, InstitutionCategory category, DateOnly day)
    {
        var operating = i.Status != InstitutionStatus.Planned
            && (i.OpenedOn ?? DateOnly.MinValue) <= day
            && !(i.Status == InstitutionStatus.Closed && (i.ClosedOn ?? DateOnly.MinValue) <= day);
        return operating && category switch
        {
            InstitutionCategory.Operating => true,
            InstitutionCategory.Filed => i.FilingStatus is FilingStatus.Filed or FilingStatus.NonCompliant && (i.FiledOn ?? DateOnly.MinValue) <= day,
            InstitutionCategory.Demonstration => i.IsDemonstration && (i.DemonstrationOn ?? DateOnly.MinValue) <= day,
            InstitutionCategory.Standardised => i.IsStandardised && (i.StandardisedOn ?? DateOnly.MinValue) <= day,
            _ => i.IsPuhui && (i.PuhuiOn ?? DateOnly.MinValue) <= day,
        };
    }

    /// <summary>The first day a compliant room (≥ 10 m², every item) serves the place: recorded at it or within 50 m.</summary>
    private DateOnly RoomOpenedAt(PublicPlace place)
    {
        var allItems = Enum.GetValues<NursingRoomEquipment>().Length;
        var days = _rooms
            .Where(r => r.UsableAreaM2 >= 10 && r.Equipment.Distinct().Count() >= allItems)
            .Where(r => r.PublicPlaceId == place.Id || GroundDistance.Metres(r.Location.Coordinate, place.Location.Coordinate) <= 50)
            .Select(r => r.OpenedOn ?? DateOnly.MinValue)
            .ToList();
        return days.Count == 0 ? DateOnly.MaxValue : days.Min();
    }

    private static bool InScope(string? district, string? subdistrict, District scope) => scope.Level switch
    {
        DistrictLevel.Subdistrict or DistrictLevel.Community => subdistrict is not null && subdistrict.StartsWith(scope.Code, StringComparison.Ordinal),
        _ => district is not null && district.StartsWith(Prefix(scope), StringComparison.Ordinal),
    };

    /// <summary>What the codes of everything in the unit begin with: 22 for 吉林省, 2201 for 长春市, 350102 for 鼓楼区.</summary>
    public static string Prefix(District unit) => unit.Level switch
    {
        DistrictLevel.Province => unit.Code[..2],
        DistrictLevel.City => unit.Code[..4],
        _ => unit.Code,
    };

}
