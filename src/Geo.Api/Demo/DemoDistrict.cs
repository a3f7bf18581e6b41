using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Quadtree;
using NetTopologySuite.Triangulate;
using Geo.Analysis.Spatial;

namespace Geo.Api.Demo;

/// <summary>
/// The demo district: the real 鼓楼区 boundary, its real 街道/镇 and 社区 names and codes and its census
/// population, with synthetic but plausible features inside. Deterministic: the same sources give the same
/// rows. Every synthetic row says so in its data source, and the map shows that label.
/// </summary>
/// <remarks>
/// Planted on purpose, so that the analysis has real gaps to find: institutions cluster in the old town and
/// two 街道 have none; total approved 托位 fall well short of the 8–10 per 1,000 standard; some required
/// venues lack a 母婴室 and some rooms are too small or under-equipped.
/// </remarks>
public sealed class DemoDistrict
{
    public const string SyntheticSource = "demo (synthetic)";
    public const string RealSource = "demo (real: data/)";
    private const int Seed = 350102;

    // Approximate centres of the 街道/镇 (WGS-84): their boundaries are not published, so the demo derives
    // plausible ones as the Voronoi cells of these points clipped to the real district boundary.
    private static readonly Dictionary<string, (double Lon, double Lat)> SubdistrictCentres = new()
    {
        ["350102001"] = (119.306, 26.094), // 鼓东
        ["350102002"] = (119.287, 26.088), // 鼓西
        ["350102003"] = (119.310, 26.102), // 温泉
        ["350102004"] = (119.296, 26.087), // 东街
        ["350102005"] = (119.291, 26.079), // 南街
        ["350102006"] = (119.301, 26.080), // 安泰
        ["350102007"] = (119.290, 26.101), // 华大
        ["350102008"] = (119.312, 26.083), // 水部
        ["350102009"] = (119.282, 26.113), // 五凤
        ["350102100"] = (119.258, 26.088), // 洪山镇
    };

    // 街道 planted without any institution (the "one institution per 街道" target is not met there).
    private static readonly HashSet<string> SubdistrictsWithoutInstitutions = ["350102006", "350102008"];

    private static readonly (double Lon, double Lat) OldTownCentre = (119.298, 26.086);

    private readonly Random _random = new(Seed);
    private readonly DemoSources _sources;

    public List<District> Districts { get; } = [];
    public List<ResidentialArea> ResidentialAreas { get; } = [];
    public List<Institution> Institutions { get; } = [];
    public List<PublicPlace> PublicPlaces { get; } = [];
    public List<NursingRoom> NursingRooms { get; } = [];
    public List<Parcel> Parcels { get; } = [];

    /// <summary>New areas whose facility is an institution: its id exists only once both are stored (DemoDataLoader).</summary>
    public Dictionary<ResidentialArea, Institution> FacilityInstitutions { get; } = [];

    private DemoDistrict(DemoSources sources) => _sources = sources;

    public static DemoDistrict Generate(DemoSources sources)
    {
        var demo = new DemoDistrict(sources);
        demo.AddDistricts();
        demo.AddResidentialAreas(count: 420);
        demo.AddInstitutions(count: 40);
        demo.AddPublicPlacesAndRooms(places: 30, rooms: 30);
        demo.AddParcels(count: 25);
        // Last, so that the rows above are what they were before obligations existed (same seed, same draws).
        demo.AddObligationsAndReservations();
        return demo;
    }

