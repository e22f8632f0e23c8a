using Wyn.Engine.Schedulers.Internal;
using Wyn.Engine.Memory.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    /// <summary>
    /// Spawns from a thread that is not a worker (main, a request thread) collect in that thread's
    /// ring and move on in batches: the owner appends with plain stores (no atomic instruction per
    /// spawn); anyone — the owner flushing to the global queue, an idle worker stealing, the owner
    /// helping — takes a range from the top with one compare-and-swap.
    /// </summary>
    /// <remarks>
    /// Why taking is safe: the owner only appends, so the items in [top, bottom) do not change until
    /// top moves past them; a taker copies the range, then moves top with a compare-and-swap that
    /// fails if anyone took first. The owner reuses a position only once top has moved past it, which
    /// also makes a racing taker's compare-and-swap fail, so a taker never keeps a torn copy.
    /// </remarks>
    private sealed class ExternalRing
    {
        public readonly BatchedScheduler Owner;
        public readonly WorkItem?[] Items;
        private readonly int _mask;
        private PaddedInt _top;      // next position to take; moved by compare-and-swap
        private PaddedInt _bottom;   // next position to fill; written by the owner thread only
        public readonly WorkItem[] OwnerScratch;

        public ExternalRing(BatchedScheduler owner, int capacity)
        {
            Owner = owner;
            int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, capacity));
            Items = new WorkItem?[size];
            _mask = size - 1;
            OwnerScratch = new WorkItem[size];
        }

        public int Count => Volatile.Read(ref _bottom.Value) - Volatile.Read(ref _top.Value);

        /// <summary>Owner only. False when the ring is full (flush first).</summary>
        public bool TryPush(WorkItem item)
        {
            int bottom = _bottom.Value;
            if (bottom - Volatile.Read(ref _top.Value) >= Items.Length)
                return false;
            ItemArray.Store(Items, bottom & _mask, item);
            // Release: the item is written before the new bottom is visible.
            Volatile.Write(ref _bottom.Value, bottom + 1);
            return true;
        }

        /// <summary>Takes up to <paramref name="max"/> of the oldest items into <paramref name="scratch"/>; returns how many.</summary>
        public int Take(WorkItem[] scratch, int max)
        {
            while (true)
            {
                int top = Volatile.Read(ref _top.Value);
                int bottom = Volatile.Read(ref _bottom.Value);
                int n = Math.Min(bottom - top, Math.Min(max, scratch.Length));
                if (n <= 0)
                    return 0;
                for (int i = 0; i < n; i++)
                    ItemArray.Store(scratch, i, Items[(top + i) & _mask]);
                if (Interlocked.CompareExchange(ref _top.Value, top + n, top) == top)
                    return n;
            }
        }
    }

    private readonly object _externalsLock = new();
    private ExternalRing[] _externals = [];   // copy-on-write: workers iterate it without a lock
    private long _externalFlushes;

    private ExternalRing ExternalFor(ThreadRole? role)
    {
        ExternalRing?[]? rings = role?.Rings;
        if (rings is not null && (uint)_slot < (uint)rings.Length && rings[_slot] is { } ring && ReferenceEquals(ring.Owner, this))
            return ring;
        return CreateExternal();
    }

    private ExternalRing? CurrentExternalIfAny()
    {
        ExternalRing?[]? rings = t_role?.Rings;
        return rings is not null && (uint)_slot < (uint)rings.Length && rings[_slot] is { } ring && ReferenceEquals(ring.Owner, this) ? ring : null;
    }

    private ExternalRing CreateExternal()
    {
        ThreadRole role = CurrentRole();
        ExternalRing?[]? rings = role.Rings;
        if (rings is null || rings.Length <= _slot)
        {
            Array.Resize(ref rings, Math.Max(_slot + 1, 4));
            role.Rings = rings;
        }
        var ring = new ExternalRing(this, _batchSize * 2);
        lock (_externalsLock)
            _externals = [.. _externals, ring];
        rings[_slot] = ring;
        return ring;
    }

    private void EnqueueExternal(WorkItem item, ThreadRole? role)
    {
        ExternalRing ring = ExternalFor(role);
        while (!ring.TryPush(item))
            FlushExternal(ring);
        int count = ring.Count;
        if (count >= _batchSize || _stopped)
        {
            FlushExternal(ring);   // a full batch; or stopped, and the flush cancels what is left
            return;
        }
        // A parked worker must be woken (a spinning one steals by itself). The read may run ahead of
        // the push above (store-load reordering); a worker about to park closes that gap with a
        // process-wide barrier before its last look (see Park), so one of us always sees the other.
        if (Volatile.Read(ref _parkedWorkers) > 0)
        {
            // When every worker sleeps and a backlog builds, wake one now (unless a wake-up is
            // already on its way). A lone item is most often awaited by its spawner at once (which
            // then runs it itself, see TryHelpExternal), and while some worker is awake it steals or
            // takes the flushed batch by itself: in those cases waking costs a futex call and a
            // context switch for nothing, so they only arm the backstop, which moves what is still
            // here within BackstopMilliseconds — a delay, never a loss.
            if (count >= 2 && Volatile.Read(ref _wakePending) == 0 && AllWorkersAsleep())
                FlushExternal(ring);
            else if (Volatile.Read(ref _backstopArmed) == 0)
                ArmBackstop();
        }
    }

    /// <summary>Moves the ring's items to the global queue (or cancels them, once stopped) and wakes a sleeper.</summary>
    private void FlushExternal(ExternalRing ring)
    {
        WorkItem[] scratch = ring.OwnerScratch;
        int n = ring.Take(scratch, scratch.Length);
        if (n == 0)
            return;
        bool cancel;
        lock (_global.SyncRoot)
        {
            cancel = _stopped;
            if (!cancel)
            {
                _global.PushRange(scratch, n);
                _externalFlushes++;
                PulseIfNeeded();
            }
        }
        if (cancel)
        {
            for (int i = 0; i < n; i++)
                scratch[i].Cancel();
        }
        Array.Clear(scratch, 0, n);
    }

    private bool AnyExternalWork() => AnyExternalWork(minimum: 1);

    /// <summary>True when some external ring holds at least <paramref name="minimum"/> items.</summary>
    private bool AnyExternalWork(int minimum)
    {
        foreach (ExternalRing ring in Volatile.Read(ref _externals))
        {
            if (ring.Count >= minimum)
                return true;
        }
        return false;
    }

    /// <summary>An idle worker takes a batch from an external ring into its own ring.</summary>
    private bool StealExternal(Worker worker)
    {
        foreach (ExternalRing ring in Volatile.Read(ref _externals))
        {
            if (ring.Count == 0)
                continue;
            int n = ring.Take(worker.Scratch, _batchSize);
            if (n == 0)
                continue;
            for (int i = 0; i < n; i++)
            {
                worker.Local.PushBack(worker.Scratch[i]);
                worker.Scratch[i] = null!;
            }
            worker.Steals++;
            return true;
        }
        return false;
    }

    /// <summary>Help from a non-worker thread: the oldest of its own buffered spawns, then one item of the global queue.</summary>
    private bool TryHelpExternal()
    {
        ExternalRing? ring = CurrentExternalIfAny();
        if (ring is not null && ring.Count > 0)
        {
            WorkItem[] scratch = ring.OwnerScratch;
            if (ring.Take(scratch, 1) == 1)
            {
                WorkItem item = scratch[0];
                scratch[0] = null!;
                item.Execute();
                return true;
            }
        }
        if (TryTakeOneFromGlobal(out WorkItem globalItem))
        {
            globalItem.Execute();
            return true;
        }
        return false;
    }

    /// <summary>Publishes the calling thread's buffered spawns before it blocks, so workers can run them.</summary>
    private void FlushCurrentExternal()
    {
        if (CurrentExternalIfAny() is { } ring && ring.Count > 0)
            FlushExternal(ring);
    }

    /// <summary>Takes everything left in the external rings (used by Stop once the workers are gone).</summary>
    private void DrainExternals(List<WorkItem> into)
    {
        var scratch = new WorkItem[_batchSize * 2];
        foreach (ExternalRing ring in Volatile.Read(ref _externals))
        {
            int n;
            while ((n = ring.Take(scratch, scratch.Length)) > 0)
                into.AddRange(scratch.AsSpan(0, n));
        }
    }
}
