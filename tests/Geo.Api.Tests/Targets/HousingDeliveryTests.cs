using Geo.Api.Data.Entities;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Targets;

/// <summary>
/// New residential areas and the facility each must deliver with its housing, in 吉林省's plan (standing: every new
/// area handed over, 10 托位 per 1,000 by the national rule). Five areas, handed over from 2022 to 2027, counted by hand:
/// 甲 delivered in time with enough places; 乙 in time but short; 丙 after its housing; 丁 with no facility; 戊 not yet due.
/// </summary>
public sealed class HousingDeliveryTests(ApiFixture fixture) : PlanTest(fixture)
{
    [Fact]
    public async Task The_share_delivered_with_the_housing_is_computed_as_of_dates_straddling_the_handovers()
    {
        await SeedAsync();
        JsonNode Housing(JsonNode body) => Target(body, "facilities-with-new-housing");

        // 甲's housing is handed over on 2022-06-30, its facility a month before: met that day, and 1 of 1.
        var first = Housing(await Client.GetJsonAsync("/api/targets/progress?unit=220000&as_of=2022-06-30"));
        Assert.Equal((1.0, "met"), (first.Number("current"), Status(first)));
        // 乙 (2023-03-31) holds 10 of the 15 托位 its 1,500 residents need: 1 of 2.
        Assert.Equal(0.5, Housing(await Client.GetJsonAsync("/api/targets/progress?unit=220000&as_of=2023-06-30")).Number("current"));
        // 丙 (2023-09-30): not delivered that day, nor by the end of the year; delivered 2024-02-01, still late.
        Assert.Equal(0.3333, Housing(await Client.GetJsonAsync("/api/targets/progress?unit=220000&as_of=2023-12-31")).Number("current"));
        Assert.Equal(0.3333, Housing(await Client.GetJsonAsync("/api/targets/progress?unit=220000&as_of=2024-03-01")).Number("current"));

        // From the plan's date (2019-10-15): nothing handed over until 2022 (nothing broken), then as above; 丁 (2024-06-30) makes 1 of 4.
        var series = Housing(await Client.GetJsonAsync("/api/targets/progress?unit=220000&as_of=2025-03-01"));
        Assert.Equal(["2019-10-15", "2019-12-31", "2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31", "2025-03-01"],
            series["series"]!.AsArray().Select(p => p!["on"]!.GetValue<string>()));
        Assert.Equal([1.0, 1, 1, 1, 1, 0.3333, 0.25, 0.25], series["series"]!.AsArray().Select(p => p!.Number("value")));
        Assert.Equal("not_met", Status(series));
        Assert.StartsWith("新建居住区 5 个，其中录入住宅交付日期 5 个", series["basis"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_dashboard_lists_each_new_area_with_its_faults_for_staff_only()
    {
        await SeedAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Public.GetAsync("/api/housing-delivery?unit=220102")).StatusCode);
        using var land = Fixture.CreateClient(Role.LandOfficer);
        var body = await land.GetJsonAsync("/api/housing-delivery?unit=220102&as_of=2024-12-31");

        var areas = body["areas"]!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!);
        Assert.Equal(5, areas.Count); // the old area carries no obligation
        Assert.Equal("delivered", areas["甲"]["verdict"]!.GetValue<string>());
        Assert.Equal(["short"], areas["乙"]["faults"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(15, areas["乙"].Number("required_slots"));
        Assert.Equal(["late"], areas["丙"]["faults"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("missing", areas["丁"]["verdict"]!.GetValue<string>());
        Assert.Equal("pending", areas["戊"]["verdict"]!.GetValue<string>());
        Assert.Equal(("institution", true, 30.0), (areas["甲"]["facility"]!["kind"]!.GetValue<string>(), areas["甲"]["facility"]!["found"]!.GetValue<bool>(), areas["甲"]["facility"]!.Number("slots")));
        Assert.Equal(10, body.Number("slots_per_thousand"));
        var summary = body["summary"]!;
        Assert.Equal([5.0, 4, 1, 1, 1, 1, 1, 0], new[] { "new_areas", "handed_over", "delivered_with_housing", "pending", "missing", "late", "short_of_places", "no_handover_date" }.Select(summary.Number));

        // Faults only, faults first: 乙, 丙, 丁 by handover.
        var faulty = await land.GetJsonAsync("/api/housing-delivery?unit=220102&as_of=2024-12-31&faulty=true");
        Assert.Equal(["乙", "丙", "丁"], faulty["areas"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        // Before 丙's handover it is pending, not late.
        var earlier = await land.GetJsonAsync("/api/housing-delivery?unit=220102&as_of=2023-09-29");
        Assert.Equal("pending", earlier["areas"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "丙")!["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task Obligation_writes_are_role_checked_kept_to_the_planners_units_audited_and_guarded_by_if_match()
    {
        await SeedAsync();
        var missing = await AreaAsync("丁");
        var id = missing["id"]!.GetValue<long>();
        var etag = $"\"{missing["version"]!.GetValue<uint>()}\"";
        var body = new JsonObject { ["handover_on"] = "2024-06-30", ["facility_parcel_code"] = "P1", ["facility_slots"] = 8, ["facility_status"] = "delivered", ["facility_delivered_on"] = "2024-06-01" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Public, HttpMethod.Put, $"/api/housing-delivery/{id}", etag, body)).StatusCode);
        using var land = Fixture.CreateClient(Role.LandOfficer);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(land, HttpMethod.Put, $"/api/housing-delivery/{id}", etag, body)).StatusCode);
        await using (var db = Fixture.CreateDbContext())
        {
            db.UserAccounts.Add(new UserAccount { UserName = "chaoyang.planner", PasswordHash = "-", Role = Role.Planner, Units = ["220104"], SecurityStamp = ApiFixture.TestStamp, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        using var elsewhere = Fixture.CreateClient(null);
        elsewhere.DefaultRequestHeaders.Authorization = new("Bearer", ApiFixture.Token("chaoyang.planner", Role.Planner));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(elsewhere, HttpMethod.Put, $"/api/housing-delivery/{id}", etag, body)).StatusCode);

        using var planner = Fixture.CreateClient(Role.Planner);
        using var saved = await SendAsync(planner, HttpMethod.Put, $"/api/housing-delivery/{id}", etag, body);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var answer = await saved.ReadNodeAsync();
        Assert.Equal(("delivered", 8.0), (answer["verdict"]!.GetValue<string>(), answer["facility"]!.Number("slots")));
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(planner, HttpMethod.Put, $"/api/housing-delivery/{id}", etag, body)).StatusCode);

        var audit = await Fixture.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == "residential_areas" && a.EntityId == id.ToString()).ToListAsync());
        var entry = Assert.Single(audit, a => a.Action == "updated");
        Assert.Equal("test-planner", entry.Actor);

        // Bad obligations name the field; the facility must exist; an old area has none.
        async Task<JsonObject> Refused(long area, JsonObject bad) =>
            await SmallTown.ProblemErrorsAsync(await SendAsync(planner, HttpMethod.Put, $"/api/housing-delivery/{area}", "*", bad));
        Assert.True((await Refused(id, new JsonObject { ["facility_institution_id"] = 999_999 })).ContainsKey("facility_institution_id"));
        // A delivery day without the status 已交付: the status is what is missing.
        Assert.True((await Refused(id, new JsonObject { ["facility_parcel_code"] = "P1", ["facility_delivered_on"] = "2024-06-01" })).ContainsKey("facility_status"));
        Assert.True((await Refused(id, new JsonObject { ["facility_status"] = "planned" })).ContainsKey("facility_status"));
        Assert.True((await Refused(id, new JsonObject { ["facility_parcel_code"] = "P1", ["facility_slots"] = -1 })).ContainsKey("facility_slots"));
        var old = await Fixture.WithDbAsync(db => db.ResidentialAreas.Where(a => a.Kind == ResidentialKind.Old).Select(a => a.Id).SingleAsync());
        Assert.True((await Refused(old, new JsonObject { ["handover_on"] = "2024-06-30" })).ContainsKey("kind"));
    }

    private async Task<JsonNode> AreaAsync(string name) =>
        (await Client.GetJsonAsync("/api/housing-delivery?unit=220102&as_of=2024-12-31"))["areas"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == name)!;

    private async Task SeedAsync()
    {
        await AddUnitAsync("220000", "吉林省", DistrictLevel.Province, null, null);
        await AddUnitAsync("220100", "长春市", DistrictLevel.City, "220000", null);
        await AddUnitAsync("220102", "南关区", DistrictLevel.District, "220100", Box(0));
        var institution = Inst(0, new(2019, 1, 1)); // 30 托位
        await AddInstitutionsAsync(institution);
        await using (var db = Fixture.CreateDbContext())
        {
            db.Parcels.Add(Plot("P1", 300, ParcelStatus.Reserve));
            db.ResidentialAreas.AddRange(
                Obliged("甲", -800, 2000, new(2022, 6, 30), institution: institution.Id, delivered: new(2022, 6, 1)),
                Obliged("乙", -400, 1500, new(2023, 3, 31), parcel: "P1", slots: 10, delivered: new(2023, 3, 1)),
                Obliged("丙", 0, 1000, new(2023, 9, 30), parcel: "P1", slots: 20, delivered: new(2024, 2, 1)),
                Obliged("丁", 400, 800, new(2024, 6, 30)),
                Obliged("戊", 800, 500, new(2027, 1, 1), institution: institution.Id),
                SmallTown.Area("老城", 0, 500, 3000, ResidentialKind.Old));
            await db.SaveChangesAsync();
        }

        await ApplyAsync("220000");
    }

    private static ResidentialArea Obliged(string name, double east, int population, DateOnly handover,
        long? institution = null, string? parcel = null, int? slots = null, DateOnly? delivered = null)
    {
        var area = SmallTown.Area(name, east, 0, population, ResidentialKind.New);
        area.HandoverOn = handover;
        area.FacilityInstitutionId = institution;
        area.FacilityParcelCode = parcel;
        area.FacilitySlots = slots;
        area.FacilityStatus = delivered is not null ? FacilityStatus.Delivered : institution is not null || parcel is not null ? FacilityStatus.Planned : null;
        area.FacilityDeliveredOn = delivered;
        return area;
    }
}
