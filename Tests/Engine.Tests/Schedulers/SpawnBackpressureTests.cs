using System.Diagnostics;
using Wyn.Engine.Schedulers.Internal;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Schedulers;

/// <summary>
/// Backpressure on spawners outside the workers (decision 0010): the queue they feed stays near its
/// high-water mark however far the spawner could run ahead, and the wait never outlives the workers'
/// progress, so a spawner is never stuck behind tasks that cannot finish without it.
/// </summary>
public sealed class SpawnBackpressureTests
{
    private const int DefaultBatchSize = 128;

    /// <summary>A scheduler whose queue length and progress the test sets by hand.</summary>
    private sealed class FakeScheduler : IBackloggedScheduler
    {
        public volatile int Depth;
        public long Progress;
        public volatile bool Stopped;

        public int QueueDepth => Depth;
        public long WorkerProgress => Volatile.Read(ref Progress);
        public bool IsStopped => Stopped;
    }

    [Fact]
    public void BelowTheHighWaterMark_TheSpawnerDoesNotWait()
    {
        var backpressure = new SpawnBackpressure(100);
        var queue = new FakeScheduler { Depth = 100 };
        backpressure.WaitWhileBacklogged(queue);
        Assert.Equal(0, backpressure.Waits);
    }

    [Fact]
    public void AboveIt_TheSpawnerWaitsUntilTakesBringTheQueueDownToTheLowWaterMark()
    {
        // A stall limit far above the takes' pace, so that a slow test thread cannot end the wait.
        var backpressure = new SpawnBackpressure(100, stallMilliseconds: 5_000);
        var queue = new FakeScheduler { Depth = 200 };
        var released = new ManualResetEventSlim();
        var waiter = new Thread(() =>
        {
            backpressure.WaitWhileBacklogged(queue);
            released.Set();
        });
        waiter.Start();
        Bounded.Wait(() => backpressure.Waits == 1, TimeSpan.FromSeconds(10), "the spawner to start waiting");
        // Steady progress: an item finished and another taken every millisecond.
        for (int depth = 199; depth > backpressure.LowWater; depth--)
        {
            Interlocked.Increment(ref queue.Progress);
            queue.Depth = depth;
            lock (backpressure)
                backpressure.OnTaken(depth);
            Assert.False(released.IsSet, $"the spawner went on at depth {depth}, above the low-water mark {backpressure.LowWater}");
            Thread.Sleep(1);
        }
        queue.Depth = backpressure.LowWater;
        lock (backpressure)
            backpressure.OnTaken(backpressure.LowWater);
        Assert.True(released.Wait(TimeSpan.FromSeconds(10)), "the spawner did not go on at the low-water mark");
        Assert.True(waiter.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, backpressure.Waits);
    }

