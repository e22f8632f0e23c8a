using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>W5: N times in a row, spawn one task and await it at once (one round trip each); checksum = sum of i+1.</summary>
internal sealed class PingPong : Workload
{
    private static readonly Func<long, long> s_next = static i => i + 1;

    public override string Id => "w5";

    public override string Name => "pingpong";

    public override string OperationUnit => "round trips";

    public override long[] DefaultSizes => [100_000];

    public override long Run(WynEngine engine, long size)
    {
        long sum = 0;
        for (long i = 0; i < size; i++)
            sum += engine.Spawn(s_next, i).Await();
        return sum;
    }

    // n(n+1)/2 computed exactly, then wrapped as the run's sum wraps (size * (size + 1) in int64 lost the top bit first).
    public override long Expected(long size) => Wrapped(new System.Numerics.BigInteger(size) * (size + 1) / 2);
}
