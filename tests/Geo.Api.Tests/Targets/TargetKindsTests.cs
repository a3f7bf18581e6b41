using System.Text.RegularExpressions;
using Geo.Api.Data.Entities;
using Geo.Api.Reference.Plans;
using Geo.Api.Tests.AnalysisApi;

namespace Geo.Api.Tests.Targets;

/// <summary>
/// GET /api/targets/kinds is what the planner's form is built from: every kind of target and standard the plan
/// files know, each with a Chinese name, its unit and the fields it adds, so a kind added later needs no client change.
/// </summary>
public sealed partial class TargetKindsTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Every_kind_is_listed_in_Chinese_with_its_unit_and_the_fields_it_needs()
    {
        var body = await Public.GetJsonAsync("/api/targets/kinds");
        var targets = body["targets"]!.AsArray().ToDictionary(k => k!["kind"]!.GetValue<string>(), k => k!);
        Assert.Equal(Words.All<PlanTargetKind>().Order(), targets.Keys.Order());
        Assert.All(targets.Values, k => Assert.Matches(Han(), k["name"]!.GetValue<string>()));
        Assert.All(targets.Values, k => Assert.False(string.IsNullOrWhiteSpace(k["unit"]!.GetValue<string>())));

        // Shares are fractions shown as percentages; counts read in their own unit.
        Assert.True(targets["affordable_slot_share"]["share"]!.GetValue<bool>());
        Assert.Equal("%", targets["affordable_slot_share"]["unit"]!.GetValue<string>());
        Assert.False(targets["institution_count"]["share"]!.GetValue<bool>());
        Assert.Equal("家", targets["institution_count"]["unit"]!.GetValue<string>());
        Assert.Equal("托位/千人", targets["slots_per_thousand"]["unit"]!.GetValue<string>());

        // The fields each kind adds, as the plan files' reader requires them, with Chinese labels and options.
        JsonNode Field(string kind, string field) => targets[kind]["fields"]!.AsArray().Single(f => f!["field"]!.GetValue<string>() == field)!;
        Assert.True(Field("slots_per_thousand", "scope")["required"]!.GetValue<bool>());
        Assert.Equal("新建居住区", Field("slots_per_thousand", "scope")["options"]!["new_areas"]!.GetValue<string>());
        Assert.True(Field("institution_count", "category")["required"]!.GetValue<bool>());
        Assert.Equal("示范", Field("institution_count", "category")["options"]!["demonstration"]!.GetValue<string>());
        Assert.False(Field("institution_count", "per_unit")["required"]!.GetValue<bool>());
        Assert.Equal("choices", Field("nursing_room_share", "places")["type"]!.GetValue<string>());
        Assert.Equal("交通枢纽", Field("nursing_room_share", "places")["options"]!["transport_hub"]!.GetValue<string>());
        Assert.Empty(targets["affordable_slot_share"]["fields"]!.AsArray());
        var options = targets.Values.SelectMany(k => k["fields"]!.AsArray()).Select(f => f!["options"]).OfType<JsonObject>().SelectMany(o => o.Select(p => p.Value!.GetValue<string>()));
        Assert.All(options, text => Assert.Matches(Han(), text));

        var standards = body["standards"]!.AsArray().ToDictionary(k => k!["kind"]!.GetValue<string>(), k => k!);
        Assert.Equal(Words.All<PlanStandardKind>().Order(), standards.Keys.Order());
        Assert.Equal("米", standards["service_radius_m"]["unit"]!.GetValue<string>());
        Assert.True(standards["under3_share"]["share"]!.GetValue<bool>());
        Assert.Equal("介于", body["comparisons"]!["between"]!.GetValue<string>());
        Assert.Equal(Words.All<PlanComparison>().Order(), body["comparisons"]!.AsObject().Select(p => p.Key).Order());
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
