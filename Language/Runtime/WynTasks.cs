using System.Diagnostics;
using Wyn.Engine;

namespace Wyn.Language.Runtime;

/// <summary>
/// Spawning Wyn tasks (tracked, with panics reported to the program), waiting for all of them at the
/// end of main, <c>await_all(futs)</c> and <c>await_any(futs)</c>.
/// </summary>
public static class WynTasks
{
    private const int MaxPollMilliseconds = 1;

    /// <summary>How long await_any looks again without sleeping before it polls (see AwaitAny).</summary>
    private const int SpinBeforePollingMicroseconds = 200;

    private static readonly long SpinBeforePollingTicks = Stopwatch.Frequency * SpinBeforePollingMicroseconds / 1_000_000;

    /// <summary>
    /// <c>spawn f(args)</c> as an expression. Pass a cached static delegate and the arguments as a value
    /// tuple: nothing is allocated per spawn beyond the engine's pooled cells. The task is counted for
    /// <see cref="WaitForOutstanding"/>, and an exception ending it is reported with
    /// <see cref="WynContext.Fail"/> (ending the program promptly) before it faults the future.
    /// </summary>
    public static WynFuture<T> Spawn<TState, T>(WynContext ctx, Func<TState, T> function, TState state)
    {
        ctx.Tasks.Spawned();
        return new WynFuture<T>(ctx.Engine.Spawn(TrackedCall<TState, T>.Invoke, (ctx, function, state)));
    }

    /// <summary><c>spawn f(args)</c> as an expression where <c>f</c> returns nothing: a <c>Future&lt;Unit&gt;</c>.</summary>
    public static WynFuture<Unit> SpawnAction<TState>(WynContext ctx, Action<TState> function, TState state)
    {
        ctx.Tasks.Spawned();
        return new WynFuture<Unit>(ctx.Engine.Spawn(TrackedAction<TState>.InvokeForUnit, (ctx, function, state)));
    }

    /// <summary><c>spawn f(args)</c> as a statement (fire-and-forget); a panic in it ends the program.</summary>
    public static void Run<TState>(WynContext ctx, Action<TState> function, TState state)
    {
        ctx.Tasks.Spawned();
        ctx.Engine.Run(TrackedAction<TState>.Invoke, (ctx, function, state));
    }

    /// <summary>
    /// Called by the program when main returns: blocks until every task spawned through this class has
    /// finished. Rethrows the program's failure at once; throws <see cref="WynDeadlockException"/> when
    /// the remaining tasks are all blocked for good (e.g. a consumer waiting on a channel never closed).
    /// </summary>
    public static void WaitForOutstanding(WynContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        WaitUntilAllFinished(ctx, CancellationToken.None);
        ctx.ThrowIfFailed();
    }

