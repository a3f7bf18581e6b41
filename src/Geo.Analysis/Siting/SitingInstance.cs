namespace Geo.Analysis.Siting;

/// <summary>
/// One model on one network: the effective weight of each demand point, the capacity of each candidate and,
/// for p-median, the cost a point pays when no new site serves it. Shared by the heuristic, the exact solver
/// and the evaluation, so that every method computes the same objective.
/// </summary>
internal sealed class SitingInstance
{
    public SitingModel Model { get; }
    public SitingNetwork Network { get; }
    public SitingProblem Problem { get; }
    public SitingRequest Request { get; }

    /// <summary>Weight the model counts (0 for points it ignores: zero weight, unreachable, or served by an existing site).</summary>
    public double[] Weight { get; }

    /// <summary>Capacitated: 托位 of each candidate (+∞ when unlimited). Others: +∞.</summary>
    public double[] Capacity { get; }

    /// <summary>p-median: cost of a point before any new site opens (its nearest existing site, or the unserved cost).</summary>
    public double[] BaseCost { get; }

    /// <summary>Demand points with positive weight that the model cannot serve at all.</summary>
    public bool[] Unreachable { get; }

    public int MaxNewSites { get; }

    public bool Maximises => Model is SitingModel.MaximalCovering or SitingModel.CapacitatedCoverage;

    public SitingInstance(SitingProblem problem, SitingNetwork network, SitingRequest request)
    {
        Problem = problem;
        Network = network;
        Request = request;
        Model = request.Model;
        var n = network.DemandCount;
        Weight = new double[n];
        BaseCost = new double[n];
        Unreachable = new bool[n];
        var unserved = request.UnservedCost ?? request.ServiceRadius;
        for (var i = 0; i < n; i++)
        {
            var d = problem.Demand[i];
            var raw = Model == SitingModel.CapacitatedCoverage ? d.Places : d.Weight;
            var hasCandidate = network.DemandStart[i + 1] > network.DemandStart[i];
            var hasExisting = network.ExistingNearest[i] >= 0;
            if (Model == SitingModel.PMedian)
            {
                Unreachable[i] = raw > 0 && !hasCandidate && !hasExisting;
                Weight[i] = Unreachable[i] ? 0 : raw;
                BaseCost[i] = hasExisting ? network.ExistingCost[i] : unserved;
            }
            else
            {
                var servedByExisting = request.ExistingSitesCover && hasExisting;
                Unreachable[i] = raw > 0 && !hasCandidate && !servedByExisting;
                Weight[i] = hasCandidate && !servedByExisting ? raw : 0;
            }
        }

        Capacity = new double[network.CandidateCount];
        for (var j = 0; j < Capacity.Length; j++)
        {
            Capacity[j] = Model == SitingModel.CapacitatedCoverage
                ? problem.Candidates[j].Capacity ?? request.DefaultCapacity ?? double.PositiveInfinity
                : double.PositiveInfinity;
        }
        MaxNewSites = Model == SitingModel.SetCovering
            ? network.CandidateCount
            : Math.Min(request.NewSites, network.CandidateCount);
    }

    /// <summary>A tolerance for "strictly better" that scales with the instance's total weight.</summary>
    public double Epsilon
    {
        get
        {
            var total = 0.0;
            foreach (var w in Weight)
            {
                total += w;
            }
            return 1e-9 * (1 + total * (Model == SitingModel.PMedian ? Network.Radius + 1 : 1));
        }
    }

    /// <summary>True when <paramref name="a"/> is a better objective than <paramref name="b"/> for this model.</summary>
    public bool IsBetter(double a, double b, double epsilon) => Maximises ? a > b + epsilon : a < b - epsilon;
}
