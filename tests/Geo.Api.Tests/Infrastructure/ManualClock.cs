namespace Geo.Api.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so time-dependent rules (lock-out expiry) are checked without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