    /// <summary>
    /// The end-of-main wait (WYN-CORE §2) behind <see cref="WaitForOutstanding"/> and the program
    /// runner: true once every spawned task has finished; false when the program failed or
    /// <paramref name="cancellationToken"/> fired first; <see cref="WynDeadlockException"/> when the
    /// remaining tasks can never finish.
    /// </summary>
    internal static bool WaitUntilAllFinished(WynContext ctx, CancellationToken cancellationToken)
    {
        // A short spin first: most programs' last tasks finish within microseconds.
        var spinner = default(SpinWait);
        while (!ctx.Tasks.AllFinished() && spinner.Count < 50)
        {
            spinner.SpinOnce();
        }

        var watch = default(DeadlockWatch);
        while (!ctx.Tasks.AllFinished())
        {
            if (ctx.Failure is not null || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            // The deadlock check runs inside the blocking region, as every wait of main's does.
            using (ctx.Engine.EnterBlocking())
            {
                ctx.Tasks.WaitForAnyFinish(DeadlockWatch.ObservationIntervalMilliseconds);
                if (!ctx.Tasks.AllFinished() && ctx.Failure is null && !cancellationToken.IsCancellationRequested)
                {
                    watch.Observe(ctx, "the end of main, waiting for spawned tasks,");
                }
            }
        }

        return ctx.Failure is null;
    }

    /// <summary>In the resumable version of a function, before <see cref="AwaitAll{T}"/> or <see cref="AwaitAllFutures{T}"/>: suspends the task until every element's work has finished (decision 0013, session 18).</summary>
    public static ValueTask WhenAllFinished<T>(WynContext ctx, WynFutureArray<T> futures, int line)
    {
        ArgumentNullException.ThrowIfNull(futures);
        return SuspendedAwaitMany<T>.WhenAllFinished(ctx, futures, line);
    }

    /// <summary>In the resumable version of a function, before <see cref="AwaitAny{T}"/>: suspends the task until one element's work has finished.</summary>
    public static ValueTask WhenAnyFinished<T>(WynContext ctx, WynFutureArray<T> futures, int line)
    {
        ArgumentNullException.ThrowIfNull(futures);
        return SuspendedAwaitMany<T>.WhenAnyFinished(ctx, futures, line);
    }

    /// <summary>Results in index order; each future is awaited in place, so awaiting it again later returns the same value.</summary>
    public static WynArray<T> AwaitAll<T>(WynContext ctx, WynFutureArray<T> futures, int line)
    {
        ArgumentNullException.ThrowIfNull(futures);
        long count = futures.Count;
        var results = new WynArray<T>((int)Math.Min(count, int.MaxValue));
        for (long i = 0; i < count; i++)
        {
            results.Push(WynFutureArray<T>.Await(ctx, futures, i, line));
        }

        return results;
    }

    /// <summary>
    /// <c>await_all</c> over futures whose values are futures (<c>[Future&lt;Future&lt;T&gt;&gt;]</c>): the
    /// result is an array of futures, which Wyn stores as a <see cref="WynFutureArray{T}"/>. Each value
    /// carries a preserved handle (the spawn thunk shares a future it returns), so the element here and
    /// every other copy can all be awaited.
    /// </summary>
    public static WynFutureArray<T> AwaitAllFutures<T>(WynContext ctx, WynFutureArray<WynFuture<T>> futures, int line)
    {
        ArgumentNullException.ThrowIfNull(futures);
        long count = futures.Count;
        var results = new WynFutureArray<T>((int)Math.Min(count, int.MaxValue));
        for (long i = 0; i < count; i++)
        {
            results.Push(WynFutureArray<WynFuture<T>>.Await(ctx, futures, i, line));
        }

        return results;
    }

    /// <summary>
    /// The value of the first future to finish (the lowest index among those already finished); the
    /// others keep running and can still be awaited. The engine offers no "any" wait without consuming
    /// handles, so this polls, sleeping briefly inside <c>EnterBlocking</c> between rounds (it does not
    /// run other tasks on this thread, for the reason given on <see cref="Channel"/>).
    /// </summary>
    public static T AwaitAny<T>(WynContext ctx, WynFutureArray<T> futures, int line)
    {
        ArgumentNullException.ThrowIfNull(futures);
        long count = futures.Count;
        if (count == 0)
        {
            throw new WynPanicException("await_any of an empty array", line);
        }

        var watch = default(DeadlockWatch);
        bool isMain = ctx.IsMainThread;
        long spinUntil = 0;
        var spinner = default(SpinWait);
        while (true)
        {
            for (int i = 0; i < count; i++)
            {
                int position = futures.Resolve(i, line);   // panics if another task shrank the array
                if (futures.IsCompletedAt(position))
                {
                    return futures.AwaitAt(ctx, position);
                }
            }

            ctx.ThrowIfFailed();
            // Nothing finished yet: look again at once for a while (spinning, then yielding the core,
            // never sleeping), since the tasks are often short, before polling at the sleep's 1 ms
            // granularity. Sleeping at once made every await_any of short tasks cost ~1.2 ms (sweep 10:
            // 80–115× Go's receive of the first answer).
            long now = Stopwatch.GetTimestamp();
            if (spinUntil == 0)
            {
                spinUntil = now + SpinBeforePollingTicks;
                if (isMain)
                {
                    // Main's spawns wait in its open spawn batch until it blocks or awaits one of
                    // them (decision 0008); entering a blocking region publishes them to the workers
                    // (for a thread outside the workers it does nothing else), so they start now.
                    using (ctx.Engine.EnterBlocking())
                    {
                    }
                }
            }

            if (now < spinUntil)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            // The deadlock check runs inside the blocking region, as every wait of main's does: main,
            // blocked, holds nothing runnable, even when this await_any is inside a task main runs
            // itself, which the engine otherwise counts as busy (conformance program 200).
            using (ctx.Engine.EnterBlocking())
            {
                ctx.FailureToken.WaitHandle.WaitOne(MaxPollMilliseconds);
                if (isMain)
                {
                    watch.Observe(ctx, "await_any()");
                }
            }
        }
    }

    /// <summary>Static delegates (one per instantiation, cached by the compiler) around a spawned call.</summary>
    private static class TrackedCall<TState, T>
    {
        public static readonly Func<(WynContext Context, Func<TState, T> Function, TState State), T> Invoke = static call =>
        {
            try
            {
                // Once the program failed, a task still queued does not run: its output would be
                // dropped anyway, and an engine drained at stop (the default shutdown mode) would
                // otherwise run every leftover task of a program that is already over.
                call.Context.ThrowIfFailed();
                return call.Function(call.State);
            }
            catch (Exception error)
            {
                call.Context.Fail(error);
                throw;
            }
            finally
            {
                call.Context.Tasks.Finished();
            }
        };
    }

    private static class TrackedAction<TState>
    {
        public static readonly Action<(WynContext Context, Action<TState> Function, TState State)> Invoke = static call =>
        {
            try
            {
                call.Context.ThrowIfFailed();   // not after a failure: see TrackedCall
                call.Function(call.State);
            }
            catch (Exception error)
            {
                call.Context.Fail(error);   // fire-and-forget: reported to the program, not rethrown into the engine
            }
            finally
            {
                call.Context.Tasks.Finished();
            }
        };

        public static readonly Func<(WynContext Context, Action<TState> Function, TState State), Unit> InvokeForUnit = static call =>
        {
            try
            {
                call.Context.ThrowIfFailed();   // not after a failure: see TrackedCall
                call.Function(call.State);
                return default;
            }
            catch (Exception error)
            {
                call.Context.Fail(error);
                throw;
            }
            finally
            {
                call.Context.Tasks.Finished();
            }
        };
    }
}
