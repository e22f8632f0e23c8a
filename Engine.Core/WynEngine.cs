using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// The concurrency engine: spawn work, get a <see cref="Future{T}"/>, await it. Work runs on the
/// scheduler strategy named by <see cref="EngineOptions.Scheduler"/>.
/// </summary>
/// <remarks>
/// Standalone: <c>using var engine = WynEngine.Create(o => o.Workers = 4);</c>. With DI:
/// <c>services.AddWynEngine(configuration)</c>; the engine then starts and stops with the host.
/// </remarks>
public sealed partial class WynEngine : IDisposable, IAsyncDisposable
{
    private static readonly RecycledIds s_ids = new();

    private static WynEngine?[] s_byId = new WynEngine?[16];
    private static readonly object s_registryLock = new();

    private readonly IScheduler _scheduler;
    private readonly bool _groupsOutsideSpawns;
    private readonly int _stateTag;
    private readonly ILogger _logger;
    private int _started;
    private volatile int _stopBegun;
    private volatile int _stopped;
    private int _disposed;
    private volatile int _poolsReleased;   // set by Dispose once the stop is over, before the pools go (ThrowIfDisposed)

    internal readonly int Id;
    internal readonly EngineCounters Counters;

    /// <summary>Creates an engine with validated options. Call <see cref="Start"/> (DI does it through the host).</summary>
    public WynEngine(EngineOptions options, SchedulerCatalog? catalog = null, ILogger<WynEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        catalog ??= SchedulerCatalog.Default;
        Options = options.Clone();
        List<string> failures = EngineOptionsValidator.Check(Options, catalog);
        if (failures.Count > 0)
            throw new EngineOptionsException(string.Join(Environment.NewLine, failures));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Id = s_ids.Acquire();
        if (Id >= 1 << (32 - SlotState.EngineShift))
            throw new InvalidOperationException("Too many live engines (at most 16,777,215).");
        _stateTag = Id;
        FutureTables.ChunkSize = Options.FutureChunkSize;
        Counters = new EngineCounters(Id);
        _futureBaseline = FutureTables.CountersOf(Id);
        Register(this);
        _scheduler = catalog.Get(Options.Scheduler).Create(new SchedulerContext(Options));
        _groupsOutsideSpawns = _scheduler.GroupsOutsideSpawns;
        EngineMeter.Track(this);
    }

    /// <summary>Creates and starts an engine. Invalid options throw <see cref="EngineOptionsException"/> with one line per problem.</summary>
    public static WynEngine Create(EngineOptions options)
    {
        var engine = new WynEngine(options);
        engine.Start();
        return engine;
    }

    /// <summary>Creates and starts an engine with default options changed by <paramref name="configure"/>.</summary>
    public static WynEngine Create(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions();
        configure?.Invoke(options);
        return Create(options);
    }

    /// <summary>The options the engine runs with (a copy; changing it has no effect).</summary>
    public EngineOptions Options { get; }

    /// <summary>The scheduler strategy's name.</summary>
    public string SchedulerName => _scheduler.Name;

    /// <summary>The running scheduler (for diagnostics and tests).</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>Raised (on the failing thread) for each failure of fire-and-forget work.</summary>
    public event Action<Exception>? UnhandledFailure;

    /// <summary>True after <see cref="Stop"/> began.</summary>
    public bool IsStopped => _stopBegun != 0;

