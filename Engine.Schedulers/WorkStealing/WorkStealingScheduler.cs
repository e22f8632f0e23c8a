using Wyn.Engine.Schedulers.Internal;
using Wyn.Engine.Memory;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// Work stealing: a bounded lock-free Chase–Lev deque per worker, a global injection queue, and
/// idle workers that steal half of a random victim's deque.
/// </summary>
/// <remarks>
/// Where work lives, and who may touch it:
/// 1. a worker's deque (<see cref="StealingDeque"/>) — spawns from a task running on that worker.
///    The owner pushes and pops at the bottom (LIFO: the child it awaits next); thieves take the
///    oldest half from the top. When full, the older half moves to the injection queue.
/// 2. the injection queue (<see cref="InjectionQueue"/>) — overflow, and spawns from threads that
///    are not workers, a batch at a time from
/// 3. external producer buffers (WorkStealingScheduler.External.cs) — a non-worker thread (say,
///    main) collects its spawns and flushes them as one batch; idle workers steal a buffer whole,
///    so nothing stays stranded there.
/// Fairness (WorkStealingScheduler.Worker.cs): every <see cref="FairnessInterval"/> local pops a
/// worker takes one item from the injection queue, or else the oldest item of its own deque, so
/// neither outside spawns nor the old end of a deque starve behind a task that keeps respawning.
/// Idle workers search (at most half of them at once) and then park (WorkStealingScheduler.Idle.cs,
/// which argues why no wake-up is lost).
/// </remarks>
public sealed partial class WorkStealingScheduler : IScheduler
{
    /// <summary>Slots per worker deque. 256, as in tokio and Go: a few KB per worker, enough that overflow is rare.</summary>
    public const int DefaultLocalCapacity = 256;

    /// <summary>
    /// Local pops between two looks at the injection queue (and at the old end of the own deque).
    /// 61 is tokio's figure ("global_queue_interval"): prime, so it does not beat in step with a
    /// workload's own period; small enough that outside spawns wait at most ~61 items per worker.
    /// </summary>
    public const int FairnessInterval = 61;

    /// <summary>Most items a worker takes from its own deque at once (half of the deque at most); see StealingDeque.TryPopBatch.</summary>
    private const int OwnBatch = 16;

    private readonly EngineOptions _options;
    private readonly int _batchSize;
    private readonly int _localCapacity;
    private readonly int _startIndex;
    private readonly InjectionQueue _injection;
    private readonly SpawnBackpressure _backpressure;   // told of the injection queue's takes (InjectionQueue)
    private readonly Worker[] _workers;
    private readonly object _stateLock = new();
    private int _started;

    // Stopping: workers leave once they find no work. Cancelling: workers cancel what they take.
    // Stopped: set after the workers exit; enqueues from then on are cancelled at once.
    private volatile bool _stopping;
    private volatile bool _cancelling;
    private volatile bool _stopped;

    /// <summary>Creates the strategy for <paramref name="context"/>'s options.</summary>
    public WorkStealingScheduler(SchedulerContext context)
        : this(context, DefaultLocalCapacity, startIndex: 0)
    {
    }

