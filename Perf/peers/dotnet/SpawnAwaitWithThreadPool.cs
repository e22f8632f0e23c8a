namespace Wyn.Perf.Peers;

/// <summary>
/// W1 the lean .NET way: raw thread-pool work items (no Task, no ExecutionContext capture),
/// results written into an array, completion counted down once for the whole batch.
/// This is the fastest thing a .NET engineer gets without writing a scheduler.
/// </summary>
internal static class SpawnAwaitWithThreadPool
{
    public static Task<long> Run(long n)
    {
        var results = new long[n];
        using var done = new CountdownEvent(checked((int)n));
        for (long i = 0; i < n; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(new SquareWorkItem(i, results, done), preferLocal: false);
        }
        done.Wait();

        long sum = 0;
        foreach (var result in results)
        {
            sum += result;
        }
        return Task.FromResult(sum);
    }

    /// <summary>One allocation per item: the work item is its own state.</summary>
    private sealed class SquareWorkItem(long index, long[] results, CountdownEvent done) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            results[index] = index * index;
            done.Signal();
        }
    }
}
