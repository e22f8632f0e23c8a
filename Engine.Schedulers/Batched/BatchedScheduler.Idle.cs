namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    /// <summary>Polls (with growing pauses) before parking. Spinning is what keeps a worker's wake-up latency at nanoseconds; parking costs microseconds.</summary>
    private const int SpinsBeforePark = 64;

    // Workers that are running work (not idle, not blocked). Changed with Interlocked; transitions
    // that take work from the global queue happen under its lock, so IsIdle (also under the lock)
    // never sees "queue empty and nobody busy" while a worker holds items it has not counted.
    private int _busyWorkers;

    // Workers inside FindWork (spinning or parked). Producers read it to decide whether to share.
    private int _idleWorkers;

    // Workers waiting on the global lock's monitor. Incremented with Interlocked (a full fence)
    // before the final re-check, and producers read it after publishing with a full fence, so of
    // "producer publishes, then reads parked" and "worker counts itself parked, then re-checks" at
    // least one sees the other.
    private int _parkedWorkers;

    /// <summary>
    /// Called by a worker whose local ring is empty. Returns true with work in the ring, or false when
    /// the worker must exit (the scheduler is stopping, or a spare is no longer needed).
    /// </summary>
    private bool FindWork(Worker worker)
    {
        Interlocked.Decrement(ref _busyWorkers);
        Interlocked.Increment(ref _idleWorkers);
        try
        {
            int spins = 0;
            while (true)
            {
                if (_global.ApproximateCount > 0 && TakeShareFromGlobal(worker))
                    return true;
                if (AnyExternalWork())
                {
                    Interlocked.Increment(ref _busyWorkers);
                    if (StealExternal(worker))
                        return true;
                    Interlocked.Decrement(ref _busyWorkers);
                }
                if (_stopping || (worker.IsSpare && RetireSpare()))
                    return false;
                if (spins < SpinsBeforePark)
                {
                    Thread.SpinWait(8 << Math.Min(spins >> 3, 6));
                    spins++;
                    continue;
                }
                Park(worker);
                spins = SpinsBeforePark / 2;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _idleWorkers);
        }
    }

    /// <summary>Takes this worker's share of the global queue: a batch, but no more than count / workers, so that others get some too.</summary>
    private bool TakeShareFromGlobal(Worker worker)
    {
        lock (_global.SyncRoot)
        {
            int available = _global.ApproximateCount;
            if (available == 0)
                return false;
            int share = Math.Clamp(available / Math.Max(1, _workers.Length), 1, _batchSize);
            Interlocked.Increment(ref _busyWorkers);
            _global.PopTo(worker.Local, share);
            worker.Batches++;
            // Chain wake-up: if there is more, let the next sleeper take its own share.
            if (_global.ApproximateCount > 0 && _parkedWorkers > 0)
                Monitor.Pulse(_global.SyncRoot);
            return true;
        }
    }

    private void Park(Worker worker)
    {
        lock (_global.SyncRoot)
        {
            Interlocked.Increment(ref _parkedWorkers);
            try
            {
                if (_global.ApproximateCount == 0 && !AnyExternalWork() && !_stopping && !(worker.IsSpare && SpareIsSurplus()))
                {
                    worker.Parks++;
                    Monitor.Wait(_global.SyncRoot);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _parkedWorkers);
            }
        }
    }

    /// <summary>Wakes every sleeper (stop, or a blocked worker wants compensation).</summary>
    private void WakeAll()
    {
        lock (_global.SyncRoot)
            Monitor.PulseAll(_global.SyncRoot);
    }
}
