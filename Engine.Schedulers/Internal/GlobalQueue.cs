using System.Diagnostics;

namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// The batched strategy's global FIFO queue. Every method that changes it must be called while
/// holding <see cref="SyncRoot"/> (the scheduler also uses that lock for its park/wake protocol, so
/// "queue is empty" and "I am going to sleep" are decided atomically). <see cref="ApproximateCount"/>
/// may be read without the lock, as a hint for spinning threads.
/// </summary>
internal sealed class GlobalQueue
{
    private readonly WorkRing _ring;
    private int _count;
    private long _peak;
    private readonly SpawnBackpressure? _backpressure;   // told of every take, so that spawners waiting for the queue to shrink can go on

    public GlobalQueue(int initialCapacity, SpawnBackpressure? backpressure = null)
    {
        _ring = new WorkRing(initialCapacity);
        _backpressure = backpressure;
    }

    public object SyncRoot { get; } = new();

    public int ApproximateCount => Volatile.Read(ref _count);

    public long Peak => Volatile.Read(ref _peak);

    public void Push(WorkItem item)
    {
        AssertLocked();
        _ring.PushBack(item);
        Published();
    }

    public void PushFrom(WorkRing source, int max)
    {
        AssertLocked();
        source.MoveFrontTo(_ring, max);
        Published();
    }

    /// <summary>Moves up to <paramref name="max"/> of a spawn ring's oldest items here (the caller owns the ring); returns how many.</summary>
    public int PushFrom(SpawnRing source, int max)
    {
        AssertLocked();
        int moved = source.TakeInto(_ring, max);
        if (moved > 0)
            Published();
        return moved;
    }

    public void PushRange(WorkItem?[] items, int count)
    {
        AssertLocked();
        for (int i = 0; i < count; i++)
            _ring.PushBack(items[i]!);
        Published();
    }

    /// <summary>Moves up to <paramref name="max"/> items to <paramref name="target"/>; returns how many.</summary>
    public int PopTo(WorkRing target, int max)
    {
        AssertLocked();
        int moved = _ring.MoveFrontTo(target, max);
        Taken();
        return moved;
    }

    public bool TryPop(out WorkItem item)
    {
        AssertLocked();
        bool popped = _ring.TryPopFront(out item);
        Taken();
        return popped;
    }

    /// <summary>Removes the queued item that completes <paramref name="futureSlot"/>, if there is one (see <see cref="WorkRing.TryTakeCompleting"/>).</summary>
    public bool TryTakeCompleting(int futureSlot, Type resultType, out WorkItem item)
    {
        AssertLocked();
        bool taken = _ring.TryTakeCompleting(futureSlot, resultType, out item);
        Taken();
        return taken;
    }

    public bool ContainsCompleting(int futureSlot, Type resultType)
    {
        AssertLocked();
        return _ring.ContainsCompleting(futureSlot, resultType);
    }

    private void Taken()
    {
        int count = _ring.Count;
        Volatile.Write(ref _count, count);
        _backpressure?.OnTaken(count);
    }

    private void Published()
    {
        int count = _ring.Count;
        Volatile.Write(ref _count, count);
        if (count > _peak)
            Volatile.Write(ref _peak, count);
    }

    [Conditional("DEBUG")]
    private void AssertLocked() => Debug.Assert(Monitor.IsEntered(SyncRoot), "the global queue is used under its lock");
}
