namespace Wyn.Perf.Peers;

/// <summary>
/// W2 with Task.Run and a blocking <c>.Result</c>. When the child has not started yet, the
/// waiting thread runs it inline (task inlining), so most of the tree runs without a
/// thread switch; that help-while-waiting is legitimate and is what Wyn's await must match.
/// </summary>
internal static class SpawnFibBlocking
{
    public static Task<long> Run(long n) => Task.FromResult(Fib(n));

    private static long Fib(long n)
    {
        if (n < 2)
        {
            return n;
        }
        var a = Task.Run(() => Fib(n - 1));
        var b = Fib(n - 2);
        return a.Result + b;
    }
}
