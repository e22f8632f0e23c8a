using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>W3: N tasks whose cost varies 1000x (task i loops i % 1000 times); sum of their results.</summary>
internal sealed class UnevenFanOut : Workload
{
    private static readonly Func<long, long> s_work = static i => Work(i);

    public override string Id => "w3";

    public override string Name => "uneven";

    public override string OperationUnit => "tasks";

    public override long[] DefaultSizes => [100_000, 1_000_000];

    private static long Work(long i)
    {
        long acc = i;
        long rounds = i % 1000;
        for (long k = 0; k < rounds; k++)
            acc = unchecked(acc * 6364136223846793005 + 1442695040888963407);
        return acc & 0xFFFF;
    }

    public override long Run(WynEngine engine, long size)
    {
        var futures = new Future<long>[size];
        for (long i = 0; i < size; i++)
            futures[i] = engine.Spawn(s_work, i);
        long sum = 0;
        for (long i = 0; i < size; i++)
            sum += futures[i].Await();
        return sum;
    }

    public override long Expected(long size)
    {
        long sum = 0;
        for (long i = 0; i < size; i++)
            sum += Work(i);
        return sum;
    }
}
