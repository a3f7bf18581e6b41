using Geo.Analysis.Spatial;
using Geo.Api.Data.Entities;
using Geo.Api.Demo;

namespace Geo.Api.Tests.AnalysisApi;

public sealed class TargetsAndRoomsTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const double Tolerance = 5e-4;

    [Fact]
    public async Task Targets_list_the_planted_gaps_of_the_demo()
    {
        await using var db = Fixture.CreateDbContext();
        await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
        var code = DemoSources.GulouAdcode;

        var body = await Client.GetJsonAsync($"/api/analysis/targets?district={code}&as_of=2026-01-01");
        var targets = body["targets"]!.AsArray().Select(t => t!).ToList();
        JsonNode Kind(string kind) => Assert.Single(targets, t => t["kind"]!.GetValue<string>() == kind);

        // Two 街道 were planted without any institution.
        var perSubdistrict = Kind("institutions_per_subdistrict");
        Assert.False(perSubdistrict["met"]!.GetValue<bool>());
        var short_ = perSubdistrict["not_met_in"]!.AsArray().Select(u => u!["code"]!.GetValue<string>()).ToList();
        Assert.Contains("350102006", short_);
        Assert.Contains("350102008", short_);
        Assert.Equal(perSubdistrict.Number("required") - short_.Count, perSubdistrict.Number("current"));

        // 托位 per 1,000 fall short of the local 8–10 standard, by the difference.
        var local = Kind("local_standard");
        Assert.False(local["met"]!.GetValue<bool>());
        Assert.InRange(local.Number("required"), 8, 10);
        // Three figures each rounded to the API's 0.001: their difference may be off by up to 1.5 units.
        Assert.Equal(local.Number("required") - local.Number("current"), local.Number("shortfall"), 3 * Tolerance + 1e-9);
        var operatingSlots = await db.Institutions.Where(i => i.DistrictCode == code && i.Status == InstitutionStatus.Operating).SumAsync(i => i.ApprovedSlots);
        var population = await db.ResidentialAreas.Where(a => a.DistrictCode == code).SumAsync(a => a.Population);
        Assert.Equal(operatingSlots * 1000.0 / population, local.Number("current"), Tolerance);
        Assert.Equal(local.Number("current"), Kind("national_slots_per_thousand").Number("current"));

        // 鼓楼's own plan replaces the demo's borrowed dated targets (other districts' documents): none is left in
        // planning_targets, the per-街道 rule cites 鼓楼's document, and its plan's three targets are tracked.
        Assert.DoesNotContain(targets, t => t["kind"]!.GetValue<string>() is "standardised_institutions" or "demonstration_institutions" or "slots_per_thousand");
        Assert.Contains("鼓政办〔2020〕24号", perSubdistrict["source"]!.GetValue<string>());
        Assert.DoesNotContain("梅区府办", body.ToJsonString());
        var progress = await Client.GetJsonAsync($"/api/targets/progress?unit={code}&as_of=2026-01-01");
        Assert.Equal(["institutions-per-subdistrict", "pilots-filed-2020-06", "pilots-operating-2020"],
            progress["targets"]!.AsArray().Where(t => t!["target"]!["unit"]!.GetValue<string>() == code).Select(t => t!["target"]!["key"]!.GetValue<string>()).Order());
        Assert.Equal("not_met", Kind2(progress, "institutions-per-subdistrict")["status"]!.GetValue<string>()); // the two planted 街道

        var rooms = Kind("nursing_rooms");
        Assert.Equal(await db.PublicPlaces.CountAsync(p => p.DistrictCode == code && p.RequiresNursingRoom), rooms.Number("required"));
        Assert.False(rooms["met"]!.GetValue<bool>());
    }

    private static JsonNode Kind2(JsonNode progress, string key) =>
        Assert.Single(progress["targets"]!.AsArray(), t => t!["target"]!["key"]!.GetValue<string>() == key)!;

    [Fact]
    public async Task Ratio_targets_of_the_city_apply_to_its_districts_and_counts_do_not()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(db);
            db.PlanningTargets.AddRange(
                new PlanningTarget { DistrictCode = SmallTown.City, Kind = TargetKind.PuhuiShare, Value = 50, DueDate = new DateOnly(2025, 12, 31), Source = "市方案" },
                new PlanningTarget { DistrictCode = SmallTown.City, Kind = TargetKind.StandardisedInstitutions, Value = 3, DueDate = new DateOnly(2025, 12, 31), Source = "市方案" },
                new PlanningTarget { DistrictCode = SmallTown.District, Kind = TargetKind.DemonstrationInstitutions, Value = 1, DueDate = new DateOnly(2030, 12, 31), Source = "区方案" });
            var puhui = SmallTown.Institution("普惠", 0, 0, 30);
            puhui.IsPuhui = true;
            db.Institutions.AddRange(puhui, SmallTown.Institution("营利", 100, 0, 90));
            db.ResidentialAreas.Add(SmallTown.Area("A", 200, 0, 1000, ResidentialKind.New));
            await db.SaveChangesAsync();
        }

        var body = await Client.GetJsonAsync($"/api/analysis/targets?district={SmallTown.District}&as_of=2026-06-01");
        var kinds = body["targets"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("standardised_institutions", kinds);

        var share = body["targets"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "puhui_share")!;
        Assert.Equal(0.5, share.Number("required"));
        Assert.Equal(0.25, share.Number("current"), Tolerance); // 30 of 120 托位
        Assert.True(share["overdue"]!.GetValue<bool>());

        var demonstration = body["targets"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "demonstration_institutions")!;
        Assert.Equal(1, demonstration.Number("shortfall"));
        Assert.False(demonstration["overdue"]!.GetValue<bool>()); // due in 2030
        Assert.Equal(12, body["parameters"]!["standard_new_per_thousand"]!.Number("value")); // inherited from the city
    }

    [Fact]
    public async Task Nursing_room_analysis_lists_required_venues_without_a_room_and_rooms_below_standard()
    {
        await using var db = Fixture.CreateDbContext();
        await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
        var code = DemoSources.GulouAdcode;
        var places = await db.PublicPlaces.Where(p => p.DistrictCode == code).ToListAsync();
        var rooms = await db.NursingRooms.Where(r => r.DistrictCode == code).ToListAsync();

        var body = await Client.GetJsonAsync($"/api/analysis/nursing-rooms?district={code}");

        // Required as the database says; lacking = no room recorded at it and none within 50 m.
        Assert.Equal(places.Count(p => p.RequiresNursingRoom), body.Number("required_places"));
        var expectedLacking = places
            .Where(p => p.RequiresNursingRoom && !rooms.Any(r => r.PublicPlaceId == p.Id || GroundDistance.Metres(r.Location.Coordinate, p.Location.Coordinate) <= 50))
            .Select(p => p.Id).Order().ToList();
        Assert.NotEmpty(expectedLacking);
        var lacking = body["places_lacking"]!["features"]!.AsArray();
        Assert.Equal(expectedLacking, lacking.Select(f => f!["id"]!.GetValue<long>()).ToList());
        Assert.All(lacking, f => Assert.NotEmpty(f!["properties"]!["required_because"]!.AsArray()));
        Assert.Equal(body.Number("required_places") - expectedLacking.Count, body.Number("places_with_room"));

        // Non-compliant: under 10 m² or missing any of the nine items.
        var expectedShort = rooms.Where(r => r.UsableAreaM2 < 10 || r.Equipment.Distinct().Count() < 9).Select(r => r.Id).Order().ToList();
        Assert.Contains(rooms, r => r.UsableAreaM2 < 10);
        var shortRooms = body["non_compliant_rooms"]!["features"]!.AsArray();
        Assert.Equal(expectedShort, shortRooms.Select(f => f!["id"]!.GetValue<long>()).ToList());
        foreach (var f in shortRooms)
        {
            var room = rooms.Single(r => r.Id == f!["id"]!.GetValue<long>());
            var p = f!["properties"]!;
            Assert.Equal(room.UsableAreaM2 < 10, p["below_minimum_area"]!.GetValue<bool>());
            Assert.Equal(9 - room.Equipment.Distinct().Count(), p["missing_equipment"]!.AsArray().Count);
        }

        // The provinces' 6 m² rule lets the small rooms with full equipment pass.
        var provincial = await Client.GetJsonAsync($"/api/analysis/nursing-rooms?district={code}&min_area_m2=6");
        var expectedAt6 = rooms.Where(r => r.UsableAreaM2 < 6 || r.Equipment.Distinct().Count() < 9).Select(r => r.Id).Order().ToList();
        Assert.True(expectedAt6.Count < expectedShort.Count, "the demo needs a fully equipped room of 6–10 m² for this check");
        Assert.Equal(expectedAt6, provincial["non_compliant_rooms"]!["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()).ToList());
        Assert.Equal(6, provincial["parameters"]!.Number("min_area_m2"));
    }

    /// <summary>
    /// Five places and three rooms whose answer is worked out here from the rule as written (国卫指导发〔2016〕63号 and
    /// the seed plans), not from the code: required are places over 10,000 m² or 10,000 visitors a day and every
    /// 乡镇卫生院; a place has a room when one is recorded at it or lies within 50 m.
    /// </summary>
    [Fact]
    public async Task Nursing_room_rule_worked_by_hand_on_a_small_town()
    {
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db);
        PublicPlace Place(string name, VenueType type, double east, double? area, int? visitors) => new()
        {
            Name = name, PlaceType = type, Location = SmallTown.At(east, 0), BuildingAreaM2 = area, DailyVisitors = visitors, DataSource = "test",
        };
        var bigMall = Place("大商场", VenueType.Mall, 0, 12_000, null);          // required: area over 10,000; room recorded at it
        var hospital = Place("医院", VenueType.Hospital, 500, null, 15_000);     // required: footfall; room 30 m away
        var edgeMall = Place("小商场", VenueType.Mall, 1000, 10_000, 10_000);    // not required: 10,000 is not over 10,000
        var clinic = Place("卫生院", VenueType.TownshipHealthCentre, -500, null, null); // required by type; room 80 m away
        var station = Place("车站", VenueType.TransportHub, -1000, 3_000, 20_000);     // required: footfall; no room
        db.PublicPlaces.AddRange(bigMall, hospital, edgeMall, clinic, station);
        await db.SaveChangesAsync();
        var all = Enum.GetValues<NursingRoomEquipment>().ToList();
        NursingRoom Room(string name, double east, double north, double area, int items, long? at) => new()
        {
            Name = name, VenueName = name, VenueType = VenueType.Other, Location = SmallTown.At(east, north), UsableAreaM2 = area,
            Equipment = all.Take(items).ToList(), PublicPlaceId = at, DataSource = "test",
        };
        var full = Room("甲室", 0, 300, 12, 9, bigMall.Id);       // 300 m from its place, but recorded at it
        var small = Room("乙室", 500, 30, 8, 9, null);           // 8 m²: short of 10, enough for 6
        var bare = Room("丙室", -500, 80, 5, 7, null);           // too far for the clinic; 5 m² and two items missing
        db.NursingRooms.AddRange(full, small, bare);
        await db.SaveChangesAsync();

        var body = await Client.GetJsonAsync($"/api/analysis/nursing-rooms?district={SmallTown.District}");

        Assert.Equal(4, body.Number("required_places"));
        Assert.Equal(2, body.Number("places_with_room"));
        Assert.Equal(new[] { clinic.Id, station.Id }.Order(), body["places_lacking"]!["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()).Order());
        Assert.Equal(new[] { small.Id, bare.Id }.Order(), body["non_compliant_rooms"]!["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()).Order());
        Assert.Equal(1, body.Number("compliant_rooms"));
        var bareOut = body["non_compliant_rooms"]!["features"]!.AsArray().Single(f => f!["id"]!.GetValue<long>() == bare.Id)!["properties"]!;
        Assert.Equal(["bin", "lockable_door"], bareOut["missing_equipment"]!.AsArray().Select(e => e!.GetValue<string>()));

        var provincial = await Client.GetJsonAsync($"/api/analysis/nursing-rooms?district={SmallTown.District}&min_area_m2=6");
        Assert.Equal([bare.Id], provincial["non_compliant_rooms"]!["features"]!.AsArray().Select(f => f!["id"]!.GetValue<long>()));

        var rooms = (await Client.GetJsonAsync($"/api/analysis/targets?district={SmallTown.District}"))["targets"]!.AsArray()
            .Single(t => t!["kind"]!.GetValue<string>() == "nursing_rooms")!;
        Assert.Equal(4, rooms.Number("required"));
        Assert.Equal(2, rooms.Number("current"));
    }

    [Theory]
    [InlineData("/api/analysis/nursing-rooms?district=350102&nearby_m=-1", "nearby_m")]
    [InlineData("/api/analysis/nursing-rooms?district=350102&min_area_m2=1000", "min_area_m2")]
    [InlineData("/api/analysis/nursing-rooms", "district")]
    [InlineData("/api/analysis/targets?district=3501", "district")]
    public async Task Bad_parameters_are_400s_naming_the_field(string url, string field)
    {
        var errors = await SmallTown.ProblemErrorsAsync(await Client.GetAsync(url));
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
    }

    [Fact]
    public async Task Unknown_districts_are_404s()
    {
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Client.GetAsync("/api/analysis/targets?district=990199")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Client.GetAsync("/api/analysis/nursing-rooms?district=990199")).StatusCode);
    }
}
