namespace Wyn.Perf.Peers;

/// <summary>
/// W3 the lean .NET way, as <see cref="SpawnAwaitWithThreadPool"/> does W1: raw thread-pool work
/// items (no Task, no ExecutionContext capture) writing into an array, one countdown for the batch.
/// </summary>
internal static class UnevenFanOutWithThreadPool
{
    public static Task<long> Run(long n)
    {
        var results = new long[n];
        using var done = new CountdownEvent(checked((int)n));
        for (long i = 0; i < n; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(new UnevenWorkItem(i, results, done), preferLocal: false);
        }
        done.Wait();

        long sum = 0;
        foreach (var result in results)
        {
            sum += result;
        }
        return System.Threading.Tasks.Task.FromResult(sum);
    }

    /// <summary>One allocation per item: the work item is its own state.</summary>
    private sealed class UnevenWorkItem(long index, long[] results, CountdownEvent done) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            results[index] = UnevenWork.Task(index);
            done.Signal();
        }
    }
}
