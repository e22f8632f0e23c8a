using Wyn.Language.Runtime;

namespace Wyn.Language.Tests.Runtime;

/// <summary>
/// <see cref="ChunkedSlots{T}"/>, the side storage of every awaited array of futures: small chunks
/// first (most such arrays are small), then fixed-size ones; elements never move.
/// </summary>
public sealed class ChunkedSlotsTests
{
    private const int Chunk = ChunkedSlots<long>.ChunkLength;

    [Fact]
    public void Every_index_across_the_small_and_the_full_chunks_keeps_its_own_element()
    {
        var slots = new ChunkedSlots<long>();
        int n = (3 * Chunk) + 5;
        for (int i = 0; i < n; i++)
        {
            slots.At(i) = i + 1L;
        }

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(i + 1L, slots.Read(i));
            Assert.Equal(i + 1L, slots.ReadAcquire(i));
            Assert.True(slots.Exists(i));
        }

        Assert.Equal(0L, slots.Read(n + Chunk));
        Assert.False(slots.Exists(n + Chunk));
    }

    [Fact]
    public void A_reference_taken_before_later_chunks_are_created_still_writes_its_element()
    {
        var slots = new ChunkedSlots<long>();
        ref long first = ref slots.At(3);
        for (int i = 8; i < 2 * Chunk; i += 7)
        {
            slots.At(i) = -1;   // creates every later chunk and grows the directory
        }

        first = 42;
        Assert.Equal(42L, slots.Read(3));
    }

    [Fact]
    public void Writing_the_first_element_allocates_a_small_chunk_not_a_full_one()
    {
        // await_all([spawn f(a), spawn f(b)]) in a recursion creates this storage once per array:
        // with a first chunk of 4,096 words (32 KB) spawnfib written that way ran 8x slower.
        var warmUp = new ChunkedSlots<ulong>();
        warmUp.At(0) = 1;
        var slots = new ChunkedSlots<ulong>();
        long before = GC.GetAllocatedBytesForCurrentThread();
        slots.At(0) = 1;
        slots.At(7) |= 2;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 512, $"{allocated} bytes allocated for two elements");
        Assert.Equal(1UL, slots.Read(0));
        Assert.Equal(2UL, slots.Read(7));
    }
}
