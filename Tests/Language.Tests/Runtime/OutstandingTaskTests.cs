using System.Diagnostics;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class OutstandingTaskTests
{
    [Theory]
    [InlineData("batched", 1)]
    [InlineData("batched", 4)]
    [InlineData("inline", 1)]
    public void WaitForOutstanding_waits_for_fire_and_forget_and_unawaited_tasks(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            long cell = WynShared.New(ctx, 0);
            for (int i = 0; i < 50; i++)
            {
                WynTasks.Run(ctx, static s =>
                {
                    WynTime.Sleep(s.ctx, 5, 1);
                    WynShared.Add(s.ctx, s.cell, 1, 1);
                }, (ctx, cell));
            }

            // A spawned future nobody awaits also keeps the program alive.
            _ = WynTasks.Spawn(ctx, static s =>
            {
                WynTime.Sleep(s.ctx, 100, 1);
                return WynShared.Add(s.ctx, s.cell, 1000, 1);
            }, (ctx, cell));

            WynTasks.WaitForOutstanding(ctx);
            Assert.Equal(1050L, WynShared.Get(ctx, cell, 1));
        });
    }

    [Fact]
    public void WaitForOutstanding_counts_tasks_spawned_by_tasks()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            long cell = WynShared.New(ctx, 0);
            WynTasks.Run(ctx, static s => SpawnTree(s.ctx, s.cell, 8), (ctx, cell));
            WynTasks.WaitForOutstanding(ctx);
            Assert.Equal(511L, WynShared.Get(ctx, cell, 1));   // a full binary tree of depth 9
        });

        static void SpawnTree(WynContext ctx, long cell, int depth)
        {
            WynShared.Add(ctx, cell, 1, 1);
            if (depth > 0)
            {
                WynTasks.Run(ctx, static s => SpawnTree(s.ctx, s.cell, s.depth), (ctx, cell, depth: depth - 1));
                WynTasks.Run(ctx, static s => SpawnTree(s.ctx, s.cell, s.depth), (ctx, cell, depth: depth - 1));
            }
        }
    }

    [Fact]
    public void A_panic_in_a_fire_and_forget_task_ends_the_wait_with_that_panic()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            WynTasks.Run(ctx, static c => WynTime.Sleep(c, 30_000, 1), ctx);
            WynTasks.Run(ctx, static c =>
            {
                WynTime.Sleep(c, 20, 1);
                WynInt.Mod(5, 0, 21);
            }, ctx);
            var clock = Stopwatch.StartNew();
            var panic = Assert.Throws<WynPanicException>(() => WynTasks.WaitForOutstanding(ctx));
            Assert.Equal(21, panic.Line);
            Assert.Same(ctx.Failure, panic.InnerException);   // a fresh copy of the recorded panic (WynFailures)
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        });
    }

    [Fact]
    public void A_task_blocked_forever_at_the_end_of_main_is_a_deadlock()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            WynTasks.Run(ctx, static s => WynChannels.Recv<long>(s.ctx, s.ch, 1), (ctx, ch));
            var deadlock = Assert.Throws<WynDeadlockException>(() => WynTasks.WaitForOutstanding(ctx));
            Assert.StartsWith("deadlock: main is blocked in the end of main", deadlock.Message);
            WynChannels.Close(ctx, ch, 1);
            WynTasks.WaitForOutstanding(ctx);
        });
    }
}
