using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// The default strategy: one global FIFO queue under a lock; producers and workers move work in
/// batches of up to <see cref="EngineOptions.BatchSize"/> per lock acquisition.
/// </summary>
/// <remarks>
/// Where work lives, and who may touch it:
/// 1. the global queue — everyone, under its lock;
/// 2. a worker's local ring — only that worker (spawns from inside a task land here first, and are
///    pushed to the global queue when the ring is full or some worker is idle);
/// 3. an external producer buffer — the non-worker thread that spawned (say, main) and, through a
///    tiny spin flag, idle workers that steal it whole. Buffering keeps the lock off the per-spawn
///    path of a thread that spawns a million tasks; stealing means nothing stays stranded there if
///    that thread goes away.
/// Parking (BatchedScheduler.Idle.cs) is decided under the global lock, and producers that may find
/// a parked worker take the same lock to pulse it, so no wake-up is lost.
/// </remarks>
public sealed partial class BatchedScheduler : IScheduler
{
    private readonly EngineOptions _options;
    private readonly int _batchSize;
    private readonly GlobalQueue _global;
    private readonly SpawnBackpressure _backpressure;   // told of the global queue's takes (GlobalQueue)
    private readonly Worker[] _workers;
    private readonly object _stateLock = new();
    private int _started;

    // Set under the global lock. Stopping: workers leave when idle. Stopped: enqueues are cancelled.
    private volatile bool _stopping;
    private volatile bool _cancelling;
    private volatile bool _stopped;

    /// <summary>Creates the strategy for <paramref name="context"/>'s options.</summary>
    public BatchedScheduler(SchedulerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = context.Options;
        _batchSize = _options.BatchSize;
        _backpressure = new SpawnBackpressure(SpawnBackpressure.HighWaterFor(_options.Workers, _batchSize));
        _global = new GlobalQueue(Math.Max(_batchSize * 4, 256), _backpressure);
        _workers = new Worker[_options.Workers];
        _oversubscribed = _options.Workers > Environment.ProcessorCount;
        for (int i = 0; i < _workers.Length; i++)
            _workers[i] = new Worker(this, i, isSpare: false);
        _slot = s_slots.Acquire();
        _rings = new SpawnRingSet(this, _slot, _batchSize * 2);
        _backstop = new Backstop(BackstopTick, BackstopMilliseconds);
    }

    /// <inheritdoc />
    public string Name => BatchedSchedulerFactory.StrategyName;

    /// <inheritdoc />
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            return;
        foreach (Worker worker in _workers)
            worker.Start();
    }

    /// <inheritdoc />
    public void Enqueue(WorkItem item)
    {
        ThreadRole<Worker>? role = ThreadRole<Worker>.Current;
        if (role?.Worker is { } worker && ReferenceEquals(worker.Scheduler, this))
            worker.Push(item);
        else
            EnqueueExternal(item, role);
    }

    /// <inheritdoc />
    public bool TryHelp()
    {
        Worker? worker = CurrentWorker();
        if (worker is not null)
            return worker.TryHelp();
        return TryHelpExternal();
    }

    /// <inheritdoc />
    public bool CallerHasQueuedWork => CurrentWorker() is { } worker && worker.Local.Count > 0;

    /// <inheritdoc />
    public bool CallerRunsTask => CurrentWorker() is not null || OutsideRunner.IsRunningTask;

    /// <inheritdoc />
    public ITaskStartMarker? TaskStartMarker() => CurrentWorker();

    /// <inheritdoc />
    public bool TryRunOwnQueued(int futureSlot, Type resultType)
    {
        if (CurrentExternalIfAny()?.TakeLoneIf(futureSlot, resultType) is not { } item)
            return false;
        RunAwaited(item, futureSlot);
        return true;
    }

    /// <inheritdoc />
    public bool TryRunQueued(int futureSlot, Type resultType)
    {
        if (_global.ApproximateCount == 0)
            return false;
        WorkItem item;
        lock (_global.SyncRoot)
        {
            if (!_global.TryTakeCompleting(futureSlot, resultType, out item))
                return false;
        }
        RunAwaited(item, futureSlot);
        return true;
    }

    /// <summary>Runs, on the calling thread, an item taken out of a queue because this thread awaits <paramref name="futureSlot"/>'s future: that task first (ExecuteOnly).</summary>
    private void RunAwaited(WorkItem item, int futureSlot)
    {
        if (_stopped)
        {
            item.Cancel();
        }
        else if (CurrentWorker() is { } worker)
        {
            worker.RunNested(item, futureSlot);
        }
        else
        {
            OutsideRunner.Enter(this);
            try
            {
                item.ExecuteOnly(futureSlot);
            }
            finally
            {
                OutsideRunner.Leave();
            }
        }
    }

    /// <inheritdoc />
    public bool HasQueued(int futureSlot, Type resultType)
    {
        if (_global.ApproximateCount == 0)
            return false;
        lock (_global.SyncRoot)
            return _global.ContainsCompleting(futureSlot, resultType);
    }

    /// <inheritdoc />
    public bool IsIdle
    {
        get
        {
            lock (_global.SyncRoot)
                return _global.ApproximateCount == 0 && !AnyExternalWork() && Volatile.Read(ref _busyWorkers) == 0;
        }
    }

    /// <inheritdoc />
    public SchedulerStatistics GetStatistics()
    {
        long executed, batches, steals, parks;
        // Under the state lock, so that a spare retiring meanwhile is counted exactly once.
        lock (_stateLock)
        {
            executed = _retired.Executed;
            batches = _retired.Batches;
            steals = _retired.Steals;
            parks = _retired.Parks;
            foreach (Worker w in AllWorkers())
            {
                executed += Volatile.Read(ref w.Executed);
                batches += Volatile.Read(ref w.Batches);
                steals += Volatile.Read(ref w.Steals);
                parks += Volatile.Read(ref w.Parks);
            }
        }
        return new SchedulerStatistics
        {
            Workers = _workers.Length,
            Executed = executed,
            Batches = batches + Volatile.Read(ref _externalFlushes),
            Steals = steals,
            Parks = parks,
            QueueDepth = _global.ApproximateCount,
            PeakQueueDepth = _global.Peak,
            SpawnerWaits = _backpressure.Waits,
            CompensationThreads = Volatile.Read(ref _sparesStarted),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_stopped)
            Stop(ShutdownMode.Cancel, _options.ShutdownTimeout);
        _backstop.Dispose();
        s_slots.Release(_slot);
    }
}
