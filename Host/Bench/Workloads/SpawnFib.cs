using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>W2: a = spawn fib(n-1); b = fib(n-2); return await a + b — a spawn at every level.</summary>
internal sealed class SpawnFib : Workload
{
    private static readonly Func<(WynEngine Engine, long N), long> s_fib = static s => Fib(s.Engine, s.N);

    public override string Id => "w2";

    public override string Name => "spawnfib";

    public override string OperationUnit => "spawns";

    public override long WarmUpSize => 15;

    /// <summary>spawnfib(n) spawns fib(n+1) - 1 tasks inside, plus the outer spawn: fib(n+1).</summary>
    public override double OperationsIn(long size) => Expected(size + 1);

    public override long[] DefaultSizes => [20, 25, 30];

    public override (long Max, string Reason)? SizeLimit => (92, "fib(93) does not fit in the 64-bit checksum");

    private static long Fib(WynEngine engine, long n)
    {
        if (n < 2)
            return n;
        Future<long> a = engine.Spawn(s_fib, (engine, n - 1));
        long b = Fib(engine, n - 2);
        return a.Await() + b;
    }

    public override long Run(WynEngine engine, long size) => engine.Spawn(s_fib, (engine, size)).Await();

    public override long Expected(long size)
    {
        long a = 0, b = 1;
        for (long i = 0; i < size; i++)
            (a, b) = (b, a + b);
        return a;
    }
}
