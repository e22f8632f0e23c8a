using System.Threading.Channels;
using Wyn.Engine.Schedulers.Internal;

namespace Wyn.Engine.Schedulers;

/// <summary>
/// The simple baseline: one <see cref="System.Threading.Channels"/> unbounded channel, written by
/// every spawn and read by every worker. No batching, no local queues, no stealing: whatever this
/// strategy costs is what the channel costs. The channel carries <see cref="ClaimTicket"/>s, and the
/// spawning thread remembers its last few (<see cref="RecentSpawns"/>), so an awaiter helps with its
/// own newest spawn first — usually the very task it awaits — rather than with the oldest in the
/// channel; without that, nested spawn/await nests help frames as deep as the channel is long.
/// </summary>
/// <remarks>
/// Shutdown, step by step:
/// 1. drain mode: wait until idle (channel empty, no thread running or holding an item); cancel
///    mode (or a drain that timed out): set cancelling, so workers cancel what they read;
/// 2. complete the writer: from then on every write fails and the spawn is cancelled at once;
///    workers leave when the channel is completed and empty;
/// 3. join the workers and spares (bounded by the timeout);
/// 4. cancel whatever is left in the channel (each ticket's item, unless claimed). A write either happened before the completion (so
///    the item is in the channel: a worker ran it, or step 4 cancels it) or failed (cancelled by
///    the writer): never stranded.
/// </remarks>
public sealed partial class ChannelsScheduler : IScheduler
{
    /// <summary>Polls of the channel before a worker blocks on it; blocking costs a task and a context switch.</summary>
    private const int SpinsBeforeBlocking = 32;


    /// <summary>How often a parked compensation spare wakes to see whether it is still needed.</summary>
    private const int SpareRecheckMilliseconds = 20;

    private readonly EngineOptions _options;
    private readonly Channel<ClaimTicket> _channel;
    private readonly ChannelWorker[] _workers;
    private readonly object _stateLock = new();
    private int _started;
    private volatile bool _cancelling;
    private volatile bool _stopped;

    // Threads running an item or holding one they read; incremented before a read, so IsIdle never
    // sees "channel empty, nobody busy" while an item is in somebody's hands.
    private int _busy;
    private long _helped;
    private long _peakDepth;

    /// <summary>Creates the strategy for <paramref name="context"/>'s options.</summary>
    public ChannelsScheduler(SchedulerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = context.Options;
        _channel = Channel.CreateUnbounded<ClaimTicket>(new UnboundedChannelOptions
        {
            SingleReader = false,
            SingleWriter = false,
            // A completed wait must not run a worker's loop on the writer's thread.
            AllowSynchronousContinuations = false,
        });
        _workers = new ChannelWorker[_options.Workers];
        for (int i = 0; i < _workers.Length; i++)
            _workers[i] = new ChannelWorker(this, i, isSpare: false);
    }

    /// <inheritdoc />
    public string Name => ChannelsSchedulerFactory.StrategyName;

    /// <inheritdoc />
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            return;
        foreach (ChannelWorker worker in _workers)
            worker.Start();
    }

    /// <inheritdoc />
    public void Enqueue(WorkItem item)
    {
        var ticket = new ClaimTicket(item);
        // Fails only once the writer is completed (step 2 of the shutdown).
        if (!_channel.Writer.TryWrite(ticket))
        {
            item.Cancel();
            return;
        }
        RecentSpawns.For(this).Push(ticket);
    }

    /// <summary>
    /// The next item for a helper: its own newest unclaimed spawn; outside any task, else the
    /// channel's oldest. Inside a task, only that task's own spawns (decision 0007): the channel's
    /// oldest may be a task that awaits the very task this thread is running.
    /// </summary>
    private WorkItem? TakeForHelp()
    {
        if (RecentSpawns.Of(this)?.TryClaimNewest() is { } own)
            return own;
        if (RecentSpawns.InsideTask)
            return null;
        while (_channel.Reader.TryRead(out ClaimTicket? ticket))
        {
            if (ticket.TryClaim() is { } item)
                return item;
        }
        return null;
    }

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
            RunHelped(item);
            return true;
        }
        finally
        {
            if (counted)
                Interlocked.Decrement(ref _busy);
        }
    }

    private void RunHelped(WorkItem item)
    {
        Run(item);
        if (CurrentWorker() is { } worker)
            worker.Executed++;
        else
            Interlocked.Increment(ref _helped);
    }

    /// <summary>
    /// Counts the calling thread busy while it takes and runs an item (before the take: see _busy),
    /// unless it is counted already: a worker, or a thread already running one of our tasks. A
    /// thread is counted once however deeply its help nests, so that blocking (BeginBlocking) takes
    /// it out of the count and an engine whose threads all wait can look idle (deadlock detection).
    /// </summary>
    private bool CountBusyForHelp()
    {
        if (CurrentWorker() is not null || OutsideRunner.RunningFor(this) is not null)
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
        RecentSpawns.RunAsTask(item, this, outsideWorkers: CurrentWorker() is null);
    }

    /// <inheritdoc />
    public bool IsIdle =>
        Volatile.Read(ref _busy) == 0 && _channel.Reader.Count == 0 && Volatile.Read(ref _busy) == 0;

    /// <inheritdoc />
    public SchedulerStatistics GetStatistics()
    {
        long executed = Interlocked.Read(ref _helped), parks = 0;
        foreach (ChannelWorker w in AllWorkers())
        {
            executed += Volatile.Read(ref w.Executed);
            parks += Volatile.Read(ref w.Parks);
        }
        return new SchedulerStatistics
        {
            Workers = _workers.Length,
            Executed = executed + Interlocked.Read(ref _retiredExecuted),
            Parks = parks + Interlocked.Read(ref _retiredParks),
            QueueDepth = _channel.Reader.Count,
            PeakQueueDepth = Interlocked.Read(ref _peakDepth),
            CompensationThreads = Volatile.Read(ref _sparesStarted),
        };
    }

    /// <summary>Sampled when a worker wakes: reading the channel's count on every write would cost every spawn.</summary>
    private void SampleDepth()
    {
        long depth = _channel.Reader.Count;
        long peak = Interlocked.Read(ref _peakDepth);
        while (depth > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peakDepth, depth, peak);
            if (seen == peak)
                break;
            peak = seen;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_stopped)
            Stop(ShutdownMode.Cancel, _options.ShutdownTimeout);
    }
}
