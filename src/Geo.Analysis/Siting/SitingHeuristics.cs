using System.Diagnostics;

namespace Geo.Analysis.Siting;

/// <summary>Limits and reporting shared by one run.</summary>
internal sealed class RunContext(Stopwatch clock, TimeSpan timeLimit, IProgress<SitingProgress>? progress, CancellationToken cancellationToken)
{
    public Stopwatch Clock { get; } = clock;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public bool Cancelled => CancellationToken.IsCancellationRequested;
    public bool OutOfTime => Clock.Elapsed >= timeLimit;
    public TimeSpan Remaining => timeLimit - Clock.Elapsed;

    public void Report(string stage, int sites, double? objective) =>
        progress?.Report(new SitingProgress(stage, sites, objective, Clock.Elapsed));
}

/// <summary>What a heuristic found: the new sites in order of choice, and a bound on the optimum when it can state one.</summary>
internal sealed record HeuristicOutcome(List<int> Chosen, double? Bound, bool Cancelled);

/// <summary>
/// Lazy greedy (CELF, Leskovec et al. 2007): candidates wait in a max-heap keyed by a marginal gain computed
/// earlier; since gains only shrink as sites open, a candidate whose gain is fresh at the top of the heap is
/// the true best, and most candidates are never re-evaluated. Ties go to the lower candidate index.
/// </summary>
internal static class LazyGreedy
{
    public static List<int> Select(int candidateCount, int maxSites, double epsilon, Func<int, double> gain, Action<int> take,
        RunContext run, string stage)
    {
        var chosen = new List<int>();
        var queue = new PriorityQueue<int, (double Gain, int Index)>(
            Comparer<(double Gain, int Index)>.Create((a, b) => a.Gain != b.Gain ? b.Gain.CompareTo(a.Gain) : a.Index.CompareTo(b.Index)));
        for (var j = 0; j < candidateCount; j++)
        {
            var g = gain(j);
            if (g > epsilon)
            {
                queue.Enqueue(j, (g, j));
            }
        }
        var evaluatedAt = new int[candidateCount];
        var round = 0;
        while (chosen.Count < maxSites && !run.Cancelled && queue.TryDequeue(out var j, out _))
        {
            if (evaluatedAt[j] == round)
            {
                take(j);
                chosen.Add(j);
                round++;
                run.Report(stage, chosen.Count, null);
                continue;
            }
            var g = gain(j);
            evaluatedAt[j] = round;
            if (g > epsilon)
            {
                queue.Enqueue(j, (g, j));
            }
        }
        return chosen;
    }
}

/// <summary>
/// MCLP: lazy greedy, then first-improvement swaps (one site out, one in) until none improves, then a bounded
/// iterated local search (random double kick + swaps, keep if better); all within the time budget.
/// </summary>
internal static class MaximalCoveringHeuristic
{
    public static HeuristicOutcome Solve(SitingInstance instance, RunContext run)
    {
        var search = new CoverageSearch(instance, run);
        search.Greedy();
        search.Swaps();
        search.IteratedLocalSearch();
        return new HeuristicOutcome(search.Chosen, search.OnlineBound(), run.Cancelled);
    }

    /// <summary>
    /// The state of one MCLP search: which candidates are open and, per demand point, how many open sites cover
    /// it (and, when one does, which), so that a gain, a swap's delta or the covered weight is read off directly.
    /// </summary>
    private sealed class CoverageSearch
    {
        private const int PerturbationRounds = 100;

        private readonly SitingInstance _instance;
        private readonly SitingNetwork _net;
        private readonly double[] _w;
        private readonly double _eps;
        private readonly RunContext _run;
        private readonly int[] _coverCount;
        private readonly long[] _coverSum; // with coverCount == 1, the sole covering site
        private readonly bool[] _open;
        private readonly int[] _position;
        private double[] _loss = [];
        private double[] _rescue = [];
        private int[] _order = [];

