using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

// WynEngine.TryRunOwnQueued: runs the awaited task on the caller only when it is still the caller's
// own unstarted spawn, and never runs any other work there.
public abstract partial class SchedulerContractTests
{
    private sealed class Probe
    {
        public int CallerThread;
        public int RanOnCaller;   // bit 0: the awaited task, bit 1: the other task
    }

    [Fact]
    public void TryRunOwnQueued_NeverRunsOtherWorkOnTheCaller()
    {
        WynEngine engine = StartEngine();
        for (int round = 0; round < 200; round++)
        {
            var probe = new Probe { CallerThread = Environment.CurrentManagedThreadId };
            // The other task first: it is the oldest spawn, which plain help would run first.
            Future<int> other = engine.Spawn(static p => Mark(p, 2), probe);
            Future<int> awaited = engine.Spawn(static p => Mark(p, 1), probe);
            int before = Volatile.Read(ref probe.RanOnCaller);   // the inline strategy runs at the spawn site
            bool ran = engine.TryRunOwnQueued(awaited);
            int ranDuringTheCall = Volatile.Read(ref probe.RanOnCaller) & ~before;
            if (ran)
                Assert.True(awaited.IsCompleted, "a true answer means the awaited task has run");
            Assert.Equal(0, ranDuringTheCall & 2);
            Assert.Equal(1, awaited.Await());
            Assert.Equal(2, other.Await());
        }
    }

    [Fact]
    public void TryRunOwnQueued_OfALoneSpawn_RunsItHereOrReportsFalse()
    {
        WynEngine engine = StartEngine();
        for (int round = 0; round < 200; round++)
        {
            var probe = new Probe { CallerThread = Environment.CurrentManagedThreadId };
            Future<int> awaited = engine.Spawn(static p => Mark(p, 1), probe);
            int before = Volatile.Read(ref probe.RanOnCaller);
            bool ran = engine.TryRunOwnQueued(awaited);
            int ranDuringTheCall = Volatile.Read(ref probe.RanOnCaller) & ~before;
            // True exactly when the awaited task ran here, during the call.
            Assert.Equal(ran ? 1 : 0, ranDuringTheCall);
            if (ran)
            {
                Assert.True(awaited.IsCompleted);
            }
            Assert.Equal(1, awaited.Await());
        }
    }

    [Fact]
    public void TryRunOwnQueued_OfACompletedOrDefaultFuture_IsFalse()
    {
        WynEngine engine = StartEngine();
        Future<int> done = engine.Spawn(static () => 7);
        Bounded.Wait(() => done.IsCompleted, TimeSpan.FromSeconds(20), "the task to finish", engine);
        Assert.False(engine.TryRunOwnQueued(done));
        Assert.False(engine.TryRunOwnQueued(default(Future<int>)));
        Assert.Equal(7, done.Await());
    }

    private static int Mark(Probe probe, int bit)
    {
        if (Environment.CurrentManagedThreadId == probe.CallerThread)
            Interlocked.Or(ref probe.RanOnCaller, bit);
        return bit;
    }
}
