using Wyn.Engine;
using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// <see cref="WynFutureArray{T}"/> keeps one engine handle per element and the awaited values aside;
/// these pin the element states (not awaited, shared, awaited) through every operation.
/// </summary>
public sealed class FutureArrayTests
{
    [Fact]
    public void Awaiting_in_place_keeps_the_value_for_every_later_read()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var futures = new WynFutureArray<long>();
            for (long i = 0; i < 10; i++)
            {
                long n = i;
                futures.Push(RuntimeHarness.Spawn(ctx, () => n + 100));
            }

            Assert.Equal(103L, WynFutureArray<long>.Await(ctx, futures, 3, 1));
            Assert.Equal(103L, WynFutureArray<long>.Await(ctx, futures, -7, 1));
            WynFuture<long> copy = futures.Get(3, 1);            // a copy of an awaited element carries the value
            Assert.Equal(103L, WynFuture<long>.Await(ctx, ref copy));
            WynFuture<long> popped = futures.Pop(1);              // never awaited: still a live handle
            Assert.Equal(109L, WynFuture<long>.Await(ctx, ref popped));
            Assert.Equal(9L, futures.Count);
        });
    }

    [Fact]
    public void A_copy_taken_before_the_await_and_the_element_both_see_the_value()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var futures = new WynFutureArray<string>();
            futures.Push(RuntimeHarness.Spawn(ctx, () => "x"));
            WynFuture<string> copy = futures.Get(0, 1);
            Assert.Equal("x", WynFutureArray<string>.Await(ctx, futures, 0, 1));
            Assert.Equal("x", WynFuture<string>.Await(ctx, ref copy));
            Assert.Equal("x", WynFuture<string>.Await(ctx, ref copy));
            Assert.Equal("x", WynFutureArray<string>.Await(ctx, futures, 0, 1));
        });
    }

    [Fact]
    public void Storing_an_awaited_future_stores_its_value()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var futures = new WynFutureArray<long>();
            WynFuture<long> done = RuntimeHarness.Spawn(ctx, () => 5L);
            Assert.Equal(5L, WynFuture<long>.Await(ctx, ref done));
            futures.Push(done);
            futures.Push(RuntimeHarness.Spawn(ctx, () => 6L));
            futures.Set(1, done, 1);
            Assert.Equal(5L, WynFutureArray<long>.Await(ctx, futures, 0, 1));
            Assert.Equal(5L, WynFutureArray<long>.Await(ctx, futures, 1, 1));
            var literal = WynFutureArray<long>.FromArray([done, RuntimeHarness.Spawn(ctx, () => 7L)]);
            Assert.Equal(5L, WynFutureArray<long>.Await(ctx, literal, 0, 1));
            Assert.Equal(7L, WynFutureArray<long>.Await(ctx, literal, 1, 1));
            WynFuture<long> popped = literal.Pop(1);              // awaited in place: the value comes along
            Assert.Equal(7L, WynFuture<long>.Await(ctx, ref popped));
            literal.Push(RuntimeHarness.Spawn(ctx, () => 8L));    // a new future at the popped position: not the old value
            Assert.Equal(8L, WynFutureArray<long>.Await(ctx, literal, 1, 1));
        });
    }

    [Fact]
    public void Out_of_range_and_empty_pop_are_panics()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var futures = new WynFutureArray<long>();
            Assert.Equal(3, Assert.Throws<WynPanicException>(() => futures.Pop(3)).Line);
            futures.Push(RuntimeHarness.Spawn(ctx, () => 1L));
            Assert.Equal("index 1 out of range for array of length 1", Assert.Throws<WynPanicException>(() => WynFutureArray<long>.Await(ctx, futures, 1, 9)).Message);
            Assert.Throws<WynPanicException>(() => futures.Get(-2, 9));
            Assert.Throws<WynPanicException>(() => futures.Set(1, default, 9));
            Assert.Equal(1L, WynFutureArray<long>.Await(ctx, futures, 0, 1));
        });
    }

    [Fact]
    public void Values_awaited_out_of_order_past_the_first_chunk()
    {
        RuntimeHarness.RunMain("batched", 2, ctx =>
        {
            var futures = new WynFutureArray<long>();
            int n = WynArray<long>.ChunkLength + 100;
            for (long i = 0; i < n; i++)
            {
                futures.Push(WynTasks.Spawn(ctx, static x => x * 2, i));
            }

            Assert.Equal((n - 1) * 2L, WynFutureArray<long>.Await(ctx, futures, n - 1, 1));
            Assert.Equal(0L, WynFutureArray<long>.Await(ctx, futures, 0, 1));
            long total = 0;
            foreach (long value in WynTasks.AwaitAll(ctx, futures, 1).ToArray())
            {
                total += value;
            }

            Assert.Equal((long)n * (n - 1), total);
            Assert.Equal((n - 1) * 2L, WynFutureArray<long>.Await(ctx, futures, -1, 1));
        });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Tasks_may_await_different_elements_of_a_shared_array_at_the_same_time(int workers)
    {
        // Neighbouring elements share a word of awaited bits, and the side storage grows while other
        // tasks write into it: no await may be lost, or a later await would read a value as a handle.
        RuntimeHarness.RunMain("batched", workers, ctx =>
        {
            const int n = 200_000;
            var numbers = new WynFutureArray<long>();
            var words = new WynFutureArray<string>();
            for (long i = 0; i < n; i++)
            {
                numbers.Push(WynTasks.Spawn(ctx, static x => x + 1, i));
                words.Push(WynTasks.Spawn(ctx, static x => "w" + x, i));
            }

            var awaiters = new WynFutureArray<long>();
            for (long part = 0; part < 8; part++)
            {
                awaiters.Push(WynTasks.Spawn(ctx, static s =>
                {
                    long sum = 0;
                    for (long i = s.part; i < n; i += 8)
                    {
                        sum += WynFutureArray<long>.Await(s.ctx, s.numbers, i, 1);
                        sum += WynFutureArray<string>.Await(s.ctx, s.words, i, 1).Length;
                    }

                    return sum;
                }, (ctx, numbers, words, part)));
            }

            long total = 0;
            foreach (long partial in WynTasks.AwaitAll(ctx, awaiters, 1).ToArray())
            {
                total += partial;
            }

            long expectedLengths = Enumerable.Range(0, n).Sum(i => ("w" + i).Length);
            Assert.Equal(((long)n * (n + 1) / 2) + expectedLengths, total);
            for (long i = 0; i < n; i++)
            {
                Assert.Equal(i + 1, WynFutureArray<long>.Await(ctx, numbers, i, 1));   // every element kept its value
                Assert.Equal("w" + i, WynFutureArray<string>.Await(ctx, words, i, 1));
            }
        });
    }

    [Fact]
    public void Formats_and_compares_like_an_array_of_futures()
    {
        RuntimeHarness.RunMain("batched", 1, ctx =>
        {
            var a = new WynFutureArray<long>();
            var b = new WynFutureArray<long>();
            Assert.True(WynEquality.AreEqual(a, b));              // two empty arrays
            a.Push(RuntimeHarness.Spawn(ctx, () => 1L));
            a.Push(RuntimeHarness.Spawn(ctx, () => 2L));
            Assert.Equal("[<future>, <future>]", a.ToString());
            Assert.Equal("[<future>, <future>]", WynFormat.FutureArray(a));
            b.Push(a.Get(0, 1));
            b.Push(a.Get(1, 1));
            Assert.False(WynEquality.AreEqual(a, b));             // futures are never equal to each other
            Assert.True(Wyn.Language.Emit.ArrayEquality.AreFutureArraysEqual(a, a));
            Assert.False(a.Contains(a.Get(0, 1)));
            WynTasks.AwaitAll(ctx, a, 1);
        });
    }
}
