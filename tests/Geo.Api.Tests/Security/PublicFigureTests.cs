using Geo.Api.Data.Entities;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Security;

/// <summary>Anonymous coverage and targets count filed institutions only, as the public's lists do; planners count both, and each answer names what it counted.</summary>
public sealed class PublicFigureTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_public_counts_filed_institutions_only_and_planners_count_both_labelled()
    {
        await SeedAsync();

        using var planner = Fixture.CreateClient(Role.Planner);
        var url = $"/api/analysis/coverage?district={SmallTown.District}&geometry=point";
        var seen = await Public.GetNodeAsync(url);
        var staff = await planner.GetNodeAsync(url);

        Assert.Equal(30, seen["district"]!["approved_slots"]!.GetValue<double>());
        Assert.Contains("filed", seen["parameters"]!["supply"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(70, staff["district"]!["approved_slots"]!.GetValue<double>());
        Assert.DoesNotContain("filed", staff["parameters"]!["supply"]!.AsArray().Select(s => s!.GetValue<string>()));

        var targets = $"/api/analysis/targets?district={SmallTown.District}";
        Assert.NotEqual((await Public.GetNodeAsync(targets))["targets"]!.ToJsonString(), (await planner.GetNodeAsync(targets))["targets"]!.ToJsonString());
    }

    /// <summary>Per caller (null: the public): the figure counted, and whether the filed-only one stands beside it.</summary>
    [Theory]
    [InlineData(null, 30, false)]
    [InlineData(Role.LandOfficer, 30, false)]
    [InlineData(Role.Planner, 70, true)]
    [InlineData(Role.Admin, 70, true)]
    public async Task Staff_see_every_institutions_figure_and_the_filed_only_one_side_by_side_each_labelled(Role? role, double slots, bool both)
    {
        await SeedAsync();
        using var client = Fixture.CreateClient(role);

        var coverage = await client.GetNodeAsync($"/api/analysis/coverage?district={SmallTown.District}&geometry=point");
        var targets = await client.GetNodeAsync($"/api/analysis/targets?district={SmallTown.District}");

        Assert.Equal(slots, coverage["district"]!["approved_slots"]!.GetValue<double>());
        var label = coverage["parameters"]!["supply_label"]!.GetValue<string>();
        Assert.Equal(both ? "全部在营机构（含未备案）（工作人员口径）" : "仅已备案的在营机构（公众所见口径）", label);
        Assert.Equal(label, targets["parameters"]!["supply_label"]!.GetValue<string>());
        var perThousand = targets["targets"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "national_slots_per_thousand")!;
        Assert.Equal(slots / 5, perThousand["current"]!.GetValue<double>(), 3); // 5,000 residents
        if (!both)
        {
            Assert.Null(coverage["filed_only"]);
            Assert.Null(targets["filed_only_supply_label"]);
            Assert.Null(perThousand["filed_only"]);
            return;
        }

        var filed = coverage["filed_only"]!;
        Assert.Equal("仅已备案的在营机构（公众所见口径）", filed["supply_label"]!.GetValue<string>());
        Assert.Contains("filed", filed["supply"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(30, filed["district"]!["approved_slots"]!.GetValue<double>());
        Assert.Equal(coverage["subdistricts"]!.AsArray().Count, filed["subdistricts"]!.AsArray().Count);
        Assert.Equal("仅已备案的在营机构（公众所见口径）", targets["filed_only_supply_label"]!.GetValue<string>());
        Assert.Equal(6, perThousand["filed_only"]!["current"]!.GetValue<double>(), 3);
        Assert.All(targets["targets"]!.AsArray(), t => Assert.NotNull(t!["filed_only"]));
    }

    [Theory]
    [InlineData(Role.LandOfficer, 30)] // reads institutions as the public does: the filed one only
    [InlineData(Role.Planner, 70)]
    public async Task The_coverage_export_counts_what_the_callers_coverage_answer_counts(Role role, double slots)
    {
        await SeedAsync();
        using var client = Fixture.CreateClient(role);
        var query = $"district={SmallTown.District}&geometry=point";

        var answer = await client.GetNodeAsync($"/api/analysis/coverage?{query}");
        var exported = await client.GetNodeAsync($"/api/export/analysis/coverage?{query}&format=geojson");

        // One area, both institutions 50 m from it: all the 托位 counted are within its reach.
        Assert.Equal(slots, answer["district"]!["approved_slots"]!.GetValue<double>());
        var area = Assert.Single(exported["features"]!.AsArray())!["properties"]!;
        Assert.Equal(slots, area["accessible_slots"]!.GetValue<double>());
    }

    private async Task SeedAsync()
    {
        await using var db = Fixture.CreateDbContext();
        await SmallTown.AddUnitsAsync(db);
        db.ResidentialAreas.Add(SmallTown.Area("甲小区", 0, 0, 5000, ResidentialKind.Old));
        db.Institutions.Add(SmallTown.Institution("已备案", 50, 0, 30));
        db.Institutions.Add(SmallTown.Institution("未备案", -50, 0, 40, FilingStatus.Unfiled));
        await db.SaveChangesAsync();
    }
}
