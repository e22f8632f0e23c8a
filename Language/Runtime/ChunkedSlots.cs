using System.Numerics;
using System.Runtime.CompilerServices;

namespace Wyn.Language.Runtime;

/// <summary>
/// A sparse, growable array of <typeparamref name="T"/> whose elements never move: fixed-size chunks
/// created on first write, under a lock, and a directory of chunks replaced (never mutated in place)
/// when it grows. So threads may write different elements at the same time — each through a
/// reference that stays valid — and readers never see a torn copy. Unwritten elements read as default.
/// </summary>
/// <remarks>
/// Used by <see cref="WynFutureArray{T}"/> for what it keeps beside its handles: tasks that share an
/// array of futures may await different elements of it concurrently, as they could when each element
/// was a whole <see cref="WynFuture{T}"/>, so that side storage must not grow by copying.
/// <para>
/// The first chunks are small and double in length (8, 8, 16, 32, … 2,048 elements: the first
/// <see cref="ChunkLength"/> elements in 10 chunks); from then on every chunk holds
/// <see cref="ChunkLength"/>. Every array of futures that is awaited gets this storage, and most are
/// small (<c>await_all([spawn f(a), spawn f(b)])</c> in a recursion): with a first chunk of 4,096
/// elements, 32 KB allocated and zeroed per array, spawnfib(30) written that way took 4.9 s instead
/// of 0.6 s.
/// </para>
/// </remarks>
internal sealed class ChunkedSlots<T>
{
    private const int ChunkShift = 12;
    internal const int ChunkLength = 1 << ChunkShift;
    private const int ChunkMask = ChunkLength - 1;

    /// <summary>The first chunk's length is 1 &lt;&lt; FirstShift; the chunks up to <see cref="ChunkLength"/> double.</summary>
    private const int FirstShift = 3;

    /// <summary>How many chunks the first <see cref="ChunkLength"/> elements take (8, 8, 16, … 2,048).</summary>
    private const int SmallChunks = ChunkShift - FirstShift + 1;

    private readonly Lock gate = new();
    private T[]?[] chunks = [];

    /// <summary>The element at <paramref name="index"/>, or default if it was never written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Read(int index)
    {
        T[]?[] directory = Volatile.Read(ref chunks);
        int chunk = Locate(index, out int offset);
        return chunk < directory.Length && Volatile.Read(ref directory[chunk]) is { } items ? items[offset] : default!;
    }

    /// <summary>
    /// Like <see cref="Read"/>, with acquire semantics: reads after it (e.g. of an element whose
    /// "written" bit this is) cannot be satisfied before it, on any processor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T ReadAcquire(int index)
    {
        T[]?[] directory = Volatile.Read(ref chunks);
        int chunk = Locate(index, out int offset);
        return chunk < directory.Length && Volatile.Read(ref directory[chunk]) is { } items ? ReadOrdered(ref items[offset]) : default!;
    }

    /// <summary>A volatile read of an 8-byte, reference-free element (the bit words this is used for).</summary>
    private static T ReadOrdered(ref T item) =>
        Unsafe.SizeOf<T>() == sizeof(long) && !RuntimeHelpers.IsReferenceOrContainsReferences<T>()
            ? Unsafe.BitCast<long, T>(Volatile.Read(ref Unsafe.As<T, long>(ref item)))
            : throw new NotSupportedException("ReadAcquire is for 8-byte words");

    /// <summary>True when the chunk holding <paramref name="index"/> exists (its element can be cleared in place).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Exists(int index)
    {
        T[]?[] directory = Volatile.Read(ref chunks);
        int chunk = Locate(index, out _);
        return chunk < directory.Length && Volatile.Read(ref directory[chunk]) is not null;
    }

    /// <summary>A reference to the element at <paramref name="index"/>, creating its chunk if needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T At(int index)
    {
        int chunk = Locate(index, out int offset);
        T[]?[] directory = Volatile.Read(ref chunks);
        if (chunk < directory.Length && Volatile.Read(ref directory[chunk]) is { } items)
        {
            return ref items[offset];
        }

        return ref Create(chunk)[offset];
    }

    /// <summary>The chunk holding <paramref name="index"/> (0 or more), and the index within it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Locate(int index, out int offset)
    {
        if ((uint)index < ChunkLength)
        {
            // Chunk c ≥ 1 starts at 1 << (c + FirstShift - 1); the first, at 0, is as long as the second.
            int top = BitOperations.Log2((uint)index | ((1u << FirstShift) - 1));
            offset = index - ((1 << top) & ~((1 << FirstShift) - 1));
            return top - FirstShift + 1;
        }

        offset = index & ChunkMask;
        return (index >> ChunkShift) + SmallChunks - 1;
    }

    /// <summary>The length of chunk <paramref name="chunk"/>.</summary>
    private static int LengthOf(int chunk) =>
        chunk >= SmallChunks ? ChunkLength : 1 << Math.Max(FirstShift, chunk + FirstShift - 1);

    private T[] Create(int chunk)
    {
        lock (gate)
        {
            T[]?[] directory = chunks;
            if (chunk >= directory.Length)
            {
                var larger = new T[]?[Math.Max(chunk + 1, directory.Length * 2)];
                Array.Copy(directory, larger, directory.Length);
                directory = larger;
            }

            T[]? items = directory[chunk];
            if (items is null)
            {
                items = new T[LengthOf(chunk)];
                Volatile.Write(ref directory[chunk], items);
            }

            Volatile.Write(ref chunks, directory);
            return items;
        }
    }
}
