using System.Diagnostics;
using Wyn.Engine;
using Wyn.Language.Emit;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// Spawns pushed into a future array whose task writes its value over the element
/// (<c>WynFutureArray.InPlace.cs</c>, decision 0009): the element must behave exactly like a future
/// through every operation, also when the operation races with the task finishing.
/// </summary>
public sealed class FutureArrayInPlaceTests
{
    /// <summary>Elements never move in an array created with a full chunk of capacity: in place from the first push.</summary>
    private const int StableCapacity = 1 << 16;

    public static TheoryData<string, int> Strategies() => new()
    {
        { "batched", 1 }, { "batched", 2 }, { "work-stealing", 2 }, { "channels", 2 }, { "threadpool", 2 }, { "inline", 1 },
    };

    [Fact]
    public void Only_arrays_whose_elements_stay_put_and_values_that_fit_take_spawns_in_place()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var run = new WynRunState(ctx);
            var small = new WynFutureArray<long>();
            run.PushSpawn(small, Tracked(run, n => n + 1), 1L);
            var strings = new WynFutureArray<string>(StableCapacity);
            run.PushSpawn(strings, Tracked<long, string>(run, n => n.ToString()), 7L);
            var large = new WynFutureArray<long>(StableCapacity);
            run.PushSpawn(large, Tracked(run, n => n * 3), 5L);

