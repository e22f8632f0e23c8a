using System.Runtime.CompilerServices;
using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Wyn <c>[T]</c>: a growable array with reference semantics (a callee's push is visible to the
/// caller). Indexes are Wyn ints; a negative index counts from the end; out of range is a panic.
/// Not synchronized: tasks that share an array must coordinate through channels or Shared, as with
/// any mutable data (a race can lose updates but never breaks memory safety).
/// </summary>
/// <remarks>
/// Storage: a contiguous head that grows by doubling up to <see cref="ChunkLength"/> elements (or
/// any length, for an array literal), then fixed-size chunks after it. A big array therefore never
/// copies itself and never holds an old and a new copy at once: growing a 10M-element array by
/// doubling peaked at 25M elements (the old array plus the new one of 16.7M) — 400 MB of the 640 MB
/// that W1 at 10M used as a Wyn program (docs/language.md, "Memory"). Elements below the head's
/// length cost one comparison more than a plain array; elements in chunks one more indirection.
/// </remarks>
public sealed class WynArray<T> : IWynValue
{
    /// <summary>Elements per chunk, and the length at which the head stops growing.</summary>
    internal const int ChunkLength = 1 << ChunkShift;

    private const int ChunkShift = 16;
    private const int ChunkMask = ChunkLength - 1;

    private T[] head;
    private T[][] chunks = [];
    private int chunkCount;
    private int count;

    public WynArray()
    {
        head = [];
    }

    public WynArray(int capacity)
    {
        head = capacity > 0 ? new T[Math.Min(capacity, ChunkLength)] : [];
    }

    private WynArray(T[] items)
    {
        head = items;
        count = items.Length;
    }

    /// <summary>Array literal: the given .NET array is taken over (not copied).</summary>
    public static WynArray<T> FromArray(T[] items) => new(items);

    public long Count => count;

    public T Get(long index, int line) => ElementRef(index, line);

    public void Set(long index, T value, int line) => ElementRef(index, line) = value;

    /// <summary>
    /// Reference to an element, for compound assignment and for awaiting a stored future in place.
    /// The reference stays valid while the head does not grow (the caller uses it at once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T ElementRef(long index, int line)
    {
        // One unsigned comparison covers both "negative" and "too large".
        if ((ulong)index < (ulong)count)
        {
            T[] first = head;
            if ((uint)index < (uint)first.Length)
            {
                return ref first[(int)index];
            }

            return ref ChunkElement((int)index);
        }

        return ref ElementAt(ResolveSlow(index, line));
    }

    public void Push(T value)
    {
        int index = count;
        T[] first = head;
        if ((uint)index < (uint)first.Length)
        {
            first[index] = value;
        }
        else
        {
            // Past the head: into the last chunk while it has room, else grow (SlotForPush).
            int offset = index - first.Length;
            int chunk = offset >> ChunkShift;
            if (chunk < chunkCount)
            {
                chunks[chunk][offset & ChunkMask] = value;
            }
            else
            {
                SlotForPush(index) = value;
            }
        }

        count = index + 1;
    }

    public T Pop(int line)
    {
        if (count == 0)
        {
            throw new WynPanicException("pop from an empty array", line);
        }

        ref T last = ref ElementAt(count - 1);
        T value = last;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            last = default!;   // do not keep popped objects alive
        }

        count--;
        return value;
    }

    public bool Contains(T value)
    {
        for (int i = 0; i < count; i++)
        {
            if (WynEquality.AreEqual(ElementAt(i), value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copy of the live elements (for the runtime and tests; not a Wyn operation).</summary>
    public T[] ToArray()
    {
        var copy = new T[count];
        for (int i = 0; i < count; i++)
        {
            copy[i] = ElementAt(i);
        }

        return copy;
    }

    public override string ToString() => WynFormat.Array(this);

    void IWynValue.AppendTo(StringBuilder text)
    {
        text.Append('[');
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            WynFormat.AppendElement(text, ElementAt(i));
        }

        text.Append(']');
    }

    bool IWynValue.StructurallyEquals(object? other)
    {
        // No reference-equality shortcut: an array holding nan is not equal to itself (IEEE, as for floats).
        if (other is not WynArray<T> array || array.count != count)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (!WynEquality.AreEqual(ElementAt(i), array.ElementAt(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The position of <paramref name="index"/> (negative counts from the end); out of range is a panic.</summary>
    internal int Resolve(long index, int line) => (ulong)index < (ulong)count ? (int)index : ResolveSlow(index, line);

    private int ResolveSlow(long index, int line)
    {
        long resolved = index < 0 ? index + count : index;
        if ((ulong)resolved >= (ulong)count)
        {
            throw new WynPanicException($"index {index} out of range for array of length {count}", line);
        }

        return (int)resolved;
    }

    /// <summary>Element <paramref name="index"/>, which the caller knows to be below the count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref T ElementAt(int index)
    {
        T[] first = head;
        if ((uint)index < (uint)first.Length)
        {
            return ref first[index];
        }

        return ref ChunkElement(index);
    }

    /// <summary>An element past the head. Once there are chunks the head no longer changes, so its length is the chunks' origin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref T ChunkElement(int index)
    {
        int offset = index - head.Length;
        return ref chunks[offset >> ChunkShift][offset & ChunkMask];
    }

    /// <summary>Where element <paramref name="index"/> (= count, past the head) goes: grows the head while it is small, else adds a chunk when the last one is full.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref T SlotForPush(int index)
    {
        if (index >= System.Array.MaxLength)
        {
            throw new WynPanicException("array is too large", 0);
        }

        if (chunkCount == 0 && head.Length < ChunkLength)
        {
            int newLength = head.Length == 0 ? 4 : Math.Min(head.Length * 2, ChunkLength);
            System.Array.Resize(ref head, newLength);
            return ref head[index];
        }

        int offset = index - head.Length;
        int chunk = offset >> ChunkShift;
        if (chunk == chunkCount)
        {
            if (chunkCount == chunks.Length)
            {
                System.Array.Resize(ref chunks, Math.Max(4, chunks.Length * 2));
            }

            chunks[chunkCount++] = new T[ChunkLength];
        }

        return ref chunks[chunk][offset & ChunkMask];
    }
}
