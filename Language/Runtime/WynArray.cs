using System.Runtime.CompilerServices;
using System.Text;

namespace Wyn.Language.Runtime;

/// <summary>
/// Wyn <c>[T]</c>: a growable array with reference semantics (a callee's push is visible to the
/// caller). Indexes are Wyn ints; a negative index counts from the end; out of range is a panic.
/// Not synchronized: tasks that share an array must coordinate through channels or Shared, as with
/// any mutable data (a race can lose updates but never breaks memory safety).
/// </summary>
public sealed class WynArray<T> : IWynValue
{
    private T[] items;
    private int count;

    public WynArray()
    {
        items = [];
    }

    public WynArray(int capacity)
    {
        items = capacity > 0 ? new T[capacity] : [];
    }

    private WynArray(T[] items)
    {
        this.items = items;
        count = items.Length;
    }

    /// <summary>Array literal: the given .NET array is taken over (not copied).</summary>
    public static WynArray<T> FromArray(T[] items) => new(items);

    public long Count => count;

    public T Get(long index, int line)
    {
        // One unsigned comparison covers both "negative" and "too large" on the hot path.
        if ((ulong)index < (ulong)count)
        {
            return items[(int)index];
        }

        return items[ResolveSlow(index, line)];
    }

    public void Set(long index, T value, int line)
    {
        if ((ulong)index < (ulong)count)
        {
            items[(int)index] = value;
            return;
        }

        items[ResolveSlow(index, line)] = value;
    }

    /// <summary>
    /// Reference to an element, for compound assignment and for awaiting a stored future in place.
    /// The reference is invalidated by a later push that grows the array (the caller uses it at once).
    /// </summary>
    public ref T ElementRef(long index, int line)
    {
        if ((ulong)index < (ulong)count)
        {
            return ref items[(int)index];
        }

        return ref items[ResolveSlow(index, line)];
    }

    public void Push(T value)
    {
        if (count == items.Length)
        {
            Grow();
        }

        items[count++] = value;
    }

    public T Pop(int line)
    {
        if (count == 0)
        {
            throw new WynPanicException("pop from an empty array", line);
        }

        T value = items[--count];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            items[count] = default!;   // do not keep popped objects alive
        }

        return value;
    }

    public bool Contains(T value)
    {
        for (int i = 0; i < count; i++)
        {
            if (WynEquality.AreEqual(items[i], value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copy of the live elements (for the runtime and tests; not a Wyn operation).</summary>
    public T[] ToArray() => items.AsSpan(0, count).ToArray();

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

            WynFormat.AppendElement(text, items[i]);
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
            if (!WynEquality.AreEqual(items[i], array.items[i]))
            {
                return false;
            }
        }

        return true;
    }

    private int ResolveSlow(long index, int line)
    {
        long resolved = index < 0 ? index + count : index;
        if ((ulong)resolved >= (ulong)count)
        {
            throw new WynPanicException($"index {index} out of range for array of length {count}", line);
        }

        return (int)resolved;
    }

    private void Grow()
    {
        int newLength = items.Length == 0 ? 4 : items.Length * 2;
        if ((uint)newLength > (uint)System.Array.MaxLength)
        {
            newLength = System.Array.MaxLength;
        }

        if (newLength <= count)
        {
            throw new WynPanicException("array is too large", 0);
        }

        System.Array.Resize(ref items, newLength);
    }
}
