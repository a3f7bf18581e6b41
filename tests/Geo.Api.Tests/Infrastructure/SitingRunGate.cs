using Geo.Api.Features.Siting;

namespace Geo.Api.Tests.Infrastructure;

/// <summary>
/// Holds background siting runs at the start while closed, so a test sees a job "running" for as long as it
/// needs; open (the default) it lets every run through. Tests of one fixture run one at a time, so closing it
/// affects only the test that did, which opens it again when done.
/// </summary>
public sealed class SitingRunGate : ISitingRunHold
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Opened();

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _open.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Closes the gate; disposing the result opens it again.</summary>
    public IDisposable Close()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Reopen(this);
    }

    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private sealed class Reopen(SitingRunGate gate) : IDisposable
    {
        public void Dispose() => gate.Open();
    }
}
