using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler
{
    // Compensation rule: while k workers are blocked (between BeginBlocking and EndBlocking), up to
    // k spare workers run — at most MaxBlockingCompensation at a time — so the number of threads
    // able to run work stays at Workers. A blocked worker's deque stays where it is: the deque is
    // lock-free, so the others (and the spares) steal from it. A spare is a full worker with its own
    // deque; it retires when it is idle and no longer covers a blocked worker.
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
            BeginExternalBlocking();
            return;
        }
        if (worker.IsBlocked)
            return;   // nested region: the outer one already counts
        worker.IsBlocked = true;
        worker.ReturnOwnBatch();
        worker.PublishDeque();
        Interlocked.Decrement(ref _busy);
        int blocked = Interlocked.Increment(ref _blockedWorkers);
        // Our deque may hold work that only we would have run: make sure somebody is looking.
        // (The Interlocked above is the full fence step P2 needs.)
        if (!worker.Local.IsEmpty && IdleWord.NeedsWake(Volatile.Read(ref _idleWord)))
            WakeOne();
        if (blocked > Volatile.Read(ref _activeSpares))
            StartSpareIfAllowed();
    }

    /// <inheritdoc />
    public void EndBlocking()
    {
        Worker? worker = CurrentWorker();
        if (worker is null)
        {
            EndExternalBlocking();
            return;
        }
        if (!worker.IsBlocked)
            return;
        worker.IsBlocked = false;
        Interlocked.Increment(ref _busy);
        if (Interlocked.Decrement(ref _blockedWorkers) < Volatile.Read(ref _activeSpares))
            WakeAll();   // parked spares are surplus now: let them notice and retire
    }

    private void StartSpareIfAllowed()
    {
        lock (_stateLock)
        {
            if (_stopping || _activeSpares >= Volatile.Read(ref _blockedWorkers) || _activeSpares >= _options.MaxBlockingCompensation)
                return;
            var spare = new Worker(this, _workers.Length + _sparesStarted, isSpare: true);
            _sparesStarted++;
            _activeSpares++;
            _spares.Add(spare);
            Volatile.Write(ref _victims, [.. _victims, spare]);
            spare.Start();
        }
    }

    /// <inheritdoc />
    public bool IsStarved =>
        Volatile.Read(ref _activeSpares) >= _options.MaxBlockingCompensation
        && Volatile.Read(ref _blockedWorkers) >= _workers.Length + Volatile.Read(ref _activeSpares)
        && !IsIdle;

    private bool SpareIsSurplus() => Volatile.Read(ref _activeSpares) > Volatile.Read(ref _blockedWorkers);

    /// <summary>True (and the spare is counted out, atomically with the check) when this spare no longer covers a blocked worker.</summary>
    private bool TryRetireSpare(Worker spare)
    {
        lock (_stateLock)
        {
            if (_activeSpares <= Volatile.Read(ref _blockedWorkers))
                return false;
            _activeSpares--;
            spare.Retired = true;
            return true;
        }
    }

    /// <summary>
    /// A spare leaving (its deque is empty: it only leaves from FindWork, or at stop after
    /// cancelling its leftovers) stops being a victim; its counters stay in the totals.
    /// </summary>
    private void RetireFromVictims(Worker worker)
    {
        if (!worker.IsSpare)
            return;
        lock (_stateLock)
        {
            if (!worker.Retired)
                _activeSpares--;   // leaving because of a stop, not as surplus
            Volatile.Write(ref _victims, [.. _victims.Where(v => !ReferenceEquals(v, worker))]);
            _retired.Add(worker.Executed, worker.Batches, worker.Steals, worker.Parks);
            _spares.Remove(worker);
        }
    }

    private readonly RetiredWorkerCounts _retired = new();
}
