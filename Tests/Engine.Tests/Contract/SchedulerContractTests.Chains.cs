using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

/// <summary>
/// A chain of sibling tasks, each awaiting the one spawned before it (conformance sweep 4): no task
/// needs to wait if they run in spawn order, but a strategy that starts later links on other threads
/// holds one blocked thread per link. With more links than the compensation cap allows, the link at
/// the chain's head stayed queued behind blocked threads for ever (decision 0007, session-9 section).
/// </summary>
public abstract partial class SchedulerContractTests
{
    private static readonly Func<(Future<long> Previous, long Index), long> ChainLink =
        static s => s.Previous.Await() + s.Index;

    [Fact]
    public virtual void AChainOfTasksEachAwaitingThePreviousOne_FinishesWithACappedCompensation()
    {
        const int links = 2_000;
        WynEngine engine = StartEngine(workers: 2, configure: o => o.MaxBlockingCompensation = 16);
        Bounded.Run(() =>
        {
            Future<long> last = engine.Spawn(static () => 0L);
            for (long i = 1; i <= links; i++)
                last = engine.Spawn(ChainLink, (last, i));
            Assert.Equal((long)links * (links + 1) / 2, last.Await());
        }, TestTimeout, "a chain of tasks each awaiting the previous one", engine);
    }
}