    private void AddDistricts()
    {
        var s = _sources;
        Districts.Add(new District { Code = "350000", Name = "福建省", Level = DistrictLevel.Province, DataSource = RealSource });
        Districts.Add(new District { Code = "350100", Name = "福州市", Level = DistrictLevel.City, ParentCode = "350000", DataSource = RealSource });
        var district = new District
        {
            Code = s.DistrictCode,
            Name = s.DistrictName,
            Level = DistrictLevel.District,
            ParentCode = "350100",
            Boundary = s.DistrictBoundary,
            Population = s.Population,
            ShareUnder3 = Math.Round(s.ShareUnder3, 6),
            SlotsPerThousandNew = 10,
            SlotsPerThousandOld = 8,
            MinInstitutionsPerSubdistrict = 1,
            DataSource = RealSource,
            SourceCrs = "GCJ-02",
        };
        Districts.Add(district);

        var cells = SubdistrictCells(s.DistrictBoundary);
        foreach (var (code, name) in s.Subdistricts)
        {
            Districts.Add(new District
            {
                Code = code,
                Name = name,
                Level = DistrictLevel.Subdistrict,
                ParentCode = s.DistrictCode,
                Boundary = cells[code],
                BoundaryIsSynthetic = true,
                DataSource = SyntheticSource + ": boundary derived; name and code real",
            });
        }

        foreach (var (code, name, parent) in s.Communities)
        {
            Districts.Add(new District { Code = code, Name = name, Level = DistrictLevel.Community, ParentCode = parent, DataSource = RealSource });
        }
    }

    private Dictionary<string, MultiPolygon> SubdistrictCells(MultiPolygon boundary)
    {
        var codes = _sources.Subdistricts.Select(s => s.Code).ToList();
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(codes.Select(c => new Coordinate(SubdistrictCentres[c].Lon, SubdistrictCentres[c].Lat)).ToList());
        builder.ClipEnvelope = new Envelope(boundary.EnvelopeInternal.MinX - 0.05, boundary.EnvelopeInternal.MaxX + 0.05,
            boundary.EnvelopeInternal.MinY - 0.05, boundary.EnvelopeInternal.MaxY + 0.05);
        var diagram = builder.GetDiagram(Wgs84.Factory);
        var cells = new Dictionary<string, MultiPolygon>();
        foreach (var code in codes)
        {
            var centre = Wgs84.Point(SubdistrictCentres[code].Lon, SubdistrictCentres[code].Lat);
            var cell = Enumerable.Range(0, diagram.NumGeometries).Select(diagram.GetGeometryN).First(g => g.Covers(centre));
            cells[code] = ToMultiPolygon(cell.Intersection(boundary));
        }

        return cells;
    }

    private void AddResidentialAreas(int count)
    {
        var boundary = _sources.DistrictBoundary;
        var placed = new Quadtree<Geometry>();
        var names = new HashSet<string>();
        var weights = new List<double>();
        var attempts = 0;
        while (ResidentialAreas.Count < count && attempts++ < count * 200)
        {
            var centre = RandomPointIn(boundary.EnvelopeInternal);
            var fromOldTown = GroundDistance.Metres(centre.X, centre.Y, OldTownCentre.Lon, OldTownCentre.Lat);
            var urban = Math.Exp(-fromOldTown * fromOldTown / (2 * 2500.0 * 2500.0));
            // Denser in the old town; the outer 洪山 area is thinner and newer.
            if (_random.NextDouble() > 0.2 + 0.8 * urban)
            {
                continue;
            }

            var polygon = Rectangle(centre, 80 + 170 * _random.NextDouble(), 70 + 150 * _random.NextDouble(), _random.NextDouble() * Math.PI);
            if (!boundary.Contains(polygon) || placed.Query(polygon.EnvelopeInternal).Any(g => g.Intersects(polygon)))
            {
                continue;
            }

            placed.Insert(polygon.EnvelopeInternal, polygon);
            var isNew = _random.NextDouble() < 0.12 + 0.45 * (1 - urban);
            var year = isNew ? 2012 + _random.Next(13) : 1982 + _random.Next(30);
            var density = isNew ? 0.045 : 0.075; // residents per m² of compound: older compounds are denser
            weights.Add(polygon.Area * density * (0.6 + 0.8 * _random.NextDouble()));
            ResidentialAreas.Add(new ResidentialArea
            {
                Name = UniqueName(names, ResidentialNamePrefixes, ResidentialNameSuffixes, "{0}期"),
                Boundary = Wgs84.Factory.CreateMultiPolygon([polygon]),
                Location = polygon.InteriorPoint,
                Kind = isNew ? ResidentialKind.New : ResidentialKind.Old,
                CompletionYear = year,
                DataSource = SyntheticSource,
            });
        }

        // Populations follow the weights and add up to the census population exactly (largest remainder).
        var shares = Apportion(weights, _sources.Population);
        for (var i = 0; i < ResidentialAreas.Count; i++)
        {
            ResidentialAreas[i].Population = shares[i];
            ResidentialAreas[i].Households = (int)Math.Round(shares[i] / 2.5);
        }
    }

