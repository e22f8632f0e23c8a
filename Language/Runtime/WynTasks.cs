namespace Wyn.Language.Runtime;

/// <summary><c>await_all(futs)</c> and <c>await_any(futs)</c>.</summary>
public static class WynTasks
{
    private const int MaxPollMilliseconds = 1;

    /// <summary>Results in index order; each future is awaited in place, so awaiting it again later returns the same value.</summary>
    public static WynArray<T> AwaitAll<T>(WynContext ctx, WynArray<WynFuture<T>> futures, int line)
    {
        long count = futures.Count;
        var results = new WynArray<T>((int)Math.Min(count, int.MaxValue));
        for (long i = 0; i < count; i++)
        {
            results.Push(WynFuture<T>.Await(ctx, ref futures.ElementRef(i, line)));
        }

        return results;
    }

    /// <summary>
    /// The value of the first future to finish (the lowest index among those already finished); the
    /// others keep running and can still be awaited. The engine offers no "any" wait without consuming
    /// handles, so this polls, sleeping briefly inside <c>EnterBlocking</c> between rounds (it does not
    /// run other tasks on this thread, for the reason given on <see cref="Channel"/>).
    /// </summary>
    public static T AwaitAny<T>(WynContext ctx, WynArray<WynFuture<T>> futures, int line)
    {
        long count = futures.Count;
        if (count == 0)
        {
            throw new WynPanicException("await_any of an empty array", line);
        }

        var watch = default(DeadlockWatch);
        bool isMain = ctx.IsMainThread;
        while (true)
        {
            for (long i = 0; i < count; i++)
            {
                ref WynFuture<T> future = ref futures.ElementRef(i, line);
                if (future.IsCompleted)
                {
                    return WynFuture<T>.Await(ctx, ref future);
                }
            }

            ctx.ThrowIfFailed();
            using (ctx.Engine.EnterBlocking())
            {
                ctx.FailureToken.WaitHandle.WaitOne(MaxPollMilliseconds);
            }

            if (isMain)
            {
                watch.Observe(ctx, "await_any()");
            }
        }
    }
}
