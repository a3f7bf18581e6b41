namespace Geo.Analysis.Coverage;

/// <summary>The unit a catchment's cost is measured in.</summary>
public enum CostUnit
{
    /// <summary>Straight-line distance on the ground (ellipsoidal), metres.</summary>
    GroundMetres = 0,

    /// <summary>Distance along a street or footpath network, metres.</summary>
    NetworkMetres = 1,

    /// <summary>Travel time, minutes.</summary>
    Minutes = 2,
}

/// <summary>
/// How far a facility's catchment reaches: every (area, institution) pair whose cost is at most
/// <see cref="Cutoff"/> (inclusive) is within reach.
/// </summary>
public abstract record Catchment
{
    private protected Catchment()
    {
    }

    public abstract double Cutoff { get; }

    public abstract CostUnit Unit { get; }
}

/// <summary>
/// Catchment by ground distance in metres from the institution (GB 50180-2018 life circles):
/// 300 m (5-minute walk), 500 m (10-minute) and 1,000 m (15-minute), or any radius.
/// </summary>
public sealed record CatchmentRadius : Catchment
{
    public CatchmentRadius(double metres)
    {
        if (!double.IsFinite(metres) || metres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(metres), metres, "The catchment radius must be a finite number of metres, 0 or more.");
        }

        Metres = metres;
    }

    public static CatchmentRadius FiveMinuteWalk { get; } = new(300);

    public static CatchmentRadius TenMinuteWalk { get; } = new(500);

    public static CatchmentRadius FifteenMinuteWalk { get; } = new(1000);

    public double Metres { get; }

    public override double Cutoff => Metres;

    public override CostUnit Unit => CostUnit.GroundMetres;
}

/// <summary>Catchment by a travel-cost matrix the caller supplies, cut off at a cost in the matrix's unit.</summary>
public sealed record TravelCostCatchment : Catchment
{
    public TravelCostCatchment(TravelCostMatrix costs, double maxCost)
    {
        ArgumentNullException.ThrowIfNull(costs);
        if (!double.IsFinite(maxCost) || maxCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCost), maxCost, "The cut-off cost must be finite and 0 or more, in the matrix's unit.");
        }

        Costs = costs;
        MaxCost = maxCost;
    }

    public TravelCostMatrix Costs { get; }

    public double MaxCost { get; }

    public override double Cutoff => MaxCost;

    public override CostUnit Unit => Costs.Unit;
}

/// <summary>One entry of a travel-cost matrix: the cost from a residential area to an institution.</summary>
public readonly record struct TravelCost(string AreaId, string InstitutionId, double Cost);

/// <summary>
/// Travel costs from residential areas to institutions (minutes, or network metres), as given by a routing
/// engine. Sparse: a pair that is missing, or whose cost is NaN or +∞, is unreachable.
/// </summary>
public sealed class TravelCostMatrix
{
    private readonly TravelCost[] _entries;

    /// <exception cref="ArgumentException">An id is empty, a cost is negative, or a pair appears twice.</exception>
    public TravelCostMatrix(CostUnit unit, IEnumerable<TravelCost> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Unit = unit;
        _entries = [.. entries.Where(e => !double.IsNaN(e.Cost) && !double.IsPositiveInfinity(e.Cost))];

        // A routing engine usually hands its pairs over in this order already: then checking it is enough.
        if (!IsOrdered(_entries))
        {
            Array.Sort(_entries, ByAreaThenInstitution);
        }

        for (var k = 0; k < _entries.Length; k++)
        {
            var e = _entries[k];
            if (string.IsNullOrEmpty(e.AreaId) || string.IsNullOrEmpty(e.InstitutionId))
            {
                throw new ArgumentException("Every travel cost needs an area id and an institution id.", nameof(entries));
            }

            if (e.Cost < 0)
            {
                throw new ArgumentException($"The travel cost from area '{e.AreaId}' to institution '{e.InstitutionId}' is {e.Cost}; costs must be 0 or more.", nameof(entries));
            }

            if (k > 0 && _entries[k - 1].AreaId == e.AreaId && _entries[k - 1].InstitutionId == e.InstitutionId)
            {
                throw new ArgumentException($"The pair area '{e.AreaId}', institution '{e.InstitutionId}' appears more than once.", nameof(entries));
            }
        }
    }

    public CostUnit Unit { get; }

    private static int ByAreaThenInstitution(TravelCost a, TravelCost b)
    {
        var byArea = string.CompareOrdinal(a.AreaId, b.AreaId);
        return byArea != 0 ? byArea : string.CompareOrdinal(a.InstitutionId, b.InstitutionId);
    }

    private static bool IsOrdered(TravelCost[] entries)
    {
        for (var k = 1; k < entries.Length; k++)
        {
            if (ByAreaThenInstitution(entries[k - 1], entries[k]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The reachable entries, ordered by area id then institution id.</summary>
    public IReadOnlyList<TravelCost> Entries => _entries;

    /// <summary>A matrix from a dense table: <paramref name="costs"/>[area, institution]; NaN or +∞ = unreachable.</summary>
    public static TravelCostMatrix FromDense(CostUnit unit, IReadOnlyList<string> areaIds, IReadOnlyList<string> institutionIds, double[,] costs)
    {
        ArgumentNullException.ThrowIfNull(areaIds);
        ArgumentNullException.ThrowIfNull(institutionIds);
        ArgumentNullException.ThrowIfNull(costs);
        if (costs.GetLength(0) != areaIds.Count || costs.GetLength(1) != institutionIds.Count)
        {
            throw new ArgumentException(
                $"The cost table is {costs.GetLength(0)} × {costs.GetLength(1)}; it must be areas ({areaIds.Count}) × institutions ({institutionIds.Count}).",
                nameof(costs));
        }

        var entries = new List<TravelCost>();
        for (var i = 0; i < areaIds.Count; i++)
        {
            for (var j = 0; j < institutionIds.Count; j++)
            {
                entries.Add(new TravelCost(areaIds[i], institutionIds[j], costs[i, j]));
            }
        }

        return new TravelCostMatrix(unit, entries);
    }
}
