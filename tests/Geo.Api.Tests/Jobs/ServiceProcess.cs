using System.Diagnostics;
using System.Net.Sockets;

namespace Geo.Api.Tests.Jobs;

/// <summary>
/// The service as it is deployed: its own process (`dotnet Geo.Api.dll --urls …`) on a port of its own, sharing
/// nothing with the others but the database. Disposing kills it; <see cref="Kill"/> does so mid-work, as a crash would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private ServiceProcess(Process process, Uri address)
    {
        (_process, Address) = (process, address);
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the process wrote, for the assertion message when it misbehaves.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The service's own build, beside the tests' (same configuration).</summary>
    public static string Assembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Debug" : "Release";
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "TuoyuGeo.sln")))
            {
                root = root.Parent;
            }

            return Path.Combine(root?.FullName ?? throw new InvalidOperationException("TuoyuGeo.sln not found above the test assembly"),
                "src", "Geo.Api", "bin", configuration, "net10.0", "Geo.Api.dll");
        }
    }

    /// <summary>The settings every instance of a test shares: the database, a short job lease, a lifted public rate limit.</summary>
    private static Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["ConnectionStrings__Tuoyu"] = connectionString,
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["RateLimits__AnonymousPerMinute"] = "1000000",
        ["Jobs__QueuePollMilliseconds"] = "100",
        ["Jobs__InvisibilitySeconds"] = "5",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Starts an instance and waits until /health answers.</summary>
    public static async Task<ServiceProcess> StartAsync(string connectionString)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Assembly, "--urls", address.ToString().TrimEnd('/')])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(connectionString))
        {
            start.Environment[name] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, address);
        service.Capture();
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (service._process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                var log = service.Log;
                await service.DisposeAsync();
                throw new InvalidOperationException($"the service on {address} did not come up:\n{log}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Runs one of the service's command-line verbs to its end (create-admin …) and returns its exit code.</summary>
    public static async Task<int> RunVerbAsync(string connectionString, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(connectionString).Concat(environment))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(hang.Token);
        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown, no hand-back of the running job, the database connections cut.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Capture()
    {
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(e.Data);
                }
            }
        }

        _process.OutputDataReceived += Append;
        _process.ErrorDataReceived += Append;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
