using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// A bounded Chase–Lev work-stealing deque of work items. One thread, the owner, pushes and pops at
/// the bottom (newest first: the child a task just spawned is usually the one it awaits next);
/// any thread may steal at the top (oldest first: old items tend to be big subtrees).
/// </summary>
/// <remarks>
/// <para>
/// Indices are ints that only grow and are allowed to wrap around <see cref="int.MaxValue"/>: every
/// comparison is on the difference <c>bottom - top</c> (unchecked), which is right as long as the
/// deque never holds 2^31 items, and the slot is <c>index &amp; mask</c>, which two's complement makes
/// continuous across the wrap. Tests start the indices near <see cref="int.MaxValue"/>.
/// </para>
/// <para>
/// Why stealing half is a loop of single steals rather than one compare-and-swap of top from t to
/// t + n: the owner pops without any compare-and-swap while it sees more than one item. A thief that
/// read top = t and an old bottom, copied n items and then moved top from t to t + n could lose this
/// race: the owner pops items t + n - 1 … t + 1 in the meantime (top still reads t, so each pop looks
/// safe), the thief's compare-and-swap still succeeds, and item t + 1 runs twice. Only the item at
/// top is ever contended, so one compare-and-swap per stolen item is what makes the owner's fast
/// path safe. (Go and tokio steal a batch with one CAS because their owner pops at the contended
/// end too, paying a CAS on every pop instead.)
/// </para>
/// </remarks>
internal sealed class StealingDeque
{
    private readonly WorkItem?[] _slots;
    private readonly int _mask;

    // Thieves and the owner (on its last item) move top with compare-and-swap; only the owner writes bottom.
    private CacheLinePaddedInt32 _top;
    private CacheLinePaddedInt32 _bottom;

    /// <param name="capacity">Most items held; rounded up to a power of two, at least 2.</param>
    /// <param name="startIndex">The first index (tests start near <see cref="int.MaxValue"/> to cover wraparound).</param>
    public StealingDeque(int capacity, int startIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _slots = new WorkItem?[size];
        _mask = size - 1;
        _top.Value = startIndex;
        _bottom.Value = startIndex;
    }

    public int Capacity => _slots.Length;

    /// <summary>Items in the deque now; a hint when read by a thread other than the owner.</summary>
    public int Count
    {
        get
        {
            int top = Volatile.Read(ref _top.Value);
            int bottom = Volatile.Read(ref _bottom.Value);
            int count = unchecked(bottom - top);
            // The owner's pop lowers bottom below top for an instant when the deque is empty.
            return count < 0 ? 0 : count;
        }
    }

    public bool IsEmpty => Count == 0;

    /// <summary>Owner only: adds at the bottom. False when full (the caller overflows elsewhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPush(WorkItem item)
    {
        int bottom = _bottom.Value;
        // A stale top only makes the deque look fuller: top never moves backwards.
        int top = Volatile.Read(ref _top.Value);
        if (unchecked(bottom - top) >= _slots.Length)
            return false;
        _slots[bottom & _mask] = item;
        // Release: a thief that reads the new bottom also reads the slot written above.
        Volatile.Write(ref _bottom.Value, unchecked(bottom + 1));
        return true;
    }

    /// <summary>Owner only: adds <paramref name="count"/> items at once. False (nothing added) unless all fit.</summary>
    public bool TryPushRange(WorkItem?[] items, int start, int count)
    {
        int bottom = _bottom.Value;
        int top = Volatile.Read(ref _top.Value);
        if (unchecked(bottom - top) > _slots.Length - count)
            return false;
        for (int i = 0; i < count; i++)
        {
            Debug.Assert(items[start + i] is not null);
            _slots[unchecked(bottom + i) & _mask] = items[start + i];
        }
        Volatile.Write(ref _bottom.Value, unchecked(bottom + count));
        return true;
    }

    /// <summary>
    /// Owner only: the index the next push takes (grows with pushes, shrinks with the owner's pops,
    /// wraps like an int). Items pushed at or after index m are still here when
    /// <c>Bottom - 1 - m &gt;= 0</c> and the deque is not empty (thieves take from the other end).
    /// </summary>
    public int Bottom => _bottom.Value;

    /// <summary>Free slots as the owner sees them (exact for the owner, up to concurrent steals which only add room).</summary>
    public int FreeSlots => _slots.Length - Count;

    /// <summary>Owner only: takes the newest item, or null when empty (or a thief won the last one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public WorkItem? TryPop()
    {
        int bottom = unchecked(_bottom.Value - 1);
        // Full fence between "bottom lowered" and "read top": against a thief doing "read top, read
        // bottom, CAS top", at least one of us sees the other. Without it the store could sit in the
        // store buffer while we read an old top, and we and a thief would both take the last item.
        Interlocked.Exchange(ref _bottom.Value, bottom);
        int top = Volatile.Read(ref _top.Value);
        int remaining = unchecked(bottom - top);
        if (remaining < 0)
        {
            // Empty: put bottom back (bottom + 1 == top).
            Volatile.Write(ref _bottom.Value, top);
            return null;
        }
        int slot = bottom & _mask;
        WorkItem? item = _slots[slot];
        if (remaining > 0)
        {
            // More than one item: no thief can reach index `bottom` (a thief with top == t only
            // reads slot t, and t < bottom), so the item is ours without a compare-and-swap.
            _slots[slot] = null;
            return item;
        }
        return PopLast(top, item);
    }

