using System.Text.RegularExpressions;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

// Worker threads, blocking compensation (IScheduler promise 3) and the statistics a strategy reports.
public abstract partial class SchedulerContractTests
{
    [Fact]
    public virtual void EnterBlocking_WithOneWorker_AnotherTaskStillRuns()
    {
        WynEngine engine = StartEngine(workers: 1);
        var release = new ManualResetEventSlim();
        // A blocks for real inside EnterBlocking until B (queued behind it) sets the event. With one
        // worker, B can only run if the scheduler compensates for the blocked worker.
        Future<bool> a = engine.Spawn(static s =>
        {
            using (s.Engine.EnterBlocking())
                return s.Release.Wait(TimeSpan.FromSeconds(20));
        }, (Engine: engine, Release: release));
        Future<bool> b = engine.Spawn(static r => { r.Set(); return true; }, release);
        // Wait through tasks, not Await: an awaiting test thread would help and run B itself.
        Task<bool[]> both = Task.WhenAll(a.AsTask(), b.AsTask());
        bool[] results = Bounded.Run(() => both.GetAwaiter().GetResult(), TestTimeout, "A blocked in EnterBlocking until B runs", engine);
        Assert.True(results[0], "A timed out waiting for B: B did not run while A was blocked");
        Assert.True(results[1]);
        Assert.True(engine.GetStatistics().CompensationThreads >= 1, "no compensation thread was started");
    }

    [Fact]
    public virtual void EnterBlocking_ChildSpawnedInsideTheBlockedTask_StillRuns()
    {
        WynEngine engine = StartEngine(workers: 1);
        Future<bool> parent = engine.Spawn(static e =>
        {
            var release = new ManualResetEventSlim();
            // The child lands in the worker's own queue; blocking must publish it for someone else.
            e.Run(static r => r.Set(), release);
            using (e.EnterBlocking())
                return release.Wait(TimeSpan.FromSeconds(20));
        }, engine);
        bool released = Bounded.Run(() => parent.AsTask().GetAwaiter().GetResult(), TestTimeout, "a parent blocked on its own child", engine);
        Assert.True(released, "the child never ran while its parent was blocked");
    }

    /// <summary>
    /// A task awaiting a future it did not spawn, for 400 ms, blocks once: inside a task nothing it
    /// may help with can appear, so it must not end and begin its blocking every few milliseconds.
    /// With a deep spawn chain's hundreds of blocked threads that churn starved, on a loaded machine,
    /// the one thread running the chain (conformance program 202; docs/decisions/0007-helping-rule.md).
    /// </summary>
    [Fact]
    public virtual void AnAwaiterBlockedInsideATask_BeginsBlockingOnce()
    {
        CountingScheduler? counting = null;
        WynEngine engine = StartEngine(workers: 2, catalog: CountingScheduler.CatalogFor(SchedulerName, s => counting = s));
        // Sleeps without EnterBlocking: its thread does not count as blocked; only the awaiter below does.
        Future<int> slow = engine.Spawn(static () => { Thread.Sleep(400); return 1; }).Preserve();
        Future<int> awaiter = engine.Spawn(static f => f.Await() + 1, slow);
        int result = Bounded.Run(() => awaiter.AsTask().GetAwaiter().GetResult(), TestTimeout, "a task awaiting a sleeping sibling", engine);
        Assert.Equal(2, result);
        int calls = counting!.BeginBlockingCalls;
        Assert.True(calls <= 2, $"threads began blocking {calls} times while one task awaited another for 400 ms");
    }

    [Fact]
    public virtual void Workers_AreThreadsNamedWynW0Onwards()
    {
        const int workers = 2;
        WynEngine engine = StartEngine(workers);
        if (EngineThreads.CanObserve)
        {
            Bounded.Wait(() =>
            {
                List<string> names = EngineThreads.Names();
                return names.Contains("wyn-w0") && names.Contains("wyn-w1");
            }, TimeSpan.FromSeconds(10), "threads wyn-w0 and wyn-w1 to appear", engine);
        }
        var seen = NewNameBag();
        var tasks = new Task<int>[1_000];
        for (int i = 0; i < tasks.Length; i++)
            tasks[i] = engine.Spawn(static s => { s.Add(Thread.CurrentThread.Name ?? "(unnamed)"); return 0; }, seen).AsTask();
        Bounded.Run(() => Task.WaitAll(tasks), TestTimeout, "tasks recording their thread names", engine);
        foreach (string name in seen.Distinct())
            Assert.Matches(new Regex("^wyn-w[0-9]+$"), name);
    }

    [Fact]
    public void Statistics_AreConsistentWithTheWorkDone()
    {
        const int values = 10_000, failures = 10, fireAndForget = 100;
        const int workers = 2;
        WynEngine engine = StartEngine(workers);
        Bounded.Run(() =>
        {
            var futures = new Future<int>[values];
            for (int i = 0; i < values; i++)
                futures[i] = engine.Spawn(static x => x, i);
            var failing = new Future<int>[failures];
            for (int i = 0; i < failures; i++)
                failing[i] = engine.Spawn(static x => ThrowFromTaskBody(x), i);
            var counter = new Counter();
            for (int i = 0; i < fireAndForget; i++)
                engine.Run(static c => Interlocked.Increment(ref c.Value), counter);
            foreach (Future<int> f in futures)
                f.Await();
            foreach (Future<int> f in failing)
                Assert.Throws<ContractTestException>(() => f.Await());
            Assert.True(engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(30)));
            Assert.Equal(fireAndForget, counter.Value);
        }, TestTimeout, "statistics workload", engine);

        EngineStatistics stats = engine.GetStatistics();
        const long total = values + failures + fireAndForget;
        Assert.Equal(SchedulerName, stats.Scheduler);
        Assert.Equal(ExpectedWorkers(workers), stats.Workers);
        Assert.Equal(total, stats.TasksSpawned);
        Assert.Equal(total, stats.TasksCompleted);
        Assert.Equal(failures, stats.TasksFaulted);
        Assert.Equal(0, stats.TasksCancelled);
        Assert.Equal(0, stats.QueueDepth);
        Assert.InRange(stats.PeakQueueDepth, 0, total);
        Assert.Equal(0, stats.PoolSlotsOutstanding);
        // Spawns from this (non-worker) thread travel in spawn batches where the strategy groups them,
        // and batch pools are not in these counters (decision 0008); otherwise cells came from a chunk.
        if (!engine.Scheduler.GroupsOutsideSpawns)
            Assert.True(stats.PoolChunksAllocated >= 1, "work ran, so some pool chunk was allocated");
        Assert.InRange(stats.PoolChunksRetired, 0, stats.PoolChunksAllocated);
        Assert.True(stats.Batches >= 0 && stats.Steals >= 0 && stats.Parks >= 0 && stats.CompensationThreads >= 0);
        SchedulerStatistics scheduler = engine.Scheduler.GetStatistics();
        // Work the awaiting test thread ran itself is not the scheduler's; nothing runs twice.
        Assert.InRange(scheduler.Executed, 0, total);
    }
}
