using System.Collections.Concurrent;
using System.Diagnostics;
using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class ChannelTests
{
    public static TheoryData<int, int> WorkersAndCapacities => new()
    {
        { 1, 1 },
        { 1, 2 },
        { 2, 1 },
        { 4, 1 },
        { 4, 3 },
        { 4, 64 },
    };

    [Fact]
    public void Fifo_order_on_one_thread()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            long ch = WynChannels.New(ctx, 3, 1);
            Assert.True(ch >= 1);
            for (long i = 1; i <= 3; i++)
            {
                WynChannels.Send(ctx, ch, i * 10, 2);
            }

            Assert.Equal(10L, WynChannels.Recv<long>(ctx, ch, 3));
            WynChannels.Send(ctx, ch, 40L, 2);   // wraps around the ring
            Assert.Equal(20L, WynChannels.Recv<long>(ctx, ch, 3));
            Assert.Equal(30L, WynChannels.Recv<long>(ctx, ch, 3));
            Assert.Equal(40L, WynChannels.Recv<long>(ctx, ch, 3));
        });
    }

    [Fact]
    public void A_large_capacity_costs_memory_only_for_what_the_channel_holds()
    {
        // 100M cells of 16 bytes: 1.6 GB if the ring were written when created (it was, up to session
        // 14: channel(1_000_000_000) took 40 s and 15.7 GB). Now only the pages the sends touch become
        // resident. Wrapping around a non-power-of-two ring checks the lap arithmetic as well.
        const int Capacity = 100_000_003;
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            long residentBefore = Environment.WorkingSet;
            long ch = WynChannels.New(ctx, Capacity, 1);
            for (long i = 1; i <= 1_000; i++)
            {
                WynChannels.Send(ctx, ch, i, 2);
            }

            long sum = 0;
            for (int i = 0; i < 1_000; i++)
            {
                sum += WynChannels.Recv<long>(ctx, ch, 3);
            }

            Assert.Equal(500_500L, sum);
            long grown = Environment.WorkingSet - residentBefore;
            Assert.True(grown < 200L * 1024 * 1024, $"the process grew by {grown / (1024 * 1024)} MB for a channel holding at most 1,000 values");
        });

        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            long ch = WynChannels.New(ctx, 3, 1);
            for (long lap = 0; lap < 5; lap++)
            {
                for (long i = 1; i <= 3; i++)
                {
                    WynChannels.Send(ctx, ch, (lap * 10) + i, 2);
                }

                for (long i = 1; i <= 3; i++)
                {
                    Assert.Equal((lap * 10) + i, WynChannels.Recv<long>(ctx, ch, 3));
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(WorkersAndCapacities))]
    public void Many_producers_and_consumers_deliver_every_value_exactly_once(int workers, int capacity)
    {
        const int Producers = 4;
        const int Consumers = 3;
        const int PerProducer = 1_000;
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long ch = WynChannels.New(ctx, capacity, 1);
            var received = new ConcurrentBag<long>();
            var consumers = new List<WynFuture<long>>();
            for (int c = 0; c < Consumers; c++)
            {
                consumers.Add(RuntimeHarness.Spawn(ctx, () =>
                {
                    long count = 0;
                    while (true)
                    {
                        long value = WynChannels.Recv<long>(ctx, ch, 10);
                        if (value == 0)
                        {
                            return count;   // closed and drained
                        }

                        received.Add(value);
                        count++;
                    }
                }));
            }

            var producers = new List<WynFuture<Unit>>();
            for (int p = 0; p < Producers; p++)
            {
                long first = (p * PerProducer) + 1;
                producers.Add(RuntimeHarness.Spawn(ctx, () =>
                {
                    for (long v = first; v < first + PerProducer; v++)
                    {
                        WynChannels.Send(ctx, ch, v, 20);
                    }
                }));
            }

            foreach (WynFuture<Unit> producer in producers)
            {
                RuntimeHarness.Await(ctx, producer);
            }

            WynChannels.Close(ctx, ch, 30);
            long total = 0;
            foreach (WynFuture<long> consumer in consumers)
            {
                total += RuntimeHarness.Await(ctx, consumer);
            }

            Assert.Equal(Producers * PerProducer, total);
            long[] values = [.. received.Order()];
            Assert.Equal(Enumerable.Range(1, Producers * PerProducer).Select(i => (long)i), values);
        });
    }

    [Fact]
    public void Each_producer_order_is_preserved()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            long ch = WynChannels.New(ctx, 2, 1);
            var producer = RuntimeHarness.Spawn(ctx, () =>
            {
                for (long v = 1; v <= 2_000; v++)
                {
                    WynChannels.Send(ctx, ch, v, 1);
                }

                WynChannels.Close(ctx, ch, 1);
            });
            long expected = 1;
            for (long v = WynChannels.Recv<long>(ctx, ch, 1); v != 0; v = WynChannels.Recv<long>(ctx, ch, 1))
            {
                Assert.Equal(expected++, v);
            }

            Assert.Equal(2_001L, expected);
            RuntimeHarness.Await(ctx, producer);
        });
    }

    [Fact]
    public void Closed_and_empty_channel_returns_the_zero_value()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            long ints = WynChannels.New(ctx, 2, 1);
            WynChannels.Send(ctx, ints, 7L, 1);
            WynChannels.Close(ctx, ints, 1);
            WynChannels.Close(ctx, ints, 1);   // closing twice is harmless
            Assert.Equal(7L, WynChannels.Recv<long>(ctx, ints, 1));   // buffered values survive close
            Assert.Equal(0L, WynChannels.Recv<long>(ctx, ints, 1));
            Assert.Equal(0L, WynChannels.Recv<long>(ctx, ints, 1));

            long strings = WynChannels.New(ctx, 1, 1);
            WynChannels.Close(ctx, strings, 1);
            Assert.Equal(string.Empty, WynChannels.Recv<string>(ctx, strings, 1));
            Assert.Equal(0.0, WynChannels.Recv<double>(ctx, strings, 1));
            Assert.False(WynChannels.Recv<bool>(ctx, strings, 1));
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Close_wakes_every_waiter(int workers)
    {
        const int Waiters = 6;
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            int started = 0;
            var futures = new List<WynFuture<string>>();
            for (int i = 0; i < Waiters; i++)
            {
                futures.Add(RuntimeHarness.Spawn(ctx, () =>
                {
                    Interlocked.Increment(ref started);
                    return WynChannels.Recv<string>(ctx, ch, 5);
                }));
            }

            // Let the receivers block (sleep is a runtime wait: it keeps the detector quiet).
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref started) < Waiters && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                WynTime.Sleep(ctx, 5, 1);
            }

            Assert.Equal(Waiters, Volatile.Read(ref started));
            WynTime.Sleep(ctx, 50, 1);
            WynChannels.Close(ctx, ch, 9);
            foreach (WynFuture<string> future in futures)
            {
                Assert.Equal(string.Empty, RuntimeHarness.Await(ctx, future));
            }
        });
    }

    [Fact]
    public void Close_wakes_blocked_senders_with_a_panic()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            WynChannels.Send(ctx, ch, "full", 1);
            var sender = RuntimeHarness.Spawn(ctx, () =>
            {
                try
                {
                    WynChannels.Send(ctx, ch, "blocked", 44);
                    return "sent";
                }
                catch (WynPanicException panic)
                {
                    return $"{panic.Line}: {panic.Message}";
                }
            });
            WynTime.Sleep(ctx, 100, 1);
            WynChannels.Close(ctx, ch, 1);
            Assert.Equal($"44: send on a closed channel (channel {ch})", RuntimeHarness.Await(ctx, sender));
        });
    }

    [Fact]
    public void Misuse_is_a_panic_with_the_line()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            Assert.Equal(3, Assert.Throws<WynPanicException>(() => WynChannels.New(ctx, 0, 3)).Line);
            Assert.Throws<WynPanicException>(() => WynChannels.New(ctx, -5, 3));

            long ch = WynChannels.New(ctx, 2, 1);
            WynChannels.Send(ctx, ch, 1L, 1);
            var mismatch = Assert.Throws<WynPanicException>(() => WynChannels.Send(ctx, ch, "text", 8));
            Assert.Equal(8, mismatch.Line);
            Assert.Equal($"channel {ch} carries int values, cannot send string", mismatch.Message);
            Assert.Throws<WynPanicException>(() => WynChannels.Recv<double>(ctx, ch, 9));
            Assert.Equal(1L, WynChannels.Recv<long>(ctx, ch, 1));

            Assert.Equal("invalid channel handle 999", Assert.Throws<WynPanicException>(() => WynChannels.Send(ctx, 999, 1L, 4)).Message);
            Assert.Throws<WynPanicException>(() => WynChannels.Recv<long>(ctx, 0, 4));
            long cell = WynShared.New(ctx, 0);
            Assert.Equal($"invalid channel handle {cell}", Assert.Throws<WynPanicException>(() => WynChannels.Close(ctx, cell, 4)).Message);
            Assert.Equal($"invalid Shared handle {ch}", Assert.Throws<WynPanicException>(() => WynShared.Get(ctx, ch, 4)).Message);

            WynChannels.Close(ctx, ch, 1);
            Assert.Equal(5, Assert.Throws<WynPanicException>(() => WynChannels.Send(ctx, ch, 2L, 5)).Line);
        });
    }

    [Fact]
    public void A_producer_task_blocked_on_a_full_channel_does_not_run_its_consumer_on_top_of_itself()
    {
        // One worker: the producer spawns its consumer (queued behind it on the same worker), then fills
        // a capacity-1 channel. Had the blocked send helped by running queued work, the consumer would run
        // on the producer's stack, drain the channel and then wait forever for the producer underneath it.
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            var producer = RuntimeHarness.Spawn(ctx, () =>
            {
                var consumer = RuntimeHarness.Spawn(ctx, () =>
                {
                    long sum = 0;
                    for (long v = WynChannels.Recv<long>(ctx, ch, 1); v != 0; v = WynChannels.Recv<long>(ctx, ch, 1))
                    {
                        sum += v;
                    }

                    return sum;
                });
                for (long v = 1; v <= 100; v++)
                {
                    WynChannels.Send(ctx, ch, v, 1);
                }

                WynChannels.Close(ctx, ch, 1);
                return RuntimeHarness.Await(ctx, consumer);
            });
            Assert.Equal(5050L, RuntimeHarness.Await(ctx, producer));
        });
    }
}
