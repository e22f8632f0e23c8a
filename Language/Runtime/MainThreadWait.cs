using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// How the program's main thread waits for a future that is not finished yet: in short slices, so
/// that it (a) ends at once when a task panicked (<see cref="WynContext.Fail"/>) and (b) notices a
/// deadlock — the awaited task blocked on a channel that nobody will ever serve — instead of hanging.
/// </summary>
/// <remarks>
/// Main does not help with queued work while it waits (the engine's own await does, on workers): a
/// task run on main's stack that waits for something main does *after* this await could never finish.
/// The workers (with the scheduler's compensation for blocked ones) run the queue without main. The
/// one exception is the awaited task itself, when it still sits unstarted in main's own spawn buffer
/// (<see cref="WynEngine.TryRunOwnQueued{T}"/>): main would wait for exactly that task anyway.
/// </remarks>
internal static class MainThreadWait
{
    /// <summary>
    /// How long main polls a pending future before it blocks. A task that a worker picks up at once
    /// finishes within a few microseconds; blocking instead costs a continuation, a task and two
    /// kernel wake-ups — about 25 µs per await of a short task (W5 pingpong) before this spin.
    /// </summary>
    private const long SpinMicroseconds = 50;

    private static readonly long s_spinTicks = System.Diagnostics.Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

    public static T Await<T>(WynContext ctx, Future<T> handle)
    {
        // Spawned by main and not started by anyone yet: run it here. This runs only the awaited
        // task itself (never other queued work), which main is about to wait for anyway.
        if (RunOwnQueued(ctx, handle) || SpinUntilCompleted(ctx, handle))
            return handle.Await();
        Task<T> task = handle.AsTask();
        WaitForTask(ctx, task, "await");
        return task.GetAwaiter().GetResult();
    }

    private static bool RunOwnQueued<T>(WynContext ctx, Future<T> handle)
    {
        ctx.MainRunsAwaitedTask++;
        try
        {
            return ctx.Engine.TryRunOwnQueued(handle);
        }
        finally
        {
            ctx.MainRunsAwaitedTask--;
        }
    }

    /// <summary>
    /// Publishes main's buffered spawns (so a worker can take the awaited task now) and polls the
    /// future for a short while, yielding the processor between looks. True when it completed.
    /// </summary>
    private static bool SpinUntilCompleted<T>(WynContext ctx, Future<T> handle)
    {
        using (ctx.Engine.EnterBlocking())
        {
            long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + s_spinTicks;
            var spinner = default(SpinWait);
            while (!handle.IsCompleted)
            {
                if (System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
                    return false;
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
        return true;
    }

    /// <summary>Waits until <paramref name="task"/> finished, rethrowing a program failure or detecting a deadlock.</summary>
    public static void WaitForTask(WynContext ctx, Task task, string blockedIn)
    {
        var watch = default(DeadlockWatch);
        while (!task.IsCompleted)
        {
            ctx.ThrowIfFailed();
            try
            {
                // EnterBlocking even off the workers: it publishes spawns this thread buffered, and if
                // main runs on a worker the scheduler compensates for it. The deadlock check runs
                // inside the region too: main, blocked, holds nothing runnable — even when the wait
                // is inside a task main runs itself, which the engine otherwise counts as busy.
                using (ctx.Engine.EnterBlocking())
                {
                    if (task.Wait(DeadlockWatch.ObservationIntervalMilliseconds, ctx.FailureToken))
                    {
                        return;
                    }

                    watch.Observe(ctx, blockedIn);
                }
            }
            catch (OperationCanceledException) when (ctx.FailureToken.IsCancellationRequested)
            {
                ctx.ThrowIfFailed();
            }
            catch (AggregateException)
            {
                return;   // the task failed: the caller rethrows its exception unwrapped
            }
        }
    }
}
