using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// The runtime's blocking operations on every threaded scheduler strategy, with one worker and with
/// several: channels, close, deadlock detection, sleep, Shared, and waiting for outstanding tasks.
/// (The inline strategy runs every spawn at the spawn site, so programs needing two live tasks
/// cannot run on it; it is covered where that does not matter.)
/// </summary>
public sealed class SchedulerMatrixTests
{
    public static TheoryData<string, int> Strategies
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string scheduler in new[] { "batched", "work-stealing", "channels", "threadpool" })
            {
                data.Add(scheduler, 1);
                data.Add(scheduler, 4);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Producers_and_consumers_on_a_capacity_one_channel(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            long total = WynShared.New(ctx, 0);
            for (int c = 0; c < 3; c++)
            {
                WynTasks.Run(ctx, static s =>
                {
                    for (long v = WynChannels.Recv<long>(s.ctx, s.ch, 1); v != 0; v = WynChannels.Recv<long>(s.ctx, s.ch, 1))
                    {
                        WynShared.Add(s.ctx, s.total, v, 1);
                    }
                }, (ctx, ch, total));
            }

            var producers = new WynFutureArray<Unit>();
            for (int p = 0; p < 3; p++)
            {
                producers.Push(WynTasks.SpawnAction(ctx, static s =>
                {
                    for (long v = 1; v <= 300; v++)
                    {
                        WynChannels.Send(s.ctx, s.ch, v, 1);
                    }
                }, (ctx, ch)));
            }

            WynTasks.AwaitAll(ctx, producers, 1);
            WynChannels.Close(ctx, ch, 1);
            WynTasks.WaitForOutstanding(ctx);
            Assert.Equal(3 * 45_150L, WynShared.Get(ctx, total, 1));
        });
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Nested_producer_and_consumer_tasks_finish(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            var producer = WynTasks.Spawn(ctx, static s =>
            {
                var consumer = WynTasks.Spawn(s.ctx, static s2 =>
                {
                    long sum = 0;
                    for (long v = WynChannels.Recv<long>(s2.ctx, s2.ch, 1); v != 0; v = WynChannels.Recv<long>(s2.ctx, s2.ch, 1))
                    {
                        sum += v;
                    }

                    return sum;
                }, s);
                for (long v = 1; v <= 50; v++)
                {
                    WynChannels.Send(s.ctx, s.ch, v, 1);
                }

                WynChannels.Close(s.ctx, s.ch, 1);
                return WynFuture<long>.Await(s.ctx, ref consumer);
            }, (ctx, ch));
            Assert.Equal(1275L, WynFuture<long>.Await(ctx, ref producer));
        });
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Deadlock_is_detected_and_sleepers_are_not_deadlocks(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            WynTasks.Run(ctx, static s =>
            {
                WynTime.Sleep(s.ctx, 400, 1);
                WynChannels.Send(s.ctx, s.ch, "woke", 1);
            }, (ctx, ch));
            Assert.Equal("woke", WynChannels.Recv<string>(ctx, ch, 1));
            Assert.Throws<WynDeadlockException>(() => WynChannels.Recv<string>(ctx, ch, 1));
            WynTasks.WaitForOutstanding(ctx);
        });
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Close_wakes_blocked_receivers(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 2, 1);
            var receivers = new WynFutureArray<bool>();
            for (int i = 0; i < 5; i++)
            {
                receivers.Push(WynTasks.Spawn(ctx, static s => WynChannels.Recv<bool>(s.ctx, s.ch, 1), (ctx, ch)));
            }

            WynTime.Sleep(ctx, 100, 1);
            WynChannels.Close(ctx, ch, 1);
            Assert.Equal([false, false, false, false, false], WynTasks.AwaitAll(ctx, receivers, 1).ToArray());
        });
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void A_task_panic_ends_a_blocked_main(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            WynTasks.Run(ctx, static c =>
            {
                WynTime.Sleep(c, 30, 1);
                WynConvert.ToInt("x", 17);
            }, ctx);
            var panic = Assert.Throws<WynPanicException>(() => WynChannels.Recv<long>(ctx, ch, 1));
            Assert.Equal(17, panic.Line);
        });
    }
}