        public CoverageSearch(SitingInstance instance, RunContext run)
        {
            _instance = instance;
            _net = instance.Network;
            _w = instance.Weight;
            _eps = instance.Epsilon;
            _run = run;
            _coverCount = new int[_net.DemandCount];
            _coverSum = new long[_net.DemandCount];
            _open = new bool[_net.CandidateCount];
            _position = new int[_net.CandidateCount];
        }

        /// <summary>The new sites, in order of choice.</summary>
        public List<int> Chosen { get; private set; } = [];

        public void Greedy()
        {
            Chosen = LazyGreedy.Select(_net.CandidateCount, _instance.MaxNewSites, _eps, Gain, j => Toggle(j, +1), _run, "greedy");
            _run.Report("greedy", Chosen.Count, Covered());
        }

        /// <summary>
        /// Swap: for an entering site j, add = newly covered weight; for a leaving site k, loss[k] = weight only k
        /// covers, less rescue[k] = what j covers of that. Each candidate costs O(its reach + p).
        /// </summary>
        public void Swaps()
        {
            _loss = new double[Chosen.Count];
            _rescue = new double[Chosen.Count];
            _order = [.. Enumerable.Range(0, _net.CandidateCount).OrderByDescending(j => _net.SiteStart[j + 1] - _net.SiteStart[j])];
            LocalSearch();
        }

        /// <summary>
        /// Iterated local search: move two sites to nearby candidates, search again, keep if better. Seeded, so a
        /// run is repeatable; bounded in rounds and by the time budget.
        /// </summary>
        public void IteratedLocalSearch()
        {
            var random = new Random(20190515);
            var useful = Enumerable.Range(0, _net.CandidateCount).Where(j => Gain(j) > _eps || _open[j]).ToArray();
            var bestCovered = Covered();
            for (var round = 0; round < PerturbationRounds && Chosen.Count >= 2 && useful.Length > Chosen.Count && !_run.Cancelled && !_run.OutOfTime; round++)
            {
                var saved = Chosen.ToArray();
                for (var kick = 0; kick < 2; kick++)
                {
                    // Kick locally: a chosen site moves to a candidate sharing demand with it, where swaps alone stall.
                    var k = random.Next(Chosen.Count);
                    var neighbours = Neighbours(Chosen[k]);
                    var j = neighbours.Count > 0 ? neighbours[random.Next(neighbours.Count)] : useful[random.Next(useful.Length)];
                    if (_open[j])
                    {
                        continue;
                    }
                    Toggle(Chosen[k], -1);
                    Toggle(j, +1);
                    Chosen[k] = j;
                }
                LocalSearch();
                var value = Covered();
                if (value > bestCovered + _eps)
                {
                    bestCovered = value;
                    _run.Report("swap", Chosen.Count, bestCovered);
                    continue;
                }
                foreach (var j in Chosen)
                {
                    Toggle(j, -1);
                }
                Chosen.Clear();
                foreach (var j in saved)
                {
                    Toggle(j, +1);
                    Chosen.Add(j);
                }
            }
        }

        /// <summary>Online bound (Leskovec et al.): for monotone submodular coverage, OPT ≤ f(S) + the p largest gains w.r.t. S.</summary>
        public double OnlineBound()
        {
            var gains = new List<double>();
            for (var j = 0; j < _net.CandidateCount; j++)
            {
                if (!_open[j])
                {
                    gains.Add(Gain(j));
                }
            }
            var bound = Covered() + gains.OrderDescending().Take(_instance.MaxNewSites).Sum();
            return Math.Min(bound, _w.Sum());
        }

        private double Gain(int j)
        {
            var g = 0.0;
            for (var a = _net.SiteStart[j]; a < _net.SiteStart[j + 1]; a++)
            {
                var i = _net.SiteDemand[a];
                if (_coverCount[i] == 0)
                {
                    g += _w[i];
                }
            }
            return g;
        }

        private void Toggle(int j, int delta)
        {
            _open[j] = delta > 0;
            for (var a = _net.SiteStart[j]; a < _net.SiteStart[j + 1]; a++)
            {
                var i = _net.SiteDemand[a];
                _coverCount[i] += delta;
                _coverSum[i] += delta * (long)j;
            }
        }

