using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// A big Wyn array keeps its elements in a head plus fixed-size chunks (no copy when it grows past the
/// head): every operation must see one sequence of elements across the head/chunk boundaries.
/// </summary>
public sealed class ArrayChunkTests
{
    private const int Chunk = WynArray<long>.ChunkLength;

    [Fact]
    public void Elements_pushed_across_several_chunks_read_back_in_order()
    {
        var xs = new WynArray<long>();
        int n = (3 * Chunk) + 17;
        for (long i = 0; i < n; i++)
        {
            xs.Push(i * 3);
        }

        Assert.Equal(n, xs.Count);
        foreach (long i in new long[] { 0, Chunk - 1, Chunk, Chunk + 1, (2 * Chunk) - 1, 2 * Chunk, n - 1 })
        {
            Assert.Equal(i * 3, xs.Get(i, 1));
        }

        Assert.Equal((n - 1) * 3L, xs.Get(-1, 1));
        Assert.Equal((n - Chunk - 1) * 3L, xs.Get(-Chunk - 1, 1));
        long[] copy = xs.ToArray();
        Assert.Equal(n, copy.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i * 3L, copy[i]);
        }
    }

    [Fact]
    public void Set_element_ref_and_pop_work_in_chunks()
    {
        var xs = new WynArray<long>();
        for (long i = 0; i < Chunk + 2; i++)
        {
            xs.Push(i);
        }

        xs.Set(Chunk, -5, 1);
        xs.ElementRef(Chunk + 1, 1) += 100;
        Assert.Equal(-5L, xs.Get(Chunk, 1));
        Assert.Equal(Chunk + 101L, xs.Pop(1));
        Assert.Equal(-5L, xs.Pop(1));
        Assert.Equal(Chunk - 1L, xs.Pop(1));
        Assert.Equal(Chunk - 1L, xs.Count);
        xs.Push(42);
        Assert.Equal(42L, xs.Get(-1, 1));
        Assert.Throws<WynPanicException>(() => xs.Get(Chunk, 1));
    }

    [Fact]
    public void Popped_references_in_chunks_are_released()
    {
        var xs = new WynArray<string>();
        for (int i = 0; i <= Chunk; i++)
        {
            xs.Push("s" + i);
        }

        Assert.Equal("s" + Chunk, xs.Pop(1));
        xs.Push("again");
        Assert.Equal("again", xs.Get(Chunk, 1));
    }

    [Fact]
    public void A_literal_longer_than_a_chunk_grows_with_chunks_after_it()
    {
        long[] literal = Enumerable.Range(0, Chunk + 10).Select(i => (long)i).ToArray();
        var xs = WynArray<long>.FromArray(literal);
        xs.Push(-1);
        xs.Push(-2);
        Assert.Equal(Chunk + 12L, xs.Count);
        Assert.Equal(Chunk + 9L, xs.Get(Chunk + 9, 1));
        Assert.Equal(-1L, xs.Get(Chunk + 10, 1));
        Assert.Equal(-2L, xs.Get(-1, 1));
    }

    [Fact]
    public void Equality_contains_and_formatting_span_chunks()
    {
        var a = new WynArray<long>();
        var b = new WynArray<long>();
        for (long i = 0; i < Chunk + 3; i++)
        {
            a.Push(i);
            b.Push(i);
        }

        Assert.True(WynEquality.AreEqual(a, b));
        b.Set(-1, 0, 1);
        Assert.False(WynEquality.AreEqual(a, b));
        Assert.True(a.Contains(Chunk + 2));
        Assert.False(a.Contains(-7));
        Assert.EndsWith($"{Chunk}, {Chunk + 1}, {Chunk + 2}]", a.ToString(), StringComparison.Ordinal);
    }
}
