using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Geo.Api.Data.Entities;
using Geo.Api.Features.Analysis;

namespace Geo.Api.Tests.AnalysisApi;

/// <summary>
/// The coverage answer is written to the body feature by feature (<see cref="CoverageBody"/>): its bytes must be those
/// System.Text.Json writes for the same <see cref="CoverageResponse"/> with the service's options — outlines and points,
/// a calibrated area (listed population set) and one in no catchment (nearest_m null), with and without filed_only.
/// </summary>
public sealed class CoverageBodyTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("boundary", false)]
    [InlineData("point", true)]
    public async Task The_streamed_body_is_the_record_as_the_serialiser_writes_it(string geometry, bool alsoFiledOnly)
    {
        var outlined = SmallTown.Area("有边界", 100, 100, 800, ResidentialKind.New);
        outlined.Boundary = SmallTown.Square(50, 100, 100);
        await SmallTown.SeedAsync(Fixture,
            [SmallTown.Institution("机构", 0, 0, 40), SmallTown.Institution("未备案", 150, 0, 25, FilingStatus.Unfiled)],
            [outlined, SmallTown.Area("老区", -200, 0, 1200, ResidentialKind.Old), SmallTown.Area("远处", 1900, 1900, 300, ResidentialKind.Old)]);
        await using (var db = Fixture.CreateDbContext())
        {
            var district = await db.Districts.SingleAsync(d => d.Code == SmallTown.District);
            (district.Population, district.ResidentialAreasComplete) = (3000, true); // listed 2,300: calibrated
            await db.SaveChangesAsync();
        }

        await using var scope = Fixture.Services.CreateAsyncScope();
        var json = scope.ServiceProvider.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var settings = new CoverageQuery { District = SmallTown.District, Geometry = geometry }.Validate() with { AlsoFiledOnly = alsoFiledOnly };
        var response = (await scope.ServiceProvider.GetRequiredService<CoverageReports>().CoverageAsync(settings, CancellationToken.None))!;

        var pipe = new Pipe();
        await new CoverageBody(response).WriteAsync(pipe.Writer, json, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var streamed = new MemoryStream();
        await pipe.Reader.CopyToAsync(streamed);

        var expected = JsonSerializer.Serialize(response, json);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(streamed.ToArray()));
        var areas = JsonDocument.Parse(expected).RootElement.GetProperty("areas").GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("properties").GetProperty("name").GetString()!, f => f);
        Assert.Equal(geometry == "boundary" ? "MultiPolygon" : "Point", areas["有边界"].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(800, areas["有边界"].GetProperty("properties").GetProperty("listed_population").GetInt32());
        Assert.Equal(JsonValueKind.Null, areas["远处"].GetProperty("properties").GetProperty("nearest_m").ValueKind);
        Assert.Equal(alsoFiledOnly, JsonDocument.Parse(expected).RootElement.TryGetProperty("filed_only", out _));
    }
}
