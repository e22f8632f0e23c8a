using System.Diagnostics;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// The work-stealing strategy's global queue: spawns from threads that are not workers, and the
/// overflow of full local deques. FIFO under a lock; every operation moves a batch where it can, so
/// the lock is taken once per batch rather than once per item. <see cref="Count"/> is readable
/// without the lock, as a hint for the hot paths that decide whether to look here at all.
/// </summary>
internal sealed class InjectionQueue
{
    private readonly object _lock = new();
    private readonly WorkRing _ring;
    private int _count;
    private long _peak;
    private readonly SpawnBackpressure? _backpressure;   // told of every take, so that spawners waiting for the queue to shrink can go on
    private bool _closed;

    public InjectionQueue(int initialCapacity, SpawnBackpressure? backpressure = null)
    {
        _ring = new WorkRing(initialCapacity);
        _backpressure = backpressure;
    }

    public int Count => Volatile.Read(ref _count);

    public long Peak => Volatile.Read(ref _peak);

    /// <summary>
    /// Appends items, or returns false (adding nothing) once <see cref="Close"/> ran: the caller
    /// then cancels them. Deciding under the same lock as Close means an item is either in the
    /// queue when Close empties it, or refused — never stranded.
    /// </summary>
    public bool TryPushRange(WorkItem?[] items, int start, int count)
    {
        lock (_lock)
        {
            if (_closed)
                return false;
            for (int i = 0; i < count; i++)
                _ring.PushBack(items[start + i]!);
            Published();
            return true;
        }
    }

    /// <summary>
    /// Moves a spawn ring's oldest items here straight (the caller owns the ring): no scratch copy.
    /// Returns how many moved, or -1 (nothing moved) once <see cref="Close"/> ran.
    /// </summary>
    public int TryPushFrom(SpawnRing source)
    {
        lock (_lock)
        {
            if (_closed)
                return -1;
            int moved = source.TakeInto(_ring, int.MaxValue);
            if (moved > 0)
                Published();
            return moved;
        }
    }

    public bool TryPush(WorkItem item)
    {
        lock (_lock)
        {
            if (_closed)
                return false;
            _ring.PushBack(item);
            Published();
            return true;
        }
    }

    /// <summary>Removes the queued item that completes <paramref name="futureSlot"/>, or returns null (see WorkRing.TryTakeCompleting).</summary>
    public WorkItem? TakeCompleting(int futureSlot, Type resultType)
    {
        if (Count == 0)
            return null;
        lock (_lock)
        {
            if (!_ring.TryTakeCompleting(futureSlot, resultType, out WorkItem item))
                return null;
            Taken();
            return item;
        }
    }

    /// <summary>Whether a queued item completes <paramref name="futureSlot"/> (a look, under the lock).</summary>
    public bool ContainsCompleting(int futureSlot, Type resultType)
    {
        if (Count == 0)
            return false;
        lock (_lock)
            return _ring.ContainsCompleting(futureSlot, resultType);
    }

    /// <summary>Moves up to <paramref name="max"/> of the oldest items into <paramref name="buffer"/>; returns how many.</summary>
    public int PopRange(WorkItem?[] buffer, int max)
    {
        if (Count == 0)
            return 0;
        lock (_lock)
        {
            int taken = 0;
            max = Math.Min(max, buffer.Length);
            while (taken < max && _ring.TryPopFront(out WorkItem item))
                buffer[taken++] = item;
            Taken();
            return taken;
        }
    }

    /// <summary>Moves a share of the queue — count / <paramref name="sharers"/>, between 1 and <paramref name="max"/> — into <paramref name="buffer"/>.</summary>
    public int PopShare(WorkItem?[] buffer, int sharers, int max)
    {
        if (Count == 0)
            return 0;
        lock (_lock)
        {
            int share = Math.Clamp(_ring.Count / Math.Max(1, sharers), 1, Math.Min(max, buffer.Length));
            int taken = 0;
            while (taken < share && _ring.TryPopFront(out WorkItem item))
                buffer[taken++] = item;
            Taken();
            return taken;
        }
    }

    public WorkItem? TryPop()
    {
        if (Count == 0)
            return null;
        lock (_lock)
        {
            bool popped = _ring.TryPopFront(out WorkItem item);
            Taken();
            return popped ? item : null;
        }
    }

    /// <summary>Refuses every later push and returns what was left, for the caller to cancel.</summary>
    public List<WorkItem> Close()
    {
        var left = new List<WorkItem>();
        lock (_lock)
        {
            _closed = true;
            while (_ring.TryPopFront(out WorkItem item))
                left.Add(item);
            Volatile.Write(ref _count, 0);
        }
        return left;
    }

    private void Taken()
    {
        Debug.Assert(Monitor.IsEntered(_lock));
        int count = _ring.Count;
        Volatile.Write(ref _count, count);
        _backpressure?.OnTaken(count);
    }

    private void Published()
    {
        Debug.Assert(Monitor.IsEntered(_lock));
        int count = _ring.Count;
        Volatile.Write(ref _count, count);
        if (count > _peak)
            Volatile.Write(ref _peak, count);
    }
}
