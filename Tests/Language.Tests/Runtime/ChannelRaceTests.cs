using System.Collections.Concurrent;
using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// The lock-free channel's races: close against concurrent sends and receives, and wake-ups in a
/// cycle of channels (where a deferred wake-up would be a deadlock). No timing assertions.
/// </summary>
public sealed class ChannelRaceTests
{
    public static TheoryData<int, int> WorkersAndCapacities => new()
    {
        { 1, 1 },
        { 2, 1 },
        { 2, 3 },
        { 4, 4 },
        { 4, 64 },
    };

    [Theory]
    [MemberData(nameof(WorkersAndCapacities))]
    public void Close_racing_with_sends_loses_nothing_and_nothing_follows_the_zero(int workers, int capacity)
    {
        const int Producers = 3;
        const int Rounds = 20;
        for (int round = 0; round < Rounds; round++)
        {
            RuntimeHarness.RunMain("batched", workers, ctx =>
            {
                long ch = WynChannels.New(ctx, capacity, 1);
                var sent = new ConcurrentBag<long>();
                var producers = new List<WynFuture<Unit>>();
                for (int p = 0; p < Producers; p++)
                {
                    long first = (p * 1_000_000L) + 1;
                    producers.Add(RuntimeHarness.Spawn(ctx, () =>
                    {
                        // Send until the close makes a send panic; every send that returned was delivered.
                        for (long v = first; ; v++)
                        {
                            try
                            {
                                WynChannels.Send(ctx, ch, v, 2);
                            }
                            catch (WynPanicException)
                            {
                                return;
                            }

                            sent.Add(v);
                        }
                    }));
                }

                var received = new List<long>();
                for (int i = 0; i < 50 + (round * 7); i++)
                {
                    received.Add(WynChannels.Recv<long>(ctx, ch, 3));
                }

                WynChannels.Close(ctx, ch, 4);
                for (long v = WynChannels.Recv<long>(ctx, ch, 5); v != 0; v = WynChannels.Recv<long>(ctx, ch, 5))
                {
                    received.Add(v);
                }

                foreach (WynFuture<Unit> producer in producers)
                {
                    RuntimeHarness.Await(ctx, producer);
                }

                // Closed and drained stays drained: a send that lost the race must not appear later.
                Assert.Equal(0L, WynChannels.Recv<long>(ctx, ch, 6));
                Assert.DoesNotContain(0L, received);
                Assert.Equal(sent.Order(), received.Order());
            });
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_ring_of_tasks_passing_one_token_never_stalls(int workers)
    {
        // Each hop wakes a receiver that waits for exactly one item on a large channel: with a wake-up
        // deferred until "half the buffer" (as the W4 benchmark channel does), this would hang.
        const int Tasks = 3;
        const int Laps = 2_000;
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long[] links = [.. Enumerable.Range(0, Tasks).Select(_ => WynChannels.New(ctx, 1024, 1))];
            var hops = new List<WynFuture<long>>();
            for (int t = 1; t < Tasks; t++)
            {
                long input = links[t - 1];
                long output = links[t];
                hops.Add(RuntimeHarness.Spawn(ctx, () =>
                {
                    long count = 0;
                    for (long token = WynChannels.Recv<long>(ctx, input, 1); token != 0; token = WynChannels.Recv<long>(ctx, input, 1))
                    {
                        WynChannels.Send(ctx, output, token + 1, 2);
                        count++;
                    }

                    WynChannels.Close(ctx, output, 3);
                    return count;
                }));
            }

            long last = 1;
            for (int lap = 0; lap < Laps; lap++)
            {
                WynChannels.Send(ctx, links[0], last, 4);
                last = WynChannels.Recv<long>(ctx, links[Tasks - 1], 5);
            }

            WynChannels.Close(ctx, links[0], 6);
            Assert.Equal(1L + (Laps * (Tasks - 1L)), last);
            foreach (WynFuture<long> hop in hops)
            {
                Assert.Equal(Laps, RuntimeHarness.Await(ctx, hop));
            }
        });
    }
}
