using Geo.Analysis.Spatial;
using NetTopologySuite.Geometries;

namespace Geo.Analysis.Coverage;

/// <summary>
/// Childcare coverage of residential areas by the two-step floating catchment method (2SFCA).
/// </summary>
/// <remarks>
/// <para>
/// Method. Step 1: each selected institution j shares its approved 托位 S_j among the residents in its
/// catchment, R_j = S_j / Σ_k W(d_kj)·P_k. Step 2: an area's accessibility is A_i = Σ_j W(d_ij)·R_j, in 托位
/// per resident, so A_i·1000 compares with the 托位/千人 standard and A_i·P_i is the area's accessible 托位.
/// P is residents (not children). W is the <see cref="DistanceDecay"/>; a pair is within reach when its cost
/// is at most the cut-off (inclusive).
/// </para>
/// <para>
/// Costs are ground metres between the lon/lat points (<see cref="GroundDistance"/>: below 1 cm per km
/// anywhere in China), found through a grid over the areas built once, so each institution visits only the
/// areas in the few cells its search box touches; or the entries of a caller's <see cref="TravelCostMatrix"/>.
/// </para>
/// <para>
/// Guarantees. Σ_i A_i·P_i equals the 托位 of the institutions with weighted demand in reach (supply is
/// conserved, none is invented); adding an institution never lowers any area's accessibility; inputs are
/// ordered by id (ordinal) before computing, so the result, to the last bit, does not depend on input order.
/// Cost O(n log n + m + candidate pairs) for n areas and m institutions.
/// </para>
/// </remarks>
public sealed class CoverageAnalysis
{
    // Relative slack below which a gap is floating-point noise rather than a missing place.
    private const double GapTolerance = 1e-9;

    private readonly DemandArea[] _areas;
    private readonly CareProvider[] _institutions;
    private readonly HashSet<string> _allInstitutionIds;
    private readonly CoverageOptions _options;
    private CoverageResult? _result;

    /// <summary>Computes the coverage of <paramref name="areas"/> by <paramref name="institutions"/>.</summary>
    public static CoverageResult Compute(
        IEnumerable<DemandArea> areas,
        IEnumerable<CareProvider> institutions,
        CoverageOptions options) =>
        new CoverageAnalysis(areas, institutions, options).Compute();

    /// <summary>
    /// An upper bound on the area–institution pairs a run would link (its memory grows with them), found
    /// without allocating per pair: with a radius, the pairs whose latitudes differ by at most the radius
    /// (sorted latitudes, one binary search per institution, O((n + m) log n)); with a cost matrix, its cells.
    /// Callers refuse a run whose bound exceeds what they allow before starting it.
    /// </summary>
    public static long PairsWithinReachBound(IReadOnlyList<Point> areas, IReadOnlyList<Point> institutions, Catchment catchment)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(institutions);
        if (catchment is not CatchmentRadius radius)
        {
            return (long)areas.Count * institutions.Count;
        }

        // A degree of latitude is at least 110,574 m, so this window holds every pair within the radius.
        var window = radius.Metres / 110_574.0;
        var latitudes = areas.Select(a => a.Y).Order().ToArray();
        var pairs = 0L;
        foreach (var institution in institutions)
        {
            pairs += LowerBound(latitudes, institution.Y + window, upper: true) - LowerBound(latitudes, institution.Y - window, upper: false);
        }

