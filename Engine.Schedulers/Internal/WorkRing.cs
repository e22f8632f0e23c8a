using System.Diagnostics;

namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// A growable ring of work items used by exactly one thread at a time (a worker's local queue, or
/// the global queue under its lock). Push at the back; pop at the front (FIFO) or the back (LIFO).
/// The capacity is a power of two, so a position is a mask rather than a division.
/// </summary>
internal sealed class WorkRing
{
    private WorkItem?[] _items;
    private int _mask;
    private int _head;
    private int _count;
    private int _tail;   // monotonic (wrapping) position of the next PushBack; see Tail

    public WorkRing(int capacity)
    {
        _items = new WorkItem?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity))];
        _mask = _items.Length - 1;
    }

    public int Count => _count;

    /// <summary>
    /// The position the next <see cref="PushBack"/> takes: it grows with every push and shrinks with
    /// every pop or drop at the back, never moves at the front, and wraps around like an int. The
    /// items in the ring sit at positions <c>Tail - Count</c> … <c>Tail - 1</c>, so "the newest item
    /// was pushed at or after position m" is <c>Count &gt; 0 &amp;&amp; Tail - 1 - m &gt;= 0</c>.
    /// </summary>
    public int Tail => _tail;

    public void PushBack(WorkItem item)
    {
        if (_count == _items.Length)
            Grow();
        ItemArray.Store(_items, (_head + _count) & _mask, item);
        _count++;
        _tail++;
    }

    public bool TryPopFront(out WorkItem item)
    {
        if (_count == 0)
        {
            item = null!;
            return false;
        }
        item = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) & _mask;
        _count--;
        return true;
    }

    public bool TryPopBack(out WorkItem item)
    {
        if (_count == 0)
        {
            item = null!;
            return false;
        }
        int index = (_head + _count - 1) & _mask;
        item = _items[index]!;
        _items[index] = null;
        _count--;
        _tail--;
        return true;
    }

    /// <summary>Removes the <paramref name="count"/> newest items (undoes as many PushBack calls).</summary>
    public void DropBack(int count)
    {
        Debug.Assert(count <= _count);
        for (int i = 0; i < count; i++)
            _items[(_head + _count - 1 - i) & _mask] = null;
        _count -= count;
        _tail -= count;
    }

    /// <summary>How many items at each end of the ring a search for an awaited task looks at (see <see cref="IndexCompleting"/>).</summary>
    public const int SearchedAtEachEnd = 128;

    /// <summary>
    /// Removes the item that completes <paramref name="futureSlot"/> (<see cref="WorkItem.Completes"/>)
    /// if it is among the <see cref="SearchedAtEachEnd"/> oldest or newest items; the front item takes
    /// its place, so the ring's order changes by one swap.
    /// </summary>
    public bool TryTakeCompleting(int futureSlot, Type resultType, out WorkItem item)
    {
        int index = IndexCompleting(futureSlot, resultType);
        if (index >= 0)
        {
            item = _items[index]!;
            _items[index] = _items[_head];
            _items[_head] = null;
            _head = (_head + 1) & _mask;
            _count--;
            return true;
        }
        item = null!;
        return false;
    }

    /// <summary>Whether an item that <see cref="TryTakeCompleting"/> would find is in the ring.</summary>
    public bool ContainsCompleting(int futureSlot, Type resultType) => IndexCompleting(futureSlot, resultType) >= 0;

    /// <summary>
    /// The position of the item completing <paramref name="futureSlot"/> among the oldest and the newest
    /// <see cref="SearchedAtEachEnd"/> items, or -1. Bounded because the caller holds the global queue's
    /// lock, and a queue may hold a million items: a blocked awaiter must not stall every worker. The
    /// newest items are where a part handed on a moment ago lands; the oldest, the part next to run.
    /// </summary>
    private int IndexCompleting(int futureSlot, Type resultType)
    {
        int oldest = Math.Min(_count, SearchedAtEachEnd);
        for (int i = 0; i < oldest; i++)
        {
            int index = (_head + i) & _mask;
            if (_items[index]!.Completes(futureSlot, resultType))
                return index;
        }
        for (int i = Math.Max(oldest, _count - SearchedAtEachEnd); i < _count; i++)
        {
            int index = (_head + i) & _mask;
            if (_items[index]!.Completes(futureSlot, resultType))
                return index;
        }
        return -1;
    }

    /// <summary>Moves up to <paramref name="max"/> items from this ring's front to <paramref name="target"/>'s back.</summary>
    public int MoveFrontTo(WorkRing target, int max)
    {
        int moved = 0;
        while (moved < max && TryPopFront(out WorkItem item))
        {
            target.PushBack(item);
            moved++;
        }
        return moved;
    }

    private void Grow()
    {
        var grown = new WorkItem?[_items.Length * 2];
        for (int i = 0; i < _count; i++)
            grown[i] = _items[(_head + i) & _mask];
        _items = grown;
        _mask = grown.Length - 1;
        _head = 0;
        Debug.Assert(_count < grown.Length);
    }
}
