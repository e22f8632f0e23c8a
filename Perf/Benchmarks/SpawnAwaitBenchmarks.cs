using BenchmarkDotNet.Attributes;
using Wyn.Engine;

namespace Wyn.Perf.Benchmarks;

/// <summary>
/// W1 (spawn N tasks computing i*i, await them in order, sum) on the engine's strategies and on the
/// two things a .NET user would write instead. Allocated bytes per operation come from the memory
/// diagnoser; divide by N for bytes per task (the futures array — 8 bytes per task for the engine,
/// more for Task — is the caller's and is counted too).
/// Run: dotnet run -c Release --project Perf -- bdn --filter *SpawnAwait*
/// </summary>
[MemoryDiagnoser]
public class SpawnAwaitBenchmarks
{
    private static readonly Func<long, long> s_compute = static i => i * i;

    private WynEngine? _batched;
    private WynEngine? _inline;
    private Future<long>[] _futures = [];
    private Task<long>[] _tasks = [];

    [Params(10_000, 100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batched = WynEngine.Create(o => o.Scheduler = "batched");
        _inline = WynEngine.Create(o => o.Scheduler = "inline");
        _futures = new Future<long>[N];
        _tasks = new Task<long>[N];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batched?.Dispose();
        _inline?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long Batched() => Run(_batched!);

    [Benchmark]
    public long Inline() => Run(_inline!);

    private long Run(WynEngine engine)
    {
        Future<long>[] futures = _futures;
        for (int i = 0; i < futures.Length; i++)
            futures[i] = engine.Spawn(s_compute, (long)i);
        long sum = 0;
        for (int i = 0; i < futures.Length; i++)
            sum += futures[i].Await();
        return sum;
    }

    [Benchmark]
    public long TaskRun()
    {
        Task<long>[] tasks = _tasks;
        for (int i = 0; i < tasks.Length; i++)
        {
            long n = i;
            tasks[i] = Task.Run(() => n * n);
        }
        long sum = 0;
        for (int i = 0; i < tasks.Length; i++)
            sum += tasks[i].GetAwaiter().GetResult();
        return sum;
    }

    [Benchmark]
    public long UnsafeQueueUserWorkItem()
    {
        var results = new long[N];
        using var done = new CountdownEvent(N);
        for (int i = 0; i < N; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s =>
            {
                s.Results[s.Index] = (long)s.Index * s.Index;
                s.Done.Signal();
            }, (Results: results, Index: i, Done: done), preferLocal: false);
        }
        done.Wait();
        long sum = 0;
        foreach (long r in results)
            sum += r;
        return sum;
    }
}
