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
/// anywhere in China), found through latitude strips over the areas built once (<see cref="LatitudeStrips"/>), so
/// each institution reads only the areas along its circle's chords; bounds on the metres per degree decide most
/// pairs, and the exact distance is taken only near the cut-off, for a weight, or where it may lower an area's
/// nearest. Or the costs are the entries of a caller's <see cref="TravelCostMatrix"/>.
/// </para>
/// <para>
/// Guarantees. Σ_i A_i·P_i equals the 托位 of the institutions with weighted demand in reach (supply is
/// conserved, none is invented); adding an institution never lowers any area's accessibility; inputs are
/// ordered by id (ordinal) before computing, so the result, to the last bit, does not depend on input order.
/// Cost O(n log n + m + candidate pairs) for n areas and m institutions.
/// </para>
/// <para>
/// Scale. The search and both steps run on every core, over blocks of institutions and ranges of areas fixed by
/// the input alone, and every sum keeps its order (a catchment's areas in the strips' order, an area's institutions
/// by id), so the result is the same on any number of cores. A pair is stored as an area number and its weight
/// (12 bytes; 4 under the step decay, whose weight is always 1): 100,000 areas × 20,000 institutions with 25 million
/// pairs within 1,000 m peak below 300 MB under the step decay (docs/benchmarks.md).
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
    /// without allocating per pair: with a radius, the candidates the run's own search reads — in each latitude
    /// strip the areas along the institution's circle's chord (<see cref="LatitudeStrips"/>, a few binary searches
    /// per institution, O((n + m) log n)), about 1.15 times the pairs in a city; with a cost matrix, its cells.
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

        var strips = new LatitudeStrips([.. areas.Select(a => a.X)], [.. areas.Select(a => a.Y)], radius.Metres);
        var pairs = 0L;
        foreach (var institution in institutions)
        {
            var bounds = new GroundBounds(institution.Y, radius.Metres);
            foreach (var (start, end) in ChordRuns(strips, bounds, institution.X, institution.Y))
            {
                pairs += end - start;
            }
        }

        return pairs;
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

        // Areas are numbered in the links' order from here to the results; step 1 was done as each block was filled.
        var order = links.Order;
        var (ratio, demand) = (links.Ratio, links.Demand);

        // Step 2: add up, per area, the weighted ratios of the institutions that reach it, in institution order
        // whatever the thread: each thread owns a range of areas, found in every (area-ascending) catchment by
        // bisection, and assesses them once they are complete.
        var accessibility = new double[_areas.Length];
        var areaResults = new AreaCoverage[_areas.Length];
        var ranges = Math.Max(1, Math.Min(_areas.Length / 1024, 4 * Environment.ProcessorCount));
        Parallel.For(0, ranges, range =>
        {
            int lo = (int)((long)_areas.Length * range / ranges), hi = (int)((long)_areas.Length * (range + 1) / ranges);
            foreach (var block in links.Blocks)
            {
                var area = block.Area;
                for (var local = 0; local < block.Institutions; local++)
                {
                    var (start, end) = (block.Start[local], block.Start[local + 1]);
                    if (start == end || area[end - 1] < lo || area[start] >= hi)
                    {
                        continue;
                    }

                    var r = ratio[block.First + local];
                    var k = start + Bisection.First<int>(area.AsSpan(start, end - start), lo, above: false);
                    if (block.Weights is { } weights)
                    {
                        for (; k < end && area[k] < hi; k++)
                        {
                            accessibility[area[k]] += weights[k] * r;
                        }
                    }
                    else
                    {
                        for (; k < end && area[k] < hi; k++)
                        {
                            accessibility[area[k]] += r;
                        }
                    }
                }
            }

            for (var k = lo; k < hi; k++)
            {
                areaResults[order[k]] = Assess(_areas[order[k]], accessibility[k], links.InReach[k], links.Nearest[k]);
            }
        });

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

    /// <summary>Step 1 for one block: each institution's 托位 shared among the weighted residents of its catchment, in the catchment's order.</summary>
    private void ShareSlots(Links links, PairBlock block)
    {
        var population = links.Population;
        for (var local = 0; local < block.Institutions; local++)
        {
            var sum = 0.0;
            var (start, end) = (block.Start[local], block.Start[local + 1]);
            if (block.Weights is { } weights)
            {
                for (var k = start; k < end; k++)
                {
                    sum += weights[k] * population[block.Area[k]];
                }
            }
            else
            {
                for (var k = start; k < end; k++)
                {
                    sum += population[block.Area[k]];
                }
            }

            var j = block.First + local;
            links.Demand[j] = sum;
            links.Ratio[j] = sum > 0 ? _institutions[j].ApprovedSlots / sum : 0.0;
        }
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
    /// Pairs within ground distance: the areas in latitude strips (<see cref="LatitudeStrips"/>), read once per
    /// institution along its circle's chords, blocks of institutions on every core. The blocks are fixed by the input
    /// alone, and each catchment comes out in the strips' order, so the pairs (and every sum over them) are too.
    /// </summary>
    private Links GroundLinks(double radius)
    {
        var lonIn = new double[_areas.Length];
        var latIn = new double[_areas.Length];
        for (var i = 0; i < _areas.Length; i++)
        {
            (lonIn[i], latIn[i]) = (_areas[i].Location.X, _areas[i].Location.Y);
        }

        var strips = new LatitudeStrips(lonIn, latIn, radius);
        var links = new Links(strips.Order, _areas, _institutions.Length);
        var unitWeights = _options.Decay is StepDecay;

        // One worker per core, each with its buffers and reach sized once, takes the next block until none is left.
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, links.Blocks.Length));
        var next = -1;
        Parallel.For(0, workers, _ =>
        {
            var builder = new BlockBuilder(_areas.Length, unitWeights);
            for (int b; (b = Interlocked.Increment(ref next)) < links.Blocks.Length;)
            {
                var first = b * Links.InstitutionsPerBlock;
                builder.Begin();
                for (var j = first; j < Math.Min(first + Links.InstitutionsPerBlock, _institutions.Length); j++)
                {
                    AddGroundPairs(strips, _institutions[j], radius, builder);
                    builder.EndInstitution();
                }

                links.Blocks[b] = builder.Block(first);
                ShareSlots(links, links.Blocks[b]);
            }

            links.Merge(builder.Reach);
        });
        return links;
    }

    /// <summary>In each strip the circle reaches, the run of areas along its chord there: every area within the radius is in one.</summary>
    private static ChordRunList ChordRuns(LatitudeStrips strips, GroundBounds bounds, double x, double y) => new(strips, bounds, x, y);

    /// <summary>
    /// <see cref="ChordRuns"/> as a struct enumerator: it runs once per institution, and an iterator method would be an
    /// object allocated and called through an interface each time.
    /// </summary>
    private struct ChordRunList(LatitudeStrips strips, GroundBounds bounds, double x, double y)
    {
        private int _strip = strips.StripOf(y - bounds.LatitudeReach) - 1;
        private readonly int _last = strips.StripOf(y + bounds.LatitudeReach);

        public (int Start, int End) Current { get; private set; }

        public readonly ChordRunList GetEnumerator() => this;

        public bool MoveNext()
        {
            while (++_strip <= _last)
            {
                var gap = strips.LatitudeGap(_strip, y);
                if (gap <= bounds.LatitudeReach)
                {
                    var chord = bounds.LongitudeReach(gap);
                    Current = strips.Run(_strip, x - chord, x + chord);
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The areas within <paramref name="radius"/> of one institution, ascending, read along its circle's chord in each strip.</summary>
    private void AddGroundPairs(LatitudeStrips strips, CareProvider institution, double radius, BlockBuilder builder)
    {
        var (x, y) = (institution.Location.X, institution.Location.Y);
        var (lon, lat) = (strips.Lon, strips.Lat);
        var (inReach, nearest) = (builder.Reach.InReach, builder.Reach.Nearest);
        var hasSlots = institution.ApprovedSlots > 0;
        var decay = _options.Decay;
        var unitWeights = builder.UnitWeights;
        var bounds = new GroundBounds(y, radius);
        foreach (var (start, end) in ChordRuns(strips, bounds, x, y))
        {
            builder.EnsureRoom(end - start);
            var (areas, weights, n) = (builder.Areas, builder.Weights, builder.Count);
            for (var k = start; k < end; k++)
            {
                var (dx, dy) = (lon[k] - x, lat[k] - y);
                var lower = bounds.LowerSquared(dx, dy);
                if (bounds.SurelyBeyond(lower))
                {
                    continue;
                }

                // Under the step decay a pair needs its exact cost only to decide the boundary or to lower the area's nearest.
                if (unitWeights && bounds.SurelyWithin(dx, dy))
                {
                    areas[n++] = k;
                    if (hasSlots)
                    {
                        inReach[k]++;
                        if (lower < nearest[k] * nearest[k])
                        {
                            nearest[k] = Math.Min(nearest[k], GroundDistance.Metres(lon[k], lat[k], x, y));
                        }
                    }

                    continue;
                }

                var metres = GroundDistance.Metres(lon[k], lat[k], x, y);
                if (metres <= radius)
                {
                    if (!unitWeights)
                    {
                        weights[n] = decay.Weight(metres, radius);
                    }

                    areas[n++] = k;
                    if (hasSlots)
                    {
                        inReach[k]++;
                        nearest[k] = Math.Min(nearest[k], metres);
                    }
                }
            }

            builder.Count = n;
        }
    }

    /// <summary>
    /// One worker's pairs of the block it is filling, in buffers kept across blocks (grown to the largest block, then
    /// copied out at its size), and its share of the per-area reach.
    /// </summary>
    private sealed class BlockBuilder(int areas, bool unitWeights)
    {
        private readonly List<int> _starts = [];

        public bool UnitWeights => unitWeights;

        public int[] Areas { get; private set; } = new int[1024];

        public double[] Weights { get; private set; } = unitWeights ? [] : new double[1024];

        public int Count { get; set; }

        public Reach Reach { get; } = new(areas);

        public void Begin()
        {
            Count = 0;
            _starts.Clear();
            _starts.Add(0);
        }

        /// <summary>Makes room for <paramref name="more"/> pairs after the <see cref="Count"/> there are.</summary>
        public void EnsureRoom(int more)
        {
            if (Count + more > Areas.Length)
            {
                var capacity = Math.Max(Count + more, 2 * Areas.Length);
                Areas = Grown(Areas, capacity);
                Weights = unitWeights ? Weights : Grown(Weights, capacity);
            }
        }

        public void Add(int area, double weight)
        {
            EnsureRoom(1);
            if (!unitWeights)
            {
                Weights[Count] = weight;
            }

            Areas[Count++] = area;
        }

        public void EndInstitution() => _starts.Add(Count);

        public PairBlock Block(int first) => new(first, [.. _starts], Areas[..Count], unitWeights ? null : Weights[..Count]);

        private T[] Grown<T>(T[] items, int capacity)
        {
            var grown = new T[capacity];
            Array.Copy(items, grown, Count);
            return grown;
        }
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
            var farthest = Math.Min(Math.Max(south, north), 90); // a radius of thousands of km reaches past a pole
            var (lonAtEquatorSide, latAtEquatorSide) = GroundDistance.MetresPerDegree(nearestEquator);
            var (lonAtPoleSide, latAtPoleSide) = GroundDistance.MetresPerDegree(farthest);
            // A degree of longitude shrinks away from the equator; one of latitude grows.
            _lonLow = lonAtPoleSide * (1 - Slack);
            _lonHigh = lonAtEquatorSide * (1 + Slack);
            _latLow = latAtEquatorSide * (1 - Slack);
            _latHigh = latAtPoleSide * (1 + Slack);
            _radiusSquared = radius * radius;
        }

        /// <summary>Degrees of latitude beyond which every pair is surely beyond the radius.</summary>
        public double LatitudeReach => Math.Sqrt(_radiusSquared * (1 + Slack)) / _latLow;

        public double LowerSquared(double dLon, double dLat) => Squared(dLon * _lonLow) + Squared(dLat * _latLow);

        /// <summary>Degrees of longitude beyond which every pair at least <paramref name="dLat"/> degrees of latitude apart is surely beyond.</summary>
        public double LongitudeReach(double dLat) => _lonLow <= 0
            ? double.PositiveInfinity // the box touches a pole: every longitude
            : Math.Sqrt(Math.Max(0, _radiusSquared * (1 + Slack) - Squared(dLat * _latLow))) / _lonLow * (1 + Slack);

        public bool SurelyBeyond(double lowerSquared) => lowerSquared > _radiusSquared * (1 + Slack);

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

        var links = new Links([.. Enumerable.Range(0, _areas.Length)], _areas, _institutions.Length);
        var unitWeights = _options.Decay is StepDecay;
        var builder = new BlockBuilder(_areas.Length, unitWeights);
        var (inReach, nearest) = (builder.Reach.InReach, builder.Reach.Nearest);
        for (var b = 0; b < links.Blocks.Length; b++)
        {
            var first = b * Links.InstitutionsPerBlock;
            builder.Begin();
            for (var j = first; j < Math.Min(first + Links.InstitutionsPerBlock, _institutions.Length); j++)
            {
                var pairs = perInstitution[j] ?? [];
                pairs.Sort((a, b) => a.Area.CompareTo(b.Area));
                var hasSlots = _institutions[j].ApprovedSlots > 0;
                foreach (var (area, cost) in pairs)
                {
                    builder.Add(area, unitWeights ? 1.0 : _options.Decay.Weight(cost, catchment.MaxCost));
                    if (hasSlots)
                    {
                        inReach[area]++;
                        nearest[area] = Math.Min(nearest[area], cost);
                    }
                }

                builder.EndInstitution();
            }

            links.Blocks[b] = builder.Block(first);
            ShareSlots(links, links.Blocks[b]);
        }

        links.Merge(builder.Reach);
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

        // Inputs read from the database usually arrive in id order already; one pass finds out and spares the sort.
        var ascending = true;
        for (var k = 1; k < sorted.Length && ascending; k++)
        {
            ascending = string.CompareOrdinal(id(sorted[k - 1]), id(sorted[k])) < 0;
        }

        if (!ascending)
        {
            Array.Sort(sorted.Select(id).ToArray(), sorted, StringComparer.Ordinal);
        }

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
    /// pairs ascend by area, numbered in <see cref="Order"/>. A pair is an area number and its weight, 12 bytes, or
    /// 4 under the step decay, whose weight is always 1; the costs themselves are kept only as each area's nearest.
    /// </summary>
    private sealed class Links : Reach
    {
        public const int InstitutionsPerBlock = 256;

        public Links(int[] order, DemandArea[] areas, int institutions)
            : base(order.Length)
        {
            Order = order;
            Population = new double[order.Length];
            for (var k = 0; k < order.Length; k++)
            {
                Population[k] = areas[order[k]].Population;
            }

            Blocks = new PairBlock[(institutions + InstitutionsPerBlock - 1) / InstitutionsPerBlock];
            Ratio = new double[institutions];
            Demand = new double[institutions];
        }

        /// <summary>The area (index in id order) of each area number the pairs and the reach use.</summary>
        public int[] Order { get; }

        /// <summary>Residents of each area, by area number.</summary>
        public double[] Population { get; }

        /// <summary>Step 1's weighted residents in each institution's catchment.</summary>
        public double[] Demand { get; }

        /// <summary>Step 1's 托位 per weighted resident of each institution, R_j.</summary>
        public double[] Ratio { get; }

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

    /// <summary>
    /// The pairs of institutions [First, First + Institutions): institution First + l's are [Start[l], Start[l + 1]),
    /// with their weights, or none when every weight is 1.
    /// </summary>
    private sealed record PairBlock(int First, int[] Start, int[] Area, double[]? Weights)
    {
        public int Institutions => Start.Length - 1;
    }
}
