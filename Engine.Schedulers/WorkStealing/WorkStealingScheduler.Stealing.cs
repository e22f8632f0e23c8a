namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler
{
    // Every deque thieves may visit: the workers plus running compensation spares. Copy-on-write
    // under _stateLock, so thieves iterate a snapshot without a lock.
    private Worker[] _victims;

    /// <summary>
    /// One search round of an idle worker: the injection queue, then half of a random victim's
    /// deque, then a whole external buffer. Counts the worker busy while it holds what it took.
    /// Returns the item to run now (the rest went into the worker's deque), or null.
    /// </summary>
    private WorkItem? SearchOnce(Worker thief, int externalMinimum)
    {
        // Look before touching anything shared: a spinning searcher that wrote the busy count every
        // round would keep that cache line bouncing away from the threads doing real work. The
        // outside threads' rings are not even read until externalMinimum allows taking from them:
        // their owners write those indices on every spawn, and a searcher polling them every few
        // hundred nanoseconds made each spawn wait for the line to come back (W1: 1.3x slower).
        if (_injection.Count == 0 && !AnyDequeWork() && !AnyExternalWork(externalMinimum))
            return null;
        Interlocked.Increment(ref _busy);
        WorkItem? item = TakeShareFromInjection(thief) ?? StealHalfFromVictims(thief) ?? StealExternal(thief, externalMinimum);
        if (item is null)
            Interlocked.Decrement(ref _busy);
        return item;
    }

    /// <summary>A worker that may not search (half the others do) still takes a share of the injection queue or an external buffer.</summary>
    private WorkItem? TakeSharedWorkOnly(Worker worker, int externalMinimum)
    {
        if (_injection.Count == 0 && !AnyExternalWork(externalMinimum))
            return null;
        Interlocked.Increment(ref _busy);
        WorkItem? item = TakeShareFromInjection(worker) ?? StealExternal(worker, externalMinimum);
        if (item is null)
            Interlocked.Decrement(ref _busy);
        return item;
    }

    private WorkItem? TakeShareFromInjection(Worker thief)
    {
        int taken = _injection.PopShare(thief.Scratch, _workers.Length, Math.Min(_batchSize, thief.Local.Capacity));
        if (taken == 0)
            return null;
        thief.Batches++;
        return thief.AdoptBatch(thief.Scratch, taken);
    }

    /// <summary>Scans the victims from a random one and steals half of the first non-empty deque.</summary>
    private WorkItem? StealHalfFromVictims(Worker thief)
    {
        Worker[] victims = Volatile.Read(ref _victims);
        int start = thief.NextRandom(victims.Length);
        for (int i = 0; i < victims.Length; i++)
        {
            Worker victim = victims[(start + i) % victims.Length];
            if (ReferenceEquals(victim, thief) || victim.Local.IsEmpty)
                continue;
            int taken = victim.Local.StealHalf(thief.Scratch, thief.Local.Capacity);
            if (taken == 0)
                continue;
            thief.Steals++;
            return thief.AdoptBatch(thief.Scratch, taken);
        }
        return null;
    }

    /// <summary>One item from any worker's deque, for a thread that helps while it waits.</summary>
    private WorkItem? StealOne(Worker? thief)
    {
        Worker[] victims = Volatile.Read(ref _victims);
        int start = thief?.NextRandom(victims.Length) ?? Environment.CurrentManagedThreadId % victims.Length;
        for (int i = 0; i < victims.Length; i++)
        {
            Worker victim = victims[(start + i) % victims.Length];
            if (ReferenceEquals(victim, thief))
                continue;
            if (victim.Local.TrySteal(out _) is { } item)
            {
                if (thief is not null)
                    thief.Steals++;
                else
                    Interlocked.Increment(ref _externalSteals);
                return item;
            }
        }
        return null;
    }

    /// <summary>Moves items to the injection queue (cancelling them once it is closed) and wakes a sleeper.</summary>
    private void PushToInjection(WorkItem?[] items, int count, int start = 0)
    {
        if (!_injection.TryPushRange(items, start, count))
        {
            for (int i = 0; i < count; i++)
                items[start + i]!.Cancel();
        }
        Array.Clear(items, start, count);
        // The queue's lock release is no full fence; the idle protocol's step P2 needs one.
        Interlocked.MemoryBarrier();
        if (IdleWord.NeedsWake(Volatile.Read(ref _idleWord)))
            WakeOne();
    }

    private IEnumerable<Worker> AllWorkers()
    {
        Worker[] spares;
        lock (_stateLock)
            spares = [.. _spares];
        return _workers.Concat(spares);
    }
}