        private List<int> Neighbours(int site)
        {
            var found = new HashSet<int>();
            for (var a = _net.SiteStart[site]; a < _net.SiteStart[site + 1]; a++)
            {
                var i = _net.SiteDemand[a];
                for (var b = _net.DemandStart[i]; b < _net.DemandStart[i + 1]; b++)
                {
                    if (!_open[_net.DemandSite[b]])
                    {
                        found.Add(_net.DemandSite[b]);
                    }
                }
            }
            var list = found.ToList();
            list.Sort();
            return list;
        }

        private void LocalSearch()
        {
            var improved = Chosen.Count > 0;
            while (improved && !_run.Cancelled && !_run.OutOfTime)
            {
                improved = false;
                RecomputeLoss();
                foreach (var j in _order)
                {
                    if (_open[j])
                    {
                        continue;
                    }
                    if (_run.Cancelled || _run.OutOfTime)
                    {
                        break;
                    }
                    var add = 0.0;
                    Array.Clear(_rescue);
                    for (var a = _net.SiteStart[j]; a < _net.SiteStart[j + 1]; a++)
                    {
                        var i = _net.SiteDemand[a];
                        if (_w[i] <= 0)
                        {
                            continue;
                        }
                        if (_coverCount[i] == 0)
                        {
                            add += _w[i];
                        }
                        else if (_coverCount[i] == 1)
                        {
                            _rescue[_position[_coverSum[i]]] += _w[i];
                        }
                    }
                    if (add <= _eps)
                    {
                        continue;
                    }
                    var best = -1;
                    var bestDelta = _eps;
                    for (var k = 0; k < Chosen.Count; k++)
                    {
                        var delta = add + _rescue[k] - _loss[k];
                        if (delta > bestDelta)
                        {
                            best = k;
                            bestDelta = delta;
                        }
                    }
                    if (best < 0)
                    {
                        continue;
                    }
                    Toggle(Chosen[best], -1);
                    Toggle(j, +1);
                    Chosen[best] = j;
                    improved = true;
                    RecomputeLoss();
                }
            }
        }

        private void RecomputeLoss()
        {
            Array.Clear(_loss);
            for (var k = 0; k < Chosen.Count; k++)
            {
                var j = Chosen[k];
                _position[j] = k;
                for (var a = _net.SiteStart[j]; a < _net.SiteStart[j + 1]; a++)
                {
                    var i = _net.SiteDemand[a];
                    if (_coverCount[i] == 1)
                    {
                        _loss[k] += _w[i];
                    }
                }
            }
        }

        private double Covered()
        {
            var total = 0.0;
            for (var i = 0; i < _net.DemandCount; i++)
            {
                if (_coverCount[i] > 0)
                {
                    total += _w[i];
                }
            }
            return total;
        }
    }
}

