namespace Wyn.Engine.Tests.Support;

/// <summary>
/// Sizes of the stress tests. The short sizes always run (CI); WYN_STRESS=1 runs the long versions
/// (millions of tasks, many iterations) on demand.
/// </summary>
public static class StressMode
{
    /// <summary>True when the environment variable WYN_STRESS is 1.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("WYN_STRESS") == "1";

    /// <summary><paramref name="normal"/> normally, <paramref name="stress"/> under WYN_STRESS=1.</summary>
    public static int Pick(int normal, int stress) => Enabled ? stress : normal;

    /// <summary>The bound for a test body: stress runs get more time.</summary>
    public static TimeSpan Timeout(TimeSpan normal) => Enabled ? normal * 20 : normal;
}
