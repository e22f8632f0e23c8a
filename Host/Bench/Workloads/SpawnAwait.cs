using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>W1: spawn N tasks computing i*i, then await each in order and sum (int64, wrapping).</summary>
internal sealed class SpawnAwait : Workload
{
    private static readonly Func<long, long> s_compute = static i => i * i;

    public override string Id => "w1";

    public override string Name => "spawn-await";

    public override string OperationUnit => "tasks";

    public override long[] DefaultSizes => [10_000, 100_000, 1_000_000, 10_000_000];

    public override Func<long, long> FanOutTask => s_compute;

    public override long Run(WynEngine engine, long size)
    {
        var futures = new Future<long>[size];
        for (long i = 0; i < size; i++)
            futures[i] = engine.Spawn(s_compute, i);
        long sum = 0;
        for (long i = 0; i < size; i++)
            sum = unchecked(sum + futures[i].Await());
        return sum;
    }

    public override (long Max, string Reason)? SizeLimit => (Array.MaxLength, "it keeps one future per task in one array");

    public override long Expected(long size) => WrappedSumOfSquaresBelow(size);
}