    /// <summary>
    /// Owner only: takes up to <paramref name="max"/> of the newest items at once — never more than
    /// half of what the deque holds, so thieves keep the older half — into <paramref name="into"/>,
    /// newest first; returns how many (0 when empty). One full fence serves the whole batch, where
    /// <see cref="TryPop"/> pays one per item: with thieves reading <c>bottom</c>, that fence is a
    /// cache-line round trip, and it was most of a worker's own overhead on short tasks.
    /// </summary>
    /// <remarks>
    /// Why the batch is safe, by the argument <see cref="TryPop"/> makes for one item: after the
    /// fence the owner reads top = t with t &lt; b' (b' the lowered bottom). A thief can only take an
    /// index j ≥ b' by reading top = j, which (top only grows) happens after the owner's read, hence
    /// after the owner's fence — so the thief's following read of bottom sees b' and finds nothing
    /// at j. When t ≥ b' (thieves came close), bottom is put back and one item is popped the usual way.
    /// </remarks>
    public int TryPopBatch(WorkItem?[] into, int max)
    {
        int bottom = _bottom.Value;
        int available = unchecked(bottom - Volatile.Read(ref _top.Value));
        int wanted = Math.Min(max, available / 2);
        if (wanted > 1)
        {
            int lowered = unchecked(bottom - wanted);
            Interlocked.Exchange(ref _bottom.Value, lowered);
            int top = Volatile.Read(ref _top.Value);
            if (unchecked(lowered - top) > 0)
            {
                for (int i = 0; i < wanted; i++)
                {
                    int slot = unchecked(bottom - 1 - i) & _mask;
                    into[i] = _slots[slot];
                    _slots[slot] = null;
                }
                return wanted;
            }
            // Thieves took the items in between: undo, then settle one item the usual way.
            Volatile.Write(ref _bottom.Value, bottom);
        }
        WorkItem? item = TryPop();
        if (item is null)
            return 0;
        into[0] = item;
        return 1;
    }

    /// <summary>The owner's last item is also the thieves' next one: settle it with a compare-and-swap on top.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WorkItem? PopLast(int top, WorkItem? item)
    {
        bool won = Interlocked.CompareExchange(ref _top.Value, unchecked(top + 1), top) == top;
        // Either way the deque is now empty with top == top + 1; bottom follows.
        Volatile.Write(ref _bottom.Value, unchecked(top + 1));
        return won ? item : null;
    }

    /// <summary>Any thread: takes the oldest item. <paramref name="lostRace"/> tells "empty" from "another thread was faster".</summary>
    public WorkItem? TrySteal(out bool lostRace)
    {
        lostRace = false;
        if (!ReadOldest(out int top, out WorkItem? item))
            return null;
        if (!TakeOldest(top))
        {
            lostRace = true;
            return null;
        }
        Debug.Assert(item is not null, "a successful steal read a published slot");
        return item;
    }

    /// <summary>
    /// Any thread: takes the oldest item only if it is the task whose future is
    /// (<paramref name="futureSlot"/>, <paramref name="generation"/>) of <paramref name="resultType"/>,
    /// or was spawned by it (its <see cref="WorkItem.Lineage"/>); null otherwise, or when another
    /// thread was faster. The item's fields are read before the compare-and-swap, like the item: a
    /// queued item does not change, and if the swap succeeds the item read was the one at that position.
    /// </summary>
    public WorkItem? TryStealDescendant(int futureSlot, int generation, Type resultType)
    {
        if (!ReadOldest(out int top, out WorkItem? item) || item is null
            || !(item.Lineage.Is(futureSlot, generation, resultType) || item.AsRoot.Is(futureSlot, generation, resultType)))
            return null;
        return TakeOldest(top) ? item : null;
    }

    /// <summary>A thief's look at the oldest item, at position <paramref name="top"/>; false when the deque reads empty.</summary>
    private bool ReadOldest(out int top, out WorkItem? item)
    {
        top = Volatile.Read(ref _top.Value);
        // Order "read top" before "read bottom" for every memory model (the Le et al. C11 proof of
        // Chase–Lev puts a sequentially consistent fence here); stealing is the rare path.
        Interlocked.MemoryBarrier();
        int bottom = Volatile.Read(ref _bottom.Value);
        if (unchecked(bottom - top) <= 0)
        {
            item = null;
            return false;
        }
        // Read before the CAS: once top moves past this index the owner may overwrite the slot.
        item = Volatile.Read(ref _slots[top & _mask]);
        return true;
    }

    /// <summary>Claims the oldest item read at <paramref name="top"/>; false when another thread (or the owner's last pop) took it first.</summary>
    private bool TakeOldest(int top) => Interlocked.CompareExchange(ref _top.Value, unchecked(top + 1), top) == top;

    /// <summary>
    /// Any thread except this deque's owner: steals about half of the items (rounded up, at most
    /// <paramref name="max"/>) into <paramref name="buffer"/>, oldest first; returns how many.
    /// </summary>
    public int StealHalf(WorkItem?[] buffer, int max)
    {
        int available = Count;
        if (available == 0)
            return 0;
        int wanted = Math.Min(available - available / 2, Math.Min(max, buffer.Length));
        int taken = 0;
        int lostRaces = 0;
        while (taken < wanted)
        {
            WorkItem? item = TrySteal(out bool lostRace);
            if (item is not null)
            {
                buffer[taken++] = item;
                continue;
            }
            // Another thief (or the owner's last pop) moved top; retry a few times, then leave it.
            if (!lostRace || ++lostRaces > 4)
                break;
        }
        return taken;
    }
}
