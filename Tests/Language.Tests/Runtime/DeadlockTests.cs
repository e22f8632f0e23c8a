using System.Diagnostics;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class DeadlockTests
{
    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Main_receiving_from_a_channel_nobody_sends_to_is_a_deadlock(int workers)
    {
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            var clock = Stopwatch.StartNew();
            var deadlock = Assert.Throws<WynDeadlockException>(() => WynChannels.Recv<long>(ctx, ch, 2));
            Assert.StartsWith("deadlock", deadlock.Message);
            Assert.Contains($"recv() on channel {ch}", deadlock.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(100), DetectionBound);
        }, DetectionBound * 2);
    }

    [Fact]
    public void Main_sending_to_a_full_channel_nobody_reads_is_a_deadlock()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            WynChannels.Send(ctx, ch, true, 1);
            var deadlock = Assert.Throws<WynDeadlockException>(() => WynChannels.Send(ctx, ch, false, 2));
            Assert.Contains("send()", deadlock.Message);
        }, DetectionBound * 2);
    }

    [Fact]
    public void Main_awaiting_a_task_stuck_on_a_channel_is_a_deadlock()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            var stuck = RuntimeHarness.Spawn(ctx, () => WynChannels.Recv<long>(ctx, ch, 3));
            var deadlock = Assert.Throws<WynDeadlockException>(() => RuntimeHarness.Await(ctx, stuck));
            Assert.Contains("await", deadlock.Message);
            WynChannels.Close(ctx, ch, 1);   // release the task so the engine can stop
        }, DetectionBound * 2);
    }

    [Fact]
    public void Tasks_blocked_on_each_other_while_main_waits_is_a_deadlock()
    {
        RuntimeHarness.RunMain("batched", 4, ctx =>
        {
            long a = WynChannels.New(ctx, 1, 1);
            long b = WynChannels.New(ctx, 1, 1);
            long done = WynChannels.New(ctx, 1, 1);
            RuntimeHarness.Spawn(ctx, () => WynChannels.Send(ctx, b, WynChannels.Recv<long>(ctx, a, 1), 1));
            RuntimeHarness.Spawn(ctx, () => WynChannels.Send(ctx, a, WynChannels.Recv<long>(ctx, b, 1), 1));
            Assert.Throws<WynDeadlockException>(() => WynChannels.Recv<long>(ctx, done, 1));
            WynChannels.Close(ctx, a, 1);
            WynChannels.Close(ctx, b, 1);
        }, DetectionBound * 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_sleeping_task_that_will_send_is_not_a_deadlock(int workers)
    {
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            RuntimeHarness.Spawn(ctx, () =>
            {
                WynTime.Sleep(ctx, 700, 1);
                WynChannels.Send(ctx, ch, "late", 1);
            });
            Assert.Equal("late", WynChannels.Recv<string>(ctx, ch, 1));
        });
    }

    [Fact]
    public void A_long_computation_that_will_send_is_not_a_deadlock()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            RuntimeHarness.Spawn(ctx, () =>
            {
                var clock = Stopwatch.StartNew();
                long spins = 0;
                while (clock.ElapsedMilliseconds < 700)
                {
                    spins++;
                }

                WynChannels.Send(ctx, ch, spins > 0, 1);
            });
            Assert.True(WynChannels.Recv<bool>(ctx, ch, 1));
        });
    }

    [Fact]
    public void A_slow_chain_of_tasks_and_channels_is_not_a_deadlock()
    {
        // Each stage sleeps, then forwards: at every moment something is sleeping or about to run.
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            const int Stages = 5;
            var channels = Enumerable.Range(0, Stages + 1).Select(_ => WynChannels.New(ctx, 1, 1)).ToArray();
            for (int s = 0; s < Stages; s++)
            {
                long input = channels[s];
                long output = channels[s + 1];
                RuntimeHarness.Spawn(ctx, () =>
                {
                    long value = WynChannels.Recv<long>(ctx, input, 1);
                    WynTime.Sleep(ctx, 60, 1);
                    WynChannels.Send(ctx, output, value + 1, 1);
                });
            }

            WynChannels.Send(ctx, channels[0], 100L, 1);
            Assert.Equal(100L + Stages, WynChannels.Recv<long>(ctx, channels[Stages], 1));
        });
    }
}
