using System.Text;
using Geo.Api.Data.Entities;
using Geo.Api.Demo;
using Geo.Api.Tests.AnalysisApi;

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

/// <summary>The ranking rule on a town small enough to work by hand (no demo data beside it).</summary>
public sealed class PriorityParcelRuleTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>
    /// Five parcels around two unserved areas, ranked by the rule as written in the score's documentation, not by
    /// the code: demand 50 × unmet / the best parcel's unmet, land use 20 when childcare may be built there, status
    /// 闲置 15 / 低效 12 / 储备 5 / 已出让 0, size 10 when at least 400 m² (and room for the demand at 9 m² a 托位),
    /// 划拨 5; compatible, adequate, idle or low-efficiency land first, 已出让 last.
    /// </summary>
    [Fact]
    public async Task Five_parcels_ranked_by_hand_on_a_small_town()
    {
        await using (var db = Fixture.CreateDbContext())
        {
            await SmallTown.AddUnitsAsync(db);
            // No institution: A's gap is its requirement, 1,000 × 12 ‰ = 12 托位; B's 4,000 × 9 ‰ = 36.
            db.ResidentialAreas.AddRange(
                SmallTown.Area("A", 0, 0, 1000, ResidentialKind.New),
                SmallTown.Area("B", 0, -1000, 4000, ResidentialKind.Old));
            db.Parcels.AddRange(
                SmallTown.Parcel("甲", 0, 100, 30, LandUse.Education, ParcelStatus.Idle, false),              // reaches A
                SmallTown.Parcel("乙", 0, -900, 40, LandUse.SocialWelfare, ParcelStatus.Reserve, true),       // reaches B
                SmallTown.Parcel("丙", 0, -1100, 40, LandUse.Industrial, ParcelStatus.Idle, true),            // reaches B
                SmallTown.Parcel("丁", 100, -1000, 40, LandUse.Education, ParcelStatus.Sold, true),           // reaches B
                SmallTown.Parcel("戊", 0, -100, 10, LandUse.Commercial, ParcelStatus.LowEfficiency, false)); // reaches A
            await db.SaveChangesAsync();
        }

        var body = await Client.GetNodeAsync($"/api/analysis/priority-parcels?district={SmallTown.District}");

        // The best parcel reaches 36 unmet 托位, so reaching A's 12 is worth 50 × 12 / 36 = 16.67.
        //   甲 16.67 + 20 + 15 + 10 + 0 = 61.67   compatible, 900 m², idle          → 1
        //   乙 50    + 20 +  5 + 10 + 5 = 90      compatible, 1,600 m², but 储备     → 2 (after idle land, whatever its score)
        //   戊 16.67 + 20 + 12 +  0 + 0 = 48.67   compatible but 100 m² < 400 m²     → 3
        //   丙 50    +  0 + 15 + 10 + 5 = 80      industrial land                    → 4
        //   丁 50    + 20 +  0 + 10 + 5 = 85      已出让                             → 5
        var ranked = body["features"]!.AsArray().Select(f => f!["properties"]!).ToList();
        Assert.Equal(["甲", "乙", "戊", "丙", "丁"], ranked.Select(p => p["code"]!.GetValue<string>()));
        Assert.Equal([61.67, 90, 48.67, 80, 85], ranked.Select(p => p["score"]!.GetValue<double>()));
        Assert.Equal([12.0, 36, 12, 36, 36], ranked.Select(p => p["unmet_demand"]!.GetValue<double>()));
        Assert.Equal([16.67, 20, 15, 10, 0], Components(ranked[0]));
        Assert.Equal([16.67, 20, 12, 0, 0], Components(ranked[2]));
        Assert.Equal([50.0, 0, 15, 10, 5], Components(ranked[3]));
        Assert.Equal(48, body["parameters"]!["unmet_demand_total"]!.GetValue<double>());
        Assert.Contains("已出让", ranked[4]["reason"]!.GetValue<string>());
        Assert.Contains("小于最小用地面积 400 平方米", ranked[2]["reason"]!.GetValue<string>());
    }

    private static double[] Components(JsonNode properties) =>
        [.. new[] { "demand", "land_use", "status", "size", "allocation" }.Select(k => properties["components"]![k]!.GetValue<double>())];
}
