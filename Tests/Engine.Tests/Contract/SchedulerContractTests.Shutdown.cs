using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

// Promise 5: shutdown finishes, in both modes; a spawn racing it runs or is cancelled, never hangs.
public abstract partial class SchedulerContractTests
{
    [Fact]
    public virtual void StopCancel_CancelsUnstartedWork_AndReturns()
    {
        const int queued = 1_000;
        WynEngine engine = StartEngine(workers: 1);
        var gate = new Gate();
        // Occupy the only worker (without EnterBlocking, so no compensation thread runs the queue).
        engine.Run(static g => g.Hold(), gate);
        Assert.True(gate.Started.Wait(TimeSpan.FromSeconds(20)), "the gated task never started");
        var runs = new int[queued];
        var futures = new Future<int>[queued];
        for (int i = 0; i < queued; i++)
            futures[i] = engine.Spawn(static s => { Interlocked.Increment(ref s.Runs[s.Tag]); return s.Tag; }, (Runs: runs, Tag: i));

        Task<bool> stopping = engine.StopAsync(ShutdownMode.Cancel, TimeSpan.FromSeconds(30));
        Bounded.Wait(() => engine.IsStopped, TimeSpan.FromSeconds(10), "Stop to begin", engine);
        Thread.Sleep(100);   // let Stop switch the scheduler to cancelling before the worker is freed
        gate.Open.Set();
        Assert.True(Bounded.Run(() => stopping.GetAwaiter().GetResult(), TestTimeout, "Stop(Cancel)", engine), "Stop(Cancel) reported a timeout");

        int cancelled = Bounded.Run(() =>
        {
            int count = 0;
            foreach (Future<int> future in futures)
            {
                try
                {
                    future.Await();
                }
                catch (OperationCanceledException)
                {
                    count++;
                }
            }
            return count;
        }, TestTimeout, "awaits of cancelled futures", engine);
        Assert.Equal(queued, cancelled);
        Assert.Equal(0, runs.Sum());
        EngineStatistics stats = engine.GetStatistics();
        Assert.Equal(queued, stats.TasksCancelled);
        Assert.Equal(stats.TasksSpawned, stats.TasksCompleted);
    }

    [Fact]
    public virtual void StopDrain_TaskSpawningAndAwaitingAChildDuringTheDrain_Completes()
    {
        WynEngine engine = StartEngine(workers: 1);
        var gate = new Gate();
        // The parent is running when the drain begins; the child it spawns then is "work spawned by
        // work", which a drain must run, so the parent's await must return the child's value.
        Future<int> parent = engine.Spawn(static s =>
        {
            s.Gate.Hold();
            return s.Engine.Spawn(static () => 41).Await() + 1;
        }, (Engine: engine, Gate: gate));
        Assert.True(gate.Started.Wait(TimeSpan.FromSeconds(20)), "the parent never started");
        Task<bool> stopping = engine.StopAsync(ShutdownMode.Drain, TimeSpan.FromSeconds(30));
        Bounded.Wait(() => engine.IsStopped, TimeSpan.FromSeconds(10), "Stop to begin", engine);
        gate.Open.Set();
        Assert.True(Bounded.Run(() => stopping.GetAwaiter().GetResult(), TestTimeout, "Stop(Drain)", engine), "Stop(Drain) reported a timeout");
        Assert.Equal(42, Bounded.Run(() => parent.Await(), TestTimeout, "await of the parent after the drain", engine));
        Assert.Equal(0, engine.GetStatistics().TasksCancelled);
    }

