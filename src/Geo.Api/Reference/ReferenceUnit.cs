using Geo.Analysis.Coordinates;

namespace Geo.Api.Reference;

/// <summary>
/// An administrative unit of China as the shipped reference data know it: a province, a prefecture-level
/// city (市/州/盟) or a county-level unit (区/县/县级市/旗, and the census's development zones).
/// </summary>
/// <param name="Adcode">The 6-digit code: 2 digits of province, 2 of city, 2 of county.</param>
/// <param name="ParentAdcode">The unit above; null for a province. County-level units of a municipality and
/// 省直辖县级 units hang directly under their province (they have no city).</param>
/// <param name="Census">2020 census figures; null where the census has none (金门县 350527).</param>
/// <param name="IsDevelopmentZone">A census development zone (code XXXX7N): tabulated on its own, but it lies
/// inside ordinary districts and has no boundary of its own.</param>
public sealed record ReferenceUnit(
    string Adcode,
    string Name,
    DistrictLevel Level,
    string? ParentAdcode,
    CensusFigures? Census,
    bool IsDevelopmentZone = false);

/// <summary>A unit's 2020 census figures, or the sum over its county rows for a city or province.</summary>
/// <param name="Population">Resident population (第七次全国人口普查, 2020).</param>
/// <param name="ShareAge0">Share of residents aged 0; for a city or province, the population-weighted mean.</param>
/// <param name="ShareAge1To4">Share aged 1–4, likewise.</param>
/// <param name="CountyRows">How many census county rows were summed (1 for a county-level unit).</param>
public sealed record CensusFigures(long Population, double ShareAge0, double ShareAge1To4, int CountyRows = 1)
{
    public const string Source = "第七次全国人口普查（2020）分县资料，data/census-2020-counties.csv";

    /// <summary>Children under 3 (ages 0, 1 and 2), see <see cref="UnderThreeShare"/>.</summary>
    public double ShareUnder3 => UnderThreeShare(ShareAge0, ShareAge1To4);

    /// <summary>
    /// share(age 0) + ½ · share(ages 1–4): all of age 0, and half of ages 1–4 as a proxy for ages 1–2 (the census
    /// publishes 1–4 as one band). The district's figure the analysis takes as its input (domain.md).
    /// </summary>
    public static double UnderThreeShare(double shareAge0, double shareAges1To4) => shareAge0 + 0.5 * shareAges1To4;
}

/// <summary>A 街道/镇/乡 with its 9-digit NBS code (统计用区划代码 2023).</summary>
public sealed record ReferenceSubdistrict(string Code, string Name, string DistrictAdcode);

/// <summary>A unit's boundary as shipped: GCJ-02 lon/lat (DataV), possibly invalid; never converted on read.</summary>
/// <param name="SourceFile">The data/ file it comes from (its licence sits beside it).</param>
public sealed record ReferenceBoundary(string Adcode, string Name, MultiPolygon Gcj02, string SourceFile)
{
    /// <summary>The same boundary in WGS-84, converted with the iterative GCJ-02 inverse.</summary>
    public MultiPolygon ToWgs84() => (MultiPolygon)Crs.Gcj02.ToWgs84(Gcj02);
}
