using Geo.Analysis.Targets;

namespace Geo.Analysis.Tests.Targets;

public class HousingDeliveryTests
{
    private static readonly DateOnly Handover = new(2023, 6, 30);

    [Theory]
    [InlineData(1000, 10)] // exactly 10 per 1,000
    [InlineData(1001, 11)] // 10.01 rounds up: "不少于"
    [InlineData(950, 10)]
    [InlineData(0, 0)]
    public void Required_places_are_the_standard_rounded_up(int population, int required) =>
        Assert.Equal(required, HousingDelivery.Check(new("a", population, Handover, true, 100, Handover), 10, Handover).RequiredSlots);

    [Fact]
    public void A_facility_delivered_after_the_housing_stays_late_and_one_before_it_counts_from_the_handover()
    {
        var late = new HousingObligation("late", 1000, Handover, true, 10, Handover.AddDays(1));
        Assert.False(HousingDelivery.Check(late, 10, Handover.AddDays(-1)).HandedOver);
        Assert.True(HousingDelivery.Check(late, 10, Handover).Late);
        Assert.True(HousingDelivery.Check(late, 10, new DateOnly(2030, 1, 1)).Late); // delivered since, still not with the housing

        var onTime = late with { DeliveredOn = Handover };
        Assert.False(HousingDelivery.Check(onTime, 10, Handover.AddDays(-1)).DeliveredWithHousing);
        Assert.True(HousingDelivery.Check(onTime, 10, Handover).DeliveredWithHousing);
    }

    [Fact]
    public void Short_or_missing_facilities_do_not_count_and_the_share_is_over_the_areas_handed_over()
    {
        var areas = new HousingObligation[]
        {
            new("ok", 1000, Handover, true, 10, Handover),
            new("short", 1000, Handover, true, 9, Handover),
            new("unrecorded places", 1000, Handover, true, null, Handover),
            new("missing", 1000, Handover, false, null, null),
            new("later", 1000, Handover.AddYears(1), true, 10, null),
            new("no date", 1000, null, true, 10, null),
        };
        Assert.True(HousingDelivery.Check(areas[1], 10, Handover).ShortOfPlaces);
        Assert.True(HousingDelivery.Check(areas[2], 10, Handover).ShortOfPlaces);
        Assert.True(HousingDelivery.Check(areas[3], 10, Handover).Missing);
        Assert.Equal(1, HousingDelivery.Share(areas, 10, Handover.AddDays(-1))); // none handed over: nothing broken
        Assert.Equal(1 / 4.0, HousingDelivery.Share(areas, 10, Handover));
        Assert.Equal(1 / 5.0, HousingDelivery.Share(areas, 10, Handover.AddYears(1))); // "later" handed over undelivered
    }
}
