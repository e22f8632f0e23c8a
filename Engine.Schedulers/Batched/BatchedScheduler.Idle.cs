using System.Diagnostics;

namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    /// <summary>
    /// Polls with a busy pause before yielding. Spinning keeps a worker's reaction time at
    /// nanoseconds (parking and waking cost microseconds), but a spinning worker also takes a core
    /// from the thread that produces its work — on 2 cores, main plus 2 workers is already one thread
    /// too many — so the spin is short. Numbers picked by measurement on the 2-core benchmark machine.
    /// </summary>
    private const int BusySpins = 8;

    /// <summary>Polls with <see cref="Thread.Yield"/> after the busy spins: lets a runnable producer on this core run first.</summary>
    private const int YieldSpins = 64;

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

    // Set by an external producer when it flushed and pulsed for a lone sleeper; cleared by the
    // woken worker. While set, producers do not flush and pulse again per spawn: the woken worker
    // is on its way and will find their items (in the global queue, or in their rings).
    private int _wakePending;

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
                // External rings are stolen only after the busy spin: their owners flush a full
                // batch to the global queue by themselves (one lock per BatchSize spawns), and a
                // worker that stole every few items would bounce the owner's ring indices between
                // cores on every spawn. Stealing is the liveness path for an owner that went quiet.
                // A lone item is left to its owner, which most often awaits it at once and then
                // runs it itself (stealing it would turn a plain call into a cross-core hand-off);
                // the backstop moves it within BackstopMilliseconds if the owner does not.
                if (spins >= BusySpins && AnyExternalWork(minimum: 2))
                {
                    Interlocked.Increment(ref _busyWorkers);
                    if (StealExternal(worker))
                        return true;
                    Interlocked.Decrement(ref _busyWorkers);
                }
                if (_stopping || (worker.IsSpare && RetireSpare()))
                    return false;
                if (spins < BusySpins)
                {
                    Thread.SpinWait(32);
                    spins++;
                    continue;
                }
                if (spins < BusySpins + YieldSpins)
                {
                    Thread.Yield();
                    spins++;
                    continue;
                }
                Park(worker);
                spins = BusySpins;
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
            worker.BatchStarted = Stopwatch.GetTimestamp();
            // Chain wake-up: if there is more, let the next sleeper take its own share.
            if (_global.ApproximateCount > 0)
                PulseIfNeeded();
            return true;
        }
    }

    private void Park(Worker worker)
    {
        lock (_global.SyncRoot)
        {
            Interlocked.Increment(ref _parkedWorkers);
            // Producers on external rings append with plain stores and then read _parkedWorkers
            // without a fence, so their read may run ahead of their store. This barrier drains every
            // processor's store buffer: a push whose producer read "nobody parked" is visible to the
            // re-check below. The cost (microseconds) is paid per park, not per spawn.
            Interlocked.MemoryBarrierProcessWide();
            try
            {
                if (_global.ApproximateCount == 0 && !AnyExternalWork(minimum: 2) && !_stopping && !(worker.IsSpare && SpareIsSurplus()))
                {
                    // Lone items stay with their owners (see FindWork); the backstop is the
                    // guarantee that none of them is stranded while everybody sleeps.
                    if (AnyExternalWork(minimum: 1))
                        ArmBackstop();
                    worker.Parks++;
                    Monitor.Wait(_global.SyncRoot);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _parkedWorkers);
                // Whoever pulsed may pulse again. Cleared on every way out of Park, also when the
                // re-check found work and no Wait happened: a pulse that found no waiter must not
                // leave the flag set for good.
                Volatile.Write(ref _wakePending, 0);
            }
        }
    }

    /// <summary>
    /// True when handing work to an idle worker can make it run in parallel: a worker is idle, and
    /// fewer workers are busy than the machine has processors. With more workers than processors
    /// (<c>--workers=8</c> on 2 cores) an idle worker was nearly always there, so every spawn moved
    /// the spawner's newest child, the one it was about to await, to the shared queue; the spawner
    /// then blocked on it instead of running it, and spawnfib(27) took 6× as long as with 2 workers.
    /// </summary>
    /// <remarks>
    /// With no more workers than processors an idle worker has a processor (busy workers and the
    /// spares standing in for blocked ones do not outnumber the workers, but for a spare about to
    /// retire), so only an oversubscribed engine reads the busy count, a line every worker writes,
    /// on this path that every spawn of a worker takes.
    /// </remarks>
    private bool IdleWorkerCanRun =>
        Volatile.Read(ref _idleWorkers) > 0 && (!_oversubscribed || Volatile.Read(ref _busyWorkers) < Environment.ProcessorCount);

    /// <summary>More workers than the machine has processors (set once, at construction).</summary>
    private readonly bool _oversubscribed;

    /// <summary>True when no worker is awake (running, spinning) to notice queued work by itself.</summary>
    private bool AllWorkersAsleep() =>
        Volatile.Read(ref _parkedWorkers) >= _workers.Length + Volatile.Read(ref _activeSpares) - Volatile.Read(ref _blockedWorkers);

    /// <summary>
    /// Called under the global lock after work was queued: wakes one sleeper when nobody awake would
    /// take the work, or when the backlog is a full batch or more. Waking for every small push would
    /// cost a futex call and a context switch per batch on a machine whose awake workers keep up anyway.
    /// </summary>
    private void PulseIfNeeded()
    {
        if (_parkedWorkers == 0)
            return;
        if (AllWorkersAsleep() || _global.ApproximateCount >= _batchSize)
        {
            _wakePending = 1;
            Monitor.Pulse(_global.SyncRoot);
        }
        else if (!BackstopArmed)
        {
            // The awake workers may be deep in long tasks: if the work is still queued at the next
            // backstop tick, a sleeper is woken then.
            ArmBackstop();
        }
    }

    /// <summary>
    /// Called under the global lock after a worker shared its ring because a worker was idle: wakes
    /// one sleeper at once unless an idle worker is still awake (spinning or yielding; it will take the
    /// share by itself) or a woken one is already on its way. A shared half is what an idle worker is
    /// meant to run now. Left to <see cref="PulseIfNeeded"/>, a share of fewer than BatchSize items
    /// with one worker busy waited for the backstop tick (1 ms), and a small fork-join ran on one
    /// worker: spawnfib(20) took 2–7 ms against 1.3–1.6 on work-stealing (docs/benchmarks.md, session 17).
    /// </summary>
    private void PulseForShare()
    {
        if (_parkedWorkers == 0)
            return;
        if (Volatile.Read(ref _idleWorkers) > _parkedWorkers || Volatile.Read(ref _wakePending) != 0)
        {
            PulseIfNeeded();
            return;
        }
        _wakePending = 1;
        Monitor.Pulse(_global.SyncRoot);
    }

    /// <summary>Wakes every sleeper (stop, or a blocked worker wants compensation).</summary>
    private void WakeAll()
    {
        lock (_global.SyncRoot)
            Monitor.PulseAll(_global.SyncRoot);
    }
}
