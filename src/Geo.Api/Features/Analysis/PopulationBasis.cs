namespace Geo.Api.Features.Analysis;

/// <summary>
/// The population a district's totals stand on: the latest official figure a planner entered, else its census;
/// and whether its residential areas are declared complete.
/// </summary>
public sealed record PopulationBasis(int? Total, string? Source, bool AreasComplete)
{
    public static PopulationBasis Of(District d) => d.OfficialPopulation is { } official
        ? new(official, $"{d.OfficialPopulationSource} ({d.OfficialPopulationAsOf:yyyy-MM-dd})", d.ResidentialAreasComplete)
        : new(d.Population, d.Population is null ? null : d.PopulationSource ?? "census", d.ResidentialAreasComplete);

    /// <summary>
    /// How the listed areas stand against the total. Complete areas are scaled to the total (never dropped or
    /// spread where they are not); otherwise what the areas do not hold is population outside any listed area.
    /// Without a total, the areas' own sum is the district's population, as before.
    /// </summary>
    public PopulationBalance Balance(IReadOnlyList<AreaRow> areas)
    {
        var listed = areas.Sum(a => (long)a.Population);
        return Total is not { } total ? new(listed, null, Source, 1, 0)
            : AreasComplete && listed > 0 ? new(listed, total, Source, (double)total / listed, 0)
            : new(listed, total, Source, 1, Math.Max(0, total - listed));
    }
}

/// <summary>The listed areas' population against the district's total.</summary>
/// <param name="Calibration">The factor every area's population is multiplied by (1 unless areas are complete).</param>
/// <param name="OutsideListedAreas">Residents of the total in no listed area: unserved in the district's totals.</param>
public sealed record PopulationBalance(long Listed, int? Total, string? Source, double Calibration, double OutsideListedAreas);

/// <summary>What a 街道 is known by for sharing out the residents outside listed areas.</summary>
/// <param name="Population">Its official figure, else its census figure; null where neither is known.</param>
/// <param name="AreaM2">The ground its boundary covers; null without a boundary.</param>
public sealed record SubdistrictSize(int? Population, double? AreaM2);

/// <summary>
/// Where in the district the residents outside any listed area live, 街道 by 街道. Where every 街道 has a population
/// figure, each gets the remainder in proportion to what its own figure exceeds its listed 小区 by (a 街道 whose
/// 小区 already hold its residents gets none), or to its figure when none exceeds; that is the best evidence of
/// where the unlisted live. Else, where every 街道 has a boundary, in proportion to its area: residents are not spread
/// evenly, but nothing better is known and the whole district is then covered. Else (names only, as set-up leaves
/// them) the remainder stays with the district: a guess would put residents in the wrong 街道.
/// </summary>
public static class OutsideApportionment
{
    public const string ByPopulation = "subdistrict_population";
    public const string ByArea = "subdistrict_area";

    /// <param name="listed">Residents of the listed 小区 per 街道 code.</param>
    /// <returns>The rule used (null when none applies) and each 街道's residents; they sum to <paramref name="outside"/>.</returns>
    public static (string? Rule, IReadOnlyDictionary<string, double> Shares) Apportion(double outside,
        IReadOnlyDictionary<string, SubdistrictSize> sizes, IReadOnlyDictionary<string, double> listed)
    {
        if (outside <= 0 || sizes.Count == 0)
        {
            return (null, new Dictionary<string, double>());
        }

        (string? rule, Dictionary<string, double> weights) = sizes.Values.All(s => s.Population is not null)
            ? (ByPopulation, sizes.ToDictionary(s => s.Key, s => Math.Max(0, s.Value.Population!.Value - listed.GetValueOrDefault(s.Key))))
            : sizes.Values.All(s => s.AreaM2 > 0) ? (ByArea, sizes.ToDictionary(s => s.Key, s => s.Value.AreaM2!.Value))
            : (null, new Dictionary<string, double>());
        if (rule == ByPopulation && weights.Values.Sum() <= 0)
        {
            weights = sizes.ToDictionary(s => s.Key, s => (double)s.Value.Population!.Value);
        }

        var total = weights.Values.Sum();
        return rule is null || total <= 0
            ? (null, new Dictionary<string, double>())
            : (rule, weights.ToDictionary(w => w.Key, w => outside * w.Value / total));
    }
}
