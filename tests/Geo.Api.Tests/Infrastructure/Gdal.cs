using System.Diagnostics;

namespace Geo.Api.Tests.Infrastructure;

/// <summary>
/// GDAL's command-line tools (Debian's gdal-bin) as the GIS client QGIS and ArcGIS users have. A missing GDAL
/// fails the test, it is never skipped: scripts/test-prerequisites.sh installs it.
/// </summary>
public static class Gdal
{
    public sealed record Run(int ExitCode, string Output, string Errors)
    {
        /// <summary>What GDAL warned about (lines with "Warning" or "ERROR").</summary>
        public IReadOnlyList<string> Complaints => Errors.Split('\n').Concat(Output.Split('\n'))
            .Where(l => l.Contains("Warning", StringComparison.OrdinalIgnoreCase) || l.Contains("ERROR", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Runs a GDAL tool; a non-zero exit fails the test with what the tool said.</summary>
    public static async Task<Run> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["GDAL_HTTP_TIMEOUT"] = "60", ["CPL_DEBUG"] = "OFF" },
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is missing: run scripts/test-prerequisites.sh (Debian's gdal-bin).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var run = new Run(process.ExitCode, await output, await errors);
            Assert.True(run.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {run.ExitCode}: {run.Errors}\n{run.Output}");
            return run;
        }
    }
}