/// <summary>
/// p-median: lazy greedy on savings, then Teitz–Bart interchange evaluated with Whitaker's fast interchange
/// (each point keeps its nearest and second-nearest open site, existing and "unserved" included), first improvement.
/// </summary>
internal static class PMedianHeuristic
{
    public static HeuristicOutcome Solve(SitingInstance instance, RunContext run)
    {
        var net = instance.Network;
        var w = instance.Weight;
        var eps = instance.Epsilon;
        var open = new bool[net.CandidateCount];
        var d1 = (double[])instance.BaseCost.Clone();
        var d2 = (double[])instance.BaseCost.Clone();
        var s1 = new int[net.DemandCount];
        Array.Fill(s1, -1);

        double Gain(int j)
        {
            var g = 0.0;
            for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
            {
                var i = net.SiteDemand[a];
                var c = net.SiteCost[a];
                if (c < d1[i])
                {
                    g += w[i] * (d1[i] - c);
                }
            }
            return g;
        }
        void Refresh(int i)
        {
            d1[i] = d2[i] = instance.BaseCost[i];
            s1[i] = -1;
            for (var a = net.DemandStart[i]; a < net.DemandStart[i + 1]; a++)
            {
                var c = net.DemandCost[a];
                if (c >= d2[i])
                {
                    break;
                }
                if (!open[net.DemandSite[a]])
                {
                    continue;
                }
                if (c < d1[i])
                {
                    d2[i] = d1[i];
                    d1[i] = c;
                    s1[i] = net.DemandSite[a];
                }
                else
                {
                    d2[i] = c;
                }
            }
        }
        void Toggle(int j, bool isOpen)
        {
            open[j] = isOpen;
            for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
            {
                Refresh(net.SiteDemand[a]);
            }
        }

        var chosen = LazyGreedy.Select(net.CandidateCount, instance.MaxNewSites, eps, Gain, j => Toggle(j, true), run, "greedy");
        run.Report("greedy", chosen.Count, null);

        var position = new int[net.CandidateCount];
        var loss = new double[chosen.Count];
        var extra = new double[chosen.Count];
        var improved = chosen.Count > 0;
        while (improved && !run.Cancelled && !run.OutOfTime)
        {
            improved = false;
            RecomputeLoss();
            for (var j = 0; j < net.CandidateCount; j++)
            {
                if (open[j])
                {
                    continue;
                }
                if (run.Cancelled || run.OutOfTime)
                {
                    break;
                }
                var gain = 0.0;
                Array.Clear(extra);
                for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
                {
                    var i = net.SiteDemand[a];
                    var c = net.SiteCost[a];
                    if (w[i] <= 0)
                    {
                        continue;
                    }
                    if (c < d1[i])
                    {
                        gain += w[i] * (d1[i] - c);
                    }
                    if (s1[i] >= 0 && c < d2[i])
                    {
                        extra[position[s1[i]]] += w[i] * (d2[i] - Math.Max(c, d1[i]));
                    }
                }
                if (gain <= eps)
                {
                    continue;
                }
                var best = -1;
                var bestDelta = eps;
                for (var k = 0; k < chosen.Count; k++)
                {
                    var delta = gain + extra[k] - loss[k];
                    if (delta > bestDelta)
                    {
                        best = k;
                        bestDelta = delta;
                    }
                }
                if (best < 0)
                {
                    continue;
                }
                var leaving = chosen[best];
                chosen[best] = j;
                Toggle(leaving, false);
                Toggle(j, true);
                improved = true;
                RecomputeLoss();
                run.Report("swap", chosen.Count, null);
            }
        }
        return new HeuristicOutcome(chosen, null, run.Cancelled);

        void RecomputeLoss()
        {
            Array.Clear(loss);
            for (var k = 0; k < chosen.Count; k++)
            {
                position[chosen[k]] = k;
            }
            for (var i = 0; i < net.DemandCount; i++)
            {
                if (s1[i] >= 0)
                {
                    loss[position[s1[i]]] += w[i] * (d2[i] - d1[i]);
                }
            }
        }
    }
}