    [Fact]
    public async Task SpawnAfterStop_IsCancelled_NotStranded()
    {
        WynEngine engine = StartEngine();
        Assert.True(engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(30)));
        Future<int> future = engine.Spawn(static () => 1);
        Bounded.Run(() => Assert.Throws<OperationCanceledException>(() => future.Await()), TestTimeout, "await of a spawn after stop", engine);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => AwaitWithCSharp(engine.Spawn(static () => 2)).Within(TestTimeout, "C# await of a spawn after stop", engine));
        var counter = new Counter();
        engine.Run(static c => Interlocked.Increment(ref c.Value), counter);
        Assert.Equal(0, Volatile.Read(ref counter.Value));
        Assert.Equal(3, engine.GetStatistics().TasksCancelled);
    }

    /// <summary>
    /// Session 16: a spawn on a disposed engine used to be cancelled like one on a stopped engine, but
    /// it also made new pools for it, which the next engine given the same id took over: that engine's
    /// first spawn batch then belonged to the disposed one (its counts went there, a split of it was
    /// cancelled). It is refused now, and the next engine counts every spawn of its own.
    /// </summary>
    [Fact]
    public void SpawnAfterDispose_Throws_AndTheNextEngineCountsItsOwnSpawns()
    {
        var disposed = new WynEngine(new EngineOptions { Scheduler = SchedulerName, Workers = 2 });
        disposed.Start();
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Spawn(static x => x, 1L));
        Assert.Throws<ObjectDisposedException>(() => disposed.Run(static () => { }));
        Assert.Throws<ObjectDisposedException>(() => disposed.CreatePromise<int>());

        WynEngine next = StartEngine();
        const int n = 10_000;
        var futures = new Future<long>[n];
        long sum = Bounded.Run(() =>
        {
            for (int i = 0; i < n; i++)
                futures[i] = next.Spawn(static x => x, (long)i);
            long total = 0;
            for (int i = 0; i < n; i++)
                total += futures[i].Await();
            return total;
        }, TestTimeout, "spawns on the next engine", next);
        Assert.Equal((long)n * (n - 1) / 2, sum);
        Assert.Equal(n, next.GetStatistics().TasksSpawned);
    }

    [Fact]
    public void SpawnRacingStop_EachFutureRunsOrIsCancelled()
    {
        int n = StressMode.Pick(200_000, 2_000_000);
        WynEngine engine = StartEngine(workers: 2);
        var runs = new int[n];
        var futures = new Future<int>[n];
        int spawned = 0;
        var producer = new Thread(() =>
        {
            for (int i = 0; i < n; i++)
            {
                futures[i] = engine.Spawn(static s => { Interlocked.Increment(ref s.Runs[s.Tag]); return s.Tag; }, (Runs: runs, Tag: i));
                Volatile.Write(ref spawned, i + 1);
            }
        }) { IsBackground = true, Name = "test-producer" };
        producer.Start();
        Bounded.Wait(() => Volatile.Read(ref spawned) >= n / 4, TimeSpan.FromSeconds(30), "the producer to get going", engine);
        Assert.True(Bounded.Run(() => engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(30)), TestTimeout, "Stop(Drain) racing spawns", engine));
        Assert.True(producer.Join(TimeSpan.FromSeconds(30)), "the producer hung");

        var (ran, cancelled) = Bounded.Run(() =>
        {
            int ok = 0, off = 0;
            for (int i = 0; i < n; i++)
            {
                try
                {
                    Assert.Equal(i, futures[i].Await());
                    ok++;
                }
                catch (OperationCanceledException)
                {
                    off++;
                }
            }
            return (ok, off);
        }, TestTimeout, "awaits after a stop racing spawns", engine);
        Assert.Equal(n, ran + cancelled);
        Assert.True(ran >= n / 4, $"only {ran} ran, though {n / 4} were spawned before the stop (drain must run them)");
        for (int i = 0; i < n; i++)
            Assert.True(runs[i] <= 1, $"task {i} ran {runs[i]} times");
        Assert.Equal(ran, runs.Sum());
    }

    [Fact]
    public void SpawnFromInsideTasksRacingStopCancel_EveryTaskFinishes()
    {
        WynEngine engine = StartEngine(workers: 2);
        var counter = new Counter { Limit = StressMode.Pick(300_000, 3_000_000), Engine = engine };
        // One parent keeps spawning children from inside a worker until the engine stops (or, under
        // inline, where it runs inside this thread's Run call, until the limit); the other worker
        // runs the children meanwhile.
        engine.Run(static c =>
        {
            for (int spawned = 0; spawned < c.Limit && !c.Engine!.IsStopped; spawned++)
                c.Engine!.Run(static leaf => Interlocked.Increment(ref leaf.Value), c);
        }, counter);
        Bounded.Wait(() => Volatile.Read(ref counter.Value) > 1_000, TimeSpan.FromSeconds(20), "the children to start running", engine);
        Assert.True(Bounded.Run(() => engine.Stop(ShutdownMode.Cancel, TimeSpan.FromSeconds(30)), TestTimeout, "Stop(Cancel) with parents spawning", engine));
        EngineStatistics stats = engine.GetStatistics();
        Assert.Equal(stats.TasksSpawned, stats.TasksCompleted);
        // Every task that ran but the parent is a leaf, and each leaf counted itself once.
        long ran = stats.TasksCompleted - stats.TasksCancelled - stats.TasksFaulted;
        Assert.Equal(ran - 1, Volatile.Read(ref counter.Value));
    }

    [Fact]
    public virtual void StopDrain_WithTimeout_ReturnsFalse_AndWorkersStillExit()
    {
        int baseline = EngineThreads.Count();
        WynEngine engine = StartEngine(workers: 1);
        var gate = new Gate();
        engine.Run(static g => g.Hold(), gate);
        Assert.True(gate.Started.Wait(TimeSpan.FromSeconds(20)), "the gated task never started");
        Future<int> queued = engine.Spawn(static () => 1);
        bool inTime = Bounded.Run(() => engine.Stop(ShutdownMode.Drain, TimeSpan.FromMilliseconds(300)), TestTimeout, "a drain that must time out", engine);
        Assert.False(inTime);
        gate.Open.Set();
        // The queued task either ran (an awaiter may run it itself) or was cancelled; it never hangs.
        Bounded.Run(() =>
        {
            try
            {
                Assert.Equal(1, queued.Await());
            }
            catch (OperationCanceledException)
            {
            }
        }, TestTimeout, "await of work queued behind a timed-out drain", engine);
        Bounded.Wait(() => EngineThreads.Count() <= baseline, TimeSpan.FromSeconds(20), "the worker to exit after the timed-out drain", engine);
    }

    [Fact]
    public void StartStopCycles_LeaveNoThreadsAndNoSlots()
    {
        int cycles = StressMode.Pick(200, 2_000);
        int baseline = EngineThreads.Count();
        Bounded.Run(() =>
        {
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                using WynEngine engine = WynEngine.Create(new EngineOptions { Scheduler = SchedulerName, Workers = 2 });
                var futures = new Future<int>[50];
                for (int i = 0; i < futures.Length; i++)
                    futures[i] = engine.Spawn(static x => x + 1, i);
                int nested = engine.Spawn(static e => e.Spawn(static () => 7).Await(), engine).Await();
                Assert.Equal(7, nested);
                for (int i = 0; i < futures.Length; i++)
                    Assert.Equal(i + 1, futures[i].Await());
                engine.Run(static () => { });
                Assert.True(engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(10)), $"cycle {cycle}: Stop(Drain) timed out");
                Assert.Equal(0, engine.GetPoolCounters().Outstanding);
            }
        }, TestTimeout, $"{cycles} start/stop cycles");
        if (EngineThreads.CanObserve)
            Bounded.Wait(() => EngineThreads.Count() <= baseline, TimeSpan.FromSeconds(20),
                $"worker threads to exit (baseline {baseline}, alive: {string.Join(", ", EngineThreads.Names())})");
    }
}
