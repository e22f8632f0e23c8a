namespace Wyn.Perf.Peers;

/// <summary>W1 the everyday .NET way: one <see cref="Task.Run{TResult}(Func{TResult})"/> per item, awaited in order.</summary>
internal static class SpawnAwaitWithTasks
{
    public static async Task<long> Run(long n)
    {
        var tasks = new Task<long>[n];
        for (long i = 0; i < n; i++)
        {
            var item = i;
            tasks[i] = Task.Run(() => item * item);
        }

        long sum = 0;
        foreach (var task in tasks)
        {
            sum += await task;
        }
        return sum;
    }
}
