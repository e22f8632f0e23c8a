using Wyn.Engine.Schedulers;
using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Strategies;

/// <summary>
/// Fairness of the work-stealing strategy, with tolerance bands derived from its fairness interval:
/// a task that keeps respawning itself (always the newest item, so always the owner's next pop)
/// must not starve an older item of the same deque, nor spawns arriving from outside the workers.
/// One worker, so no thief can rescue the starved item: only the fairness rule can.
/// </summary>
public sealed class WorkStealingFairnessTests : IDisposable
{
    private const int Interval = WorkStealingScheduler.FairnessInterval;
    private readonly List<WynEngine> _engines = [];

    private WynEngine StartEngine(int workers, int batchSize = 128, int localCapacity = WorkStealingScheduler.DefaultLocalCapacity, int startIndex = 0)
    {
        var catalog = new SchedulerCatalog();
        catalog.Register(new ConfiguredWorkStealingFactory(localCapacity, startIndex));
        var engine = new WynEngine(new EngineOptions
        {
            Scheduler = ConfiguredWorkStealingFactory.TestName,
            Workers = workers,
            BatchSize = batchSize,
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        }, catalog);
        engine.Start();
        _engines.Add(engine);
        return engine;
    }

    public void Dispose()
    {
        foreach (WynEngine engine in _engines)
        {
            Bounded.Run(() => engine.Stop(ShutdownMode.Cancel, TimeSpan.FromSeconds(20)), TimeSpan.FromSeconds(30), "engine stop", engine);
            engine.Dispose();
        }
    }

    /// <summary>State shared by a respawning task and the test.</summary>
    private sealed class Flood
    {
        public required WynEngine Engine;
        public long Respawns;
        public long RespawnsWhenOtherRan = -1;
        public volatile bool Stop;
        public int OthersRun;
        public long Limit = 5_000_000;
    }

    private static void Respawn(Flood flood)
    {
        long n = Interlocked.Increment(ref flood.Respawns);
        if (!flood.Stop && n < flood.Limit)
            flood.Engine.Run(Respawn, flood);
    }

    [Fact]
    public void SelfRespawningTask_DoesNotStarveAnOlderTaskInTheSameDeque()
    {
        WynEngine engine = StartEngine(workers: 1);
        var flood = new Flood { Engine = engine };
        engine.Run(static f =>
        {
            // Both land in this worker's deque: "other" first (the old end), then the respawner,
            // which from then on is always the newest item.
            f.Engine.Run(static g =>
            {
                g.RespawnsWhenOtherRan = Interlocked.Read(ref g.Respawns);
                g.Stop = true;
            }, f);
            f.Engine.Run(Respawn, f);
        }, flood);

        Bounded.Wait(() => flood.Stop, TimeSpan.FromSeconds(20), "the older task to run while the respawner floods", engine);
        // Band: the owner takes its deque's oldest item every Interval pops; allow two intervals
        // for the pops that happened before the other task was queued.
        Assert.InRange(flood.RespawnsWhenOtherRan, 0, 2 * Interval);
    }

    [Fact]
    public void InjectedWork_KeepsMoving_WhileLocalWorkFloods()
    {
        const int external = 50;
        // Batch size 4: outside spawns reach the injection queue every 4 spawns; the rest sit in
        // the spawning thread's buffer, which the fairness check also visits.
        WynEngine engine = StartEngine(workers: 1, batchSize: 4);
        var flood = new Flood { Engine = engine, Limit = long.MaxValue };
        engine.Run(Respawn, flood);
        Bounded.Wait(() => Interlocked.Read(ref flood.Respawns) > 1_000, TimeSpan.FromSeconds(20), "the flood to start", engine);

        long floodBefore = Interlocked.Read(ref flood.Respawns);
        for (int i = 0; i < external; i++)
            engine.Run(static f => Interlocked.Increment(ref f.OthersRun), flood);
        Bounded.Wait(() => Volatile.Read(ref flood.OthersRun) == external, TimeSpan.FromSeconds(20),
            $"{external} outside spawns to run while one worker runs a respawning task", engine);
        long floodDuring = Interlocked.Read(ref flood.Respawns) - floodBefore;
        flood.Stop = true;

        // The flood never paused the outside work for long: each outside item waits at most about one
        // interval of local pops (batches move several at once). The band is generous (the test
        // thread is descheduled on a busy machine while the worker keeps popping) but finite.
        Assert.InRange(floodDuring, 0, (external + 1) * Interval * 20L);
        Assert.True(Interlocked.Read(ref flood.Respawns) > floodBefore, "the flood must still have been running meanwhile, or the test proves nothing");
    }

    [Fact]
    public void TinyDequesNearIntMaxValue_RunEveryNestedSpawnExactlyOnce()
    {
        int parents = 64, children = StressMode.Pick(2_000, 50_000);
        // Capacity 2 forces overflow to the injection queue on nearly every spawn; indices start
        // just below int.MaxValue, so every deque wraps.
        WynEngine engine = StartEngine(workers: 2, batchSize: 3, localCapacity: 2, startIndex: int.MaxValue - 5);
        var runs = new int[parents * children];
        long total = Bounded.Run(() =>
        {
            var futures = new Future<long>[parents];
            for (int p = 0; p < parents; p++)
            {
                futures[p] = engine.Spawn(static s =>
                {
                    var kids = new Future<int>[s.Children];
                    for (int c = 0; c < s.Children; c++)
                    {
                        int tag = s.Parent * s.Children + c;
                        kids[c] = s.Engine.Spawn(static k => { Interlocked.Increment(ref k.Runs[k.Tag]); return k.Tag; }, (s.Runs, Tag: tag));
                    }
                    long sum = 0;
                    foreach (Future<int> kid in kids)
                        sum += kid.Await();
                    return sum;
                }, (Engine: engine, Runs: runs, Parent: p, Children: children));
            }
            long sum = 0;
            foreach (Future<long> f in futures)
                sum += f.Await();
            return sum;
        }, StressMode.Timeout(TimeSpan.FromSeconds(60)), "nested spawns on deques of 2", engine);

        long n = (long)parents * children;
        Assert.Equal(n * (n - 1) / 2, total);
        Assert.True(runs.All(r => r == 1), $"tag {Array.FindIndex(runs, r => r != 1)} did not run exactly once");
        SchedulerStatistics stats = engine.Scheduler.GetStatistics();
        Assert.True(stats.Batches > 0, "overflow to the injection queue never happened: the tiny capacity was not exercised");
    }

    /// <summary>The work-stealing strategy with the deque capacity and start index a test chooses.</summary>
    private sealed class ConfiguredWorkStealingFactory(int localCapacity, int startIndex) : ISchedulerFactory
    {
        public const string TestName = "work-stealing-test";

        public string Name => TestName;

        public string Description => "work-stealing with test-sized deques";

        public IScheduler Create(SchedulerContext context) => new WorkStealingScheduler(context, localCapacity, startIndex);
    }
}
