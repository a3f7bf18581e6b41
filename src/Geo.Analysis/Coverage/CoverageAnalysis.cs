using System.Runtime.InteropServices;
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
/// <para>
/// Scale. The search and both steps run on every core, over blocks of institutions and ranges of areas fixed by
/// the input alone, and every sum keeps the order above, so the result is the same on any number of cores. A pair
/// is stored as an area index and its weight (12 bytes; 4 under the step decay, whose weight is always 1): 100,000
/// areas × 20,000 institutions with 25 million pairs within 1,000 m peak at about 350 MB (docs/benchmarks.md).
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
        var population = new double[_areas.Length];
        for (var i = 0; i < _areas.Length; i++)
        {
            population[i] = _areas[i].Population;
        }

        var links = _options.Catchment switch
        {
            CatchmentRadius => GroundLinks(cutoff),
            TravelCostCatchment matrix => MatrixLinks(matrix),
            _ => throw new NotSupportedException($"Unknown catchment {_options.Catchment.GetType().Name}."),
        };

        // Step 1: share each institution's 托位 among the weighted residents in its catchment.
        var ratio = new double[_institutions.Length];
        var demand = new double[_institutions.Length];
        Parallel.ForEach(links.Blocks, block =>
        {
            for (var local = 0; local < block.Institutions; local++)
            {
                var sum = 0.0;
                for (var k = block.Start[local]; k < block.Start[local + 1]; k++)
                {
                    sum += block.Weight(k) * population[block.Area[k]];
                }

                var j = block.First + local;
                demand[j] = sum;
                ratio[j] = sum > 0 ? _institutions[j].ApprovedSlots / sum : 0.0;
            }
        });

        // Step 2: add up, per area, the weighted ratios of the institutions that reach it, in institution order
        // whatever the thread: each thread owns a range of areas, found in every (area-sorted) catchment by bisection.
        var accessibility = new double[_areas.Length];
        var ranges = Math.Max(1, Math.Min(_areas.Length / 1024, 4 * Environment.ProcessorCount));
        Parallel.For(0, ranges, range =>
        {
            int lo = (int)((long)_areas.Length * range / ranges), hi = (int)((long)_areas.Length * (range + 1) / ranges);
            foreach (var block in links.Blocks)
            {
                for (var local = 0; local < block.Institutions; local++)
                {
                    var r = ratio[block.First + local];
                    var end = block.Start[local + 1];
                    for (var k = LowerBound(block.Area, block.Start[local], end, lo); k < end && block.Area[k] < hi; k++)
                    {
                        accessibility[block.Area[k]] += block.Weight(k) * r;
                    }
                }
            }
        });

        var areaResults = new AreaCoverage[_areas.Length];
        Parallel.For(0, _areas.Length, i =>
            areaResults[i] = Assess(_areas[i], accessibility[i], links.InReach[i], links.Nearest[i]));

        var institutionResults = new InstitutionCoverage[_institutions.Length];
        foreach (var block in links.Blocks)
        {
            for (var local = 0; local < block.Institutions; local++)
            {
                var j = block.First + local;
                var s = _institutions[j];
                institutionResults[j] = new InstitutionCoverage(
                    s.Id, s.SubdistrictCode, s.ApprovedSlots, s.Status, demand[j], ratio[j], block.Start[local + 1] - block.Start[local]);
            }
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

    /// <summary>The first index in [lo, hi) of an ascending run whose value is ≥ <paramref name="value"/>.</summary>
    private static int LowerBound(int[] sorted, int lo, int hi, int value)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
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

    /// <summary>
    /// Pairs within ground distance: a grid over the areas, queried once per institution, blocks of institutions
    /// on every core. The blocks are fixed by the input alone, so the pairs (and every sum over them) are too.
    /// </summary>
    private Links GroundLinks(double radius)
    {
        var lon = new double[_areas.Length];
        var lat = new double[_areas.Length];
        for (var i = 0; i < _areas.Length; i++)
        {
            (lon[i], lat[i]) = (_areas[i].Location.X, _areas[i].Location.Y);
        }

        var grid = new LonLatGrid(lon, lat, radius);
        var links = new Links(_areas.Length, _institutions.Length, _options.Decay);
        var unitWeights = _options.Decay is StepDecay;
        Parallel.For(0, links.Blocks.Length, () => new GroundSearch(_areas.Length), (b, _, search) =>
        {
            var block = links.Blocks[b];
            for (var j = block.First; j < block.First + block.Institutions; j++)
            {
                var (x, y) = (_institutions[j].Location.X, _institutions[j].Location.Y);
                var hasSlots = _institutions[j].ApprovedSlots > 0;
                search.Found.Clear();
                grid.Candidates(x, y, radius, search.Found);
                var bounds = new GroundBounds(y, radius);
                search.Inside.Clear();
                search.Costs.Clear();
                foreach (var i in search.Found)
                {
                    var (dx, dy) = (lon[i] - x, lat[i] - y);
                    if (bounds.SurelyBeyond(dx, dy))
                    {
                        continue;
                    }

                    // Under the step decay a pair needs its exact cost only to decide the boundary or to lower the area's nearest.
                    if (unitWeights && bounds.SurelyWithin(dx, dy))
                    {
                        search.Inside.Add(i);
                        if (hasSlots)
                        {
                            search.Reach.InReach[i]++;
                            if (bounds.LowerSquared(dx, dy) < search.Reach.Nearest[i] * search.Reach.Nearest[i])
                            {
                                search.Reach.Nearest[i] = Math.Min(search.Reach.Nearest[i], GroundDistance.Metres(lon[i], lat[i], x, y));
                            }
                        }

                        continue;
                    }

                    var metres = GroundDistance.Metres(lon[i], lat[i], x, y);
                    if (metres <= radius)
                    {
                        search.Inside.Add(i);
                        if (!unitWeights)
                        {
                            search.Costs.Add(metres);
                        }

                        if (hasSlots)
                        {
                            search.Reach.InReach[i]++;
                            search.Reach.Nearest[i] = Math.Min(search.Reach.Nearest[i], metres);
                        }
                    }
                }

                // Area order within a catchment fixes the order of the step-1 sum, whatever the cells.
                var inside = CollectionsMarshal.AsSpan(search.Inside);
                if (unitWeights)
                {
                    inside.Sort();
                }
                else
                {
                    inside.Sort(CollectionsMarshal.AsSpan(search.Costs));
                }

                block.AddInstitution(inside, unitWeights ? [] : CollectionsMarshal.AsSpan(search.Costs), radius);
            }

            return search;
        }, search => links.Merge(search.Reach));
        return links;
    }

    /// <summary>One thread's scratch lists and its share of the per-area reach.</summary>
    private sealed class GroundSearch(int areas)
    {
        public List<int> Found { get; } = [];

        public List<int> Inside { get; } = [];

        public List<double> Costs { get; } = [];

        public Reach Reach { get; } = new(areas);
    }

    /// <summary>
    /// Bounds on <see cref="GroundDistance.Metres"/> from an institution at latitude y to any point of its search box:
    /// the metres per degree at the pair's mean latitude lie between their values at the box's extreme latitudes,
    /// widened by a relative 10⁻⁹ (far above rounding), so a pair beyond or within both bounds needs no exact distance.
    /// </summary>
    private readonly struct GroundBounds
    {
        private const double Slack = 1e-9;
        private readonly double _lonLow, _latLow, _lonHigh, _latHigh, _radiusSquared;

        public GroundBounds(double lat, double radius)
        {
            var box = GroundDistance.SearchBox(0, lat, radius);
            double south = Math.Abs(box.MinY), north = Math.Abs(box.MaxY);
            var nearestEquator = box.MinY <= 0 && box.MaxY >= 0 ? 0 : Math.Min(south, north);
            var farthest = Math.Max(south, north);
            var (lonAtEquatorSide, latAtEquatorSide) = GroundDistance.MetresPerDegree(nearestEquator);
            var (lonAtPoleSide, latAtPoleSide) = GroundDistance.MetresPerDegree(farthest);
            // A degree of longitude shrinks away from the equator; one of latitude grows.
            _lonLow = lonAtPoleSide * (1 - Slack);
            _lonHigh = lonAtEquatorSide * (1 + Slack);
            _latLow = latAtEquatorSide * (1 - Slack);
            _latHigh = latAtPoleSide * (1 + Slack);
            _radiusSquared = radius * radius;
        }

        public double LowerSquared(double dLon, double dLat) => Squared(dLon * _lonLow) + Squared(dLat * _latLow);

        public bool SurelyBeyond(double dLon, double dLat) => LowerSquared(dLon, dLat) > _radiusSquared * (1 + Slack);

        public bool SurelyWithin(double dLon, double dLat) =>
            Squared(dLon * _lonHigh) + Squared(dLat * _latHigh) < _radiusSquared * (1 - Slack);

        private static double Squared(double v) => v * v;
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

        var links = new Links(_areas.Length, _institutions.Length, _options.Decay);
        var reach = new Reach(_areas.Length);
        foreach (var block in links.Blocks)
        {
            for (var j = block.First; j < block.First + block.Institutions; j++)
            {
                var pairs = perInstitution[j] ?? [];
                pairs.Sort((a, b) => a.Area.CompareTo(b.Area));
                var areas = pairs.Select(p => p.Area).ToArray();
                var costs = pairs.Select(p => p.Cost).ToArray();
                if (_institutions[j].ApprovedSlots > 0)
                {
                    foreach (var (area, cost) in pairs)
                    {
                        reach.InReach[area]++;
                        reach.Nearest[area] = Math.Min(reach.Nearest[area], cost);
                    }
                }

                block.AddInstitution(areas, costs, catchment.MaxCost);
            }
        }

        links.Merge(reach);
        return links;
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

    /// <summary>
    /// Per area, the institutions with 托位 in reach and the cost to the nearest: exact under any split of the
    /// work (a count and a minimum), so each thread keeps its own and they are merged.
    /// </summary>
    private class Reach
    {
        public Reach(int areas)
        {
            InReach = new int[areas];
            Nearest = new double[areas];
            Array.Fill(Nearest, double.PositiveInfinity);
        }

        public int[] InReach { get; }

        public double[] Nearest { get; }
    }

    /// <summary>
    /// The catchment pairs, in blocks of consecutive institutions (built in parallel); within an institution the
    /// pairs ascend by area. A pair is an area index and its weight, 12 bytes, or 4 under the step decay, whose
    /// weight is always 1; the costs themselves are kept only as each area's nearest.
    /// </summary>
    private sealed class Links : Reach
    {
        private const int InstitutionsPerBlock = 256;

        public Links(int areas, int institutions, DistanceDecay decay)
            : base(areas)
        {
            Blocks = new PairBlock[(institutions + InstitutionsPerBlock - 1) / InstitutionsPerBlock];
            for (var b = 0; b < Blocks.Length; b++)
            {
                var first = b * InstitutionsPerBlock;
                Blocks[b] = new PairBlock(first, Math.Min(InstitutionsPerBlock, institutions - first), decay);
            }
        }

        public PairBlock[] Blocks { get; }

        public void Merge(Reach part)
        {
            lock (Blocks)
            {
                for (var i = 0; i < InReach.Length; i++)
                {
                    InReach[i] += part.InReach[i];
                    Nearest[i] = Math.Min(Nearest[i], part.Nearest[i]);
                }
            }
        }
    }

    /// <summary>The pairs of institutions [First, First + Institutions): institution First + l's are [Start[l], Start[l + 1]).</summary>
    private sealed class PairBlock(int first, int institutions, DistanceDecay decay)
    {
        private readonly bool _unitWeights = decay is StepDecay;
        private double[] _weight = [];
        private int _pairs;
        private int _next;

        public int First { get; } = first;

        public int Institutions { get; } = institutions;

        public int[] Start { get; } = new int[institutions + 1];

        public int[] Area { get; private set; } = [];

        public double Weight(int k) => _unitWeights ? 1.0 : _weight[k];

        /// <summary>The next institution's pairs: areas ascending, with their costs unless the weights are all 1.</summary>
        public void AddInstitution(ReadOnlySpan<int> areas, ReadOnlySpan<double> costs, double cutoff)
        {
            if (_pairs + areas.Length > Area.Length)
            {
                var capacity = Math.Max(Math.Max(1024, _pairs + areas.Length), Area.Length * 2);
                Area = Grown(Area, capacity);
                _weight = _unitWeights ? _weight : Grown(_weight, capacity);
            }

            areas.CopyTo(Area.AsSpan(_pairs));
            if (!_unitWeights)
            {
                for (var k = 0; k < costs.Length; k++)
                {
                    _weight[_pairs + k] = decay.Weight(costs[k], cutoff);
                }
            }

            _pairs += areas.Length;
            Start[++_next] = _pairs;
        }

        private static T[] Grown<T>(T[] items, int capacity)
        {
            var grown = new T[capacity];
            Array.Copy(items, grown, items.Length);
            return grown;
        }
    }
}
