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

    private sealed class Siblings(WynEngine engine, Future<int> gate)
    {
        public readonly WynEngine Engine = engine;
        public readonly Future<int> Gate = gate;
        public readonly ManualResetEventSlim BusyStarted = new();
        public volatile int SecondThread;
        public volatile bool SecondWaiting;
        public volatile bool ChildRanUnderSecond;
        public volatile bool ChildDone;
    }

    /// <summary>
    /// Two tasks spawned from outside run one after the other from one spawn batch on the only worker
    /// (queued behind a busy task, so that both go into the same batch). The first spawns a child; the
    /// second then waits for a promise. The child is its sibling's spawn, not the second task's own, so
    /// the second must not run it while it waits (the worker marks where each task of a batch starts:
    /// decisions 0007 and 0008). Had the child awaited the second task, it would have waited for the
    /// task under it on the same stack for ever.
    /// </summary>
    [Fact]
    public void TaskOfASpawnBatch_WaitingDoesNotRunItsSiblingsSpawns()
    {
        WynEngine engine = StartEngine(workers: 1);
        for (int round = 0; round < 10; round++)
        {
            Promise<int> gate = engine.CreatePromise<int>();
            var siblings = new Siblings(engine, gate.Future);
            engine.Run(static s => { s.BusyStarted.Set(); Thread.Sleep(20); }, siblings);
            Assert.True(siblings.BusyStarted.Wait(TestTimeout), "the busy task never started");

            // Both siblings are spawns of the same types, which go into one batch.
            Future<int> first = engine.Spawn(static s =>
            {
                s.Engine.Run(static s =>
                {
                    s.ChildRanUnderSecond = s.SecondWaiting && s.SecondThread == Environment.CurrentManagedThreadId;
                    s.ChildDone = true;
                }, s);
                return 0;
            }, siblings);
            // Opened by another thread: on inline, the second task runs (and waits) inside this thread's Spawn.
            var opener = new Thread(() => { Thread.Sleep(40); gate.SetResult(1); }) { IsBackground = true };
            opener.Start();
            Future<int> second = engine.Spawn(static s =>
            {
                s.SecondThread = Environment.CurrentManagedThreadId;
                s.SecondWaiting = true;
                int value = s.Gate.Await();
                s.SecondWaiting = false;
                return value + 1;
            }, siblings);

            Assert.Equal(2, Bounded.Run(() => first.Await() + second.Await(), TestTimeout, $"round {round}: the siblings", engine));
            Assert.True(opener.Join(TestTimeout), "the opener never finished");
            Bounded.Wait(() => siblings.ChildDone, TestTimeout, $"round {round}: the first sibling's child", engine);
            Assert.False(siblings.ChildRanUnderSecond, $"round {round}: the second task ran its sibling's spawn while it waited");
        }
    }
}