    [Fact]
    public void WithoutProgress_TheSpawnerStopsWaiting_AndDoesNotWaitAgainUntilTheQueueIsDown()
    {
        // A suspension far longer than the test, so that only the low-water mark can end it.
        var backpressure = new SpawnBackpressure(100, firstSuspensionMilliseconds: 60_000);
        var queue = new FakeScheduler { Depth = 500 };
        var clock = Stopwatch.StartNew();
        Bounded.Run(() => backpressure.WaitWhileBacklogged(queue), TimeSpan.FromSeconds(10), "a stalled wait");
        Assert.True(clock.ElapsedMilliseconds >= SpawnBackpressure.DefaultStallMilliseconds, $"gave up after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(1, backpressure.Waits);

        // Suspended: another flush at the same depth goes straight on.
        backpressure.WaitWhileBacklogged(queue);
        Assert.Equal(1, backpressure.Waits);

        // A take down to the low-water mark ends the suspension; the next backlog is waited for again.
        queue.Depth = backpressure.LowWater;
        lock (backpressure)
            backpressure.OnTaken(backpressure.LowWater);
        queue.Depth = 500;
        Bounded.Run(() => backpressure.WaitWhileBacklogged(queue), TimeSpan.FromSeconds(10), "a second stalled wait");
        Assert.Equal(2, backpressure.Waits);
    }

    [Fact]
    public void ASuspensionEndsByItself_SoABriefStallDoesNotFreeTheSpawnerForGood()
    {
        var backpressure = new SpawnBackpressure(100, firstSuspensionMilliseconds: 50);
        var queue = new FakeScheduler { Depth = 500 };
        Bounded.Run(() => backpressure.WaitWhileBacklogged(queue), TimeSpan.FromSeconds(10), "a stalled wait");
        Assert.Equal(1, backpressure.Waits);
        Thread.Sleep(200);
        Bounded.Run(() => backpressure.WaitWhileBacklogged(queue), TimeSpan.FromSeconds(10), "the wait after the suspension");
        Assert.Equal(2, backpressure.Waits);
    }

    [Fact]
    public void BusyWorkersWhoseQueueDoesNotShrink_AreWaitedForOnlyOneShrinkWindow()
    {
        // Workers finishing their own work (or putting back what they take, or others refilling the
        // queue as fast): the spawner would otherwise wait for good.
        var backpressure = new SpawnBackpressure(100, stallMilliseconds: 5_000, shrinkWindowMilliseconds: 50, firstSuspensionMilliseconds: 60_000);
        var queue = new FakeScheduler { Depth = 500 };
        using var stop = new CancellationTokenSource();
        var busy = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref queue.Progress);   // finishing work, the queue as long as ever
                Thread.Sleep(1);
            }
        });
        busy.Start();
        try
        {
            var clock = Stopwatch.StartNew();
            Bounded.Run(() => backpressure.WaitWhileBacklogged(queue), TimeSpan.FromSeconds(30), "a wait on workers that never take");
            Assert.True(clock.ElapsedMilliseconds >= 50, $"gave up after {clock.ElapsedMilliseconds} ms");
            backpressure.WaitWhileBacklogged(queue);   // suspended: straight on
            Assert.Equal(1, backpressure.Waits);
        }
        finally
        {
            stop.Cancel();
            busy.Join();
        }
    }

    [Fact]
    public void AStoppedSchedulerEndsTheWait()
    {
        var backpressure = new SpawnBackpressure(100);
        var queue = new FakeScheduler { Depth = 500 };
        queue.Stopped = true;
        var clock = Stopwatch.StartNew();
        backpressure.WaitWhileBacklogged(queue);
        Assert.True(clock.ElapsedMilliseconds < 1_000);
    }

    /// <summary>A task that keeps a worker busy for about a microsecond.</summary>
    private static int Spin(int x)
    {
        long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1_000_000;
        while (Stopwatch.GetTimestamp() < until)
        {
        }
        return x;
    }

    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    public void ASpawnerFarAheadOfTheWorkers_KeepsTheQueueNearTheHighWaterMark(string scheduler)
    {
        // 2M tasks of ~1 µs each: the spawner queues them ~20× faster than two workers run them.
        // Without backpressure the queue reaches nearly all of its ~31,000 items (spawn batches of 64).
        const int tasks = 2_000_000;
        using var checkedEngine = new CheckedEngine(scheduler, workers: 2);
        WynEngine engine = checkedEngine.Engine;
        long sum = Bounded.Run(() =>
        {
            var futures = new Future<int>[tasks];
            for (int i = 0; i < tasks; i++)
                futures[i] = engine.Spawn(Spin, i);
            long total = 0;
            foreach (Future<int> future in futures)
                total += future.Await();
            return total;
        }, Bounded.Default, "spawn far ahead", engine);
        Assert.Equal((long)tasks * (tasks - 1) / 2, sum);

        EngineStatistics stats = engine.GetStatistics();
        int highWater = SpawnBackpressure.HighWaterFor(2, DefaultBatchSize);
        // Past the mark by what one flush and the workers' own overflow add, and by what the spawner
        // queues while a false stall (the machine took both workers away for a while) suspends its
        // waiting: 10 ms of spawning, ~3,000 items here; a stall after progress does not double it.
        Assert.InRange(stats.PeakQueueDepth, 0, 3 * highWater);
        Assert.True(stats.SpawnerWaits > 0, "the spawner never waited");
        checkedEngine.StopAndAssertNoLeaks();
    }

    /// <summary>Tasks that block their worker (not through the engine: no compensation) until the spawner opens the gate.</summary>
    [Theory]
    [InlineData("batched")]
    [InlineData("work-stealing")]
    public void ASpawnerAheadOfBlockedWorkers_GoesOn_AndReleasesThem(string scheduler)
    {
        const int tasks = 20_000;   // with batch size 4: ~10,000 queue items, far past the mark of 64
        using var gate = new ManualResetEventSlim(false);
        var engine = WynEngine.Create(new EngineOptions { Scheduler = scheduler, Workers = 1, BatchSize = 4, ShutdownTimeout = TimeSpan.FromSeconds(30) });
        try
        {
            long sum = Bounded.Run(() =>
            {
                var futures = new Future<int>[tasks];
                for (int i = 0; i < tasks; i++)
                    futures[i] = engine.Spawn(static s => { s.Gate.Wait(); return s.Value; }, (Gate: gate, Value: i));
                gate.Set();
                long total = 0;
                foreach (Future<int> future in futures)
                    total += future.Await();
                return total;
            }, TimeSpan.FromSeconds(30), "spawning past blocked workers", engine);
            Assert.Equal((long)tasks * (tasks - 1) / 2, sum);
        }
        finally
        {
            gate.Set();
            engine.Stop(ShutdownMode.Cancel, TimeSpan.FromSeconds(10));
            engine.Dispose();
        }
    }
}
