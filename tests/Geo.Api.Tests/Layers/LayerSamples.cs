using static Geo.Api.Tests.Infrastructure.Json;

namespace Geo.Api.Tests.Layers;

/// <summary>A valid feature of each layer, and a change to it (always moving its geometry too), for round trips.</summary>
public sealed record LayerSample(string Route, object Create, object Replace, string ChangedField, object ChangedValue)
{
    public override string ToString() => Route;

    public static readonly double Lon = 119.30, Lat = 26.08;

    public static IEnumerable<object[]> All()
    {
        yield return [new LayerSample("institutions", PointFeature(Lon, Lat, Institution("榕树托育中心", 60, 30)),
            PointFeature(Lon + 0.001, Lat, Institution("榕树托育中心", 80, 30)), "approved_slots", 80)];
        yield return [new LayerSample("nursing-rooms", PointFeature(Lon, Lat, Room(12)), PointFeature(Lon, Lat + 0.001, Room(15)), "usable_area_m2", 15.0)];
        yield return [new LayerSample("public-places", PointFeature(Lon, Lat, Place(8000)), PointFeature(Lon - 0.001, Lat, Place(12000)), "daily_visitors", 12000)];
        yield return [new LayerSample("residential-areas", BoxFeature(Lon, Lat, Lon + 0.002, Lat + 0.002, Area(1200)),
            BoxFeature(Lon + 0.001, Lat, Lon + 0.003, Lat + 0.002, Area(1500)), "population", 1500)];
        yield return [new LayerSample("parcels", BoxFeature(Lon, Lat, Lon + 0.001, Lat + 0.001, Parcel("idle")),
            BoxFeature(Lon, Lat + 0.001, Lon + 0.001, Lat + 0.002, Parcel("reserve")), "status", "reserve")];
    }

    public static object Institution(string name, int approved, int enrolled, string? creditCode = null) => new
    {
        name,
        credit_code = creditCode,
        address = "福州市鼓楼区五四路1号",
        nature = "non_profit",
        operator_type = "independent",
        service_types = new[] { "full_day", "hourly" },
        classes = new[] { new { type = "toddler", count = 2, children = enrolled } },
        approved_slots = approved,
        enrolled_slots = enrolled,
        is_puhui = true,
        filing_status = "filed",
        filed_on = "2024-05-01",
        quality_grade = "b",
        monthly_fee_min = 1800,
        monthly_fee_max = 2600,
        phone = "0591-87654321",
        opening_hours = "Mo-Fr 07:30-18:00",
        floor = 1,
        status = "operating",
    };

    public static object Room(double area) => new
    {
        name = "东街口地铁站母婴室",
        venue_name = "东街口地铁站",
        venue_type = "transport_hub",
        usable_area_m2 = area,
        equipment = new[] { "changing_table", "crib" },
        opening_hours = "Mo-Su 06:30-23:00",
    };

    public static object Place(int visitors) => new { name = "东街口地铁站", place_type = "transport_hub", daily_visitors = visitors };

    public static object Area(int population) => new { name = "屏山小区", population, kind = "old", completion_year = 1998 };

    public static object Parcel(string status) => new { code = "GL-T-001", name = "测试地块", land_use = "education", status, allocation_eligible = true };
}
