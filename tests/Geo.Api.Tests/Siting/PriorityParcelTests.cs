using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Geo.Api.Demo;
using Geo.Api.Tests.Infrastructure;

namespace Geo.Api.Tests.Siting;

/// <summary>Priority parcels on the demo district: 已出让 last, every rank explained, CSV for spreadsheets.</summary>
public sealed class PriorityParcelTests(ApiFixture fixture) : ApiTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Fixture.CreateDbContext();
        await DemoDataLoader.LoadIfEmptyAsync(db, NullLogger.Instance);
    }

    [Fact]
    public async Task Parcels_are_ranked_with_sold_ones_last_and_each_rank_explained()
    {
        var body = await Client.GetNodeAsync("/api/analysis/priority-parcels?district=350102&radius_m=500");

        var features = body["features"]!.AsArray();
        await using var db = Fixture.CreateDbContext();
        Assert.Equal(db.Parcels.Count(p => p.DistrictCode == "350102"), features.Count);
        Assert.Equal(Enumerable.Range(1, features.Count), features.Select(f => f!["properties"]!["rank"]!.GetValue<int>()));
        var sold = features.Where(f => f!["properties"]!["status"]!.GetValue<string>() == "sold").ToList();
        Assert.NotEmpty(sold);
        var lastOther = features.Where(f => f!["properties"]!["status"]!.GetValue<string>() != "sold")
            .Max(f => f!["properties"]!["rank"]!.GetValue<int>());
        Assert.All(sold, f => Assert.True(f!["properties"]!["rank"]!.GetValue<int>() > lastOther, "a sold parcel ranks above another"));
        foreach (var feature in features)
        {
            var p = feature!["properties"]!;
            var rank = p["rank"]!.GetValue<int>();
            var reason = p["reason"]!.GetValue<string>();
            Assert.StartsWith($"第{rank}位：", reason);
            Assert.EndsWith("。", reason);
            Assert.Equal("MultiPolygon", feature["geometry"]!["type"]!.GetValue<string>());
            var c = p["components"]!;
            var sum = new[] { "demand", "land_use", "status", "size", "allocation" }.Sum(k => c[k]!.GetValue<double>());
            Assert.Equal(p["score"]!.GetValue<double>(), sum, 0.05);
        }

        Assert.Contains("已出让", sold[0]!["properties"]!["reason"]!.GetValue<string>());
        Assert.Equal(500, body["parameters"]!["radius_m"]!.GetValue<double>());
    }

    /// <summary>
    /// The order is by tiers before score, so a parcel may rank above a higher score: both reasons must say so, naming
    /// the other parcel; every reason writes area as 平方米 (never m² beside it).
    /// </summary>
    [Fact]
    public async Task A_rank_above_a_higher_score_is_explained_on_both_sides_in_square_metres()
    {
        var body = await Client.GetNodeAsync("/api/analysis/priority-parcels?district=350102");
        var parcels = body["features"]!.AsArray().Select(f => f!["properties"]!).ToList();
        var crossings = 0;
        for (var i = 0; i < parcels.Count; i++)
        {
            var reason = parcels[i]["reason"]!.GetValue<string>();
            Assert.Contains("平方米", reason, StringComparison.Ordinal);
            Assert.DoesNotContain("m²", reason, StringComparison.Ordinal);
            Assert.DoesNotContain("㎡", reason, StringComparison.Ordinal);
            for (var j = i + 1; j < parcels.Count; j++)
            {
                if (parcels[i]["score"]!.GetValue<double>() < parcels[j]["score"]!.GetValue<double>())
                {
                    crossings++;
                    Assert.Contains("仍排在得分更高的", reason, StringComparison.Ordinal);
                    Assert.Contains("仍排在得分较低的", parcels[j]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
                }
            }
        }

        Assert.True(crossings > 0, "the demo has a parcel ranked above a higher score (储备 after 闲置/低效)");
    }

    [Fact]
    public async Task The_csv_export_has_a_byte_order_mark_a_header_and_one_row_per_parcel()
    {
        var response = await Client.GetAsync("/api/analysis/priority-parcels?district=350102&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("排名 rank,得分 score,地块编码 code,", lines[0]);
        Assert.EndsWith("理由 reason", lines[0]);
        var geojson = await Client.GetNodeAsync("/api/analysis/priority-parcels?district=350102");
        var features = geojson["features"]!.AsArray();
        Assert.Equal(features.Count + 1, lines.Length);
        var first = features[0]!["properties"]!;
        Assert.StartsWith($"1,{first["score"]!.GetValue<double>().ToString(System.Globalization.CultureInfo.InvariantCulture)},{first["code"]!.GetValue<string>()},", lines[1]);
        Assert.Contains("第1位", lines[1]);
    }

    [Fact]
    public async Task An_unknown_district_is_404()
    {
        var response = await Client.GetAsync("/api/analysis/priority-parcels?district=350199");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
