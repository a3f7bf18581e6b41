using System.Net.Http.Json;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Geo.Analysis.Spatial;
using Geo.Api.Data;
using Geo.Api.Data.Entities;

namespace Geo.Api.Tests.AnalysisApi; // not ".Analysis": it would hide Geo.Analysis in the test namespaces

/// <summary>
/// A hand-made town for the analysis tests: city 990100 → district 990101 → one 街道 990101001, a 4 km square
/// around (119.30, 26.08); features placed by metres east/north of its centre.
/// </summary>
internal static class SmallTown
{
    public const string City = "990100";
    public const string District = "990101";
    public const string Subdistrict = "990101001";
    public const double CentreLon = 119.30;
    public const double CentreLat = 26.08;
    public const double Share = 0.03;

    public static Point At(double east, double north)
    {
        var (perLon, perLat) = GroundDistance.MetresPerDegree(CentreLat);
        return Wgs84.Point(CentreLon + east / perLon, CentreLat + north / perLat);
    }

    public static MultiPolygon Square(double halfSide, double east = 0, double north = 0)
    {
        var corners = new[] { (-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1) }
            .Select(c => At(east + c.Item1 * halfSide, north + c.Item2 * halfSide).Coordinate).ToArray();
        return Wgs84.Factory.CreateMultiPolygon([Wgs84.Factory.CreatePolygon(corners)]);
    }

    /// <summary>A square parcel of the side given, centred east/north of the town's centre (area and point derived by the database).</summary>
    public static Parcel Parcel(string code, double east, double north, double side, LandUse use, ParcelStatus status, bool allocationEligible) => new()
    {
        Name = code, Code = code, Boundary = Square(side / 2, east, north), LandUse = use, Status = status,
        AllocationEligible = allocationEligible, DataSource = "test",
    };

    /// <summary>The city sets the standards (12 new / 9 old, 1 per 街道); the district only its share of children.</summary>
    public static async Task AddUnitsAsync(TuoyuDbContext db, double? districtNew = null)
    {
        db.Districts.Add(new District { Code = City, Name = "测试市", Level = DistrictLevel.City, SlotsPerThousandNew = 12, SlotsPerThousandOld = 9, MinInstitutionsPerSubdistrict = 1 });
        db.Districts.Add(new District { Code = District, Name = "测试区", Level = DistrictLevel.District, ParentCode = City, Boundary = Square(2000), ShareUnder3 = Share, SlotsPerThousandNew = districtNew });
        db.Districts.Add(new District { Code = Subdistrict, Name = "测试街道", Level = DistrictLevel.Subdistrict, ParentCode = District, Boundary = Square(2000) });
        await db.SaveChangesAsync();
    }

    /// <summary>The town's units with the institutions and areas given, saved.</summary>
    public static async Task SeedAsync(ApiFixture fixture, Institution[] institutions, ResidentialArea[] areas, double? districtNew = null)
    {
        await using var db = fixture.CreateDbContext();
        await AddUnitsAsync(db, districtNew);
        db.Institutions.AddRange(institutions);
        db.ResidentialAreas.AddRange(areas);
        await db.SaveChangesAsync();
    }

    public static ResidentialArea Area(string name, double east, double north, int population, ResidentialKind kind) => new()
    {
        Name = name, Location = At(east, north), Population = population, Kind = kind, DataSource = "test",
    };

    public static Institution Institution(string name, double east, double north, int slots,
        FilingStatus filing = FilingStatus.Filed, InstitutionStatus status = InstitutionStatus.Operating) => new()
    {
        Name = name,
        Location = At(east, north),
        Nature = InstitutionNature.NonProfit,
        OperatorType = OperatorType.Independent,
        ServiceTypes = [ServiceType.FullDay],
        ApprovedSlots = slots,
        FilingStatus = filing,
        FiledOn = filing == FilingStatus.Unfiled ? null : new DateOnly(2024, 1, 1),
        Status = status,
        DataSource = "test",
    };

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> PostJsonAsync(this HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>
    /// Commits a walking network of the streets given (each a polyline in metres east/north of the centre) through the
    /// import route, as a planner would.
    /// </summary>
    public static Task ImportStreetsAsync(HttpClient client, params (double E, double N)[][] streets) =>
        ImportStreetsInAsync(client, District, streets);

    /// <summary>Streets given in metres east and north of the town's origin, imported as <paramref name="district"/>'s walking network.</summary>
    public static async Task ImportStreetsInAsync(HttpClient client, string district, params (double E, double N)[][] streets)
    {
        static string Line((double E, double N)[] points) =>
            "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[" +
            string.Join(",", points.Select(p => At(p.E, p.N)).Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{c.X:R},{c.Y:R}]"))) + "]}}";
        var file = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", streets.Select(Line)) + "]}");
        var response = await ImportExport.ImportFiles.PostFileAsync(client, $"/api/districts/{district}/network?mode=commit", file, "streets.geojson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The 400's errors object; fails unless the answer is a 400 ProblemDetails.</summary>
    public static async Task<JsonObject> ProblemErrorsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!["errors"]!.AsObject();
    }

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static double Number(this JsonNode node, string name) => node[name]!.GetValue<double>();
}
