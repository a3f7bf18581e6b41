namespace Geo.Analysis.Coverage;

/// <summary>
/// How a facility's pull weakens with cost inside its catchment: W(d) for 0 ≤ d ≤ d₀ (the catchment cut-off);
/// pairs beyond d₀ are outside the catchment and weigh nothing.
/// </summary>
public abstract record DistanceDecay
{
    private protected DistanceDecay()
    {
    }

    /// <summary>W = 1 inside the catchment: the classic 2SFCA of Luo &amp; Wang (2003).</summary>
    public static DistanceDecay Step { get; } = new StepDecay();

    /// <summary>Dai's (2010) normalised Gaussian; see <see cref="GaussianDecay"/>.</summary>
    public static DistanceDecay Gaussian { get; } = new GaussianDecay();

    /// <summary>
    /// Walking bands after the enhanced 2SFCA of Luo &amp; Qi (2009): 1.00 up to 300 m, 0.68 up to 500 m,
    /// 0.22 up to 1,000 m. Use with a catchment of 1,000 m.
    /// </summary>
    public static DistanceDecay WalkingBands { get; } = MultiStep(new DecayBand(300, 1.0), new DecayBand(500, 0.68), new DecayBand(1000, 0.22));

    public static DistanceDecay MultiStep(params DecayBand[] bands) => new MultiStepDecay(bands);

    /// <summary>The weight of a pair at <paramref name="cost"/> in a catchment cut off at <paramref name="cutoff"/>.</summary>
    public abstract double Weight(double cost, double cutoff);

    /// <summary>Throws when the decay cannot weigh every cost up to <paramref name="cutoff"/>.</summary>
    internal virtual void EnsureCovers(double cutoff)
    {
    }
}

/// <summary>W(d) = 1 for d ≤ d₀.</summary>
public sealed record StepDecay : DistanceDecay
{
    public override double Weight(double cost, double cutoff) => cost <= cutoff ? 1.0 : 0.0;
}

/// <summary>
/// Dai's (2010) normalised Gaussian: W(d) = (e^(−½(d/d₀)²) − e^(−½)) / (1 − e^(−½)) for d ≤ d₀, else 0.
/// W(0) = 1 and W(d₀) = 0, so a pair exactly at the cut-off is within reach but carries no weight.
/// </summary>
public sealed record GaussianDecay : DistanceDecay
{
    private static readonly double EdgeValue = Math.Exp(-0.5);

    public override double Weight(double cost, double cutoff)
    {
        if (cost > cutoff)
        {
            return 0.0;
        }

        if (cutoff <= 0)
        {
            return 1.0;
        }

        var r = cost / cutoff;
        return (Math.Exp(-0.5 * r * r) - EdgeValue) / (1 - EdgeValue);
    }
}

/// <summary>An upper cost bound (inclusive) and the weight of the pairs up to it.</summary>
public readonly record struct DecayBand(double UpTo, double Weight);

/// <summary>
/// Stepped weights: a pair takes the weight of the first band whose <see cref="DecayBand.UpTo"/> is at least
/// its cost. Bands ascend strictly and the last reaches the catchment cut-off.
/// </summary>
public sealed record MultiStepDecay : DistanceDecay
{
    private readonly DecayBand[] _bands;

    public MultiStepDecay(IEnumerable<DecayBand> bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        _bands = [.. bands];
        if (_bands.Length == 0)
        {
            throw new ArgumentException("A multi-step decay needs at least one band.", nameof(bands));
        }

        for (var k = 0; k < _bands.Length; k++)
        {
            var band = _bands[k];
            if (!double.IsFinite(band.UpTo) || band.UpTo < 0 || !double.IsFinite(band.Weight) || band.Weight < 0)
            {
                throw new ArgumentException($"Band {k + 1} ({band.UpTo}, {band.Weight}): bounds and weights must be finite and 0 or more.", nameof(bands));
            }

            if (k > 0 && band.UpTo <= _bands[k - 1].UpTo)
            {
                throw new ArgumentException($"Band {k + 1} ends at {band.UpTo}, not beyond band {k} ({_bands[k - 1].UpTo}); bands must ascend.", nameof(bands));
            }
        }
    }

    public IReadOnlyList<DecayBand> Bands => _bands;

    public override double Weight(double cost, double cutoff)
    {
        if (cost > cutoff)
        {
            return 0.0;
        }

        foreach (var band in _bands)
        {
            if (cost <= band.UpTo)
            {
                return band.Weight;
            }
        }

        return 0.0;
    }

    public bool Equals(MultiStepDecay? other) => other is not null && _bands.AsSpan().SequenceEqual(other._bands);

    public override int GetHashCode() => _bands.Length == 0 ? 0 : HashCode.Combine(_bands.Length, _bands[^1]);

    internal override void EnsureCovers(double cutoff)
    {
        if (_bands[^1].UpTo < cutoff)
        {
            throw new ArgumentException($"The last band ends at {_bands[^1].UpTo}, short of the catchment cut-off {cutoff}; extend it to the cut-off.");
        }
    }
}
