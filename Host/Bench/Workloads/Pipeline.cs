using Wyn.Engine;

namespace Wyn.Host.Bench.Workloads;

/// <summary>
/// W4: three spawned stages connected by bounded channels — produce 0..n-1, square, sum. The
/// checksum is the wrapped sum of squares, as for W1 (and as in the Go, tokio and .NET peers, whose
/// channels hold the same 1024 items).
/// </summary>
internal sealed class Pipeline : Workload
{
    /// <summary>Buffer of each channel between stages; the same in every peer (Perf/peers).</summary>
    private const int Capacity = 1024;

    private static readonly Func<(BoundedBlockingChannel<long> Output, long Count), long> s_produce = static s =>
    {
        for (long i = 0; i < s.Count; i++)
            s.Output.Send(i);
        s.Output.Close();
        return 0;
    };

    private static readonly Func<(BoundedBlockingChannel<long> Input, BoundedBlockingChannel<long> Output), long> s_square = static s =>
    {
        while (s.Input.TryReceive(out long x))
            s.Output.Send(unchecked(x * x));
        s.Output.Close();
        return 0;
    };

    private static readonly Func<BoundedBlockingChannel<long>, long> s_sum = static input =>
    {
        long sum = 0;
        while (input.TryReceive(out long square))
            sum = unchecked(sum + square);
        return sum;
    };

    public override string Id => "w4";

    public override string Name => "pipeline";

    public override string OperationUnit => "items";

    public override long[] DefaultSizes => [1_000_000];

    public override bool NeedsConcurrentTasks => true;

    public override long Run(WynEngine engine, long size)
    {
        var numbers = new BoundedBlockingChannel<long>(engine, Capacity);
        var squares = new BoundedBlockingChannel<long>(engine, Capacity);
        // The consumer first: with few workers it is the stage whose progress frees the others.
        Future<long> sum = engine.Spawn(s_sum, squares);
        Future<long> squarer = engine.Spawn(s_square, (numbers, squares));
        Future<long> producer = engine.Spawn(s_produce, (numbers, size));
        producer.Await();
        squarer.Await();
        return sum.Await();
    }

    public override long Expected(long size) => WrappedSumOfSquaresBelow(size);
}
