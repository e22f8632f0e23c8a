using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Wyn.Engine;
using Xunit.Sdk;

namespace Wyn.Engine.Tests.Support;

/// <summary>
/// Time-boxed waits. A hang in a scheduler is a failure, not a stuck CI job, so every blocking step of
/// a test goes through here; on timeout the failure message carries the engine's statistics (queue
/// depth, workers, parks, outstanding pool slots) so the hang can be diagnosed from the log alone.
/// </summary>
public static class Bounded
{
    /// <summary>The default bound for one test's blocking work on this 2-core machine.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/>.</summary>
    public static void Wait(Func<bool> condition, TimeSpan timeout, string what, WynEngine? engine = null)
    {
        var clock = Stopwatch.StartNew();
        var spin = new SpinWait();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new XunitException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}.{Environment.NewLine}{Dump(engine)}");
            if (spin.NextSpinWillYield)
                Thread.Sleep(1);
            else
                spin.SpinOnce();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a dedicated background thread and waits for it at most
    /// <paramref name="timeout"/>. A body that hangs (an Await that never returns) fails the test with
    /// a dump of <paramref name="engine"/>; the stuck thread is a background thread and cannot keep the
    /// test process alive.
    /// </summary>
    public static T Run<T>(Func<T> body, TimeSpan timeout, string what, WynEngine? engine = null)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 16 * 1024 * 1024)
        {
            IsBackground = true,
            Name = "test-bounded",
        };
        thread.Start();
        if (!thread.Join(timeout))
            throw new XunitException($"Timed out after {timeout.TotalSeconds:0.#} s: {what}.{Environment.NewLine}{Dump(engine)}");
        failure?.Throw();
        return result;
    }

    /// <summary><see cref="Run{T}"/> for a body without a result.</summary>
    public static void Run(Action body, TimeSpan timeout, string what, WynEngine? engine = null) =>
        Run(() =>
        {
            body();
            return 0;
        }, timeout, what, engine);

    /// <summary>Awaits <paramref name="task"/> at most <paramref name="timeout"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan timeout, string what, WynEngine? engine = null)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"Timed out after {timeout.TotalSeconds:0.#} s: {what}.{Environment.NewLine}{Dump(engine)}");
        }
    }

    /// <summary>Awaits <paramref name="task"/> at most <paramref name="timeout"/>.</summary>
    public static async Task Within(this Task task, TimeSpan timeout, string what, WynEngine? engine = null)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"Timed out after {timeout.TotalSeconds:0.#} s: {what}.{Environment.NewLine}{Dump(engine)}");
        }
    }

    /// <summary>What a hang report shows about an engine.</summary>
    public static string Dump(WynEngine? engine)
    {
        if (engine is null)
            return "(no engine to dump)";
        try
        {
            return $"Engine statistics: {engine.GetStatistics()}{Environment.NewLine}" +
                   $"Idle: {engine.IsIdle}, stopped: {engine.IsStopped}{Environment.NewLine}" +
                   $"Pool counters: {engine.GetPoolCounters()}{Environment.NewLine}" +
                   $"Engine threads alive: {string.Join(", ", EngineThreads.Names())}";
        }
        catch (Exception e)
        {
            return $"(engine dump failed: {e.GetType().Name}: {e.Message})";
        }
    }
}