            Assert.False(small.TryReserveInPlace(ctx.Engine, out _));
            Assert.False(strings.TryReserveInPlace(ctx.Engine, out _));
            Assert.Equal(2L, WynFutureArray<long>.Await(ctx, small, 0, 1));
            Assert.Equal("7", WynFutureArray<string>.Await(ctx, strings, 0, 1));
            Assert.Equal(15L, WynFutureArray<long>.Await(ctx, large, 0, 1));
            Assert.Equal(15L, WynFutureArray<long>.Await(ctx, large, 0, 1));
            Assert.Equal(1L, large.Count);
        });
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_element_gets_its_own_value_however_it_is_read(string scheduler, int workers)
    {
        const int count = 100_000;
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            var run = new WynRunState(ctx);
            var futures = new WynFutureArray<long>(StableCapacity);
            Func<long, long> square = Tracked(run, n => n * n);
            for (long i = 0; i < count; i++)
            {
                run.PushSpawn(futures, square, i);
            }

            // Copies (shared futures) of some elements, taken while their tasks may still be running.
            var copies = new List<(long Index, WynFuture<long> Copy)>();
            for (long i = count - 1; i >= 0; i -= 997)
            {
                copies.Add((i, futures.Get(i, 1)));
            }

            // Another task awaits the upper half in place while main awaits the lower half.
            WynFuture<long> upper = RuntimeHarness.Spawn(ctx, () =>
            {
                long s = 0;
                for (long i = count / 2; i < count; i++)
                    s += WynFutureArray<long>.Await(ctx, futures, i, 1);
                return s;
            });
            long lower = 0;
            for (long i = 0; i < count / 2; i++)
                lower += WynFutureArray<long>.Await(ctx, futures, i, 1);

            long expected = 0;
            for (long i = 0; i < count; i++)
                expected += i * i;
            Assert.Equal(expected, lower + RuntimeHarness.Await(ctx, upper));
            foreach ((long index, WynFuture<long> copy) in copies)
            {
                WynFuture<long> c = copy;
                Assert.Equal(index * index, WynFuture<long>.Await(ctx, ref c));
                Assert.Equal(index * index, WynFuture<long>.Await(ctx, ref c));
                Assert.Equal(index * index, WynFutureArray<long>.Await(ctx, futures, index, 1));
            }
        });
    }

    [Theory]
    [InlineData("batched", 2)]
    [InlineData("work-stealing", 2)]
    [InlineData("threadpool", 2)]
    public void Pop_and_set_of_a_pending_element_keep_its_value_for_the_popped_future(string scheduler, int workers)
    {
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            var run = new WynRunState(ctx);
            var futures = new WynFutureArray<long>(StableCapacity);
            using var gate = new ManualResetEventSlim(false);
            Func<long, long> gated = Tracked(run, AfterGate(ctx, gate, n => n + 1000));
            run.PushSpawn(futures, gated, 1L);   // replaced while pending
            run.PushSpawn(futures, gated, 2L);   // copied while pending
            run.PushSpawn(futures, gated, 3L);   // popped while pending
            Assert.False(futures.IsCompletedAt(2));

            futures.Set(0, RuntimeHarness.Spawn(ctx, () => 7L), 1);
            WynFuture<long> copy = futures.Get(1, 1);
            WynFuture<long> popped = futures.Pop(1);
            gate.Set();

            Assert.Equal(7L, WynFutureArray<long>.Await(ctx, futures, 0, 1));
            Assert.Equal(1002L, WynFuture<long>.Await(ctx, ref copy));
            Assert.Equal(1002L, WynFutureArray<long>.Await(ctx, futures, 1, 1));
            Assert.Equal(1003L, WynFuture<long>.Await(ctx, ref popped));
            Assert.Equal(1003L, WynFuture<long>.Await(ctx, ref popped));
            Assert.Equal(2L, futures.Count);

            // After a detach the array takes no more spawns in place; its pushes still work.
            Assert.False(futures.TryReserveInPlace(ctx.Engine, out _));
            run.PushSpawn(futures, Tracked(run, n => n), 9L);
            Assert.Equal(9L, WynFutureArray<long>.Await(ctx, futures, 2, 1));
        });
    }

    [Theory]
    [InlineData("batched", 2)]
    [InlineData("work-stealing", 2)]
    public void Pop_or_set_racing_with_the_task_finishing_never_loses_or_mixes_values(string scheduler, int workers)
    {
        const int rounds = 3_000;
        RuntimeHarness.RunMain(scheduler, workers, ctx =>
        {
            var run = new WynRunState(ctx);
            Func<long, long> twice = Tracked(run, n => 2 * n);
            for (int round = 0; round < rounds; round++)
            {
                // A fresh array each round: a detach retires in-place pushes for its array.
                var futures = new WynFutureArray<long>(StableCapacity);
                run.PushSpawn(futures, twice, round);
                run.PushSpawn(futures, twice, round + 1);
                Thread.SpinWait(round % 64);   // vary where in the task's life the detach lands
                if (round % 2 == 0)
                {
                    WynFuture<long> popped = futures.Pop(1);
                    Assert.Equal(2L * (round + 1), WynFuture<long>.Await(ctx, ref popped));
                    run.PushSpawn(futures, twice, round + 2);
                    Assert.Equal(2L * (round + 2), WynFutureArray<long>.Await(ctx, futures, 1, 1));
                }
                else
                {
                    futures.Set(1, WynFuture<long>.FromValue(-1), 1);
                    Assert.Equal(-1L, WynFutureArray<long>.Await(ctx, futures, 1, 1));
                }

                Assert.Equal(2L * round, WynFutureArray<long>.Await(ctx, futures, 0, 1));
            }
        });
    }

    /// <summary>
    /// A task claims its element without an atomic instruction (InPlaceWriters): it announces the
    /// element, looks for a detacher's mark, writes. A Set that marks the element after the task
    /// looked must wait until the value is written, or the task would write over the Set's value.
    /// The window is a few instructions wide; here the test plays the task and stays in it.
    /// </summary>
    [Fact]
    public void A_set_waits_for_a_task_that_looked_before_it_and_is_still_placing_its_value()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var futures = new WynFutureArray<long>(StableCapacity);
            Assert.True(futures.TryReserveInPlace(ctx.Engine, out int position));   // pending, with no task but the test
            Future<long>[] storage = futures.InPlaceStorage(position, out int first);
            using var looked = new ManualResetEventSlim();
            long placedAt = 0;
            var task = new Thread(() =>
            {
                InPlaceWriters.Writer writer = InPlaceWriters.Announce(futures, position);
                bool claimed = futures.IsClaimed(position);
                looked.Set();
                Thread.Sleep(300);   // descheduled between its look and its write
                if (!claimed)
                {
                    futures.Place(storage, position - first, position, 42);
                }

                Volatile.Write(ref placedAt, Stopwatch.GetTimestamp());
                InPlaceWriters.Withdraw(writer);
            });
            task.Start();
            Assert.True(looked.Wait(TimeSpan.FromSeconds(10)));

            futures.Set(position, WynFuture<long>.FromValue(-1), 1);
            long setDoneAt = Stopwatch.GetTimestamp();
            Assert.True(task.Join(TimeSpan.FromSeconds(10)));
            Assert.True(Volatile.Read(ref placedAt) != 0 && setDoneAt >= placedAt, "the Set went on while the task was still placing its value");
            Assert.Equal(-1L, WynFutureArray<long>.Await(ctx, futures, position, 1));
        });
    }

    [Fact]
    public void A_task_that_looks_after_a_set_marked_its_element_leaves_the_element_alone()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var futures = new WynFutureArray<long>(StableCapacity);
            Assert.True(futures.TryReserveInPlace(ctx.Engine, out int position));
            Future<long>[] storage = futures.InPlaceStorage(position, out int first);
            futures.Set(position, WynFuture<long>.FromValue(-1), 1);   // detaches the pending element
            futures.CompleteInPlace(storage, position - first, position, 42);
            Assert.Equal(-1L, WynFutureArray<long>.Await(ctx, futures, position, 1));
            Assert.False(futures.TryReserveInPlace(ctx.Engine, out _));   // after a detach, no more spawns in place
        });
    }

    [Fact]
    public void Await_any_finds_the_element_whose_task_finished_among_pending_ones()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var run = new WynRunState(ctx);
            var futures = new WynFutureArray<long>(StableCapacity);
            using var gate = new ManualResetEventSlim(false);
            Func<long, long> gated = Tracked(run, AfterGate(ctx, gate, n => n));
            run.PushSpawn(futures, gated, 1L);
            run.PushSpawn(futures, gated, 2L);
            run.PushSpawn(futures, Tracked(run, n => n * 100), 3L);

            Assert.Equal(300L, WynTasks.AwaitAny(ctx, futures, 1));
            Assert.False(futures.IsCompletedAt(0));
            gate.Set();
            Assert.Equal([1L, 2L, 300L], WynTasks.AwaitAll(ctx, futures, 1).ToArray());
        });
    }

    [Fact]
    public void A_failing_task_fails_the_await_of_its_element_and_of_copies()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var run = new WynRunState(ctx);
            var futures = new WynFutureArray<long>(StableCapacity);
            using var gate = new ManualResetEventSlim(false);
            run.PushSpawn(futures, Tracked(run, AfterGate<long>(ctx, gate, _ => throw new WynPanicException("broken", 4))), 0L);
            WynFuture<long> copy = futures.Get(0, 1);
            gate.Set();

            Assert.Throws<WynPanicException>(() => WynFutureArray<long>.Await(ctx, futures, 0, 1));
            Assert.Throws<WynPanicException>(() => WynFuture<long>.Await(ctx, ref copy));
            // The awaits above may throw the program's failure (reported by the thunk) a moment
            // before the task records it on its element; then the element counts as finished.
            Assert.True(SpinWait.SpinUntil(() => futures.IsCompletedAt(0), TimeSpan.FromSeconds(30)));
            Assert.NotNull(ctx.Failure);
        });
    }

    /// <summary>A task body that first waits (blocking, as the engine is told) until <paramref name="gate"/> opens: its element stays pending until then.</summary>
    private static Func<long, T> AfterGate<T>(WynContext ctx, ManualResetEventSlim gate, Func<long, T> body) => n =>
    {
        using (ctx.Engine.EnterBlocking())
            gate.Wait();
        return body(n);
    };

    /// <summary>A thunk as generated code makes it: failures reported to the run, the task's finish counted.</summary>
    private static Func<TState, TResult> Tracked<TState, TResult>(WynRunState run, Func<TState, TResult> body) => state =>
    {
        try
        {
            return body(state);
        }
        catch (Exception error)
        {
            run.TaskFailed(error);
            throw;
        }
        finally
        {
            run.TaskFinished();
        }
    };

    private static Func<long, long> Tracked(WynRunState run, Func<long, long> body) => Tracked<long, long>(run, body);
}