        return pairs;
    }

    /// <summary>The first index whose latitude is ≥ <paramref name="value"/> (or &gt; it, when <paramref name="upper"/>).</summary>
    private static int LowerBound(double[] sorted, double value, bool upper)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (upper ? sorted[mid] <= value : sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <exception cref="ArgumentException">Duplicate or empty ids, invalid locations or numbers, or a decay that does not cover the catchment.</exception>
    public CoverageAnalysis(IEnumerable<DemandArea> areas, IEnumerable<CareProvider> institutions, CoverageOptions options)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(institutions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Catchment);
        ArgumentNullException.ThrowIfNull(options.Decay);
        ArgumentNullException.ThrowIfNull(options.Standard);
        ArgumentNullException.ThrowIfNull(options.Supply);
        EnsureShare(options.DefaultChildrenUnder3Share, nameof(options));
        options.Decay.EnsureCovers(options.Catchment.Cutoff);

        _areas = SortedById(areas, a => a.Id, nameof(areas));
        foreach (var area in _areas)
        {
            EnsureLonLat(area.Location, $"area '{area.Id}'", nameof(areas));
            if (!double.IsFinite(area.Population) || area.Population < 0)
            {
                throw new ArgumentException($"Area '{area.Id}' has population {area.Population}; it must be finite and 0 or more.", nameof(areas));
            }

            if (area.ChildrenUnder3Share is { } share)
            {
                EnsureShare(share, nameof(areas));
            }
        }

        var all = SortedById(institutions, i => i.Id, nameof(institutions));
        foreach (var institution in all)
        {
            EnsureLonLat(institution.Location, $"institution '{institution.Id}'", nameof(institutions));
            if (institution.ApprovedSlots < 0)
            {
                throw new ArgumentException($"CareProvider '{institution.Id}' has {institution.ApprovedSlots} approved 托位; it must be 0 or more.", nameof(institutions));
            }
        }

        _allInstitutionIds = new HashSet<string>(all.Select(i => i.Id), StringComparer.Ordinal);
        _institutions = [.. all.Where(options.Supply.Admits)];
        _options = options;
    }

    /// <summary>The coverage; computed on first call and kept.</summary>
    public CoverageResult Compute() => _result ??= Run();

    private CoverageResult Run()
    {
        var cutoff = _options.Catchment.Cutoff;
        var links = _options.Catchment switch
        {
            CatchmentRadius => GroundLinks(cutoff),
            TravelCostCatchment matrix => MatrixLinks(matrix),
            _ => throw new NotSupportedException($"Unknown catchment {_options.Catchment.GetType().Name}."),
        };

        var decay = _options.Decay;
        var weights = new double[links.Costs.Length];
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = decay.Weight(links.Costs[k], cutoff);
        }

        // Step 1: share each institution's 托位 among the weighted residents in its catchment.
        var ratio = new double[_institutions.Length];
        var demand = new double[_institutions.Length];
        for (var j = 0; j < _institutions.Length; j++)
        {
            var sum = 0.0;
            for (var k = links.Start[j]; k < links.Start[j + 1]; k++)
            {
                sum += weights[k] * _areas[links.Area[k]].Population;
            }

            demand[j] = sum;
            ratio[j] = sum > 0 ? _institutions[j].ApprovedSlots / sum : 0.0;
        }

        // Step 2: add up, per area, the weighted ratios of the institutions that reach it.
        var accessibility = new double[_areas.Length];
        var inReach = new int[_areas.Length];
        var nearest = new double[_areas.Length];
        Array.Fill(nearest, double.PositiveInfinity);
        for (var j = 0; j < _institutions.Length; j++)
        {
            var hasSlots = _institutions[j].ApprovedSlots > 0;
            for (var k = links.Start[j]; k < links.Start[j + 1]; k++)
            {
                var i = links.Area[k];
                accessibility[i] += weights[k] * ratio[j];
                if (hasSlots)
                {
                    inReach[i]++;
                    nearest[i] = Math.Min(nearest[i], links.Costs[k]);
                }
            }
        }

        var areaResults = new AreaCoverage[_areas.Length];
        for (var i = 0; i < _areas.Length; i++)
        {
            areaResults[i] = Assess(_areas[i], accessibility[i], inReach[i], nearest[i]);
        }

        var institutionResults = new InstitutionCoverage[_institutions.Length];
        for (var j = 0; j < _institutions.Length; j++)
        {
            var s = _institutions[j];
            institutionResults[j] = new InstitutionCoverage(
                s.Id, s.SubdistrictCode, s.ApprovedSlots, s.Status, demand[j], ratio[j], links.Start[j + 1] - links.Start[j]);
        }

        var parameters = new CoverageParameters(
            _options.Catchment.Unit,
            cutoff,
            _options.Decay,
            _options.Standard,
            _options.Supply,
            _options.DefaultChildrenUnder3Share,
            _options.Catchment is TravelCostCatchment);
        return new CoverageResult(parameters, areaResults, institutionResults);
    }

    private AreaCoverage Assess(DemandArea area, double accessibility, int inReach, double nearest)
    {
        var required = _options.Standard.RequiredSlots(area.Population, area.Kind);
        var accessible = accessibility * area.Population;
        var gap = required - accessible;
        if (gap <= GapTolerance * Math.Max(1.0, required))
        {
            gap = 0;
        }

        var coverageClass = inReach == 0 ? CoverageClass.Unserved
            : gap > 0 ? CoverageClass.UnderSupplied
            : CoverageClass.Covered;
        var share = area.ChildrenUnder3Share ?? _options.DefaultChildrenUnder3Share;
        return new AreaCoverage(
            area.Id,
            area.SubdistrictCode,
            area.Kind,
            area.Population,
            area.Population * share,
            required,
            accessibility,
            accessible,
            accessibility * 1000,
            gap,
            coverageClass,
            inReach,
            inReach == 0 ? null : nearest);
    }

    /// <summary>Pairs within ground distance: a grid over the areas, queried once per institution.</summary>
    private Links GroundLinks(double radius)
    {
        var lon = new double[_areas.Length];
        var lat = new double[_areas.Length];
        for (var i = 0; i < _areas.Length; i++)
        {
            (lon[i], lat[i]) = (_areas[i].Location.X, _areas[i].Location.Y);
        }

        var grid = new LonLatGrid(lon, lat, radius);
        var builder = new LinkBuilder(_institutions.Length);
        var found = new List<int>();
        for (var j = 0; j < _institutions.Length; j++)
        {
            var (x, y) = (_institutions[j].Location.X, _institutions[j].Location.Y);
            found.Clear();
            grid.Candidates(x, y, radius, found);

            // Area order within a catchment fixes the order of the step-1 sum, whatever the cells.
            found.Sort();
            foreach (var i in found)
            {
                var metres = GroundDistance.Metres(lon[i], lat[i], x, y);
                if (metres <= radius)
                {
                    builder.Add(i, metres);
                }
            }

            builder.EndInstitution();
        }

        return builder.Build();
    }

    /// <summary>Pairs from the caller's matrix: entries within the cut-off between known areas and selected institutions.</summary>
    private Links MatrixLinks(TravelCostCatchment catchment)
    {
        var areaIndex = new Dictionary<string, int>(_areas.Length, StringComparer.Ordinal);
        for (var i = 0; i < _areas.Length; i++)
        {
            areaIndex.Add(_areas[i].Id, i);
        }

        var institutionIndex = new Dictionary<string, int>(_institutions.Length, StringComparer.Ordinal);
        for (var j = 0; j < _institutions.Length; j++)
        {
            institutionIndex.Add(_institutions[j].Id, j);
        }

        var perInstitution = new List<(int Area, double Cost)>[_institutions.Length];
        foreach (var entry in catchment.Costs.Entries)
        {
            if (!areaIndex.TryGetValue(entry.AreaId, out var i))
            {
                throw new ArgumentException($"The travel-cost matrix names area '{entry.AreaId}', which is not among the residential areas.", nameof(catchment));
            }

            if (!institutionIndex.TryGetValue(entry.InstitutionId, out var j))
            {
                if (!_allInstitutionIds.Contains(entry.InstitutionId))
                {
                    throw new ArgumentException($"The travel-cost matrix names institution '{entry.InstitutionId}', which is not among the institutions.", nameof(catchment));
                }

                continue; // an institution the supply filter leaves out
            }

            if (entry.Cost <= catchment.MaxCost)
            {
                (perInstitution[j] ??= []).Add((i, entry.Cost));
            }
        }

        var builder = new LinkBuilder(_institutions.Length);
        foreach (var pairs in perInstitution)
        {
            if (pairs is not null)
            {
                pairs.Sort((a, b) => a.Area.CompareTo(b.Area));
                foreach (var (area, cost) in pairs)
                {
                    builder.Add(area, cost);
                }
            }

            builder.EndInstitution();
        }

        return builder.Build();
    }

    private static T[] SortedById<T>(IEnumerable<T> items, Func<T, string> id, string paramName)
    {
        var sorted = items.ToArray();
        foreach (var item in sorted)
        {
            ArgumentNullException.ThrowIfNull(item, paramName);
            if (string.IsNullOrEmpty(id(item)))
            {
                throw new ArgumentException("Every item needs a non-empty id.", paramName);
            }
        }

        Array.Sort(sorted.Select(id).ToArray(), sorted, StringComparer.Ordinal);
        for (var k = 1; k < sorted.Length; k++)
        {
            if (id(sorted[k]) == id(sorted[k - 1]))
            {
                throw new ArgumentException($"The id '{id(sorted[k])}' appears more than once.", paramName);
            }
        }

        return sorted;
    }

    private static void EnsureLonLat(Point? location, string what, string paramName)
    {
        if (location is null || location.IsEmpty)
        {
            throw new ArgumentException($"The location of {what} is missing.", paramName);
        }

        var (lon, lat) = (location.X, location.Y);
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
        {
            throw new ArgumentException($"The location of {what} ({lon}, {lat}) is not WGS-84 longitude/latitude in degrees.", paramName);
        }
    }

    private static void EnsureShare(double share, string paramName)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentException($"A share of children under 3 must lie between 0 and 1; got {share}.", paramName);
        }
    }

    /// <summary>Catchment pairs grouped by institution (CSR): institution j's pairs are [Start[j], Start[j+1]).</summary>
    private sealed record Links(int[] Start, int[] Area, double[] Costs);

    private sealed class LinkBuilder(int institutions)
    {
        private readonly int[] _start = new int[institutions + 1];
        private readonly List<int> _area = [];
        private readonly List<double> _cost = [];
        private int _next;

        public void Add(int area, double cost)
        {
            _area.Add(area);
            _cost.Add(cost);
        }

        public void EndInstitution() => _start[++_next] = _area.Count;

        public Links Build() => new(_start, [.. _area], [.. _cost]);
    }

}
