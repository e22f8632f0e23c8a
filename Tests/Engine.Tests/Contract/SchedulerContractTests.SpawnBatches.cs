using System.Runtime.CompilerServices;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

/// <summary>
/// Spawns from outside the workers travel grouped in spawn batches on some strategies (decision
/// 0008). Grouping must never change what a program observes: a task that waits for a sibling spawned
/// after it (so likely in the same batch) still finishes, with one worker too; a thread may spawn and
/// go away; an engine may be disposed while a thread still holds its open batch.
/// </summary>
public abstract partial class SchedulerContractTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public virtual void ATaskAwaitingALaterSibling_Finishes(int workers)
    {
        WynEngine engine = StartEngine(workers);
        Bounded.Run(() =>
        {
            for (int round = 0, rounds = StressMode.Pick(200, 5_000); round < rounds; round++)
            {
                Promise<int> promise = engine.CreatePromise<int>();
                // One function and state type, so the three share a batch where the strategy groups
                // spawns: the first awaits what the third completes; the second is plain work.
                Future<int> waiter = engine.Spawn(SiblingStep, (Role.Wait, promise, round));
                Future<int> middle = engine.Spawn(SiblingStep, (Role.Compute, promise, round));
                Future<int> setter = engine.Spawn(SiblingStep, (Role.Complete, promise, round));
                WaitWithoutHelping(waiter);
                Assert.Equal(42, waiter.Await());
                Assert.Equal(round * 2, middle.Await());
                Assert.Equal(0, setter.Await());
            }
        }, TestTimeout, "tasks awaiting later siblings", engine);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public virtual void ATaskBlockingOnALaterSibling_Finishes(int workers)
    {
        WynEngine engine = StartEngine(workers);
        Bounded.Run(() =>
        {
            for (int round = 0; round < 50; round++)
            {
                using var gate = new ManualResetEventSlim();
                // One function and state type, so the two share a batch where the strategy groups spawns.
                Future<bool> blocked = engine.Spawn(GateStep, (engine, gate, false));
                Future<bool> opener = engine.Spawn(GateStep, (engine, gate, true));
                WaitWithoutHelping(blocked);
                Assert.True(blocked.Await(), "the blocked task timed out: its sibling never ran");
                Assert.True(opener.Await());
            }
        }, TestTimeout, "a task blocking on a later sibling", engine);
    }

    [Fact]
    public virtual void BlockingManyMoreTimesThanTheCompensationCap_KeepsCompensating()
    {
        // The cap bounds spares running at once, not spares started over the engine's life: one
        // worker, at most two spares, and twenty rounds that each block the worker until a sibling
        // (which only a spare can run) opens the gate.
        WynEngine engine = StartEngine(workers: 1, configure: o => o.MaxBlockingCompensation = 2);
        Bounded.Run(() =>
        {
            for (int round = 0; round < 20; round++)
            {
                using var gate = new ManualResetEventSlim();
                Future<bool> blocked = engine.Spawn(GateStep, (engine, gate, false));
                Future<bool> opener = engine.Spawn(GateStep, (engine, gate, true));
                WaitWithoutHelping(blocked);
                Assert.True(blocked.Await(), $"round {round}: the blocked task timed out: no spare ran its sibling");
                Assert.True(opener.Await());
            }
        }, TestTimeout, "blocking rounds beyond the compensation cap", engine);
    }

    [Fact]
    public virtual void ATaskSpinningOnALaterSibling_FinishesWithTwoWorkers()
    {
        WynEngine engine = StartEngine(workers: 2);
        Bounded.Run(() =>
        {
            for (int round = 0, rounds = StressMode.Pick(50, 1_000); round < rounds; round++)
            {
                var flag = new StrongBox<int>();
                // One function and state type, so the two share a batch where the strategy groups
                // spawns. The first spins (no await, no blocking scope) until the second runs: the
                // batch must reach the idle worker before its first task starts.
                Future<bool> spinner = engine.Spawn(SpinStep, (flag, false));
                Future<bool> setter = engine.Spawn(SpinStep, (flag, true));
                WaitWithoutHelping(spinner);
                Assert.True(spinner.Await(), "the spinning task gave up: its sibling never ran");
                Assert.True(setter.Await());
            }
        }, TestTimeout, "a task spinning on a later sibling", engine);
    }

    private static readonly Func<(StrongBox<int> Flag, bool Set), bool> SpinStep = static s =>
    {
        if (s.Set)
        {
            Volatile.Write(ref s.Flag.Value, 1);
            return true;
        }
        return SpinWait.SpinUntil(() => Volatile.Read(ref s.Flag.Value) != 0, TimeSpan.FromSeconds(20));
    };

    private enum Role { Wait, Compute, Complete }

    private static readonly Func<(Role Role, Promise<int> Promise, int Round), int> SiblingStep = static s => s.Role switch
    {
        Role.Wait => s.Promise.Future.Await() + 1,
        Role.Compute => s.Round * 2,
        _ => Complete(s.Promise),
    };

    private static int Complete(Promise<int> promise)
    {
        promise.SetResult(41);
        return 0;
    }

    // Opens the gate, or blocks for real (inside EnterBlocking) until it is open.
    private static readonly Func<(WynEngine Engine, ManualResetEventSlim Gate, bool Open), bool> GateStep = static s =>
    {
        if (s.Open)
        {
            s.Gate.Set();
            return true;
        }
        using (s.Engine.EnterBlocking())
            return s.Gate.Wait(TimeSpan.FromSeconds(30));
    };

    /// <summary>
    /// Waits on this thread without running any task (an Await would help, and might run the batch
    /// here): so the tasks run on the workers, where a waiting task must hand its siblings on.
    /// </summary>
    private static void WaitWithoutHelping<T>(Future<T> future)
    {
        if (!SpinWait.SpinUntil(() => future.IsCompleted, TimeSpan.FromSeconds(30)))
            throw new TimeoutException("the task did not finish within 30 s while its spawner only watched");
    }

    [Fact]
    public void SpawnsFromAThreadThatEndsWithoutAwaiting_AllRun()
    {
        WynEngine engine = StartEngine();
        Bounded.Run(() =>
        {
            for (int round = 0; round < 20; round++)
            {
                var futures = new Future<long>[1000];
                var spawner = new Thread(() =>
                {
                    for (int i = 0; i < futures.Length; i++)
                        futures[i] = engine.Spawn(static i => (long)i * i, i);
                });
                spawner.Start();
                spawner.Join();
                long sum = 0;
                foreach (Future<long> f in futures)
                    sum += f.Await();
                Assert.Equal(332_833_500L, sum);
            }
        }, TestTimeout, "spawns of a thread that went away", engine);
    }

    [Theory]
    [InlineData(128)]   // the default: spawn batches of 64
    [InlineData(4)]     // batches of 2: the full-batch and seal races all the time
    public void ManyOutsideThreads_SpawnAndAwaitInterleaved_EveryTaskRunsOnce(int batchSize)
    {
        WynEngine engine = StartEngine(configure: o => o.BatchSize = batchSize);
        const int threads = 4;
        int perThread = StressMode.Pick(20_000, 500_000);
        var runs = new int[threads * perThread];
        Bounded.Run(() =>
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var pending = new Queue<Future<int>>();
                for (int i = 0; i < perThread; i++)
                {
                    pending.Enqueue(engine.Spawn(static s => Interlocked.Increment(ref s.runs[s.index]), (runs, index: t * perThread + i)));
                    // Await now and then, at varying depth: the open batch is taken, sealed and refilled.
                    if (i % (7 + t) == 0)
                    {
                        while (pending.Count > t)
                            Assert.Equal(1, pending.Dequeue().Await());
                    }
                }
                while (pending.Count > 0)
                    Assert.Equal(1, pending.Dequeue().Await());
            });
        }, TestTimeout, "outside threads spawning and awaiting", engine);
        Assert.All(runs, r => Assert.Equal(1, r));
        EngineStatistics stats = engine.GetStatistics();
        Assert.Equal(threads * perThread, stats.TasksSpawned);
        Assert.Equal(threads * perThread, stats.TasksCompleted);
    }

    /// <summary>
    /// A spawner appends to its open batch with plain stores and no fence; a worker or the backstop
    /// that takes the batch while it is still open seals it with a process-wide barrier and publishes
    /// the final count (SpawnBatch.Seal, decision 0008). Pauses of every length between spawns, and no
    /// await until the end (so the spawner never runs its own batch), make others take open batches
    /// in the middle of an append: every task must still run exactly once.
    /// </summary>
    [Fact]
    public void OutsideSpawnersPausingWhileOthersTakeTheirOpenBatches_EveryTaskRunsOnce()
    {
        WynEngine engine = StartEngine();
        const int threads = 2;
        int perThread = StressMode.Pick(4_000, 200_000);
        var runs = new int[threads * perThread];
        Bounded.Run(() =>
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var random = new Random(1234 + t);
                var futures = new Future<int>[perThread];
                for (int i = 0; i < perThread; i++)
                {
                    futures[i] = engine.Spawn(static s => Interlocked.Increment(ref s.runs[s.index]), (runs, index: t * perThread + i));
                    int dice = random.Next(100);
                    if (dice < 20)
                        Thread.SpinWait(random.Next(200));
                    else if (dice < 25)
                        PauseMicroseconds(random.Next(20, 1500));   // past the 50 µs quiet limit, and past the 1 ms backstop
                }
                foreach (Future<int> future in futures)
                    Assert.Equal(1, future.Await());
            });
        }, TestTimeout, "outside threads spawning with pauses", engine);
        Assert.All(runs, r => Assert.Equal(1, r));
        Assert.Equal(threads * perThread, engine.GetStatistics().TasksCompleted);
    }

    private static void PauseMicroseconds(int microseconds)
    {
        long until = System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency * microseconds / 1_000_000;
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
            Thread.SpinWait(20);
    }

    [Fact]
    public void AnEngineDisposedWhileThisThreadHoldsItsOpenBatch_LeavesTheNextEngineWorking()
    {
        for (int round = 0; round < 20; round++)
        {
            using (WynEngine first = WynEngine.Create(o => { o.Scheduler = SchedulerName; o.Workers = 2; }))
            {
                // Awaited at once: the await usually completes without blocking, so this thread still
                // holds the batch when the engine goes away.
                Assert.Equal(9, first.Spawn(static x => x * x, 3).Await());
            }
            WynEngine second = StartEngine();
            Future<int>[] futures = [.. Enumerable.Range(0, 100).Select(i => second.Spawn(static x => x + 1, i))];
            Assert.Equal(Enumerable.Range(1, 100).Sum(), futures.Sum(f => f.Await()));
        }
    }
}
