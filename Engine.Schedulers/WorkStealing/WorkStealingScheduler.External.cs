using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler : IBackloggedScheduler
{
    // Spawns from a thread that is not a worker (main, a request thread) collect in that thread's
    // SpawnRing (plain stores, no atomic per spawn) and move to the injection queue a batch at a
    // time, which keeps the queue's lock off the per-spawn path of a thread that spawns a million
    // tasks. Idle workers steal from the rings; the owner's help takes its own oldest item.
    private readonly SpawnRingSet _rings;
    private long _externalFlushes;
    private long _externalSteals;
    private long _externalExecuted;

    private SpawnRing? ExistingExternal() => _rings.Of(ThreadRole<Worker>.Current);

    private void EnqueueExternal(WorkItem item, ThreadRole<Worker>? role)
    {
        SpawnRing ring = _rings.ForCallingThread(role);
        while (!ring.TryPush(item))
            FlushExternal(ring);
        // Flush a full batch (the ring holds two, so the spawner never waits for a thief), or
        // everything once the scheduler stopped (the closed injection queue refuses the batch,
        // which is cancelled).
        int count = ring.Count;
        if (count >= _batchSize || _stopped)
        {
            FlushExternal(ring);
            // A spawner far ahead of the workers waits for them (bounded; see SpawnBackpressure).
            _backpressure.WaitWhileBacklogged(this);
            return;
        }
        // Nobody searches but somebody sleeps: a sleeper must hear of this. The idle word is read
        // without a fence after the plain-store push; a worker about to park closes that gap with
        // a process-wide barrier before its last look (Park, step W1). Two or more items are
        // flushed at once (which wakes one). A lone item is most often awaited by its spawner
        // right away, which then runs it itself (TryRunOwnQueued): waking a worker for it would
        // cost a futex call and a context switch per spawn, so it only arms the backstop, which
        // moves it within BackstopMilliseconds if it is still here — a delay, never a loss.
        if (IdleWord.NeedsWake(Volatile.Read(ref _idleWord)))
        {
            if (count >= 2)
                FlushExternal(ring);
            else if (!BackstopArmed)
                ArmBackstop();
        }
    }

    int IBackloggedScheduler.QueueDepth => _injection.Count;

    long IBackloggedScheduler.WorkerProgress => IBackloggedScheduler.ExecutedBy(_workers);

    bool IBackloggedScheduler.IsStopped => _stopped;

    /// <summary>Moves the ring's items to the injection queue (cancelling them once the queue is closed) and wakes a sleeper.</summary>
    private void FlushExternal(SpawnRing ring)
    {
        if (ring.Count == 0)
            return;
        ring.CloseOpenBatchForHandOff();
        int moved = _injection.TryPushFrom(ring);
        if (moved < 0)
        {
            ring.CancelAll();
            return;
        }
        if (moved == 0)
            return;
        Interlocked.Increment(ref _externalFlushes);   // also the full fence of step P2
        if (IdleWord.NeedsWake(Volatile.Read(ref _idleWord)))
            WakeOne();
    }

    private bool AnyExternalWork() => AnyExternalWork(minimum: 1);

    /// <summary>True when some outside thread's ring holds at least <paramref name="minimum"/> items (never, for int.MaxValue: the rings are not read).</summary>
    private bool AnyExternalWork(int minimum)
    {
        if (minimum == int.MaxValue)
            return false;
        foreach (SpawnRing ring in _rings.All)
        {
            if (ring.Count >= minimum)
                return true;
        }
        return false;
    }

    /// <summary>A worker takes a batch of an external ring holding at least <paramref name="minimum"/> items into its deque (idle, or for fairness).</summary>
    private WorkItem? StealExternal(Worker thief, int minimum = 1)
    {
        foreach (SpawnRing ring in _rings.All)
        {
            if (minimum == int.MaxValue)
                break;
            int count = ring.Count;
            if (count == 0 || count < minimum)
                continue;
            // The spawner's newest item may be its open spawn batch, still filling: take the older
            // ones and leave that one for the next round (or the spawner's own flush).
            if (ring.PeekNewest() is { IsFilling: true } newest)
            {
                if (count >= 2)
                    count--;
                else if (!newest.MayTakeWhileFilling())
                    continue;   // asked its spawner to close it; taken on a later round if it stays quiet
            }
            count = ring.Take(thief.Scratch, Math.Min(count, Math.Min(thief.Scratch.Length, thief.Local.Capacity)));
            if (count > 0)
            {
                thief.Steals++;
                return thief.AdoptBatch(thief.Scratch, count);
            }
        }
        return null;
    }

    private WorkItem? TakeExternalForFairness(Worker worker) => AnyExternalWork() ? StealExternal(worker) : null;

    /// <summary>
    /// Help from a non-worker thread that is not inside a task: its own oldest buffered spawn first (a thread that spawned a
    /// batch and awaits it in order waits for the oldest), then the oldest item of a worker's deque,
    /// then the injection queue.
    /// </summary>
    private bool TryHelpExternal()
    {
        // Inside a task this thread runs itself, help only by TryRunOwnQueued (the awaited spawn
        // itself): any other task could end up above one it awaits (see Worker.TryHelp).
        if (OutsideRunner.IsRunningTask)
            return false;
        EnterExternalBusy();
        try
        {
            WorkItem? item = PopOwnExternal() ?? StealOne(thief: null) ?? _injection.TryPop();
            if (item is null)
                return false;
            if (_cancelling)
                item.Cancel();
            else
                item.Execute();
            Interlocked.Increment(ref _externalExecuted);
            return true;
        }
        finally
        {
            LeaveExternalBusy();
        }
    }

    /// <summary>
    /// An outside thread (main, a request thread) takes an item to run: it counts busy while it
    /// holds or runs it, so a drain does not see "idle" with an item in its hands.
    /// </summary>
    private void EnterExternalBusy()
    {
        Interlocked.Increment(ref _busy);
        OutsideRunner.Enter(this);
    }

    private void LeaveExternalBusy()
    {
        OutsideRunner.Leave();
        Interlocked.Decrement(ref _busy);
    }

    /// <summary>
    /// A task that an outside thread runs blocks for real (a channel wait): while it does, that
    /// thread holds nothing runnable, so it stops counting busy — otherwise the engine could never
    /// look idle, and a deadlock that main is part of would go undetected.
    /// </summary>
    private void BeginExternalBlocking()
    {
        if (OutsideRunner.Block(this) is { } runner)
        {
            // Every task nested on this thread counted itself busy (EnterExternalBusy); all of them
            // wait on this one, so none is runnable while it blocks (conformance program 199).
            Interlocked.Add(ref _busy, -runner.Depth);
        }
    }

    private void EndExternalBlocking()
    {
        if (OutsideRunner.Unblock(this) is { } runner)
            Interlocked.Add(ref _busy, runner.Depth);
    }

    private WorkItem? PopOwnExternal()
    {
        if (ExistingExternal() is not { } ring || ring.Count == 0)
            return null;
        WorkItem?[] scratch = ring.OwnerScratch;
        if (ring.Take(scratch, 1) == 0)
            return null;
        WorkItem? item = scratch[0];
        scratch[0] = null;
        return item;
    }

    /// <summary>Work split off a running spawn batch: to the injection queue, for any worker (not the deque, whose owner would count it as its own spawn).</summary>
    public void EnqueueShared(WorkItem item)
    {
        item.Lineage = default;   // a part of a batch from outside the workers: no task's work
        if (!_injection.TryPush(item))
        {
            item.Cancel();   // closed: the scheduler stopped
            return;
        }
        // Full fence between "item published" and "read the idle word" (Idle.cs, step P2).
        Interlocked.MemoryBarrier();
        if (IdleWord.NeedsWake(Volatile.Read(ref _idleWord)))
            WakeOne();
    }

    /// <inheritdoc />
    public bool GroupsOutsideSpawns => true;

    /// <inheritdoc />
    public bool HasIdleWorker => Volatile.Read(ref _idleWord) != 0;

    /// <summary>Publishes the calling thread's buffered spawns (before it blocks, or while Stop waits), so workers can run them.</summary>
    private void FlushCurrentExternal()
    {
        if (ExistingExternal() is { } ring && ring.Count > 0)
            FlushExternal(ring);
    }

    /// <summary>Empties every ring; Stop cancels what comes back.</summary>
    private void DrainExternals(List<WorkItem> into)
    {
        var scratch = new WorkItem?[_batchSize];
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
