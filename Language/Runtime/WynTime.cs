using System.Diagnostics;

namespace Wyn.Language.Runtime;

/// <summary>Clocks and <c>sleep</c>.</summary>
public static class WynTime
{
    /// <summary><c>Time.now_millis()</c>: Unix epoch milliseconds (wall clock).</summary>
    public static long NowMillis() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary><c>DateTime.micros()</c>: Unix epoch microseconds (wall clock).</summary>
    public static long Micros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (TimeSpan.TicksPerMillisecond / 1000);

    /// <summary><c>time_now()</c>: Unix epoch seconds as a float (wall clock).</summary>
    public static double TimeNow() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;

    /// <summary><c>time_ns()</c>: monotonic nanoseconds from an arbitrary origin, for measuring intervals.</summary>
    public static long TimeNs()
    {
        long timestamp = Stopwatch.GetTimestamp();
        return Stopwatch.Frequency == 1_000_000_000
            ? timestamp
            : (long)((Int128)timestamp * 1_000_000_000 / Stopwatch.Frequency);
    }

    /// <summary>
    /// <c>Time.sleep(ms)</c> / <c>sleep_ms(ms)</c> / <c>sleep(ms)</c>: pauses the calling task. The
    /// thread blocks inside <c>EnterBlocking</c> so the engine keeps running other tasks, and counts
    /// as a sleeper so a main thread waiting for it is not declared deadlocked. A failure of the
    /// program ends the sleep at once.
    /// </summary>
    /// <summary>
    /// <c>sleep</c> in a task that suspends instead of blocking its thread (decision 0013): the same
    /// as <see cref="Sleep"/>, but the wait is a timer (<see cref="SuspendedDelay"/>). On `inline`
    /// the task sleeps in place, as before: that strategy runs a spawn to its end at the spawn site
    /// wherever it can, and a timer would make the order of sleeping tasks depend on the machine.
    /// </summary>
    public static ValueTask SleepSuspending(WynContext ctx, long milliseconds, int line)
    {
        ctx.ThrowIfFailed();
        if (milliseconds <= 0 || ctx.Engine.SchedulerName == InlineName)
        {
            Sleep(ctx, milliseconds, line);
            return default;
        }

        return Suspended(ctx, (int)Math.Min(milliseconds, int.MaxValue - 1));

        static async ValueTask Suspended(WynContext ctx, int milliseconds)
        {
            await new SuspendedDelay(ctx, milliseconds).WaitAsync();
            ctx.ThrowIfFailed();
        }
    }

    private const string InlineName = "inline";

    public static void Sleep(WynContext ctx, long milliseconds, int line)
    {
        ctx.ThrowIfFailed();
        if (milliseconds <= 0)
        {
            Thread.Yield();
            return;
        }

        int timeout = (int)Math.Min(milliseconds, int.MaxValue - 1);
        ctx.EnterSleep();
        try
        {
            using (ctx.Engine.EnterBlocking())
            {
                ctx.FailureToken.WaitHandle.WaitOne(timeout);
            }
        }
        finally
        {
            ctx.ExitSleep();
        }

        ctx.ThrowIfFailed();
    }
}
