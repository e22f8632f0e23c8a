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
/// </remarks>
internal sealed class ChunkedSlots<T>
{
    private const int ChunkShift = 12;
    private const int ChunkLength = 1 << ChunkShift;
    private const int ChunkMask = ChunkLength - 1;

    private readonly Lock gate = new();
    private T[]?[] chunks = [];

    /// <summary>The element at <paramref name="index"/>, or default if it was never written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Read(int index)
    {
        T[]?[] directory = Volatile.Read(ref chunks);
        int chunk = index >> ChunkShift;
        return chunk < directory.Length && Volatile.Read(ref directory[chunk]) is { } items ? items[index & ChunkMask] : default!;
    }

    /// <summary>
    /// Like <see cref="Read"/>, with acquire semantics: reads after it (e.g. of an element whose
    /// "written" bit this is) cannot be satisfied before it, on any processor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T ReadAcquire(int index)
    {
        T[]?[] directory = Volatile.Read(ref chunks);
        int chunk = index >> ChunkShift;
        return chunk < directory.Length && Volatile.Read(ref directory[chunk]) is { } items ? ReadOrdered(ref items[index & ChunkMask]) : default!;
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
        int chunk = index >> ChunkShift;
        return chunk < directory.Length && Volatile.Read(ref directory[chunk]) is not null;
    }

    /// <summary>A reference to the element at <paramref name="index"/>, creating its chunk if needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T At(int index)
    {
        int chunk = index >> ChunkShift;
        T[]?[] directory = Volatile.Read(ref chunks);
        if (chunk < directory.Length && Volatile.Read(ref directory[chunk]) is { } items)
        {
            return ref items[index & ChunkMask];
        }

        return ref Create(chunk)[index & ChunkMask];
    }

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
                items = new T[ChunkLength];
                Volatile.Write(ref directory[chunk], items);
            }

            Volatile.Write(ref chunks, directory);
            return items;
        }
    }
}
