using System.Net.Http.Json;
using Geo.Api.Data.Entities;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Targets;

/// <summary>Custom counts over a layer filter, and reserved land, as of dates on both sides of the records' own dates.</summary>
public sealed class CountTargetTests(ApiFixture fixture) : PlanTest(fixture)
{
    [Fact]
    public async Task A_custom_count_of_full_day_institutions_is_computed_as_of_any_date()
    {
        await AddUnitAsync("371002", "环翠区", DistrictLevel.District, null, Box(0));
        var halfDayOnly = Inst(200, new(2020, 1, 1));
        halfDayOnly.ServiceTypes = [ServiceType.HalfDay];
        var both = Inst(400, new(2023, 6, 1));
        both.ServiceTypes = [ServiceType.HalfDay, ServiceType.FullDay];
        await AddInstitutionsAsync(
            Inst(0, new(2021, 1, 1)),                            // full day (SmallTown's default) from 2021
            Inst(-200, new(2020, 1, 1), closed: new(2022, 1, 1)), // full day 2020 … 2021
            halfDayOnly, both);
        var created = await Client.PostAsJsonAsync("/api/targets", Body(new JsonObject { ["service_types"] = "全日托" })); // the Chinese word is read too
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        async Task<double> CountOn(string day) => Target(await Client.GetJsonAsync($"/api/targets/progress?unit=371002&as_of={day}"), "full-day-2023").Number("current");
        Assert.Equal(1, await CountOn("2020-06-30"));
        Assert.Equal(2, await CountOn("2021-06-30"));
        Assert.Equal(1, await CountOn("2022-06-30"));
        Assert.Equal(2, await CountOn("2023-12-31"));
        var due = Target(await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2023-12-31"), "full-day-2023");
        Assert.Equal("met", Status(due));

        // 母婴室 by the class of place they are in, counted from their opening.
        await using (var db = Fixture.CreateDbContext())
        {
            db.NursingRooms.AddRange(Room("站内母婴室", 0, VenueType.TransportHub, new(2022, 5, 1)), Room("商场母婴室", 300, VenueType.Mall, new(2021, 1, 1)));
            await db.SaveChangesAsync();
        }

        var rooms = Body(new JsonObject { ["venue_type"] = "transport_hub" });
        rooms["id"] = "hub-rooms";
        rooms["layer"] = "nursing_rooms";
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/targets", rooms)).StatusCode);
        Assert.Equal(0, Target(await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2022-04-30"), "hub-rooms").Number("current"));
        Assert.Equal(1, Target(await Client.GetJsonAsync("/api/targets/progress?unit=371002&as_of=2022-05-01"), "hub-rooms").Number("current"));
    }

    [Theory]
    [InlineData("schools", "{\"service_types\":\"full_day\"}", "layer")]
    [InlineData("institutions", "{\"colour\":\"red\"}", "filter.colour")]
    [InlineData("institutions", "{\"service_types\":\"周托\"}", "filter.service_types")]
    [InlineData("institutions", "{\"is_puhui\":\"maybe\"}", "filter.is_puhui")]
    [InlineData("institutions", "{}", "filter")]
    [InlineData("parcels", "{\"service_types\":\"full_day\"}", "filter.service_types")]
    public async Task Bad_layer_filters_are_400s_naming_the_field(string layer, string filter, string named)
    {
        await AddUnitAsync("371002", "环翠区", DistrictLevel.District, null, Box(0));
        var body = Body(JsonNode.Parse(filter)!.AsObject());
        body["layer"] = layer;
        var errors = await SmallTown.ProblemErrorsAsync(await Client.PostAsJsonAsync("/api/targets", body));
        Assert.True(errors.ContainsKey(named), errors.ToJsonString());
    }

    [Fact]
    public async Task Reserved_land_counts_from_each_parcels_reservation_date()
    {
        await AddUnitAsync("441402", "梅江区", DistrictLevel.District, null, Box(0));
        await using (var db = Fixture.CreateDbContext())
        {
            db.Parcels.AddRange(Reserved("R1", -300, new(2021, 5, 1)), Reserved("R2", 0, new(2023, 2, 1)), Plot("R3", 300, ParcelStatus.Reserve));
            await db.SaveChangesAsync();
        }

        await ApplyAsync("441402");
        JsonNode Land(JsonNode body) => Target(body, "land-reserved");
        var y2020 = Land(await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2020-12-31"));
        Assert.Equal(1, y2020.Number("current")); // R3 has no date: reserved on every day
        Assert.Equal(2, Land(await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2023-01-31")).Number("current"));
        var y2023 = Land(await Client.GetJsonAsync("/api/targets/progress?unit=441402&as_of=2023-02-01"));
        Assert.Equal(3, y2023.Number("current"));
        Assert.Contains("1 块未录入储备日期", y2023["basis"]!.GetValue<string>());

        // Through the layer: a reservation day only with status 储备, and it is read back.
        var id = await Fixture.WithDbAsync(db => db.Parcels.Where(p => p.Code == "R1").Select(p => p.Id).SingleAsync());
        var feature = await Client.GetJsonAsync($"/api/parcels/{id}");
        Assert.Equal("2021-05-01", feature["properties"]!["reserved_on"]!.GetValue<string>());
        var properties = feature["properties"]!;
        var idle = new JsonObject
        {
            ["type"] = "Feature", ["geometry"] = feature["geometry"]!.DeepClone(),
            ["properties"] = new JsonObject { ["code"] = "R1", ["name"] = "R1", ["land_use"] = properties["land_use"]!.DeepClone(), ["status"] = "idle", ["reserved_on"] = "2021-05-01" },
        };
        var errors = await SmallTown.ProblemErrorsAsync(await Client.PutAsJsonAsync($"/api/parcels/{id}", idle));
        Assert.True(errors.ContainsKey("reserved_on"), errors.ToJsonString());
    }

    private static Parcel Reserved(string code, double east, DateOnly on)
    {
        var parcel = Plot(code, east, ParcelStatus.Reserve);
        parcel.ReservedOn = on;
        return parcel;
    }

    private static NursingRoom Room(string name, double east, VenueType venue, DateOnly opened) => new()
    {
        Name = name, VenueName = name, VenueType = venue, Location = SmallTown.At(east, 0), UsableAreaM2 = 12, OpenedOn = opened, DataSource = "test",
    };

    private static JsonObject Body(JsonObject filter) => new()
    {
        ["unit"] = "371002", ["id"] = "full-day-2023", ["name"] = "全日托托育机构（2023年）", ["kind"] = "custom_count", ["layer"] = "institutions", ["filter"] = filter,
        ["comparison"] = "at_least", ["value"] = 2, ["due"] = "2023-12-31",
        ["source"] = new JsonObject { ["document"] = "环政办发〔2023〕1号", ["clause"] = "全日托托育机构不少于2家" },
    };
}
