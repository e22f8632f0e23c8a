using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    // Compensation rule: while k workers are blocked (inside BeginBlocking/EndBlocking), up to k spare
    // workers run (never more than MaxBlockingCompensation at a time), so the number of threads able
    // to run work stays at Workers. A spare retires when it is idle and no longer covers a blocked
    // worker; its counters stay in the totals.
    private int _blockedWorkers;
    private int _activeSpares;
    private int _sparesStarted;
    private readonly List<Worker> _spares = [];

    /// <inheritdoc />
    public void BeginBlocking()
    {
        Worker? worker = CurrentWorker();
        if (worker is null)
        {
            // A non-worker thread blocks: publish what it buffered so workers can run it meanwhile.
            FlushCurrentExternal();
            return;
        }
        // Publish the local ring first: nobody else can run it while we block.
        if (worker.Local.Count > 0)
            ShareAllLocal(worker);
        Interlocked.Decrement(ref _busyWorkers);
        int blocked = Interlocked.Increment(ref _blockedWorkers);
        if (blocked > Volatile.Read(ref _activeSpares))
            StartSpareIfAllowed();
    }

    /// <inheritdoc />
    public void EndBlocking()
    {
        if (CurrentWorker() is null)
            return;
        Interlocked.Increment(ref _busyWorkers);
        Interlocked.Decrement(ref _blockedWorkers);
    }

    private void ShareAllLocal(Worker worker)
    {
        lock (_global.SyncRoot)
        {
            _global.PushFrom(worker.Local, worker.Local.Count);
            if (_parkedWorkers > 0)
                Monitor.PulseAll(_global.SyncRoot);
        }
    }

    private void StartSpareIfAllowed()
    {
        lock (_stateLock)
        {
            // The cap counts spares running now, not spares ever started: an engine whose workers
            // block now and then for its whole life must keep its compensation.
            if (_stopping || _activeSpares >= Volatile.Read(ref _blockedWorkers) || _activeSpares >= _options.MaxBlockingCompensation)
                return;
            var spare = new Worker(this, _workers.Length + _sparesStarted, isSpare: true);
            _sparesStarted++;
            _activeSpares++;
            _spares.Add(spare);
            spare.Start();
        }
    }

    /// <summary>True (and the spare is counted out) when this spare no longer covers a blocked worker.</summary>
    private bool RetireSpare()
    {
        lock (_stateLock)
        {
            if (_activeSpares <= Volatile.Read(ref _blockedWorkers))
                return false;
            _activeSpares--;
            return true;
        }
    }

    /// <summary>A spare's thread is leaving: it stops being listed, and its counters join the totals.</summary>
    private void ForgetSpare(Worker spare)
    {
        lock (_stateLock)
        {
            _retired.Add(spare.Executed, spare.Batches, spare.Steals, spare.Parks);
            _spares.Remove(spare);
        }
    }

    private readonly RetiredWorkerCounts _retired = new();

    /// <inheritdoc />
    public bool IsStarved =>
        Volatile.Read(ref _activeSpares) >= _options.MaxBlockingCompensation
        && Volatile.Read(ref _blockedWorkers) >= _workers.Length + Volatile.Read(ref _activeSpares)
        && !IsIdle;

    private bool SpareIsSurplus() => Volatile.Read(ref _activeSpares) > Volatile.Read(ref _blockedWorkers);

    private IEnumerable<Worker> AllWorkers()
    {
        Worker[] spares;
        lock (_stateLock)
            spares = [.. _spares];
        return _workers.Concat(spares);
    }
}
