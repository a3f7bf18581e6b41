namespace Geo.Analysis.Siting;

/// <summary>
/// A demand point: a residential area (or a cell of one) whose children under 3 need 托位.
/// </summary>
/// <param name="Id">Caller's identifier, unique among demand points.</param>
/// <param name="Lon">WGS-84 longitude in degrees.</param>
/// <param name="Lat">WGS-84 latitude in degrees.</param>
/// <param name="Weight">
/// Unmet demand, net of what existing institutions already supply (unmet 托位, or unmet population). The caller
/// computes it beforehand; coverage models count it as given.
/// </param>
/// <param name="RequiredPlaces">
/// Unmet 托位, when <paramref name="Weight"/> is in another unit; the capacitated model assigns this amount
/// against site capacities (it falls back to <paramref name="Weight"/>).
/// </param>
public sealed record DemandPoint(string Id, double Lon, double Lat, double Weight, double? RequiredPlaces = null)
{
    /// <summary>The amount, in 托位, the capacitated model may assign to new sites.</summary>
    public double Places => RequiredPlaces ?? Weight;
}

/// <summary>A place where a new institution could open: a parcel, or a point a planner gives.</summary>
/// <param name="Capacity">托位 it could offer; null means the request's default (or unlimited).</param>
/// <param name="Kind">Free label for the caller (parcel class, building type …); not used by the models.</param>
public sealed record CandidateSite(string Id, double Lon, double Lat, double? Capacity = null, string? Kind = null);

/// <summary>An operating institution that stays open; new sites are added to these.</summary>
public sealed record ExistingSite(string Id, double Lon, double Lat, double Capacity);

/// <summary>
/// Costs supplied by the caller instead of ground distance (travel time, network metres …), indexed
/// [demand, candidate] and [demand, existing] in the order of the problem's lists. A non-finite or negative
/// entry means unreachable.
/// </summary>
/// <param name="ToCandidates">Cost from each demand point to each candidate site.</param>
/// <param name="ToExisting">Cost from each demand point to each existing site; null when there are none.</param>
public sealed record SitingCostMatrix(double[,] ToCandidates, double[,]? ToExisting = null);

/// <summary>
/// A siting problem: where demand is, where new sites may go, and which sites already exist.
/// </summary>
/// <param name="Costs">
/// Caller-supplied costs; null to measure ground metres between the points (<see cref="Spatial.GroundDistance"/>).
/// </param>
public sealed record SitingProblem(
    IReadOnlyList<DemandPoint> Demand,
    IReadOnlyList<CandidateSite> Candidates,
    IReadOnlyList<ExistingSite> Existing,
    SitingCostMatrix? Costs = null);
