using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Strategies;

/// <summary>
/// A work-stealing worker whose task awaits a task that another worker holds, with no spawns of its
/// own left, runs that task's work itself (decision 0007, session 14): the awaited task, queued in
/// the other worker's deque, or a task the awaited one spawned. Before, it spun, then blocked and
/// a compensating spare took the work. Two workers; each test pins the situation with flags, so the
/// only thread that may run the work in question without the rule is a spare. The test thread waits
/// through a .NET task (AsTask), which does not help: an outside thread awaiting a future runs any
/// queued work, and would take it too.
/// </summary>
public sealed class WorkStealingHelpAwaitedTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly WynEngine _engine = WynEngine.Create(o =>
    {
        o.Scheduler = "work-stealing";
        o.Workers = 2;
        o.ShutdownTimeout = TimeSpan.FromSeconds(20);
    });

    public void Dispose()
    {
        Bounded.Run(() => _engine.Stop(ShutdownMode.Cancel, TimeSpan.FromSeconds(20)), TimeSpan.FromSeconds(30), "engine stop", _engine);
        _engine.Dispose();
    }

    /// <summary>Spins (in user code: no helping, no blocking) until <paramref name="done"/> is set or the patience runs out.</summary>
    private static bool SpinUntil(ManualResetEventSlim done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done.IsSet)
        {
            if (clock.Elapsed > Patience)
                return false;
            Thread.SpinWait(50);
        }
        return true;
    }

    [Fact]
    public void AwaitingATaskAnotherWorkerRuns_RunsTheTaskItSpawned()
    {
        using var ySpawned = new ManualResetEventSlim();
        using var yRan = new ManualResetEventSlim();
        int yThread = -1;
        int xThread = -1;
        WynEngine engine = _engine;

        (int Waiter, bool XSawY) outcome = Bounded.Run(() => engine.Spawn(() =>
        {
            // On one worker (A): spawn X, let the other worker (B) steal it, then await it.
            Future<bool> x = engine.Spawn(() =>
            {
                xThread = Environment.CurrentManagedThreadId;
                // X spawns Y (into B's deque) and keeps B busy until Y has run elsewhere.
                Future<int> y = engine.Spawn(() =>
                {
                    yThread = Environment.CurrentManagedThreadId;
                    yRan.Set();
                    return 1;
                });
                ySpawned.Set();
                bool sawY = SpinUntil(yRan);
                return sawY && y.Await() == 1;
            });
            // Await X only once Y is queued: the first spawn of a type compiles and allocates its pool.
            Assert.True(SpinUntil(ySpawned), "the other worker never took X");
            bool xSawY = x.Await();
            return (Environment.CurrentManagedThreadId, xSawY);
        }).AsTask().Result, TimeSpan.FromSeconds(30), "the awaited task's spawn ran", engine);

        Assert.True(outcome.XSawY, "Y did not run while X kept its worker busy");
        Assert.True(outcome.Waiter == yThread, $"Y ran on thread {yThread}, not on the waiter's {outcome.Waiter} (X ran on {xThread}; {Bounded.Dump(engine)})");
    }

    [Fact]
    public void AwaitingATaskQueuedInAnotherWorkersDeque_RunsIt()
    {
        using var zStarted = new ManualResetEventSlim();
        using var x1Ran = new ManualResetEventSlim();
        int x1Thread = -1;
        WynEngine engine = _engine;

        (int Waiter, bool ZSawX1) outcome = Bounded.Run(() => engine.Spawn(() =>
        {
            // Three spawns on worker A; worker B steals the older half (Z and X1), runs Z and keeps
            // X1 queued in its deque while Z spins until X1 has run.
            Future<bool> z = engine.Spawn(() =>
            {
                zStarted.Set();
                return SpinUntil(x1Ran);
            });
            Future<int> x1 = engine.Spawn(() =>
            {
                x1Thread = Environment.CurrentManagedThreadId;
                x1Ran.Set();
                return 1;
            });
            Future<int> x2 = engine.Spawn(() => 2);
            Assert.True(SpinUntil(zStarted), "the other worker never took Z");
            int sum = x2.Await() + x1.Await();
            Assert.Equal(3, sum);
            return (Environment.CurrentManagedThreadId, z.Await());
        }).AsTask().Result, TimeSpan.FromSeconds(30), "the awaited task queued elsewhere ran", engine);

        Assert.True(outcome.ZSawX1, "X1 did not run while Z kept its worker busy");
        Assert.Equal(outcome.Waiter, x1Thread);
    }
}
