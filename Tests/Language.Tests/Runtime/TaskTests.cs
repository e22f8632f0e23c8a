using System.Diagnostics;
using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class TaskTests
{
    [Theory]
    [InlineData("batched", 1)]
    [InlineData("batched", 4)]
    [InlineData("inline", 1)]
    public void Await_memoizes_in_place(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            int runs = 0;
            var future = RuntimeHarness.Spawn(ctx, () =>
            {
                Interlocked.Increment(ref runs);
                return 1764L;
            });
            Assert.Equal(1764L, WynFuture<long>.Await(ctx, ref future));
            Assert.Equal(1764L, WynFuture<long>.Await(ctx, ref future));
            Assert.True(future.IsCompleted);
            Assert.Equal(1, runs);
        });
    }

    [Theory]
    [InlineData("batched", 1)]
    [InlineData("batched", 4)]
    [InlineData("inline", 1)]
    public void Shared_copies_of_a_future_all_return_the_same_value(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            static long Twice(WynContext ctx, WynFuture<long> f) => WynFuture<long>.Await(ctx, ref f) + WynFuture<long>.Await(ctx, ref f);

            var g = WynTasks.Spawn(ctx, static n => n * n, 3L);
            Assert.Equal(18L, Twice(ctx, WynFuture<long>.Share(ref g)));   // twice(g) — a copy goes to the callee
            Assert.Equal(18L, Twice(ctx, WynFuture<long>.Share(ref g)));   // and again: the original is still awaitable
            WynFuture<long> copy = WynFuture<long>.Share(ref g);           // var h = g
            Assert.Equal(9L, WynFuture<long>.Await(ctx, ref g));
            Assert.Equal(9L, WynFuture<long>.Await(ctx, ref copy));
            Assert.Equal(9L, WynFuture<long>.Await(ctx, ref copy));

            var awaitedFirst = WynTasks.Spawn(ctx, static n => n + 1, 41L);
            Assert.Equal(42L, WynFuture<long>.Await(ctx, ref awaitedFirst));
            WynFuture<long> later = WynFuture<long>.Share(ref awaitedFirst);   // copying after the await just copies the value
            Assert.Equal(42L, WynFuture<long>.Await(ctx, ref later));
        });
    }

    [Fact]
    public void An_await_after_another_task_failed_throws_that_failure()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var fine = WynTasks.Spawn(ctx, static n => n, 5L);
            while (!fine.IsCompleted)
            {
                Thread.Sleep(1);
            }

            var failing = WynTasks.Spawn(ctx, static n => WynInt.Div(n, 0, 8), 1L);
            Assert.Throws<WynPanicException>(() => WynFuture<long>.Await(ctx, ref failing));
            var panic = Assert.Throws<WynPanicException>(() => WynFuture<long>.Await(ctx, ref fine));
            Assert.Equal(8, panic.Line);
        });
    }

    [Theory]
    [InlineData("batched", 1)]
    [InlineData("batched", 4)]
    [InlineData("inline", 1)]
    public void AwaitAll_returns_results_in_index_order(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            var futures = new WynFutureArray<long>();
            for (long i = 0; i < 200; i++)
            {
                long n = i;
                futures.Push(RuntimeHarness.Spawn(ctx, () =>
                {
                    if (n % 7 == 0)
                    {
                        Thread.Sleep(1);   // finish out of order
                    }

                    return n * n;
                }));
            }

            WynArray<long> results = WynTasks.AwaitAll(ctx, futures, 1);
            Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i * i), results.ToArray());
            Assert.Equal(49L, WynFutureArray<long>.Await(ctx, futures, 7, 1));   // still awaitable: same value
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void AwaitAny_returns_the_first_to_finish_and_the_others_keep_running(int workers)
    {
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long gate = WynChannels.New(ctx, 1, 1);
            var futures = new WynFutureArray<string>();
            futures.Push(RuntimeHarness.Spawn(ctx, () => "slow:" + WynChannels.Recv<string>(ctx, gate, 1)));
            futures.Push(RuntimeHarness.Spawn(ctx, () =>
            {
                WynTime.Sleep(ctx, 30, 1);
                return "fast";
            }));
            Assert.Equal("fast", WynTasks.AwaitAny(ctx, futures, 1));
            Assert.False(futures.Get(0, 1).IsCompleted);
            WynChannels.Send(ctx, gate, "released", 1);
            Assert.Equal("slow:released", WynFutureArray<string>.Await(ctx, futures, 0, 1));
            Assert.Equal("fast", WynFutureArray<string>.Await(ctx, futures, 1, 1));
            Assert.Equal("slow:released", WynTasks.AwaitAny(ctx, futures, 1));   // both finished: the lowest index wins
        });
    }

    [Fact]
    public void AwaitAny_of_nothing_is_a_panic()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
            Assert.Equal(4, Assert.Throws<WynPanicException>(() => WynTasks.AwaitAny(ctx, new WynFutureArray<long>(), 4)).Line));
    }

    [Fact]
    public void A_task_panic_is_rethrown_at_await_with_its_line()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var future = RuntimeHarness.Spawn(ctx, () => WynInt.Div(1, 0, 33));
            var panic = Assert.Throws<WynPanicException>(() => RuntimeHarness.Await(ctx, future));
            Assert.Equal(33, panic.Line);
            Assert.Equal("division by zero", panic.Message);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Fail_ends_main_waits_promptly(int workers)
    {
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            long ch = WynChannels.New(ctx, 1, 1);
            RuntimeHarness.Spawn(ctx, () =>
            {
                WynTime.Sleep(ctx, 50, 1);
                WynPanics.Panic("boom", 12);
            });
            var clock = Stopwatch.StartNew();
            var panic = Assert.Throws<WynPanicException>(() => WynChannels.Recv<long>(ctx, ch, 1));
            Assert.Equal("boom", panic.Message);
            Assert.Equal(12, panic.Line);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        });
    }

    [Fact]
    public void Fail_ends_a_main_await_and_a_sleeping_task_promptly()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var sleeper = RuntimeHarness.Spawn(ctx, () => WynTime.Sleep(ctx, 60_000, 1));
            RuntimeHarness.Spawn(ctx, () =>
            {
                WynTime.Sleep(ctx, 50, 1);
                WynPanics.Panic("task failed", 3);
            });
            var clock = Stopwatch.StartNew();
            Assert.Equal("task failed", Assert.Throws<WynPanicException>(() => RuntimeHarness.Await(ctx, sleeper)).Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        });
    }

    [Fact]
    public void Sleep_pauses_at_least_the_given_time()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var clock = Stopwatch.StartNew();
            WynTime.Sleep(ctx, 120, 1);
            Assert.True(clock.ElapsedMilliseconds >= 115, clock.ElapsedMilliseconds.ToString());
            WynTime.Sleep(ctx, 0, 1);
            WynTime.Sleep(ctx, -5, 1);
        });
    }

    [Fact]
    public void Sleeping_tasks_do_not_hold_up_the_only_worker()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            int active = 0;
            int mostAtOnce = 0;
            var sleepers = Enumerable.Range(0, 8).Select(_ => RuntimeHarness.Spawn(ctx, () =>
            {
                int now = Interlocked.Increment(ref active);
                int seen;
                while ((seen = Volatile.Read(ref mostAtOnce)) < now && Interlocked.CompareExchange(ref mostAtOnce, now, seen) != seen)
                {
                }

                WynTime.Sleep(ctx, 300, 1);
                Interlocked.Decrement(ref active);
            })).ToList();
            foreach (WynFuture<Unit> sleeper in sleepers)
            {
                RuntimeHarness.Await(ctx, sleeper);
            }

            // With the only worker held by a sleeping task, the tasks would sleep one after another.
            // EnterBlocking lets the scheduler run others meanwhile (timing-free check: a busy machine
            // makes durations meaningless, overlap is not).
            Assert.True(mostAtOnce >= 2, $"at most {mostAtOnce} task(s) slept at once");
        });
    }

    [Fact]
    public void Clocks_move_forward()
    {
        long ns = WynTime.TimeNs();
        long ms = WynTime.NowMillis();
        long us = WynTime.Micros();
        double seconds = WynTime.TimeNow();
        Thread.Sleep(20);
        Assert.InRange(WynTime.TimeNs() - ns, 15_000_000L, 10_000_000_000L);
        Assert.InRange(WynTime.NowMillis() - ms, 15L, 10_000L);
        Assert.InRange(WynTime.Micros() - us, 15_000L, 10_000_000L);
        Assert.InRange(WynTime.TimeNow() - seconds, 0.015, 10.0);
        Assert.InRange(us / 1000 - ms, -5L, 100L);
        Assert.InRange(seconds * 1000 - ms, -5.0, 100.0);
    }
}
