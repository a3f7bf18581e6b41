using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using Geo.Analysis.Spatial;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Targets;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Targets;

/// <summary>What the plan tests share: units, institutions and parcels placed on the small town's east axis, plans applied, requests with If-Match.</summary>
public abstract class PlanTest(ApiFixture fixture) : ApiTest(fixture)
{
    private int _next;

    protected static ResidentialArea Completed(ResidentialArea area, int year)
    {
        area.CompletionYear = year;
        return area;
    }

    protected static Parcel Plot(string code, double east, ParcelStatus status) => new()
    {
        Code = code, Name = code, Boundary = Box(east, 100), Location = SmallTown.At(east, 0), Status = status, LandUse = LandUse.Education, DataSource = "test",
    };

    protected static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string ifMatch, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    protected async Task<PlanApplication> ApplyAsync(string code)
    {
        await using var scope = Fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPlanApplier>().ApplyAsync(code, dryRun: false, CancellationToken.None);
    }

    protected async Task AddUnitAsync(string code, string name, DistrictLevel level, string? parent, MultiPolygon? boundary)
    {
        await using var db = Fixture.CreateDbContext();
        // A district is analysed by its own under-3 share (0.0281: 鼓楼's 2020 census figure); other units carry none.
        var share = level == DistrictLevel.District ? 0.0281 : (double?)null;
        db.Districts.Add(new District
        {
            Code = code, Name = name, Level = level, ParentCode = parent, Boundary = boundary, DataSource = "test",
            ShareUnder3 = share, ShareUnder3Source = share is null ? null : "test",
        });
        await db.SaveChangesAsync();
    }

    protected async Task AddInstitutionsAsync(params Institution[] institutions)
    {
        await using var db = Fixture.CreateDbContext();
        db.Institutions.AddRange(institutions);
        await db.SaveChangesAsync();
    }

    /// <summary>An institution <paramref name="east"/> metres east of the towns' centre, with the dates given.</summary>
    protected Institution Inst(double east, DateOnly opened, DateOnly? demonstration = null, DateOnly? standardised = null, DateOnly? closed = null, DateOnly? filed = null)
    {
        var institution = SmallTown.Institution($"机构{++_next}", east, 0, 30,
            filed is null ? FilingStatus.Unfiled : FilingStatus.Filed, closed is null ? InstitutionStatus.Operating : InstitutionStatus.Closed);
        institution.FiledOn = filed;
        institution.OpenedOn = opened;
        institution.ClosedOn = closed;
        institution.IsDemonstration = demonstration is not null;
        institution.DemonstrationOn = demonstration;
        institution.IsStandardised = standardised is not null;
        institution.StandardisedOn = standardised;
        return institution;
    }

    /// <summary>A square of <paramref name="side"/> metres centred <paramref name="east"/> metres east of the centre.</summary>
    protected static MultiPolygon Box(double east, double side = 2000)
    {
        var half = side / 2;
        var corners = new[] { (-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1) }
            .Select(c => SmallTown.At(east + c.Item1 * half, c.Item2 * half).Coordinate).ToArray();
        return Wgs84.Factory.CreateMultiPolygon([Wgs84.Factory.CreatePolygon(corners)]);
    }

    protected static JsonNode Target(JsonNode body, string key) =>
        Assert.Single(body["targets"]!.AsArray(), t => t!["target"]!["key"]!.GetValue<string>() == key)!;

    protected static string? Status(JsonNode progress) => progress["status"]?.GetValue<string>();
}
