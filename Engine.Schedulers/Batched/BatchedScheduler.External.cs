namespace Wyn.Engine.Schedulers;

public sealed partial class BatchedScheduler
{
    /// <summary>
    /// Spawns from a thread that is not a worker (main, a request thread) collect here and move to
    /// the global queue a batch at a time. <see cref="Busy"/> is a spin flag held for a few
    /// instructions by the owner (append, flush) or by an idle worker stealing the whole buffer.
    /// </summary>
    private sealed class ExternalBuffer(BatchedScheduler owner, int capacity)
    {
        public readonly BatchedScheduler Owner = owner;
        public readonly WorkItem?[] Items = new WorkItem?[capacity];
        public int Count;
        public int Busy;

        public void Acquire()
        {
            while (Interlocked.CompareExchange(ref Busy, 1, 0) != 0)
                Thread.SpinWait(1);
        }

        public bool TryAcquire() => Interlocked.CompareExchange(ref Busy, 1, 0) == 0;

        // Exchange, not a plain store: a full fence, so the appended item is visible to every
        // thread before the owner goes on to read _parkedWorkers (see there).
        public void Release() => Interlocked.Exchange(ref Busy, 0);
    }

    [ThreadStatic] private static ExternalBuffer?[]? t_external;
    private readonly object _externalsLock = new();
    private ExternalBuffer[] _externals = [];   // copy-on-write: workers iterate it without a lock
    private long _externalFlushes;

    private ExternalBuffer CurrentExternal()
    {
        ExternalBuffer?[]? buffers = t_external;
        if (buffers is not null && (uint)_slot < (uint)buffers.Length && buffers[_slot] is { } buffer && ReferenceEquals(buffer.Owner, this))
            return buffer;
        return CreateExternal();
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
        ExternalBuffer buffer = CurrentExternal();
        buffer.Acquire();
        buffer.Items[buffer.Count] = item;
        int count = buffer.Count + 1;
        Volatile.Write(ref buffer.Count, count);
        buffer.Release();
        // Flush when full, when a worker sleeps (a spinning worker would steal the buffer, a parked
        // one must be woken), or when the scheduler stopped (the flush cancels it).
        if (count == buffer.Items.Length || Volatile.Read(ref _parkedWorkers) > 0 || _stopped)
            FlushExternal(buffer);
    }

    /// <summary>Moves the buffer to the global queue (or cancels it, once stopped) and wakes a sleeper.</summary>
    private void FlushExternal(ExternalBuffer buffer)
    {
        WorkItem?[]? cancelled = null;
        int cancelledCount = 0;
        buffer.Acquire();
        try
        {
            if (buffer.Count == 0)
                return;
            lock (_global.SyncRoot)
            {
                if (_stopped)
                {
                    cancelled = (WorkItem?[])buffer.Items.Clone();
                    cancelledCount = buffer.Count;
                }
                else
                {
                    _global.PushRange(buffer.Items, buffer.Count);
                    _externalFlushes++;
                    if (_parkedWorkers > 0)
                        Monitor.Pulse(_global.SyncRoot);
                }
            }
            Array.Clear(buffer.Items, 0, buffer.Count);
            Volatile.Write(ref buffer.Count, 0);
        }
        finally
        {
            buffer.Release();
        }
        for (int i = 0; i < cancelledCount; i++)
            cancelled![i]!.Cancel();
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

    /// <summary>An idle worker takes a whole external buffer into its ring.</summary>
    private bool StealExternal(Worker worker)
    {
        foreach (ExternalBuffer buffer in Volatile.Read(ref _externals))
        {
            if (Volatile.Read(ref buffer.Count) == 0 || !buffer.TryAcquire())
                continue;
            int count = buffer.Count;
            for (int i = 0; i < count; i++)
            {
                worker.Local.PushBack(buffer.Items[i]!);
                buffer.Items[i] = null;
            }
            Volatile.Write(ref buffer.Count, 0);
            buffer.Release();
            if (count > 0)
            {
                worker.Steals++;
                return true;
            }
        }
        return false;
    }

    /// <summary>Help from a non-worker thread: its own newest buffered spawn first, then one item of the global queue.</summary>
    private bool TryHelpExternal()
    {
        ExternalBuffer?[]? buffers = t_external;
        if (buffers is not null && (uint)_slot < (uint)buffers.Length && buffers[_slot] is { } buffer
            && ReferenceEquals(buffer.Owner, this) && Volatile.Read(ref buffer.Count) > 0)
        {
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
            if (item is not null)
            {
                item.Execute();
                return true;
            }
        }
        if (TryTakeOneFromGlobal(out WorkItem globalItem))
        {
            globalItem.Execute();
            return true;
        }
        return false;
    }

    /// <summary>Publishes the calling thread's buffered spawns before it blocks, so workers can run them.</summary>
    private void FlushCurrentExternal()
    {
        ExternalBuffer?[]? buffers = t_external;
        if (buffers is not null && (uint)_slot < (uint)buffers.Length && buffers[_slot] is { } buffer
            && ReferenceEquals(buffer.Owner, this) && Volatile.Read(ref buffer.Count) > 0)
            FlushExternal(buffer);
    }
}
