namespace Wyn.Engine.Schedulers;

public sealed partial class WorkStealingScheduler
{
    /// <summary>
    /// Spawns from a thread that is not a worker (main, a request thread) collect here and move to
    /// the injection queue a batch at a time, which keeps the queue's lock off the per-spawn path of
    /// a thread that spawns a million tasks. <see cref="Busy"/> is a spin flag held for a few
    /// instructions by the owner (append, flush, help) or by an idle worker stealing the whole buffer.
    /// </summary>
    private sealed class ExternalBuffer(WorkStealingScheduler owner, int capacity)
    {
        public readonly WorkStealingScheduler Owner = owner;
        public readonly WorkItem?[] Items = new WorkItem?[capacity];
        public int Count;
        public int Busy;

        public void Acquire()
        {
            while (Interlocked.CompareExchange(ref Busy, 1, 0) != 0)
                Thread.SpinWait(1);
        }

        public bool TryAcquire() => Interlocked.CompareExchange(ref Busy, 1, 0) == 0;

        // Exchange, not a plain store: a full fence, so an appended item is visible to every thread
        // before the owner reads the idle word (step P2 of the parking protocol) or the stop flag.
        public void Release() => Interlocked.Exchange(ref Busy, 0);
    }

    [ThreadStatic] private static ExternalBuffer?[]? t_external;
    private readonly object _externalsLock = new();
    private ExternalBuffer[] _externals = [];   // copy-on-write: workers iterate it without a lock
    private long _externalFlushes;
    private long _externalSteals;
    private long _externalExecuted;

    private ExternalBuffer? ExistingExternal()
    {
        ExternalBuffer?[]? buffers = t_external;
        if (buffers is not null && (uint)_slot < (uint)buffers.Length && buffers[_slot] is { } buffer && ReferenceEquals(buffer.Owner, this))
            return buffer;
        return null;
    }

    private ExternalBuffer CreateExternal()
    {
        ExternalBuffer?[]? buffers = t_external;
        if (buffers is null || buffers.Length <= _slot)
        {
            Array.Resize(ref buffers, Math.Max(_slot + 1, 4));
            t_external = buffers;
        }
        var buffer = new ExternalBuffer(this, _batchSize);
        lock (_externalsLock)
            _externals = [.. _externals, buffer];
        buffers[_slot] = buffer;
        return buffer;
    }

    private void EnqueueExternal(WorkItem item)
    {
        ExternalBuffer buffer = ExistingExternal() ?? CreateExternal();
        buffer.Acquire();
        buffer.Items[buffer.Count] = item;
        int count = buffer.Count + 1;
        Volatile.Write(ref buffer.Count, count);
        buffer.Release();
        // Flush when full; when nobody searches but somebody sleeps (the flush wakes one); or when
        // the scheduler stopped (the closed injection queue refuses the batch, which is cancelled).
        if (count == buffer.Items.Length || IdleWord.NeedsWake(Volatile.Read(ref _idleWord)) || _stopped)
            FlushExternal(buffer);
    }

    /// <summary>Moves the buffer to the injection queue (cancelling it once the queue is closed) and wakes a sleeper.</summary>
    private void FlushExternal(ExternalBuffer buffer)
    {
        buffer.Acquire();
        int count = buffer.Count;
        bool accepted = count == 0 || _injection.TryPushRange(buffer.Items, 0, count);
        WorkItem?[]? refused = accepted ? null : buffer.Items[..count];
        Array.Clear(buffer.Items, 0, count);
        Volatile.Write(ref buffer.Count, 0);
        buffer.Release();
        if (count == 0)
            return;
        if (refused is not null)
        {
            foreach (WorkItem? item in refused)
                item!.Cancel();
            return;
        }
        Interlocked.Increment(ref _externalFlushes);
        // Release above was a full fence after the push: step P2.
        if (IdleWord.NeedsWake(Volatile.Read(ref _idleWord)))
            WakeOne();
    }

    private bool AnyExternalWork()
    {
        foreach (ExternalBuffer buffer in Volatile.Read(ref _externals))
        {
            if (Volatile.Read(ref buffer.Count) > 0)
                return true;
        }
        return false;
    }

    /// <summary>A worker takes a whole external buffer into its deque (idle, or for fairness).</summary>
    private WorkItem? StealExternal(Worker thief)
    {
        foreach (ExternalBuffer buffer in Volatile.Read(ref _externals))
        {
            if (Volatile.Read(ref buffer.Count) == 0 || !buffer.TryAcquire())
                continue;
            int count = buffer.Count;
            Array.Copy(buffer.Items, thief.Scratch, count);
            Array.Clear(buffer.Items, 0, count);
            Volatile.Write(ref buffer.Count, 0);
            buffer.Release();
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
    /// Help from a non-worker thread: its own newest buffered spawn first (usually what it awaits),
    /// then the oldest item of a worker's deque, then the injection queue. A thread that spawned a
    /// batch from outside and awaits it in order waits for the oldest unfinished item, which sits at
    /// the top of whichever deque took it; the injection queue holds later ones.
    /// </summary>
    private bool TryHelpExternal()
    {
        Interlocked.Increment(ref _busy);
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
            Interlocked.Decrement(ref _busy);
        }
    }

    private WorkItem? PopOwnExternal()
    {
        if (ExistingExternal() is not { } buffer || Volatile.Read(ref buffer.Count) == 0)
            return null;
        WorkItem? item = null;
        buffer.Acquire();
        if (buffer.Count > 0)
        {
            int last = buffer.Count - 1;
            item = buffer.Items[last];
            buffer.Items[last] = null;
            Volatile.Write(ref buffer.Count, last);
        }
        buffer.Release();
        return item;
    }

    /// <summary>Publishes the calling thread's buffered spawns (before it blocks, or while Stop waits), so workers can run them.</summary>
    private void FlushCurrentExternal()
    {
        if (ExistingExternal() is { } buffer && Volatile.Read(ref buffer.Count) > 0)
            FlushExternal(buffer);
    }

    /// <summary>Empties every buffer; Stop cancels what comes back.</summary>
    private void DrainExternals(List<WorkItem> into)
    {
        foreach (ExternalBuffer buffer in Volatile.Read(ref _externals))
        {
            buffer.Acquire();
            for (int i = 0; i < buffer.Count; i++)
            {
                into.Add(buffer.Items[i]!);
                buffer.Items[i] = null;
            }
            Volatile.Write(ref buffer.Count, 0);
            buffer.Release();
        }
    }
}
