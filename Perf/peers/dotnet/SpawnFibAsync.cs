namespace Wyn.Perf.Peers;

/// <summary>W2 with Task.Run and <c>await</c>: no thread blocks; each await is a continuation.</summary>
internal static class SpawnFibAsync
{
    public static Task<long> Run(long n) => Fib(n);

    private static async Task<long> Fib(long n)
    {
        if (n < 2)
        {
            return n;
        }
        var a = Task.Run(() => Fib(n - 1));
        var b = await Fib(n - 2);
        return await a + b;
    }
}
