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