    /// <summary>Tests shrink the deques and start their indices near <see cref="int.MaxValue"/>.</summary>
    internal WorkStealingScheduler(SchedulerContext context, int localCapacity, int startIndex)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(localCapacity, 2);
        _options = context.Options;
        if (_options.Workers + _options.MaxBlockingCompensation > IdleWord.MaxThreads)
            throw new EngineOptionsException($"{EngineOptions.SectionName}: work-stealing supports at most {IdleWord.MaxThreads} workers plus compensation threads.");
        _batchSize = Math.Max(1, _options.BatchSize);
        _localCapacity = localCapacity;
        _startIndex = startIndex;
        _backpressure = new SpawnBackpressure(SpawnBackpressure.HighWaterFor(_options.Workers, _batchSize));
        _injection = new InjectionQueue(Math.Max(_batchSize * 4, 256), _backpressure);
        _workers = new Worker[_options.Workers];
        for (int i = 0; i < _workers.Length; i++)
            _workers[i] = new Worker(this, i, isSpare: false);
        _victims = _workers;
        _slot = s_slots.Acquire();
        _rings = new SpawnRingSet(this, _slot, _batchSize * 2);
        _backstop = new Backstop(BackstopTick, BackstopMilliseconds);
    }

    /// <inheritdoc />
    public string Name => WorkStealingSchedulerFactory.StrategyName;

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
        {
            worker.Push(item);
        }
        else
        {
            item.Lineage = default;   // spawned outside the workers: descends from no task run here
            EnqueueExternal(item, role);
        }
    }

    /// <inheritdoc />
    public bool CallerHasQueuedWork => CurrentWorker() is { } worker && worker.HasQueuedWork;

    /// <inheritdoc />
    public bool CallerRunsTask => CurrentWorker() is not null || OutsideRunner.IsRunningTask;

    /// <inheritdoc />
    public ITaskStartMarker? TaskStartMarker() => CurrentWorker();

    /// <inheritdoc />
    public bool TryRunOwnQueued(int futureSlot, Type resultType)
    {
        if (ExistingExternal()?.TakeLoneIf(futureSlot, resultType) is not { } item)
            return false;
        RunAwaited(item, futureSlot);
        return true;
    }

    /// <inheritdoc />
    public bool TryRunQueued(int futureSlot, Type resultType)
    {
        if (_injection.TakeCompleting(futureSlot, resultType) is not { } item)
            return false;
        RunAwaited(item, futureSlot);
        return true;
    }

    /// <summary>Runs, on the calling thread, an item taken out of a queue because this thread awaits <paramref name="futureSlot"/>'s future: that task first (ExecuteOnly).</summary>
    private void RunAwaited(WorkItem item, int futureSlot)
    {
        if (CurrentWorker() is { } worker)
        {
            worker.RunNested(item, futureSlot);
            return;
        }
        EnterExternalBusy();
        try
        {
            if (_cancelling)
                item.Cancel();
            else
                item.ExecuteOnly(futureSlot);
            Interlocked.Increment(ref _externalExecuted);
        }
        finally
        {
            LeaveExternalBusy();
        }
    }

    /// <inheritdoc />
    public bool HasQueued(int futureSlot, Type resultType) => _injection.ContainsCompleting(futureSlot, resultType);

    /// <inheritdoc />
    public bool TryHelp()
    {
        Worker? worker = CurrentWorker();
        if (worker is not null)
            return worker.TryHelp();
        return TryHelpExternal();
    }

    /// <inheritdoc />
    public bool TryHelpAwaiting(int futureSlot, int generation, Type resultType)
    {
        Worker? worker = CurrentWorker();
        if (worker is not null)
            return worker.TryHelp() || worker.TryHelpAwaited(futureSlot, generation, resultType);
        return TryHelpExternal();
    }

    /// <inheritdoc />
    public bool IsIdle
    {
        get
        {
            // Busy first: a thread that takes items out of a queue counts itself busy before it
            // does, so if every queue reads empty afterwards and busy still reads zero, no item
            // was in anybody's hands in between.
            if (Volatile.Read(ref _busy) != 0)
                return false;
            if (_injection.Count != 0 || AnyExternalWork())
                return false;
            foreach (Worker worker in Volatile.Read(ref _victims))
            {
                if (!worker.Local.IsEmpty)
                    return false;
            }
            return Volatile.Read(ref _busy) == 0;
        }
    }

    /// <inheritdoc />
    public SchedulerStatistics GetStatistics()
    {
        long executed = 0, batches = 0, steals = 0, parks = 0, depth = 0, peak = 0;
        foreach (Worker w in AllWorkers())
        {
            executed += Volatile.Read(ref w.Executed);
            batches += Volatile.Read(ref w.Batches);
            steals += Volatile.Read(ref w.Steals);
            parks += Volatile.Read(ref w.Parks);
            depth += w.Local.Count;
            peak = Math.Max(peak, Volatile.Read(ref w.PeakDepth));
        }
        return new SchedulerStatistics
        {
            Workers = _workers.Length,
            Executed = executed + Interlocked.Read(ref _externalExecuted) + Interlocked.Read(ref _retired.Executed),
            Batches = batches + Interlocked.Read(ref _externalFlushes) + Interlocked.Read(ref _retired.Batches),
            Steals = steals + Interlocked.Read(ref _externalSteals) + Interlocked.Read(ref _retired.Steals),
            Parks = parks + Interlocked.Read(ref _retired.Parks),
            QueueDepth = depth + _injection.Count,
            PeakQueueDepth = Math.Max(peak, _injection.Peak),
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

    private static readonly RecycledIds s_slots = new();
}
