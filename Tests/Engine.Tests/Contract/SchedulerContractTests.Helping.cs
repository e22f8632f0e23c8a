using Wyn.Engine.Tests.Support;

namespace Wyn.Engine.Tests.Contract;

// What an awaiter may run while it waits (decision 0007): inside a task, only that task's own spawns.
public abstract partial class SchedulerContractTests
{
    private readonly record struct Link(WynEngine Engine, Future<int> Previous);

    /// <summary>
    /// Each link awaits the future of the link spawned before it, passed in (not its own child). An
    /// awaiter that helped with any queued task could run a later link on top of an earlier one on
    /// its own stack, where the later one awaits the earlier: neither could ever finish.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TasksAwaitingFuturesPassedAlongAChain_AllFinish(int workers)
    {
        WynEngine engine = StartEngine(workers);
        for (int round = 0; round < 5; round++)
        {
            Future<int> f = engine.Spawn(static () => { Thread.Sleep(30); return 0; });
            for (int i = 0; i < 8; i++)
                f = engine.Spawn(static link => link.Previous.Await() + 1, new Link(engine, f));
            // Waiting without helping (as a Wyn program's main does): the workers run every link.
            Bounded.Wait(() => f.IsCompleted, TestTimeout, $"a chain of 8 links, each awaiting the one before, with {workers} worker(s)", engine);
            Assert.Equal(8, f.Await());
        }
    }

    /// <summary>The same chain, where each link also spawns and awaits a child of its own: helping with own spawns still works.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ChainOfLinks_EachAlsoAwaitingItsOwnChild_AllFinish(int workers)
    {
        WynEngine engine = StartEngine(workers);
        Future<int> f = engine.Spawn(static () => { Thread.Sleep(20); return 0; });
        for (int i = 0; i < 8; i++)
        {
            f = engine.Spawn(static link =>
            {
                Future<int> child = link.Engine.Spawn(static n => n * 2, 21);
                return link.Previous.Await() + child.Await() - 41;
            }, new Link(engine, f));
        }
        Bounded.Wait(() => f.IsCompleted, TestTimeout, $"a chain of 8 links with a child each, with {workers} worker(s)", engine);
        Assert.Equal(8, f.Await());
    }
}
