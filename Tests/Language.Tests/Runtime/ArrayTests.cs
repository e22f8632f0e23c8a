using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

public sealed class ArrayTests
{
    [Fact]
    public void Push_get_set_and_negative_indexes()
    {
        var xs = new WynArray<long>();
        for (long i = 0; i < 100; i++)
        {
            xs.Push(i * 10);
        }

        Assert.Equal(100L, xs.Count);
        Assert.Equal(0L, xs.Get(0, 1));
        Assert.Equal(990L, xs.Get(-1, 1));
        Assert.Equal(980L, xs.Get(-2, 1));
        xs.Set(-1, 7, 1);
        Assert.Equal(7L, xs.Get(99, 1));
        xs.ElementRef(3, 1) += 5;
        Assert.Equal(35L, xs.Get(3, 1));
    }

    [Theory]
    [InlineData(3L)]
    [InlineData(-4L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Out_of_range_is_a_panic(long index)
    {
        var xs = WynArray<long>.FromArray([1, 2, 3]);
        var panic = Assert.Throws<WynPanicException>(() => xs.Get(index, 42));
        Assert.Equal(42, panic.Line);
        Assert.Equal($"index {index} out of range for array of length 3", panic.Message);
        Assert.Throws<WynPanicException>(() => xs.Set(index, 0, 42));
        Assert.Throws<WynPanicException>(() => xs.ElementRef(index, 42));
    }

    [Fact]
    public void Reference_semantics()
    {
        var xs = new WynArray<string>();
        static void AddFromCallee(WynArray<string> array) => array.Push("added");
        AddFromCallee(xs);
        Assert.Equal(1L, xs.Count);
        Assert.Equal("added", xs.Get(0, 1));
    }

    [Fact]
    public void Pop_returns_last_and_panics_when_empty()
    {
        var xs = WynArray<string>.FromArray(["a", "b"]);
        Assert.Equal("b", xs.Pop(1));
        Assert.Equal("a", xs.Pop(1));
        Assert.Equal(0L, xs.Count);
        Assert.Equal("pop from an empty array", Assert.Throws<WynPanicException>(() => xs.Pop(8)).Message);
        xs.Push("c");
        Assert.Equal("[\"c\"]", xs.ToString());
    }

    [Fact]
    public void Contains_uses_wyn_equality()
    {
        Assert.True(WynArray<long>.FromArray([1, 2, 3]).Contains(2));
        Assert.False(WynArray<long>.FromArray([1, 2, 3]).Contains(4));
        Assert.True(WynArray<string>.FromArray(["a", "b"]).Contains("b"));
        Assert.False(WynArray<double>.FromArray([double.NaN]).Contains(double.NaN));
        Assert.True(WynArray<double>.FromArray([0.0]).Contains(-0.0));
        var nested = WynArray<WynArray<long>>.FromArray([WynArray<long>.FromArray([1, 2])]);
        Assert.True(nested.Contains(WynArray<long>.FromArray([1, 2])));
        Assert.False(nested.Contains(WynArray<long>.FromArray([2, 1])));
    }

    [Fact]
    public void AssertEq_reports_both_values()
    {
        WynPanics.AssertEq(3L, 3L, 1);
        WynPanics.AssertEq("a", "a", 1);
        WynPanics.AssertEq(WynArray<long>.FromArray([1]), WynArray<long>.FromArray([1]), 1);
        var panic = Assert.Throws<WynPanicException>(() => WynPanics.AssertEq("a", "b", 6));
        Assert.Equal("assertion failed: \"a\" != \"b\"", panic.Message);
        Assert.Equal(6, panic.Line);
        Assert.Equal("assertion failed: 1 != 2", Assert.Throws<WynPanicException>(() => WynPanics.AssertEq(1L, 2L, 1)).Message);
        Assert.Equal("boom", Assert.Throws<WynPanicException>(() => WynPanics.Panic("boom", 2)).Message);
    }

    [Fact]
    public void CheckStack_turns_unbounded_recursion_into_a_panic()
    {
        static long Recurse(long depth)
        {
            WynPanics.CheckStack(77);
            return Recurse(depth + 1) + 1;
        }

        // A dedicated thread with a small stack makes the test quick and independent of the runner's stack.
        WynPanicException? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                Recurse(0);
            }
            catch (WynPanicException panic)
            {
                caught = panic;
            }
        }, 256 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.NotNull(caught);
        Assert.Equal("stack overflow", caught.Message);
        Assert.Equal(77, caught.Line);
    }
}