/// <summary>
/// Capacitated coverage: lazy greedy where a site's gain is min(capacity, residual demand it reaches), demand
/// assigned nearest first; then first-improvement swaps re-running that assignment; the final assignment of the
/// chosen sites is optimal (see <see cref="SitingEvaluation"/>).
/// </summary>
internal static class CapacitatedCoverageHeuristic
{
    public static HeuristicOutcome Solve(SitingInstance instance, RunContext run)
    {
        var net = instance.Network;
        var eps = instance.Epsilon;
        var residual = (double[])instance.Weight.Clone();
        var byCost = new int[net.ArcCount]; // each site's arcs, nearest first
        for (var j = 0; j < net.CandidateCount; j++)
        {
            var arcs = Enumerable.Range(net.SiteStart[j], net.SiteStart[j + 1] - net.SiteStart[j])
                .OrderBy(a => net.SiteCost[a]).ThenBy(a => net.SiteDemand[a]).ToArray();
            arcs.CopyTo(byCost, net.SiteStart[j]);
        }

        double Reach(int j, double[] remaining)
        {
            var total = 0.0;
            for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
            {
                total += remaining[net.SiteDemand[a]];
            }
            return Math.Min(instance.Capacity[j], total);
        }
        double Assign(int j, double[] remaining)
        {
            var left = instance.Capacity[j];
            var served = 0.0;
            for (var k = net.SiteStart[j]; k < net.SiteStart[j + 1] && left > 0; k++)
            {
                var i = net.SiteDemand[byCost[k]];
                var take = Math.Min(left, remaining[i]);
                remaining[i] -= take;
                left -= take;
                served += take;
            }
            return served;
        }
        // Scratch copy of the demand, restored after each evaluation: a swap costs O(reach of the sites), not O(demand).
        var scratch = (double[])instance.Weight.Clone();
        double Value(List<int> sites)
        {
            var total = 0.0;
            foreach (var j in sites)
            {
                total += Assign(j, scratch);
            }
            foreach (var j in sites)
            {
                for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
                {
                    var i = net.SiteDemand[a];
                    scratch[i] = instance.Weight[i];
                }
            }
            return total;
        }

        var singles = Enumerable.Range(0, net.CandidateCount).Select(j => Reach(j, instance.Weight)).ToArray();
        var chosen = LazyGreedy.Select(net.CandidateCount, instance.MaxNewSites, eps, j => Reach(j, residual),
            j => Assign(j, residual), run, "greedy");
        var objective = Value(chosen);
        run.Report("greedy", chosen.Count, objective);

        var open = new bool[net.CandidateCount];
        chosen.ForEach(j => open[j] = true);
        var order = Enumerable.Range(0, net.CandidateCount).OrderByDescending(j => singles[j]).ThenBy(j => j).ToArray();
        var improved = chosen.Count > 0;
        while (improved && !run.Cancelled && !run.OutOfTime)
        {
            improved = false;
            foreach (var j in order)
            {
                if (open[j] || singles[j] <= eps)
                {
                    continue;
                }
                for (var k = 0; k < chosen.Count && !run.Cancelled && !run.OutOfTime; k++)
                {
                    var leaving = chosen[k];
                    chosen[k] = j;
                    var value = Value(chosen);
                    if (value > objective + eps)
                    {
                        open[leaving] = false;
                        open[j] = true;
                        objective = value;
                        improved = true;
                        run.Report("swap", chosen.Count, objective);
                        break;
                    }
                    chosen[k] = leaving;
                }
            }
        }

        // Subadditivity: the optimum serves at most the p largest single-site amounts, and at most all demand.
        var bound = Math.Min(instance.Weight.Sum(), singles.OrderDescending().Take(instance.MaxNewSites).Sum());
        return new HeuristicOutcome(chosen, bound, run.Cancelled);
    }
}

/// <summary>
/// LSCP: lazy greedy on the number of still-uncovered points (the classic ln n approximation), then removal of
/// sites made redundant by later ones, last chosen first.
/// </summary>
internal static class SetCoveringHeuristic
{
    public static HeuristicOutcome Solve(SitingInstance instance, RunContext run)
    {
        var net = instance.Network;
        var required = instance.Weight;
        var coverCount = new int[net.DemandCount];

        double Gain(int j)
        {
            var g = 0;
            for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
            {
                var i = net.SiteDemand[a];
                if (required[i] > 0 && coverCount[i] == 0)
                {
                    g++;
                }
            }
            return g;
        }
        void Toggle(int j, int delta)
        {
            for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1]; a++)
            {
                coverCount[net.SiteDemand[a]] += delta;
            }
        }

        var chosen = LazyGreedy.Select(net.CandidateCount, instance.MaxNewSites, 0.5, Gain, j => Toggle(j, +1), run, "greedy");
        for (var k = chosen.Count - 1; k >= 0 && !run.Cancelled; k--)
        {
            var j = chosen[k];
            var redundant = true;
            for (var a = net.SiteStart[j]; a < net.SiteStart[j + 1] && redundant; a++)
            {
                var i = net.SiteDemand[a];
                redundant = required[i] <= 0 || coverCount[i] > 1;
            }
            if (redundant)
            {
                Toggle(j, -1);
                chosen.RemoveAt(k);
            }
        }
        run.Report("greedy", chosen.Count, chosen.Count);
        return new HeuristicOutcome(chosen, null, run.Cancelled);
    }
}
