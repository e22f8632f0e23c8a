using Wyn.Engine.Memory.Internal;

namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// Spawns from a thread that is not a worker (main, a request thread) collect in that thread's ring
/// and move on in batches: the owner appends with plain stores (no atomic instruction per spawn);
/// anyone — the owner flushing to a shared queue, an idle worker stealing, the owner helping — takes
/// a range of the oldest items with one compare-and-swap. Used by the batched and work-stealing
/// strategies (one ring per thread and scheduler).
/// </summary>
/// <remarks>
/// Why taking is safe: the owner only appends, so the items in [top, bottom) do not change until
/// top moves past them; a taker copies the range, then moves top with a compare-and-swap that
/// fails if anyone took first. The owner reuses a position only once top has moved past it, which
/// also makes a racing taker's compare-and-swap fail, so a taker never keeps a torn copy.
/// A producer that appends and then reads a "sleeping workers" word must pair with a parking worker
/// that issues a process-wide barrier between counting itself asleep and its last look at the rings
/// (see each strategy's Park): the append itself is not a fence.
/// </remarks>
internal sealed class SpawnRing
{
    /// <summary>The scheduler this ring feeds (a thread may spawn into several).</summary>
    public readonly object Owner;

    private readonly WorkItem?[] _items;
    private readonly int _mask;
    private PaddedInt _top;      // next position to take; moved by compare-and-swap
    private PaddedInt _bottom;   // next position to fill; written by the owner thread only

    /// <summary>Scratch space for the owner thread's own takes (flushes, help).</summary>
    public readonly WorkItem?[] OwnerScratch;

    public SpawnRing(object owner, int capacity)
    {
        Owner = owner;
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
        _items = new WorkItem?[size];
        _mask = size - 1;
        OwnerScratch = new WorkItem?[size];
    }

    public int Capacity => _items.Length;

    public int Count => Volatile.Read(ref _bottom.Value) - Volatile.Read(ref _top.Value);

    /// <summary>Owner only. False when the ring is full (flush first).</summary>
    public bool TryPush(WorkItem item)
    {
        int bottom = _bottom.Value;
        if (bottom - Volatile.Read(ref _top.Value) >= _items.Length)
            return false;
        ItemArray.Store(_items, bottom & _mask, item);
        // Release: the item is written before the new bottom is visible.
        Volatile.Write(ref _bottom.Value, bottom + 1);
        return true;
    }

    /// <summary>
    /// Owner only, with <paramref name="target"/> exclusively held (e.g. the global queue's ring under
    /// its lock): moves up to <paramref name="max"/> of the oldest items straight into
    /// <paramref name="target"/>, without a scratch copy. A thief that takes first makes the
    /// compare-and-swap fail; the copies are then dropped from <paramref name="target"/>'s back and
    /// the move retried. (Only the owner writes item positions, so what it copies is never torn.)
    /// </summary>
    public int TakeInto(WorkRing target, int max)
    {
        while (true)
        {
            int top = Volatile.Read(ref _top.Value);
            int n = Math.Min(_bottom.Value - top, max);
            if (n <= 0)
                return 0;
            for (int i = 0; i < n; i++)
                target.PushBack(_items[(top + i) & _mask]!);
            if (Interlocked.CompareExchange(ref _top.Value, top + n, top) == top)
                return n;
            target.DropBack(n);
        }
    }

    /// <summary>
    /// Owner only: takes the oldest item if it is the only one and <paramref name="match"/> accepts it.
    /// Only the owner appends, so between the look and the take the ring can only shrink: the take
    /// returns that very item, or nothing when a thief was first.
    /// </summary>
    public WorkItem? TakeLoneIf(int futureSlot, Type resultType)
    {
        int top = Volatile.Read(ref _top.Value);
        if (_bottom.Value - top != 1)
            return null;
        WorkItem? item = _items[top & _mask];
        if (item is null || !item.Completes(futureSlot, resultType))
            return null;
        return Interlocked.CompareExchange(ref _top.Value, top + 1, top) == top ? item : null;
    }

    /// <summary>
    /// The newest item, or null. A look, not a take: the owner only appends, so the item at the newest
    /// position stays put until a take moves top past it (and a racing take simply wins).
    /// </summary>
    public WorkItem? PeekNewest()
    {
        int bottom = Volatile.Read(ref _bottom.Value);
        return bottom - Volatile.Read(ref _top.Value) > 0 ? Volatile.Read(ref _items[(bottom - 1) & _mask]) : null;
    }

    /// <summary>
    /// Owner only, before its items move to a shared queue (a flush): its open spawn batch, if that is
    /// the newest item, leaves closed. A worker that sealed a batch still open would first have to make
    /// the spawner's plain stores visible with a process-wide barrier (SpawnBatch.Seal).
    /// </summary>
    public void CloseOpenBatchForHandOff()
    {
        if (PeekNewest() is { IsFilling: true })
            SpawnBatch.ReleaseOpenForHandOff();
    }

    /// <summary>Takes up to <paramref name="max"/> of the oldest items into <paramref name="scratch"/>; returns how many.</summary>
    public int Take(WorkItem?[] scratch, int max)
    {
        while (true)
        {
            int top = Volatile.Read(ref _top.Value);
            int bottom = Volatile.Read(ref _bottom.Value);
            int n = Math.Min(bottom - top, Math.Min(max, scratch.Length));
            if (n <= 0)
                return 0;
            for (int i = 0; i < n; i++)
                ItemArray.Store(scratch, i, _items[(top + i) & _mask]);
            if (Interlocked.CompareExchange(ref _top.Value, top + n, top) == top)
                return n;
        }
    }

    /// <summary>Takes every item and cancels it (spawns that met a stopped scheduler). Owner thread only: uses <see cref="OwnerScratch"/>.</summary>
    public void CancelAll()
    {
        WorkItem?[] scratch = OwnerScratch;
        int n;
        while ((n = Take(scratch, scratch.Length)) > 0)
        {
            for (int i = 0; i < n; i++)
                scratch[i]!.Cancel();
            Array.Clear(scratch, 0, n);
        }
    }
}
