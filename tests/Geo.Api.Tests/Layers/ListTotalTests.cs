using Geo.Api.Features.Layers;

namespace Geo.Api.Tests.Layers;

/// <summary>
/// A list's total: counted exactly up to <see cref="Layer{TEntity, TInput, TOutput, TFilter}.ExactTotalUpTo"/> matches
/// and on the last page, else the planner's estimate flagged total_is_estimate; has_more is read with the page either way.
/// </summary>
public sealed class ListTotalTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const int Rows = 10_400;

    [Fact]
    public async Task A_large_filter_gets_the_planners_estimate_flagged_and_a_small_one_its_exact_count()
    {
        // Rows east of 119.35 lie in the bbox below; 40 of them are named 乙 for a filter of few matches.
        await Fixture.ExecuteAsync($"""
            INSERT INTO institutions (name, address, location, nature, operator_type, service_types, approved_slots, enrolled_slots,
                                      is_puhui, is_demonstration, is_standardised, filing_status, status, data_source)
            SELECT CASE WHEN k % 260 = 0 THEN '乙' ELSE '甲' END || k, '地址', ST_SetSRID(ST_MakePoint(119.3 + k * 0.00001, 26.08), 4326),
                   'non_profit', 'independent', ARRAY['full_day'], 50, 20, false, false, false, 'filed', 'operating', 'test'
              FROM generate_series(1, {Rows}) k;
            ANALYZE institutions;
            """);

        var first = await Client.GetNodeAsync("/api/institutions?page_size=100");
        Assert.True(first["total_is_estimate"]!.GetValue<bool>());
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal(100, first["features"]!.AsArray().Count);
        // ANALYZE read every row of so small a table: its estimate is the count, give or take the sampling.
        Assert.InRange(first["total"]!.GetValue<int>(), Rows * 0.95, Rows * 1.05);

        var few = await Client.GetNodeAsync("/api/institutions?q=乙&page_size=10");
        Assert.Equal((40, false, true), (few["total"]!.GetValue<int>(), few["total_is_estimate"]!.GetValue<bool>(), few["has_more"]!.GetValue<bool>()));

        // The last page knows the total from where it ends, whatever the filter's size.
        var last = await Client.GetNodeAsync($"/api/institutions?page_size=1000&page={Rows / 1000 + 1}");
        Assert.Equal((Rows, false, false, Rows % 1000),
            (last["total"]!.GetValue<int>(), last["total_is_estimate"]!.GetValue<bool>(), last["has_more"]!.GetValue<bool>(), last["features"]!.AsArray().Count));

        var bbox = await Client.GetNodeAsync("/api/institutions?bbox=119.349995,26.0,119.5,26.1&page_size=100");
        Assert.Equal((Rows - 5000 + 1, false), (bbox["total"]!.GetValue<int>(), bbox["total_is_estimate"]!.GetValue<bool>()));
    }
}
