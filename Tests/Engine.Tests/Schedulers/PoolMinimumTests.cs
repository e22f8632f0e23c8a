using Wyn.Engine.Schedulers;

namespace Wyn.Engine.Tests.Schedulers;

/// <summary>
/// The .NET thread pool's minimum is process-wide: several <c>threadpool</c> engines alive at once
/// must add up their needs, and one stopping must not take away what another still needs.
/// (This assembly runs one test at a time, so no other engine moves the minimum meanwhile.)
/// </summary>
public sealed class PoolMinimumTests
{
    [Fact]
    public void TwoOwners_AddUp_AndTheMinimumReturnsToTheOriginalAfterTheLast()
    {
        int original = PoolMinimum.Original;
        object first = new(), second = new();
        try
        {
            PoolMinimum.Want(first, original + 3);
            Assert.Equal(original + 3, MinWorkers());
            PoolMinimum.Want(second, original + 2);
            Assert.Equal(original + 5, MinWorkers());

            PoolMinimum.Release(first);   // the one that raised it first stops: the other's need stays
            Assert.Equal(original + 2, MinWorkers());
        }
        finally
        {
            PoolMinimum.Release(first);
            PoolMinimum.Release(second);
        }

        Assert.Equal(original, MinWorkers());
    }

    [Fact]
    public void ThreadPoolEngines_BlockingAtOnce_KeepTheMinimumUntilTheLastStops()
    {
        int original = PoolMinimum.Original;
        using var release = new ManualResetEventSlim(false);
        using var firstBlocked = new CountdownEvent(1);
        using var secondBlocked = new CountdownEvent(1);
        WynEngine first = WynEngine.Create(o => { o.Scheduler = "threadpool"; o.Workers = 1; });
        WynEngine second = WynEngine.Create(o => { o.Scheduler = "threadpool"; o.Workers = 1; });
        try
        {
            first.Run(static s => Block(s.Engine, s.Blocked, s.Release), (Engine: first, Blocked: firstBlocked, Release: release));
            second.Run(static s => Block(s.Engine, s.Blocked, s.Release), (Engine: second, Blocked: secondBlocked, Release: release));
            Assert.True(firstBlocked.Wait(TimeSpan.FromSeconds(30)) && secondBlocked.Wait(TimeSpan.FromSeconds(30)));
            int both = MinWorkers();
            Assert.True(both > original, $"blocked runners raise the minimum ({both} vs {original})");

            release.Set();
            Assert.True(first.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(30)));
            Assert.True(MinWorkers() > original, "the second engine's raise outlives the first engine");
        }
        finally
        {
            release.Set();
            first.Dispose();
            second.Dispose();
        }

        Assert.Equal(original, MinWorkers());
    }

    private static void Block(WynEngine engine, CountdownEvent blocked, ManualResetEventSlim release)
    {
        using (engine.EnterBlocking())
        {
            blocked.Signal();
            release.Wait(TimeSpan.FromSeconds(60));
        }
    }

    private static int MinWorkers()
    {
        ThreadPool.GetMinThreads(out int workers, out _);
        return workers;
    }
}
