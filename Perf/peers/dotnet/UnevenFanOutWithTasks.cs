namespace Wyn.Perf.Peers;

/// <summary>
/// W3 the everyday .NET way: W1's shape (one <see cref="Task.Run{TResult}(Func{TResult})"/> per
/// item, awaited in order) with tasks whose cost varies 1000x.
/// </summary>
internal static class UnevenFanOutWithTasks
{
    public static async Task<long> Run(long n)
    {
        var tasks = new Task<long>[n];
        for (long i = 0; i < n; i++)
        {
            var item = i;
            tasks[i] = Task.Run(() => UnevenWork.Task(item));
        }

        long sum = 0;
        foreach (var task in tasks)
        {
            sum += await task;
        }
        return sum;
    }
}