    /// <summary>Starts the workers. Idempotent.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _scheduler.Start();
            _logger.LogDebug("Wyn engine started: scheduler {Scheduler}, {Workers} workers", Options.Scheduler, Options.Workers);
        }
    }

    /// <summary>True when nothing is queued and no worker is running work (blocked workers count as idle).</summary>
    public bool IsIdle => _scheduler.IsIdle;

    /// <summary>
    /// True when queued work cannot start because every thread of the engine is blocked and no more
    /// compensating threads may start (<see cref="EngineOptions.MaxBlockingCompensation"/>). A sample.
    /// </summary>
    public bool IsStarved => _scheduler.IsStarved;

    /// <summary>Runs one queued work item on the calling thread if one is available.</summary>
    public bool TryHelp() => _scheduler.TryHelp();

    /// <summary>
    /// If the work behind <paramref name="future"/> was spawned by the calling thread (from outside the
    /// workers) and no worker has taken it yet, runs it here and returns true; otherwise returns false
    /// at once. Unlike <see cref="TryHelp"/> this never runs other work, so a thread that must not run
    /// arbitrary tasks on its stack (a program's main, which other tasks may be waiting for) can still
    /// avoid a cross-thread hand-off for a task it awaits right after spawning it.
    /// </summary>
    public bool TryRunOwnQueued<T>(Future<T> future) =>
        !future.IsDefault && future.Slot >= 0 && !future.IsCompleted && _scheduler.TryRunOwnQueued(future.Slot, typeof(T));

    /// <summary>
    /// Marks a region where the calling thread really blocks (a channel receive, a sleep), so the
    /// scheduler keeps its parallelism: <c>using (engine.EnterBlocking()) { ... }</c>.
    /// </summary>
    public BlockingScope EnterBlocking() => new(_scheduler);

    /// <summary>
    /// Stops the engine. Drain runs all queued work (and what it spawns) first; cancel completes
    /// not-started work as cancelled. Later spawns are cancelled at once. Returns false on timeout.
    /// </summary>
    public bool Stop(ShutdownMode mode = ShutdownMode.Drain, TimeSpan? timeout = null)
    {
        _stopBegun = 1;
        if (Volatile.Read(ref _started) == 0)
        {
            _stopped = 1;
            return true;
        }
        // Spawns keep flowing to the scheduler while it drains (work that spawns work is part of the
        // drain); the scheduler itself cancels whatever arrives after its workers are gone. Only then
        // does the engine short-circuit later spawns to "cancelled".
        bool finished = _scheduler.Stop(mode, timeout ?? Options.ShutdownTimeout);
        _stopped = 1;
        if (!finished)
            _logger.LogWarning("Wyn engine stop timed out after {Timeout}", timeout ?? Options.ShutdownTimeout);
        return finished;
    }

    /// <summary>Stops the engine without blocking the caller.</summary>
    public Task<bool> StopAsync(ShutdownMode mode = ShutdownMode.Drain, TimeSpan? timeout = null) =>
        Task.Factory.StartNew(() => Stop(mode, timeout), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>What the engine did so far.</summary>
    public EngineStatistics GetStatistics()
    {
        var (faulted, cancelled, batched) = Counters.Read();
        SchedulerStatistics s = _scheduler.GetStatistics();
        SlabPoolCounters pools = GetPoolCounters();
        // Every spawn rents one task cell and every task gives it back as it starts (or is cancelled):
        // the cell pools' counters are the spawn and completion counts, at no cost per task. A task
        // counts as completed from the moment it starts, so a snapshot taken while work runs includes
        // the running tasks; once the engine is idle the figure is exact.
        // Tasks spawned in batches from outside the workers count when their batch is sealed (taken).
        var (spawned, completed) = CellCounters();
        spawned += batched;
        completed += batched;
        return new EngineStatistics
        {
            Scheduler = _scheduler.Name,
            Workers = s.Workers,
            TasksSpawned = spawned,
            TasksCompleted = completed,
            TasksFaulted = faulted,
            TasksCancelled = cancelled,
            Batches = s.Batches,
            Steals = s.Steals,
            Parks = s.Parks,
            QueueDepth = s.QueueDepth,
            PeakQueueDepth = s.PeakQueueDepth,
            SpawnerWaits = s.SpawnerWaits,
            CompensationThreads = s.CompensationThreads,
            PoolChunksAllocated = pools.ChunksAllocated,
            PoolChunksRetired = pools.ChunksRetired,
            PoolSlotsOutstanding = pools.Outstanding,
        };
    }

    private static void Register(WynEngine engine)
    {
        lock (s_registryLock)
        {
            if (engine.Id >= s_byId.Length)
                Array.Resize(ref s_byId, Math.Max(engine.Id + 1, s_byId.Length * 2));
            Volatile.Write(ref s_byId[engine.Id], engine);
        }
    }

    private static void Unregister(WynEngine engine)
    {
        lock (s_registryLock)
        {
            if (ReferenceEquals(s_byId[engine.Id], engine))
                s_byId[engine.Id] = null;
        }
    }

    /// <summary>The live engine with id <paramref name="id"/> (a future slot records its engine's id, so an awaiter knows whom to help).</summary>
    internal static WynEngine? FromId(int id)
    {
        WynEngine?[] engines = Volatile.Read(ref s_byId);
        return (uint)id < (uint)engines.Length ? Volatile.Read(ref engines[id]) : null;
    }

    internal void ReportUnhandledFailure(Exception error)
    {
        _logger.LogError(error, "Unobserved failure in fire-and-forget work");
        Action<Exception>? handlers = UnhandledFailure;
        // Nobody would hear of it otherwise (an engine made without a logger, nothing subscribed):
        // standard error, as .NET reports an exception that ends a thread.
        if (handlers is null && ReferenceEquals(_logger, NullLogger.Instance))
            ReportToStandardError(error);
        try
        {
            handlers?.Invoke(error);
        }
        catch (Exception handlerError)
        {
            _logger.LogError(handlerError, "An UnhandledFailure handler threw");
        }
        switch (Options.UnhandledFailurePolicy)
        {
            case UnhandledFailurePolicy.StopEngine:
                _ = StopAsync(ShutdownMode.Cancel);
                break;
            case UnhandledFailurePolicy.Crash:
                Environment.FailFast("Wyn engine: unobserved failure in fire-and-forget work (policy Crash).", error);
                break;
        }
    }

    /// <summary>Where a failure goes when the engine has no logger and no <see cref="UnhandledFailure"/> subscriber (tests replace it).</summary>
    internal TextWriter? FallbackErrorWriter { get; set; }

    private void ReportToStandardError(Exception error)
    {
        try
        {
            TextWriter writer = FallbackErrorWriter ?? Console.Error;
            writer.WriteLine($"wyn engine: unobserved failure in fire-and-forget work (policy {Options.UnhandledFailurePolicy}; pass a logger or handle WynEngine.UnhandledFailure to report it elsewhere):{Environment.NewLine}{error}");
            writer.Flush();
        }
        catch (IOException)
        {
            // Standard error is gone: the counters still have it.
        }
    }

    /// <summary>Stops (with the configured mode and timeout) and releases the pools.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Stop(Options.ShutdownMode, Options.ShutdownTimeout);
        _scheduler.Dispose();
        EngineMeter.Untrack(this);
        _poolsReleased = 1;
        DisposePools();
        Unregister(this);
        s_ids.Release(Id);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
            return;
        await StopAsync(Options.ShutdownMode, Options.ShutdownTimeout).ConfigureAwait(false);
        Dispose();
    }
}
