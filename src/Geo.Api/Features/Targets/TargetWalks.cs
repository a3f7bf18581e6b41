using Geo.Analysis.Coverage;
using Geo.Api.Features.Analysis;

namespace Geo.Api.Features.Targets;

/// <summary>The measure a request asks coverage-based targets to walk by, as coverage reads it: <c>distance</c> and <c>walking_speed</c>.</summary>
/// <param name="Measure">network or ground; null for each district's default (network where it has one).</param>
/// <param name="SpeedMetresPerSecond">The walking speed asked for; null for the deployment's.</param>
public sealed record TargetWalkRequest(DistanceMeasure? Measure, double? SpeedMetresPerSecond)
{
    /// <summary>Today's measure everywhere: what a caller that names none (the housing-delivery list) reads.</summary>
    public static TargetWalkRequest Ground { get; } = new(DistanceMeasure.Ground, null);
}

/// <summary>
/// The walks the coverage-based targets (托位/千人 by area kind) of a unit count, linked by <see cref="DistrictWalks"/>: a scope
/// inside one district walks that district's network (or its straight line, exactly as before); a city's or province's scope
/// links each residential area by its own district's measure. This class only reads the targets' records as places.
/// </summary>
internal sealed class TargetWalks
{
    private readonly DistrictWalks _walks;

    private TargetWalks(DistrictWalks walks) => _walks = walks;

    /// <summary>No district walks a network: every figure as before.</summary>
    public static TargetWalks None(double radiusMetres) => new(DistrictWalks.None(radiusMetres));

    /// <summary>
    /// The measure of each of <paramref name="districts"/>, whose areas and institutions are all of those given: in a unit inside one district, <c>distance=network</c> without a network is refused
    /// (as coverage refuses it); in a city or province it means "network where the district has one", said per district.
    /// </summary>
    public static async Task<TargetWalks> ResolveAsync(WalkingDistances distances, TargetWalkRequest request, IReadOnlyList<District> districts,
        bool oneDistrict, double radiusMetres, IReadOnlyList<ResidentialArea> areas, IReadOnlyList<Institution> institutions, CancellationToken cancellationToken) =>
        new(await DistrictWalks.ResolveAsync(distances, request.Measure, request.SpeedMetresPerSecond, [.. districts.Select(d => (d.Code, d.Name))],
            oneDistrict, radiusMetres, () => Places(areas), () => Places(institutions), cancellationToken));

    /// <summary>The catchment a day's 2SFCA runs with (<see cref="DistrictWalks.Catchment"/>), the scope's <paramref name="areas"/> deciding whether any walks a network.</summary>
    public Catchment Catchment(IReadOnlyList<ResidentialArea> areas, IReadOnlyList<ResidentialArea> demand, IReadOnlyList<Institution> supply) =>
        _walks.Catchment(areas.Select(a => a.DistrictCode), Places(demand), Places(supply));

    /// <summary>How each district of the scope was measured, with its places off the network; null when the scope's districts are unknown.</summary>
    public IReadOnlyList<DistrictDistanceOut>? Describe(IReadOnlyList<ResidentialArea> areas, IReadOnlyList<Institution> institutions, IEnumerable<string> districts) =>
        _walks.Describe(areas.Select(a => a.Id.ToString()).Concat(institutions.Select(i => i.Id.ToString())).ToHashSet(StringComparer.Ordinal), districts);

    /// <summary>The measure in the planners' words, for a target's basis line.</summary>
    public static string Words(IReadOnlyList<DistrictDistanceOut> districts)
    {
        static string One(DistanceOut d) => d.Distance == WalkingDistance.NetworkWord
            ? $"按步行路网距离（路网第 {d.NetworkVersion} 版，步行速度 {d.WalkingSpeedMps:0.##} 米/秒，约 {d.RadiusMinutes:0.#} 分钟）"
            : "按直线距离";
        if (districts.Count == 1)
        {
            return One(districts[0].Distance);
        }

        return string.Join("；", districts.GroupBy(d => One(d.Distance)).Select(g => $"{string.Join("、", g.Select(d => d.Name))}{g.Key}"));
    }

    private static List<DistrictPlace> Places(IEnumerable<ResidentialArea> areas) => [.. areas.Select(a => new DistrictPlace(a.Id.ToString(), a.Location, a.DistrictCode))];

    private static List<DistrictPlace> Places(IEnumerable<Institution> institutions) =>
        [.. institutions.Select(i => new DistrictPlace(i.Id.ToString(), i.Location, i.DistrictCode))];
}
