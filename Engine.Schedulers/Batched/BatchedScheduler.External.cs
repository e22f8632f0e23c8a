using Wyn.Engine.Schedulers.Internal;
using Wyn.Engine.Memory.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler : IBackloggedScheduler
{
    private readonly SpawnRingSet _rings;   // outside threads' spawn rings
    private long _externalFlushes;

    private SpawnRing? CurrentExternalIfAny() => _rings.Of(ThreadRole<Worker>.Current);

    private void EnqueueExternal(WorkItem item, ThreadRole<Worker>? role)
    {
        SpawnRing ring = _rings.ForCallingThread(role);
        while (!ring.TryPush(item))
            FlushExternal(ring);
        int count = ring.Count;
        if (count >= _batchSize || _stopped)
        {
            FlushExternal(ring);   // a full batch; or stopped, and the flush cancels what is left
            // A spawner far ahead of the workers waits for them (bounded; see SpawnBackpressure).
            _backpressure.WaitWhileBacklogged(this);
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
            else if (!BackstopArmed)
                ArmBackstop();
        }
    }

    int IBackloggedScheduler.QueueDepth => _global.ApproximateCount;

    long IBackloggedScheduler.WorkerProgress => IBackloggedScheduler.ExecutedBy(_workers);

    bool IBackloggedScheduler.IsStopped => _stopped;

    /// <summary>Moves the ring's items to the global queue (or cancels them, once stopped) and wakes a sleeper. Owner thread only.</summary>
    private void FlushExternal(SpawnRing ring)
    {
        if (ring.Count == 0)
            return;
        ring.CloseOpenBatchForHandOff();
        lock (_global.SyncRoot)
        {
            if (!_stopped)
            {
                // Straight from the ring into the queue: no scratch copy on the spawning thread.
                if (_global.PushFrom(ring, int.MaxValue) > 0)
                {
                    _externalFlushes++;
                    PulseIfNeeded();
                }
                return;
            }
        }
        ring.CancelAll();
    }

    private bool AnyExternalWork() => AnyExternalWork(minimum: 1);

    /// <summary>True when some external ring holds at least <paramref name="minimum"/> items.</summary>
    private bool AnyExternalWork(int minimum)
    {
        foreach (SpawnRing ring in _rings.All)
        {
            if (ring.Count >= minimum)
                return true;
        }
        return false;
    }

    /// <summary>An idle worker takes a batch from an external ring into its own ring.</summary>
    private bool StealExternal(Worker worker)
    {
        foreach (SpawnRing ring in _rings.All)
        {
            int available = ring.Count;
            if (available == 0)
                continue;
            // The spawner's newest item may be its open spawn batch, still filling: take the older
            // ones and leave that one for the next round (or the spawner's own flush).
            if (available >= 2 && ring.PeekNewest() is { IsFilling: true })
                available--;
            int n = ring.Take(worker.Scratch, Math.Min(available, _batchSize));
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

    /// <summary>
    /// Help from a non-worker thread: the oldest of its own buffered spawns, then one item of the
    /// global queue — but only while it is not itself inside a task it took this way (see
    /// Worker.TryHelp for why running unrelated tasks above a waiting one can deadlock). Inside such a
    /// task it waits instead: the workers run the queue, and its own awaited spawn it still runs
    /// itself (TryRunOwnQueued).
    /// </summary>
    private bool TryHelpExternal()
    {
        if (OutsideRunner.IsRunningTask)
            return false;
        SpawnRing? ring = CurrentExternalIfAny();
        if (ring is not null && ring.Count > 0)
        {
            WorkItem?[] scratch = ring.OwnerScratch;
            if (ring.Take(scratch, 1) == 1)
            {
                WorkItem item = scratch[0]!;
                scratch[0] = null;
                RunExternally(item);
                return true;
            }
        }
        if (TryTakeOneFromGlobal(out WorkItem globalItem))
        {
            RunExternally(globalItem);
            return true;
        }
        return false;
    }

    private void RunExternally(WorkItem item)
    {
        OutsideRunner.Enter(this);
        try
        {
            item.Execute();
        }
        finally
        {
            OutsideRunner.Leave();
        }
    }

    /// <summary>Work split off a running spawn batch: to the global queue, for any worker (a sleeper is woken if nobody awake would take it).</summary>
    public void EnqueueShared(WorkItem item)
    {
        lock (_global.SyncRoot)
        {
            if (!_stopped)
            {
                _global.Push(item);
                PulseIfNeeded();
                return;
            }
        }
        item.Cancel();
    }

    /// <inheritdoc />
    public bool GroupsOutsideSpawns => true;

    /// <inheritdoc />
    public bool HasIdleWorker => IdleWorkerCanRun;

    /// <summary>Publishes the calling thread's buffered spawns before it blocks, so workers can run them.</summary>
    private void FlushCurrentExternal()
    {
        if (CurrentExternalIfAny() is { } ring && ring.Count > 0)
            FlushExternal(ring);
    }

    /// <summary>Takes everything left in the external rings (used by Stop once the workers are gone).</summary>
    private void DrainExternals(List<WorkItem> into)
    {
        var scratch = new WorkItem?[_batchSize * 2];
        foreach (SpawnRing ring in _rings.All)
        {
            int n;
            while ((n = ring.Take(scratch, scratch.Length)) > 0)
            {
                for (int i = 0; i < n; i++)
                    into.Add(scratch[i]!);
            }
        }
    }
}
