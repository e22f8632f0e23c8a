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
/// <para>
/// "Never breaks memory safety" means no .NET exception escapes an unsynchronized race (tasks pushing
/// to one array reached NullReferenceException and IndexOutOfRangeException, reported as "internal
/// error"). So: growth (<see cref="SlotForPush"/>, the rare path) is serialized by a lock, re-checks
/// what another pusher did meanwhile, and publishes a new chunk before the chunk count
/// (<c>Volatile.Write</c>) and the chunk count before any element count that relies on it; every
/// operation reads <c>count</c> once, so a concurrent pop or push cannot make it see two different
/// lengths. On x86 the volatile accesses are plain moves: the single-task paths cost the same.
/// </para>
/// </remarks>
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

    /// <summary>Serializes growth (new head, new chunk); never taken on the element paths.</summary>
    private readonly object growthGate = new();

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

    public long Count => Volatile.Read(ref count);

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
        if ((ulong)index < (ulong)Volatile.Read(ref count))
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
            // Past the head: into the last chunk while it has room, else grow (SlotForPush). The
            // chunk count is read before the chunk table, so the table read has that chunk.
            int offset = index - first.Length;
            int chunk = offset >> ChunkShift;
            if ((uint)chunk < (uint)Volatile.Read(ref chunkCount))
            {
                Volatile.Read(ref chunks)[chunk][offset & ChunkMask] = value;
            }
            else
            {
                SlotForPush(index) = value;
            }
        }

        Volatile.Write(ref count, index + 1);
    }

    /// <summary>
    /// The storage array holding element <paramref name="index"/> (the head or a chunk) and the
    /// element's offset in it: for a thread that writes the element later without reading this
    /// array's own fields, which the pushing thread keeps writing (<see cref="Count"/>). Only
    /// meaningful while <see cref="ElementsStayPut"/>.
    /// </summary>
    internal T[] StorageOf(int index, out int offset)
    {
        T[] first = head;
        if ((uint)index < (uint)first.Length)
        {
            offset = index;
            return first;
        }

        int past = index - first.Length;
        offset = past & ChunkMask;
        return Volatile.Read(ref chunks)[past >> ChunkShift];
    }

    /// <summary>
    /// Adds an element without writing it (it keeps whatever its storage holds): for an element that
    /// another thread fills and that nobody reads before then (WynFutureArray.InPlace.cs). The pushing
    /// thread then never writes the cache line that the filling thread is about to write.
    /// </summary>
    internal void PushUnwritten()
    {
        int index = count;
        int offset = index - head.Length;
        if (index >= head.Length && (uint)(offset >> ChunkShift) >= (uint)Volatile.Read(ref chunkCount))
        {
            SlotForPush(index);   // a new chunk (or head) first
        }

        Volatile.Write(ref count, index + 1);
    }

    public T Pop(int line)
    {
        int length = Volatile.Read(ref count);   // once: a concurrent pop must not make it 0 between the check and the use
        if (length == 0)
        {
            throw new WynPanicException("pop from an empty array", line);
        }

        ref T last = ref ElementAt(length - 1);
        T value = last;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            last = default!;   // do not keep popped objects alive
        }

        Volatile.Write(ref count, length - 1);
        return value;
    }

    public bool Contains(T value)
    {
        int length = Volatile.Read(ref count);
        for (int i = 0; i < length; i++)
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
        var copy = new T[Volatile.Read(ref count)];   // the length once: a concurrent push must not overrun the copy
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = ElementAt(i);
        }

        return copy;
    }

    public override string ToString() => WynFormat.Array(this);

    void IWynValue.AppendTo(StringBuilder text)
    {
        text.Append('[');
        int length = Volatile.Read(ref count);
        for (int i = 0; i < length; i++)
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
        int length = Volatile.Read(ref count);
        if (other is not WynArray<T> array || Volatile.Read(ref array.count) != length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (!WynEquality.AreEqual(ElementAt(i), array.ElementAt(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when no element will move again: the head has reached its full length (or chunks follow
    /// it), so a reference to any element, present or pushed later, stays valid.
    /// </summary>
    /// <summary>
    /// Makes the head full length (<see cref="ChunkLength"/>) now, so that elements no longer move
    /// (<see cref="ElementsStayPut"/>), instead of growing it by doubling as pushes come.
    /// </summary>
    internal void StopMovingElements()
    {
        lock (growthGate)
        {
            if (chunkCount == 0 && head.Length < ChunkLength)
            {
                MakeHeadFullLocked();
            }
        }
    }

    /// <summary>Replaces the head by a full-length copy (under <c>growthGate</c>, while there are no chunks).</summary>
    private void MakeHeadFullLocked()
    {
        T[] full = new T[ChunkLength];
        System.Array.Copy(head, full, head.Length);
        Volatile.Write(ref head, full);
    }

    internal bool ElementsStayPut => Volatile.Read(ref chunkCount) > 0 || head.Length >= ChunkLength;

    /// <summary>The position of <paramref name="index"/> (negative counts from the end); out of range is a panic.</summary>
    internal int Resolve(long index, int line) => (ulong)index < (ulong)Volatile.Read(ref count) ? (int)index : ResolveSlow(index, line);

    private int ResolveSlow(long index, int line)
    {
        int length = Volatile.Read(ref count);   // once, for a consistent check and message under a concurrent push or pop
        long resolved = index < 0 ? index + length : index;
        if ((ulong)resolved >= (ulong)length)
        {
            throw new WynPanicException($"index {index} out of range for array of length {length}", line);
        }

        return (int)resolved;
    }

    /// <summary>
    /// Writes element <paramref name="index"/> (below the count) so that no concurrent growth loses
    /// the write. Growth copies the head into a longer one and then publishes it; a plain write that
    /// lands in the old head after the copy is gone. While the head can still move, the write is made
    /// under the growth lock; once elements stay put it is a plain write.
    /// </summary>
    internal void WriteSurvivingGrowth(int index, T value)
    {
        if (ElementsStayPut)
        {
            ElementAt(index) = value;
            return;
        }

        lock (growthGate)
        {
            ElementAt(index) = value;
        }
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
        return ref Volatile.Read(ref chunks)[offset >> ChunkShift][offset & ChunkMask];
    }

    /// <summary>Where element <paramref name="index"/> (= count, past the head) goes: grows the head while it is small, else adds a chunk when the last one is full.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref T SlotForPush(int index)
    {
        if (index >= System.Array.MaxLength)
        {
            throw new WynPanicException("array is too large", 0);
        }

        lock (growthGate)
        {
            // Another pusher may have grown the array since the caller looked (the caller may even
            // have read a head shorter than the current one): re-check under the lock.
            if ((uint)index < (uint)head.Length)
            {
                return ref head[index];
            }

            if (chunkCount == 0 && head.Length < ChunkLength)
            {
                int newLength = head.Length == 0 ? 4 : Math.Min(head.Length * 2, ChunkLength);
                while (newLength <= index && newLength < ChunkLength)
                {
                    newLength = Math.Min(newLength * 2, ChunkLength);
                }

                if (index < newLength)
                {
                    T[] grown = new T[newLength];
                    System.Array.Copy(head, grown, head.Length);
                    Volatile.Write(ref head, grown);
                    return ref grown[index];
                }

                // A racing count ran past the head's last size: fall through and make the head full length.
                MakeHeadFullLocked();
            }

            int offset = index - head.Length;
            int chunk = offset >> ChunkShift;
            while (chunk >= chunkCount)
            {
                T[][] table = chunks;
                if (chunkCount == table.Length)
                {
                    var larger = new T[Math.Max(4, table.Length * 2)][];
                    System.Array.Copy(table, larger, table.Length);
                    table = larger;
                }

                table[chunkCount] = new T[ChunkLength];
                Volatile.Write(ref chunks, table);            // the table holds the chunk ...
                Volatile.Write(ref chunkCount, chunkCount + 1);   // ... before the count says it exists
            }

            return ref chunks[chunk][offset & ChunkMask];
        }
    }
}
