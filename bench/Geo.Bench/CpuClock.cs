using System.Globalization;
using System.Runtime.InteropServices;

namespace Geo.Bench;

/// <summary>
/// CPU time, beside the wall clock: on a machine shared with other work a thread waits for a core, and its wall
/// time says how busy the machine was as much as how fast the code is. Linux only (clock_gettime, /proc).
/// </summary>
internal static partial class CpuClock
{
    private const int ThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
    private const double TicksPerSecond = 100; // USER_HZ, as /proc reports

    /// <summary>CPU time the calling thread has used.</summary>
    public static TimeSpan Thread()
    {
        if (GetTime(ThreadCpuTime, out var now) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks(now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100);
    }

    /// <summary>CPU time (user + system) another process on this machine has used, e.g. a PostgreSQL backend; 10 ms resolution.</summary>
    public static TimeSpan Process(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int GetTime(int clock, out TimeSpec time);
}
