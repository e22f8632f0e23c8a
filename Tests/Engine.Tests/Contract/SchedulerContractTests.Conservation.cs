using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

// Promise 1 (no lost task) and promise 4 (no deadlock from nesting).
public abstract partial class SchedulerContractTests
{
    [Fact]
    public void Conservation_TasksSpawnedOutsideWorkers_EachRunExactlyOnce()
    {
        int n = StressMode.Pick(1_000_000, 10_000_000);
        WynEngine engine = StartEngine(workers: 2);
        Bounded.Run(() =>
        {
            var runs = new int[n];
            var futures = new Future<int>[n];
            for (int i = 0; i < n; i++)
                futures[i] = engine.Spawn(static s => { Interlocked.Increment(ref s.Runs[s.Tag]); return s.Tag; }, (Runs: runs, Tag: i));
            for (int i = 0; i < n; i++)
            {
                int tag = futures[i].Await();
                if (tag != i)
                    Assert.Fail($"future {i} returned the value of task {tag}");
            }
            AssertEachRanExactlyOnce(runs);
        }, TestTimeout, $"{n} tasks spawned from outside and awaited", engine);
    }

    [Fact]
    public void Conservation_TasksSpawnedInsideTasks_EachRunExactlyOnce()
    {
        int n = StressMode.Pick(1_000_000, 10_000_000);
        const int parents = 8;
        WynEngine engine = StartEngine(workers: 2);
        Bounded.Run(() =>
        {
            var runs = new int[n];
            var parentFutures = new Future<long>[parents];
            for (int p = 0; p < parents; p++)
            {
                parentFutures[p] = engine.Spawn(static s =>
                {
                    // Children are spawned from inside a task, so they enter the worker's own queue.
                    int count = s.End - s.Start;
                    var children = new Future<int>[count];
                    for (int i = 0; i < count; i++)
                        children[i] = s.Engine.Spawn(static c => { Interlocked.Increment(ref c.Runs[c.Tag]); return c.Tag; }, (s.Runs, Tag: s.Start + i));
                    long sum = 0;
                    for (int i = 0; i < count; i++)
                    {
                        int tag = children[i].Await();
                        if (tag != s.Start + i)
                            throw new InvalidOperationException($"child {s.Start + i} returned the value of task {tag}");
                        sum += tag;
                    }
                    return sum;
                }, (Engine: engine, Runs: runs, Start: (int)((long)n * p / parents), End: (int)((long)n * (p + 1) / parents)));
            }
            long total = 0;
            foreach (Future<long> parent in parentFutures)
                total += parent.Await();
            Assert.Equal((long)n * (n - 1) / 2, total);
            AssertEachRanExactlyOnce(runs);
        }, TestTimeout, $"{n} tasks spawned from inside {parents} parent tasks", engine);
    }

    [Fact]
    public void Conservation_FireAndForgetFromOutsideAndInside_AllRunByDrain()
    {
        int n = StressMode.Pick(200_000, 2_000_000);
        WynEngine engine = StartEngine(workers: 2);
        var runs = new int[2 * n];
        Bounded.Run(() =>
        {
            for (int i = 0; i < n; i++)
            {
                engine.Run(static s =>
                {
                    Interlocked.Increment(ref s.Runs[s.Tag]);
                    // A second task spawned from inside the first: the drain must wait for it too.
                    s.Engine.Run(static c => Interlocked.Increment(ref c.Runs[c.Tag]), (s.Runs, Tag: s.Tag + s.N));
                }, (Engine: engine, Runs: runs, Tag: i, N: n));
            }
            Assert.True(engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(45)), "Stop(Drain) timed out");
        }, TestTimeout, "fire-and-forget drained at stop", engine);
        AssertEachRanExactlyOnce(runs, engine);
        EngineStatistics stats = engine.GetStatistics();
        Assert.Equal(2L * n, stats.TasksSpawned);
        Assert.Equal(2L * n, stats.TasksCompleted);
        Assert.Equal(0, stats.TasksCancelled);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NestedSpawn_RecursiveFib25SpawningAtEveryLevel_Completes(int workers)
    {
        WynEngine engine = StartEngine(workers);
        long result = Bounded.Run(
            () => engine.Spawn(static e => SpawningFib(e, 25), engine).Await(),
            TestTimeout, $"fib(25) spawning at every level with {workers} worker(s)", engine);
        Assert.Equal(75025, result);
        // fib(25) makes 2·fib(26) − 1 calls; every call but the root's own is a spawned task, plus the root.
        Assert.Equal(2L * 121393 - 1, engine.GetStatistics().TasksSpawned);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NestedSpawn_AwaitedFromOutsideThread_Completes(int workers)
    {
        WynEngine engine = StartEngine(workers);
        // The test thread itself recurses: its awaits help run the queued children.
        long result = Bounded.Run(() => SpawningFib(engine, 20), TestTimeout, "fib(20) driven from a non-worker thread", engine);
        Assert.Equal(6765, result);
    }
}
