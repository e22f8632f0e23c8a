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

    public override Func<long, long> FanOutTask => s_work;

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

    public override (long Max, string Reason)? SizeLimit => (Array.MaxLength, "it keeps one future per task in one array");

    /// <summary>
    /// Task i's result without its loop: after r rounds acc is i·M[r] + C[r] (mod 2^64), and its low 16
    /// bits depend only on i mod 65536, so the results repeat every lcm(1000, 65536) = 8,192,000 tasks.
    /// The loop took about as long as the run, before the run's timeout applied (a size of 10^12
    /// hung <c>bench</c>).
    /// </summary>
    public override long Expected(long size)
    {
        const long Period = 8_192_000;
        var multiplier = new long[1000];
        var addend = new long[1000];
        multiplier[0] = 1;
        for (int r = 1; r < 1000; r++)
        {
            multiplier[r] = unchecked(multiplier[r - 1] * 6364136223846793005);
            addend[r] = unchecked(addend[r - 1] * 6364136223846793005 + 1442695040888963407);
        }
        long Sum(long count)
        {
            long sum = 0;
            for (long i = 0; i < count; i++)
            {
                long r = i % 1000;
                sum += unchecked(i * multiplier[r] + addend[r]) & 0xFFFF;
            }
            return sum;
        }
        return size <= Period ? Sum(size) : size / Period * Sum(Period) + Sum(size % Period);
    }
}