    private void AddInstitutions(int count)
    {
        var subdistrictOf = SubdistrictLookup();
        var hosts = ResidentialAreas
            .Where(a => !SubdistrictsWithoutInstitutions.Contains(subdistrictOf(a.Location)))
            .ToList();
        var names = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            // Weighted by population so institutions sit where people are, leaving thinner areas unserved.
            var host = PickWeighted(hosts, a => a.Population);
            var location = Offset(host.Location, 40 + 80 * _random.NextDouble(), _random.NextDouble() * 2 * Math.PI);
            if (SubdistrictsWithoutInstitutions.Contains(subdistrictOf(location)) || !_sources.DistrictBoundary.Covers(location))
            {
                location = host.Location;
            }

            var approved = 20 + 10 * _random.Next(12);
            var enrolled = (int)(approved * (0.45 + 0.5 * _random.NextDouble()));
            var status = i switch { 37 or 38 => InstitutionStatus.Planned, 39 => InstitutionStatus.Closed, _ => InstitutionStatus.Operating };
            var filing = status == InstitutionStatus.Planned ? FilingStatus.Unfiled
                : i % 9 == 4 ? FilingStatus.Unfiled
                : i % 13 == 6 ? FilingStatus.NonCompliant
                : FilingStatus.Filed;
            var nature = (InstitutionNature)(_random.Next(10) switch { < 2 => 0, < 5 => 1, _ => 2 });
            var isPuhui = nature != InstitutionNature.ForProfit || _random.NextDouble() < 0.3;
            var operatorType = (OperatorType)_random.Next(5);
            if (operatorType == OperatorType.HomeBased)
            {
                approved = 5;
                enrolled = Math.Min(enrolled, 5);
            }

            var feeFloor = isPuhui ? 1200 + 100 * _random.Next(8) : 2800 + 200 * _random.Next(10);
            Institutions.Add(new Institution
            {
                Name = UniqueName(names, InstitutionNamePrefixes, InstitutionNameSuffixes, "（{0}园）"),
                CreditCode = CreditCode(i),
                Address = $"福州市鼓楼区{_sources.Subdistricts.First(s => s.Code == subdistrictOf(location)).Name}{StreetNames[_random.Next(StreetNames.Length)]}{1 + _random.Next(300)}号",
                Location = location,
                Nature = nature,
                OperatorType = operatorType,
                ServiceTypes = ServiceTypesFor(operatorType),
                Classes = operatorType == OperatorType.HomeBased
                    ? [new InstitutionClass { Type = ClassType.Mixed, Count = 1, Children = enrolled }]
                    : Classes(enrolled, operatorType == OperatorType.KindergartenClass),
                ApprovedSlots = approved,
                EnrolledSlots = status == InstitutionStatus.Operating ? enrolled : 0,
                IsPuhui = isPuhui,
                IsDemonstration = i is 3,
                IsStandardised = i % 10 is 1 or 5,
                FilingStatus = filing,
                FiledOn = filing == FilingStatus.Unfiled ? null : new DateOnly(2020 + _random.Next(6), 1 + _random.Next(12), 1 + _random.Next(28)),
                QualityGrade = filing == FilingStatus.Filed ? (QualityGrade)_random.Next(4) : null,
                MonthlyFeeMin = feeFloor,
                MonthlyFeeMax = feeFloor + 200 * _random.Next(1, 6),
                Phone = $"0591-8{_random.Next(1000000, 9999999)}",
                OpeningHours = _random.NextDouble() < 0.7 ? "Mo-Fr 07:30-18:00" : "Mo-Fr 08:00-17:30; Sa 08:30-12:00",
                Floor = 1 + (_random.NextDouble() < 0.2 ? 1 : 0),
                Status = status,
                DataSource = SyntheticSource,
            });

            // Dates derived from what was drawn, not drawn anew, so the rest of the demo stays as it was.
            var institution = Institutions[^1];
            var opened = institution.FiledOn?.AddMonths(-3) ?? new DateOnly(2018 + i % 6, 1 + i % 12, 1);
            institution.OpenedOn = status == InstitutionStatus.Planned ? null : opened;
            institution.DemonstrationOn = institution.IsDemonstration ? opened.AddYears(1) : null;
            institution.StandardisedOn = institution.IsStandardised ? opened.AddMonths(6) : null;
            institution.PuhuiOn = isPuhui ? opened : null;
        }
    }

    private void AddPublicPlacesAndRooms(int places, int rooms)
    {
        foreach (var (name, lines, location) in _sources.MetroStations)
        {
            PublicPlaces.Add(new PublicPlace
            {
                Name = $"{name}地铁站",
                PlaceType = VenueType.TransportHub,
                Location = location,
                DailyVisitors = 6000 + 1000 * _random.Next(40), // footfall synthetic; station real ({lines})
                DataSource = $"{RealSource}: station ({lines}); footfall synthetic",
            });
        }

        (VenueType Type, string Suffix, double Area)[] venues =
        [
            (VenueType.Hospital, "综合医院", 45000), (VenueType.Hospital, "妇幼保健院", 22000), (VenueType.Hospital, "中医院", 18000),
            (VenueType.Mall, "购物中心", 60000), (VenueType.Mall, "商业广场", 35000), (VenueType.Mall, "百货", 14000),
            (VenueType.Mall, "万象城", 80000), (VenueType.TouristSite, "公园游客中心", 3000), (VenueType.TouristSite, "历史文化街区", 12000),
            (VenueType.CommunityHealthCentre, "社区卫生服务中心", 2500), (VenueType.CommunityHealthCentre, "社区卫生服务中心", 2200),
            (VenueType.TownshipHealthCentre, "洪山镇卫生院", 3200), (VenueType.Mall, "超市", 6000), (VenueType.Workplace, "政务服务中心", 16000),
            (VenueType.TransportHub, "长途汽车站", 15000), (VenueType.Other, "图书馆", 9000),
        ];
        var index = 0;
        while (PublicPlaces.Count < places)
        {
            var venue = venues[index % venues.Length];
            var host = ResidentialAreas[_random.Next(ResidentialAreas.Count)];
            var subdistrict = _sources.Subdistricts.First(s => s.Code == SubdistrictLookup()(host.Location)).Name;
            var name = venue.Type == VenueType.TownshipHealthCentre ? venue.Suffix : $"{subdistrict.Replace("街道", "", StringComparison.Ordinal)}{venue.Suffix}";
            if (PublicPlaces.Any(p => p.Name.StartsWith(name, StringComparison.Ordinal)))
            {
                name += $"{index + 1}号";
            }

            PublicPlaces.Add(new PublicPlace
            {
                Name = name + "（示例）",
                PlaceType = venue.Type,
                Location = Offset(host.Location, 150, _random.NextDouble() * 2 * Math.PI),
                BuildingAreaM2 = venue.Area * (0.8 + 0.4 * _random.NextDouble()),
                DailyVisitors = (int)(venue.Area * (0.2 + 0.4 * _random.NextDouble())),
                DataSource = SyntheticSource,
            });
            index++;
        }

        // Rooms in most required venues, a few too small or under-equipped, some in workplaces we do not track.
        var allEquipment = Enum.GetValues<NursingRoomEquipment>();
        var required = PublicPlaces.Where(RequiresRoom).ToList();
        var k = 0;
        while (NursingRooms.Count < rooms)
        {
            var venue = k < required.Count && k % 4 != 3 ? required[k] : null;
            k++;
            if (venue is null && k <= required.Count)
            {
                continue; // every fourth required venue is left without a room
            }

            var location = venue is null
                ? Offset(ResidentialAreas[_random.Next(ResidentialAreas.Count)].Location, 100, _random.NextDouble() * 2 * Math.PI)
                : Offset(venue.Location, 10, _random.NextDouble() * 2 * Math.PI);
            var equipment = allEquipment.Where(_ => _random.NextDouble() < (NursingRooms.Count % 5 == 2 ? 0.55 : 1.0)).ToList();
            NursingRooms.Add(new NursingRoom
            {
                Name = venue is null ? $"写字楼母婴室（示例）{NursingRooms.Count + 1}" : $"{venue.Name}母婴室",
                VenueName = venue?.Name ?? "写字楼（示例）",
                VenueType = venue?.PlaceType ?? VenueType.Workplace,
                Location = location,
                UsableAreaM2 = NursingRooms.Count % 7 == 3 ? 6 + _random.Next(4) : 10 + _random.Next(20),
                Equipment = equipment,
                OpeningHours = venue?.PlaceType == VenueType.TransportHub ? "Mo-Su 06:30-23:00" : "Mo-Su 09:00-21:00",
                AccessNotes = NursingRooms.Count % 3 == 0 ? "请向服务台申领门禁" : null,
                DataSource = SyntheticSource,
            });
        }
    }

    private void AddParcels(int count)
    {
        (LandUse Use, double Weight)[] uses =
        [
            (LandUse.Education, 4), (LandUse.HealthCare, 2), (LandUse.SocialWelfare, 2), (LandUse.Commercial, 4),
            (LandUse.ResidentialService, 4), (LandUse.Residential, 3), (LandUse.Industrial, 2), (LandUse.GreenSpace, 1), (LandUse.Other, 1),
        ];
        (ParcelStatus Status, double Weight)[] statuses =
        [
            (ParcelStatus.Idle, 4), (ParcelStatus.LowEfficiency, 4), (ParcelStatus.Compatible, 3), (ParcelStatus.Reserve, 3), (ParcelStatus.Sold, 1),
        ];
        var boundary = _sources.DistrictBoundary;
        var taken = new Quadtree<Geometry>();
        foreach (var area in ResidentialAreas)
        {
            taken.Insert(area.Boundary!.EnvelopeInternal, area.Boundary);
        }

        while (Parcels.Count < count)
        {
            var centre = RandomPointIn(boundary.EnvelopeInternal);
            var side = Math.Sqrt(1500 + 10000 * _random.NextDouble());
            var polygon = Rectangle(centre, side * (0.7 + 0.6 * _random.NextDouble()), side, _random.NextDouble() * Math.PI);
            if (!boundary.Contains(polygon) || taken.Query(polygon.EnvelopeInternal).Any(g => g.Intersects(polygon)))
            {
                continue;
            }

            taken.Insert(polygon.EnvelopeInternal, polygon);
            var use = PickWeighted(uses, u => u.Weight).Use;
            Parcels.Add(new Parcel
            {
                Code = $"GL2026-{Parcels.Count + 1:000}",
                Name = $"鼓楼区储备地块 {Parcels.Count + 1:00}（示例）",
                Boundary = Wgs84.Factory.CreateMultiPolygon([polygon]),
                Location = polygon.InteriorPoint,
                LandUse = use,
                Status = PickWeighted(statuses, s => s.Weight).Status,
                Owner = _random.NextDouble() < 0.6 ? "鼓楼区土地储备中心（示例）" : "区属国有企业（示例）",
                AllocationEligible = use is LandUse.Education or LandUse.SocialWelfare or LandUse.HealthCare,
                DataSource = SyntheticSource,
            });
        }
    }

    /// <summary>
    /// Synthetic obligations of the new areas handed over since 2019: most deliver a facility with the housing; some
    /// name none, deliver it after the housing, or plan fewer 托位 than 10 per 1,000 residents, so that the list of
    /// faults has something to show. Reserved parcels get the day they were reserved.
    /// </summary>
    private void AddObligationsAndReservations()
    {
        var operating = Institutions.Where(i => i.Status == InstitutionStatus.Operating).ToList();
        foreach (var area in ResidentialAreas.Where(a => a.Kind == ResidentialKind.New && a.CompletionYear >= 2019).OrderBy(a => a.CompletionYear))
        {
            var handover = new DateOnly(area.CompletionYear!.Value, 1 + _random.Next(12), 1 + _random.Next(28));
            area.HandoverOn = handover;
            var required = (int)Math.Ceiling(area.Population / 100.0);
            var roll = _random.NextDouble();
            if (roll < 0.12)
            {
                continue; // no facility planned: missing
            }

            if (roll < 0.5)
            {
                var nearest = operating.MinBy(i => GroundDistance.Metres(i.Location.Coordinate, area.Location.Coordinate))!;
                FacilityInstitutions[area] = nearest;
            }
            else
            {
                area.FacilityParcelCode = Parcels.MinBy(p => GroundDistance.Metres(p.Location.Coordinate, area.Location.Coordinate))!.Code;
                area.FacilitySlots = roll < 0.62 ? Math.Max(0, required - 1 - _random.Next(5)) : required + 10 * _random.Next(3);
            }

            var delivered = _random.NextDouble() switch
            {
                < 0.2 => (DateOnly?)handover.AddMonths(3 + _random.Next(12)), // late
                < 0.3 => null, // still being built
                _ => handover.AddDays(-_random.Next(60)),
            };
            area.FacilityStatus = delivered is { } day && day <= new DateOnly(2026, 6, 30) ? FacilityStatus.Delivered
                : handover.Year >= 2025 ? FacilityStatus.UnderConstruction : FacilityStatus.Planned;
            area.FacilityDeliveredOn = area.FacilityStatus == FacilityStatus.Delivered ? delivered : null;
        }

        foreach (var parcel in Parcels.Where(p => p.Status == ParcelStatus.Reserve))
        {
            parcel.ReservedOn = new DateOnly(2020 + _random.Next(6), 1 + _random.Next(12), 1 + _random.Next(28));
        }
    }

    private static bool RequiresRoom(PublicPlace p) =>
        p.BuildingAreaM2 > 10_000 || p.DailyVisitors > 10_000 ||
        p.PlaceType is VenueType.TownshipHealthCentre or VenueType.CommunityHealthCentre;

    private Func<Point, string> SubdistrictLookup()
    {
        var cells = Districts.Where(d => d.Level == DistrictLevel.Subdistrict).ToList();
        return p => (cells.FirstOrDefault(c => c.Boundary!.Covers(p))
                     ?? cells.MinBy(c => c.Boundary!.Distance(p))!).Code;
    }

    private List<ServiceType> ServiceTypesFor(OperatorType operatorType)
    {
        var types = new List<ServiceType> { ServiceType.FullDay };
        if (operatorType != OperatorType.KindergartenClass && _random.NextDouble() < 0.5) types.Add(ServiceType.HalfDay);
        if (_random.NextDouble() < 0.35) types.Add(ServiceType.Hourly);
        if (_random.NextDouble() < 0.2) types.Add(ServiceType.Occasional);
        return types;
    }

    /// <summary>Classes holding the enrolled children within the caps (幼儿园托班 take only 2–3-year-olds).</summary>
    private static List<InstitutionClass> Classes(int enrolled, bool olderOnly)
    {
        var split = olderOnly
            ? [(ClassType.Older, enrolled)]
            : new[] { (ClassType.Infant, enrolled / 5), (ClassType.Toddler, enrolled * 2 / 5), (ClassType.Older, enrolled - enrolled / 5 - enrolled * 2 / 5) };
        return split
            .Where(s => s.Item2 > 0)
            .Select(s => new InstitutionClass
            {
                Type = s.Item1,
                Count = (s.Item2 + ClassCaps.MaxChildren(s.Item1) - 1) / ClassCaps.MaxChildren(s.Item1),
                Children = s.Item2,
            })
            .ToList();
    }

    /// <summary>A synthetic 统一社会信用代码 with a valid check character.</summary>
    internal static string CreditCode(int serial)
    {
        var body = $"52350102MJ{serial:D7}";
        return body + Domain.CreditCode.CheckCharacter(body);
    }

    private Point RandomPointIn(Envelope e) =>
        Wgs84.Point(e.MinX + _random.NextDouble() * e.Width, e.MinY + _random.NextDouble() * e.Height);

    private static Point Offset(Point from, double metres, double bearing)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(from.Y);
        return Wgs84.Point(Math.Round(from.X + metres * Math.Sin(bearing) / perLon, 7), Math.Round(from.Y + metres * Math.Cos(bearing) / perLat, 7));
    }

    /// <summary>A rectangle of the given size in metres, rotated, around a centre, in lon/lat.</summary>
    private static Polygon Rectangle(Point centre, double width, double height, double angle)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(centre.Y);
        var corners = new[] { (-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1) }.Select(c =>
        {
            var x = c.Item1 * width / 2;
            var y = c.Item2 * height / 2;
            var rx = x * Math.Cos(angle) - y * Math.Sin(angle);
            var ry = x * Math.Sin(angle) + y * Math.Cos(angle);
            return new Coordinate(Math.Round(centre.X + rx / perLon, 7), Math.Round(centre.Y + ry / perLat, 7));
        }).ToArray();
        return Wgs84.Factory.CreatePolygon(corners);
    }

    private static MultiPolygon ToMultiPolygon(Geometry geometry)
    {
        var polygons = PolygonExtracter.GetPolygons(geometry).Cast<Polygon>().Where(p => p.Area > 0).ToArray();
        return Wgs84.Factory.CreateMultiPolygon(polygons);
    }

    private T PickWeighted<T>(IReadOnlyList<T> items, Func<T, double> weight)
    {
        var total = items.Sum(weight);
        var pick = _random.NextDouble() * total;
        foreach (var item in items)
        {
            pick -= weight(item);
            if (pick <= 0) return item;
        }

        return items[^1];
    }

    private static int[] Apportion(IReadOnlyList<double> weights, int total)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => w / sum * total).ToArray();
        var shares = exact.Select(x => (int)Math.Floor(x)).ToArray();
        var remainder = total - shares.Sum();
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => exact[i] - shares[i]).ThenBy(i => i).Take(remainder))
        {
            shares[i]++;
        }

        return shares;
    }

    /// <summary>A name not used yet; a taken one gets a number the way such places are told apart
    /// (a compound's later phase 二期, an institution's branch 二园).</summary>
    private string UniqueName(HashSet<string> used, string[] prefixes, string[] suffixes, string numberedAs)
    {
        while (true)
        {
            var name = prefixes[_random.Next(prefixes.Length)] + suffixes[_random.Next(suffixes.Length)];
            if (used.Add(name)) return name;
            var numbered = name + string.Format(System.Globalization.CultureInfo.InvariantCulture, numberedAs, ChineseNumerals[used.Count % 8]);
            if (used.Add(numbered)) return numbered;
        }
    }

    private static readonly string[] ChineseNumerals = ["二", "三", "四", "五", "六", "七", "八", "九"];

    private static readonly string[] ResidentialNamePrefixes =
    [
        "榕城", "闽江", "屏山", "乌山", "冶山", "西湖", "井楼", "华林", "金牛", "锦绣", "嘉禾", "和平", "安泰", "康山", "瑞丰", "东湖",
        "温泉", "五凤", "梅峰", "湖滨", "铜盘", "杨桥", "白马", "洪山", "凤湖", "祥坂", "南华", "通湖", "北大", "琴亭", "丽景", "左海",
    ];

    private static readonly string[] ResidentialNameSuffixes =
        ["花园", "新村", "公寓", "小区", "家园", "苑", "雅居", "大厦", "新城", "华庭", "嘉园", "里"];

    private static readonly string[] InstitutionNamePrefixes =
        ["小榕树", "禾苗", "星星", "悦贝", "童心", "暖阳", "小橡果", "启明", "乐育", "贝乐", "蒲公英", "七彩", "小海豚", "金太阳", "爱弥", "好未来"];

    private static readonly string[] InstitutionNameSuffixes = ["托育中心", "托育园", "婴幼儿照护中心", "宝贝屋", "托育服务站"];

    private static readonly string[] StreetNames = ["五四路", "八一七北路", "杨桥路", "湖东路", "华林路", "西二环北路", "乌山路", "铜盘路", "温泉支路", "梅峰路"];
}
