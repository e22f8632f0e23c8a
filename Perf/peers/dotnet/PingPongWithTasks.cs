namespace Wyn.Perf.Peers;

/// <summary>W5: n times in a row, Task.Run one computation (i+1) and await it at once.</summary>
internal static class PingPongWithTasks
{
    public static async Task<long> Run(long n)
    {
        long sum = 0;
        for (long i = 0; i < n; i++)
        {
            var item = i;
            sum += await Task.Run(() => item + 1);
        }
        return sum;
    }
}
