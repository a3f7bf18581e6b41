using Geo.Analysis.Coverage;
using Geo.Analysis.Targets;
using Geo.Analysis.Spatial;
using Geo.Api.Features.Analysis;
using Geo.Api.Features.Layers;
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
    private readonly List<ResidentialArea> _areas;
    private readonly List<Parcel> _parcels;
    private readonly CoverageOptions _coverage;
    private readonly double _radiusMetres;
    private readonly double _newAreaSlotsPerThousand;
    private readonly TargetWalks _walks;

    private TargetValues(List<Institution> institutions, List<District> units, List<PublicPlace> places, List<NursingRoom> rooms,
        List<ResidentialArea> areas, List<Parcel> parcels, HousingFacilities facilities, double radiusMetres, double newAreaSlotsPerThousand, TargetWalks walks)
    {
        _institutions = institutions;
        _units = units;
        _places = places;
        _rooms = rooms;
        _areas = areas;
        _parcels = parcels;
        Facilities = facilities;
        _radiusMetres = radiusMetres;
        _newAreaSlotsPerThousand = newAreaSlotsPerThousand;
        _walks = walks;
        // 托位 per 1,000 residents reads accessibility per resident; the under-3 share only sets the areas' children
        // figures, which this target does not read, so no district's share is needed here.
        _coverage = new CoverageOptions { Catchment = new CatchmentRadius(radiusMetres), DefaultChildrenUnder3Share = 1 };
    }

    /// <summary>
    /// The records below the catalogue's unit, computed with its standards: the service radius (the 2SFCA catchment of
    /// 托位 per 1,000 by area kind) and the new-area 托位 per 1,000 (the facility a new area must deliver).
    /// </summary>
    /// <remarks>Walks are measured in a straight line: the callers of this overload read no coverage-based target.</remarks>
    public static Task<TargetValues> LoadAsync(TuoyuDbContext db, TargetCatalogue catalogue, CancellationToken cancellationToken) =>
        LoadAsync(db, catalogue, Layers.All, null, cancellationToken);

    /// <summary>
    /// The records the targets given read, and no others: a province's roll-up whose targets count institutions need
    /// not read its million residential areas (2.5 s of the 2.6 s such a roll-up took with one city set up). The
    /// coverage-based targets walk as <paramref name="walk"/> asks, each district by its own measure (<see cref="TargetWalks"/>).
    /// </summary>
    /// <exception cref="RequestValidationException">distance = network for a unit inside a district without a walking network.</exception>
    public static Task<TargetValues> LoadAsync(TuoyuDbContext db, TargetCatalogue catalogue, IEnumerable<TargetOut> evaluated,
        WalkingDistances distances, TargetWalkRequest walk, CancellationToken cancellationToken)
    {
        var targets = evaluated.ToList();
        return LoadAsync(db, catalogue, targets.Aggregate(Layers.None, (read, t) => read | ReadBy(t)),
            targets.Any(t => IsWalked(t.Kind, t.Scope)) ? (distances, walk) : null, cancellationToken);
    }

    /// <summary>Whether a target's value reckons the places within reach of a walk: 托位/千人 of new or of old areas (2SFCA).</summary>
    private static bool IsWalked(PlanTargetKind kind, SlotScope? scope) => kind == PlanTargetKind.SlotsPerThousand && scope is SlotScope.NewAreas or SlotScope.OldAreas;

    [Flags]
    private enum Layers
    {
        None = 0,
        Institutions = 1,
        Areas = 2,
        PlacesAndRooms = 4,
        Parcels = 8,
        All = Institutions | Areas | PlacesAndRooms | Parcels,
    }

    /// <summary>What <see cref="ValueFor"/> and <see cref="Basis"/> read for the target (a per-unit target: the same as each of its units).</summary>
    private static Layers ReadBy(TargetOut target) => target.Kind switch
    {
        PlanTargetKind.InstitutionCount or PlanTargetKind.InstitutionsPerSubdistrict or PlanTargetKind.AffordableSlotShare => Layers.Institutions,
        PlanTargetKind.SlotsPerThousand when target.Scope is SlotScope.All or null => Layers.Institutions,
        PlanTargetKind.SlotsPerThousand => Layers.Institutions | Layers.Areas,
        PlanTargetKind.NursingRoomShare => Layers.PlacesAndRooms,
        PlanTargetKind.LandReserved => Layers.Parcels,
        PlanTargetKind.HousingDeliveredFacilityShare => Layers.Areas,
        _ => target.Layer switch
        {
            "institutions" => Layers.Institutions,
            "nursing_rooms" or "public_places" => Layers.PlacesAndRooms,
            "residential_areas" => Layers.Areas,
            _ => Layers.Parcels,
        },
    };

    private static async Task<TargetValues> LoadAsync(TuoyuDbContext db, TargetCatalogue catalogue, Layers read,
        (WalkingDistances Distances, TargetWalkRequest Request)? walk, CancellationToken cancellationToken)
    {
        var unit = catalogue.Unit;
        var prefix = Prefix(unit);
        var institutions = !read.HasFlag(Layers.Institutions) ? []
            : await db.Institutions.AsNoTracking().Where(DistrictSelector.InDistrictsStartingWith<Institution>(prefix)).ToListAsync(cancellationToken);
        var units = await db.Districts.AsNoTracking().Where(d => d.Code.StartsWith(prefix))
            .Select(d => new District { Code = d.Code, Name = d.Name, Level = d.Level, ParentCode = d.ParentCode, Population = d.Population })
            .ToListAsync(cancellationToken);
        var places = !read.HasFlag(Layers.PlacesAndRooms) ? []
            : await db.PublicPlaces.AsNoTracking().Where(DistrictSelector.InDistrictsStartingWith<PublicPlace>(prefix)).ToListAsync(cancellationToken);
        var rooms = !read.HasFlag(Layers.PlacesAndRooms) ? []
            : await db.NursingRooms.AsNoTracking().Where(DistrictSelector.InDistrictsStartingWith<NursingRoom>(prefix)).ToListAsync(cancellationToken);
        // Every figure of an area but its outline: a province's areas, polygons and all, would be most of what is read.
        var areas = !read.HasFlag(Layers.Areas) ? [] : await db.ResidentialAreas.AsNoTracking().Where(DistrictSelector.InDistrictsStartingWith<ResidentialArea>(prefix))
            .Select(a => new ResidentialArea
            {
                Id = a.Id, Name = a.Name, Location = a.Location, AreaM2 = a.AreaM2, Population = a.Population, Households = a.Households,
                PopulationIsEstimated = a.PopulationIsEstimated, Kind = a.Kind, CompletionYear = a.CompletionYear, HandoverOn = a.HandoverOn,
                FacilityInstitutionId = a.FacilityInstitutionId, FacilityParcelCode = a.FacilityParcelCode, FacilitySlots = a.FacilitySlots,
                FacilityStatus = a.FacilityStatus, FacilityDeliveredOn = a.FacilityDeliveredOn, SubdistrictCode = a.SubdistrictCode,
                DistrictCode = a.DistrictCode, DataSource = a.DataSource, SourceCrs = a.SourceCrs, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt,
                Version = a.Version,
            })
            .ToListAsync(cancellationToken);
        var parcels = !read.HasFlag(Layers.Parcels) ? []
            : await db.Parcels.AsNoTracking().Where(DistrictSelector.InDistrictsStartingWith<Parcel>(prefix)).ToListAsync(cancellationToken);
        var facilities = await HousingFacilities.LoadAsync(db, areas.Where(a => a.Kind == ResidentialKind.New).ToList(), cancellationToken);
        var radius = catalogue.ServiceRadiusMetres;
        var walks = TargetWalks.None(radius);
        if (walk is { } w)
        {
            // A 街道's records lie in its district, whose row the unit's code prefix does not select.
            var oneDistrict = unit.Level is not (DistrictLevel.City or DistrictLevel.Province);
            var districts = oneDistrict
                ? await db.Districts.AsNoTracking().Where(d => d.Code == unit.Code.Substring(0, 6))
                    .Select(d => new District { Code = d.Code, Name = d.Name, Level = d.Level }).ToListAsync(cancellationToken)
                : units.Where(u => u.Level == DistrictLevel.District).ToList();
            walks = await TargetWalks.ResolveAsync(w.Distances, w.Request, districts, oneDistrict, radius, areas, institutions, cancellationToken);
        }

        return new TargetValues(institutions, units, places, rooms, areas, parcels, facilities, radius, catalogue.NewAreaStandard.Value, walks);
    }

    /// <summary>The facilities the new areas name, found or not.</summary>
    public HousingFacilities Facilities { get; }

    /// <summary>The new residential areas in the scope: those that carry an obligation to deliver a facility with the housing.</summary>
    public IEnumerable<ResidentialArea> NewAreas(District scope) =>
        _areas.Where(a => a.Kind == ResidentialKind.New && InScope(a.DistrictCode, a.SubdistrictCode, scope));

    /// <summary>Parcels reserved for childcare on the day: status 储备, from the reservation day (undated: every day).</summary>
    private IEnumerable<Parcel> ReservedOn(District scope, DateOnly day) =>
        _parcels.Where(p => p.Status == ParcelStatus.Reserve && (p.ReservedOn ?? DateOnly.MinValue) <= day && InScope(p.DistrictCode, p.SubdistrictCode, scope));

    public District? Unit(string code) => _units.FirstOrDefault(u => u.Code == code);

    public IEnumerable<District> Children(string code) => _units.Where(u => u.ParentCode == code).OrderBy(u => u.Code, StringComparer.Ordinal);

    /// <summary>
    /// The target's value in <paramref name="scope"/> on any day, a line saying what it was computed over (or null) and,
    /// for a target that reads walks, how each district measured them (<see cref="Distances"/>); or no value and the
    /// reason, in Chinese, with what TuoyuGeo would need to compute it.
    /// </summary>
    public (Func<DateOnly, double>? ValueOn, string? Reason, string? Basis, IReadOnlyList<DistrictDistanceOut>? Distances) For(UnitTarget target, District scope)
    {
        var (valueOn, reason) = ValueFor(target, scope);
        if (valueOn is null)
        {
            return (null, reason, null, null);
        }

        var distances = Distances(target, scope);
        return (valueOn, reason, Basis(target, scope, distances), distances);
    }

    private (Func<DateOnly, double>? ValueOn, string? Reason) ValueFor(UnitTarget target, District scope)
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
                var places = _places.Where(p => p.RequiresNursingRoom && target.Places.Contains(p.PlaceType) && InScope(p.DistrictCode, p.SubdistrictCode, scope)).ToList();
                if (places.Count == 0)
                {
                    return (null, "没有应设母婴室的此类公共场所记录（no required public places of these types on record）");
                }

                var opened = places.Select(p => RoomOpenedAt(p)).ToList();
                return (day => opened.Count(o => o <= day) / (double)places.Count, null);
            case PlanTargetKind.SlotsPerThousand:
                return SlotsPerThousandIn(target.Scope == SlotScope.NewAreas ? ResidentialKind.New : ResidentialKind.Old, scope, institutions);
            case PlanTargetKind.LandReserved:
                return (day => ReservedOn(scope, day).Count(), null);
            case PlanTargetKind.HousingDeliveredFacilityShare:
                var obligations = NewAreas(scope).Select(Facilities.Obligation).ToList();
                if (!obligations.Any(o => o.HandoverOn is not null))
                {
                    return (null, "无法计算：该单位的新建居住区均未录入住宅交付（验收）日期。需要每个新建居住区的住宅交付日期、规划配建的托育设施（机构或地块）、设施交付日期及其托位数（import or enter handover_on and the facility of each new area）");
                }

                return (day => HousingDelivery.Share(obligations, _newAreaSlotsPerThousand, day), null);
            default:
                return CustomCount(target.Layer!, target.Filter!, scope, institutions);
        }
    }

    /// <summary>
    /// Records of a layer matching a filter (CountFilters) that exist on the day: institutions operating then, 母婴室
    /// opened by then, residential areas completed by then (from 1 January of their completion year), reserved
    /// parcels from their reservation day; public places and other parcels carry no date and count on every day.
    /// </summary>
    private (Func<DateOnly, double>? ValueOn, string? Reason) CustomCount(string layer, IReadOnlyDictionary<string, string> filter, District scope, List<Institution> institutions)
    {
        bool Match(object record) => CountFilters.Matches(layer, filter, record);
        switch (layer)
        {
            case "institutions":
                var matching = institutions.Where(Match).ToList();
                return (day => matching.Count(i => Counts(i, InstitutionCategory.Operating, day)), null);
            case "nursing_rooms":
                var rooms = _rooms.Where(r => InScope(r.DistrictCode, r.SubdistrictCode, scope) && Match(r)).ToList();
                return (day => rooms.Count(r => (r.OpenedOn ?? DateOnly.MinValue) <= day), null);
            case "public_places":
                var places = _places.Count(p => InScope(p.DistrictCode, p.SubdistrictCode, scope) && Match(p));
                return (_ => places, null);
            case "residential_areas":
                var areas = _areas.Where(a => InScope(a.DistrictCode, a.SubdistrictCode, scope) && Match(a)).ToList();
                return (day => areas.Count(a => (a.CompletionYear ?? int.MinValue) <= day.Year), null);
            default:
                var parcels = _parcels.Where(p => InScope(p.DistrictCode, p.SubdistrictCode, scope) && Match(p)).ToList();
                return (day => parcels.Count(p => p.Status != ParcelStatus.Reserve || (p.ReservedOn ?? DateOnly.MinValue) <= day), null);
        }
    }

    /// <summary>
    /// 托位 per 1,000 residents of the areas of one kind completed by the day: their population-weighted 2SFCA
    /// accessibility × 1,000 (docs/targets.md). Every completed area, of either kind, shares an institution's 托位,
    /// as it does in the coverage analysis; an area without a completion year counts on every day.
    /// </summary>
    private (Func<DateOnly, double>? ValueOn, string? Reason) SlotsPerThousandIn(ResidentialKind kind, District scope, List<Institution> institutions)
    {
        var areas = _areas.Where(a => InScope(a.DistrictCode, a.SubdistrictCode, scope)).ToList();
        if (!areas.Any(a => a.Kind == kind))
        {
            return (null, $"无法计算：该单位没有{KindName(kind)}居住区记录，需要导入居住区（含类型、人口与建成年份）。");
        }

        var wanted = kind == ResidentialKind.New ? AreaKind.New : AreaKind.Old;
        return (day =>
        {
            var built = areas.Where(a => a.CompletionYear is not { } year || year <= day.Year).ToList();
            var open = institutions.Where(i => Counts(i, InstitutionCategory.Operating, day)).ToList();
            var demand = built.Select(a => new DemandArea(a.Id.ToString(), a.Location, a.Population, a.Kind == ResidentialKind.New ? AreaKind.New : AreaKind.Old)).ToList();
            var supply = open.Select(i => new CareProvider(i.Id.ToString(), i.Location, i.ApprovedSlots, ProviderTraits.Operating)).ToList();
            var options = _coverage with { Catchment = _walks.Catchment(areas, built, open) };
            var ofKind = CoverageAnalysis.Compute(demand, supply, options).Areas.Where(a => a.Kind == wanted).ToList();
            var population = ofKind.Sum(a => a.Population);
            return population == 0 ? 0 : ofKind.Sum(a => a.AccessibleSlots) * 1000 / population;
        }, null);
    }

    /// <summary>
    /// How a coverage-based target's walks were measured in the scope, per district (network or ground, the speed, the
    /// places off the network); null for a target that reads no walk, or when no measure was resolved (a caller that walks none).
    /// </summary>
    private IReadOnlyList<DistrictDistanceOut>? Distances(UnitTarget target, District scope) => !IsWalked(target.Kind, target.Scope) ? null
        : _walks.Describe(
            _areas.Where(a => InScope(a.DistrictCode, a.SubdistrictCode, scope)).ToList(),
            _institutions.Where(i => InScope(i.DistrictCode, i.SubdistrictCode, scope)).ToList(),
            DistrictsOf(scope));

    /// <summary>The districts of a scope: itself, the one a 街道 lies in, or those of a city or province.</summary>
    private IEnumerable<string> DistrictsOf(District scope) => scope.Level is DistrictLevel.City or DistrictLevel.Province
        ? _units.Where(u => u.Level == DistrictLevel.District && u.Code.StartsWith(Prefix(scope), StringComparison.Ordinal)).Select(u => u.Code)
        : [scope.Code[..6]];

    /// <summary>What a value was computed over, where the number alone would not say it (the areas, the parcels' land).</summary>
    private string? Basis(UnitTarget target, District scope, IReadOnlyList<DistrictDistanceOut>? distances)
    {
        switch (target.Kind)
        {
            case PlanTargetKind.SlotsPerThousand when target.Scope is SlotScope.NewAreas or SlotScope.OldAreas:
                var kind = target.Scope == SlotScope.NewAreas ? ResidentialKind.New : ResidentialKind.Old;
                var areas = _areas.Where(a => a.Kind == kind && InScope(a.DistrictCode, a.SubdistrictCode, scope)).ToList();
                var walked = distances is { } measured ? "；" + TargetWalks.Words(measured) : "";
                return $"{KindName(kind)}居住区 {areas.Count} 个，常住人口 {areas.Sum(a => a.Population):N0} 人；{_radiusMetres:0} 米服务半径内可及托位（两步移动搜索法）{walked}";
            case PlanTargetKind.LandReserved:
                var parcels = ReservedOn(scope, DateOnly.MaxValue).ToList();
                var undated = parcels.Count(p => p.ReservedOn is null);
                return $"储备地块 {parcels.Count} 块，共 {parcels.Sum(p => p.AreaM2) / 10_000:0.##} 公顷（{parcels.Sum(p => p.AreaM2):N0} 平方米）"
                    + (undated > 0 ? $"；其中 {undated} 块未录入储备日期，按每日均已储备计" : "");
            case PlanTargetKind.HousingDeliveredFacilityShare:
                var newAreas = NewAreas(scope).ToList();
                return $"新建居住区 {newAreas.Count} 个，其中录入住宅交付日期 {newAreas.Count(a => a.HandoverOn is not null)} 个；应配托位按每千人 {_newAreaSlotsPerThousand:0.##} 个计，设施须不晚于住宅交付";
            default:
                return null;
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

    private static string KindName(ResidentialKind kind) => kind == ResidentialKind.New ? "新建" : "老城区·已建成";

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
