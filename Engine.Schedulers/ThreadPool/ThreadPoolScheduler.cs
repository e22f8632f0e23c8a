using System.Collections.Concurrent;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// What a .NET user would do instead: run the work on the .NET <see cref="ThreadPool"/>.
/// </summary>
/// <remarks>
/// <para>
/// Spawns go into a queue of our own; up to <see cref="EngineOptions.Workers"/> <em>runners</em>
/// (<see cref="IThreadPoolWorkItem"/>s queued with <c>UnsafeQueueUserWorkItem</c>) drain it on pool
/// threads. Keeping the queue ours, rather than queueing one pool item per spawn, is what lets an
/// awaiter help (<see cref="TryHelp"/> runs queued-but-not-started items, which the pool would not
/// hand out), lets shutdown count and cancel what did not start, and keeps the configured
/// parallelism. A runner gives its pool thread back after <see cref="RunnerQuantum"/> items (it
/// queues itself again), so other pool work is not starved by a long burst. The queue holds
/// <see cref="ClaimTicket"/>s and the spawning thread remembers its last few, so an awaiter runs its
/// own newest spawn first — .NET's task inlining, the same trick <c>Task.Wait</c> plays.
/// </para>
/// <para>
/// Blocking compensation, and what it relies on: while k runner threads are blocked (between
/// BeginBlocking and EndBlocking) the runner limit is Workers + k, and BeginBlocking queues another
/// runner. The pool must then have a thread for it. The pool creates threads without delay only up
/// to its minimum (ThreadPool.SetMinThreads; by default the processor count); beyond that its
/// starvation detection adds about one thread per half second, far too slow for a pipeline of
/// blocked stages. So BeginBlocking raises the pool's minimum worker threads to cover the runners
/// plus the blocked threads (bounded by <see cref="EngineOptions.MaxBlockingCompensation"/>), and Stop
/// puts back the minimum it found, unless somebody else changed it meanwhile. This is process-wide:
/// it is the documented knob, and what .NET services that block on pool threads are told to use.
/// </para>
/// </remarks>
public sealed partial class ThreadPoolScheduler : IScheduler
{
    /// <summary>Items a runner runs before it gives its pool thread back (queues itself again). Picked out of thin air; small enough to share the pool fairly, large enough that requeueing costs nothing.</summary>
    public const int RunnerQuantum = 256;

    private readonly EngineOptions _options;
    private readonly ConcurrentQueue<ClaimTicket> _queue = new();


    private int _started;
    private volatile bool _cancelling;
    private volatile bool _stopped;

    // Runners queued or running; at most Workers + blocked runner threads.
    private int _runners;

    // Threads running an item or holding one they dequeued (incremented before the dequeue), so
    // IsIdle never sees "queue empty, nobody busy" while an item is in somebody's hands.
    private int _busy;

    private long _executed;
    private long _runnerStarts;
    private long _peakDepth;

    /// <summary>Creates the strategy for <paramref name="context"/>'s options.</summary>
    public ThreadPoolScheduler(SchedulerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = context.Options;
    }

    /// <inheritdoc />
    public string Name => ThreadPoolSchedulerFactory.StrategyName;

    /// <inheritdoc />
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            return;
        // Spawns made before the start are waiting (Exchange above is a full fence against
        // Enqueue's "enqueue, then read started").
        if (!_queue.IsEmpty)
            _ = EnsureRunner();
    }

    /// <inheritdoc />
    public void Enqueue(WorkItem item)
    {
        var ticket = new ClaimTicket(item);
        _queue.Enqueue(ticket);
        // The enqueue is an interlocked operation (a full fence) before this read: against Stop's
        // "set stopped, then sweep the queue", one of us sees the other, so the item is swept or
        // cancelled here, never stranded.
        if (_stopped)
        {
            CancelQueued();
            return;
        }
        RecentSpawns.For(this).Push(ticket);
        if (Volatile.Read(ref _runners) < RunnerLimit && Volatile.Read(ref _started) != 0)
            _ = EnsureRunner();
    }

    /// <summary>The next item from the shared queue (skipping tickets already claimed through a spawner's ring).</summary>
    private WorkItem? TakeFromQueue()
    {
        while (_queue.TryDequeue(out ClaimTicket? ticket))
        {
            if (ticket.TryClaim() is { } item)
                return item;
        }
        return null;
    }

    /// <summary>
    /// The next item for a helper: its own newest unclaimed spawn; outside any task, else the
    /// queue's oldest. Inside a task, only that task's own spawns (decision 0007): the queue's oldest
    /// may be a task that awaits the very task this thread is running.
    /// </summary>
    private WorkItem? TakeForHelp() =>
        RecentSpawns.Of(this)?.TryClaimNewest() ?? (RecentSpawns.InsideTask ? null : TakeFromQueue());

    /// <inheritdoc />
    public bool CallerRunsTask => RecentSpawns.InsideTask;

    /// <inheritdoc />
    public bool TryHelp() => Help(futureSlot: -1, resultType: null);

    /// <inheritdoc />
    public bool TryRunOwnQueued(int futureSlot, Type resultType) => Help(futureSlot, resultType);

    /// <summary>Runs, on the calling thread, the awaited task if a result type is given (TryRunOwnQueued), else any item it may help with.</summary>
    private bool Help(int futureSlot, Type? resultType)
    {
        bool counted = CountBusyForHelp();
        try
        {
            WorkItem? item = resultType is null ? TakeForHelp() : RecentSpawns.Of(this)?.TryClaim(futureSlot, resultType);
            if (item is null)
                return false;
            Run(item);
            Interlocked.Increment(ref _executed);
            return true;
        }
        finally
        {
            if (counted)
                Interlocked.Decrement(ref _busy);
        }
    }

    /// <summary>
    /// Counts the calling thread busy while it takes and runs an item (before the take: see _busy),
    /// unless it is counted already: a worker, or a thread already running one of our tasks. A
    /// thread is counted once however deeply its help nests, so that blocking (BeginBlocking) takes
    /// it out of the count and an engine whose threads all wait can look idle (deadlock detection).
    /// </summary>
    private bool CountBusyForHelp()
    {
        if (CurrentRunner() is not null || OutsideRunner.RunningFor(this) is not null)
            return false;
        Interlocked.Increment(ref _busy);
        return true;
    }

    /// <summary>Runs an item as a task of this thread: what it spawns is its own to help with (RecentSpawns).</summary>
    private void Run(WorkItem item)
    {
        if (_cancelling)
        {
            item.Cancel();
            return;
        }
        RecentSpawns.RunAsTask(item, this, outsideWorkers: CurrentRunner() is null);
    }

    /// <inheritdoc />
    public bool IsIdle =>
        Volatile.Read(ref _busy) == 0 && _queue.IsEmpty && Volatile.Read(ref _busy) == 0;

    /// <inheritdoc />
    public SchedulerStatistics GetStatistics() => new()
    {
        Workers = _options.Workers,
        Executed = Interlocked.Read(ref _executed),
        Batches = Interlocked.Read(ref _runnerStarts),
        QueueDepth = _queue.Count,
        PeakQueueDepth = Interlocked.Read(ref _peakDepth),
        CompensationThreads = Volatile.Read(ref _compensationThreads),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_stopped)
            Stop(ShutdownMode.Cancel, _options.ShutdownTimeout);
    }

    private void CancelQueued()
    {
        while (_queue.TryDequeue(out ClaimTicket? ticket))
            ticket.TryClaim()?.Cancel();
    }
}
