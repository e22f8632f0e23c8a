namespace Wyn.Engine;

/// <summary>
/// The scheduler strategy contract. One instance serves one engine, from <see cref="Start"/> to
/// <see cref="Stop"/>. Every strategy passes the same contract test suite.
/// </summary>
/// <remarks>
/// Promises a strategy must keep:
/// 1. every enqueued item is executed exactly once, or cancelled (only when stopped in cancel mode);
/// 2. <see cref="TryHelp"/> lets a blocked awaiter run queued work, so nested spawn/await never
///    deadlocks, even with one worker;
/// 3. between <see cref="BeginBlocking"/> and <see cref="EndBlocking"/> a thread is really blocked;
///    the strategy keeps its parallelism (adds or wakes a thread, bounded) while queued work waits;
/// 4. <see cref="Stop"/> in drain mode returns once all work (including work spawned by work) ran;
///    an item enqueued after the stop is cancelled at once, never stranded.
/// </remarks>
public interface IScheduler : IDisposable
{
    /// <summary>The strategy's registered name.</summary>
    string Name { get; }

    /// <summary>Starts the workers.</summary>
    void Start();

    /// <summary>Queues an item; callable from any thread, including workers and non-engine threads.</summary>
    void Enqueue(WorkItem item);

    /// <summary>Runs one queued item on the calling thread, if one is available; false otherwise.</summary>
    bool TryHelp();

    /// <summary>
    /// <see cref="TryHelp"/> for a thread awaiting the future (<paramref name="futureSlot"/>,
    /// <paramref name="generation"/>) of <paramref name="resultType"/>: a strategy may also run the
    /// awaited task from another thread's queue, or a task it spawned there (work-stealing does:
    /// docs/decisions/0007-helping-rule.md, session 14). The default is <see cref="TryHelp"/>.
    /// </summary>
    bool TryHelpAwaiting(int futureSlot, int generation, Type resultType) => TryHelp();

    /// <summary>
    /// Runs, on the calling thread, the queued item that completes the future in
    /// <paramref name="futureSlot"/> of result type <paramref name="resultType"/> — only if it is still waiting in the calling thread's own spawn
    /// buffer, where nobody else has started it; false otherwise (the default for strategies without
    /// per-thread buffers). Unlike <see cref="TryHelp"/> it never runs unrelated work.
    /// </summary>
    bool TryRunOwnQueued(int futureSlot, Type resultType) => false;

    /// <summary>
    /// Runs, on the calling thread, the item that completes the future in <paramref name="futureSlot"/>
    /// if it waits, not started, in a queue any thread may take from (a strategy's shared queue); false
    /// otherwise (the default). For a thread about to block inside a task on that very future: it runs
    /// what it would wait for, and nothing else. Without this, a chain of tasks each awaiting the one
    /// spawned before it could hold one blocked thread per link, and with more links than spare threads
    /// the link at the chain's head stayed queued behind them for ever (decision 0007, session-9 section).
    /// </summary>
    bool TryRunQueued(int futureSlot, Type resultType) => false;

    /// <summary>Whether <see cref="TryRunQueued"/> would find the item now (a look, without taking it): a blocked awaiter checks this when it wakes to recheck.</summary>
    bool HasQueued(int futureSlot, Type resultType) => false;

    /// <summary>
    /// True when spawns from threads outside the workers may arrive grouped in spawn batches (one work
    /// item running up to 64 tasks, decision 0008). Such a strategy must let the spawner's own
    /// <see cref="TryHelp"/> take its batch, must call <c>SpawnBatch.DisableOnThisThread</c> on its
    /// worker threads, and should leave a spawner's newest queued item to it while it may still be filling.
    /// </summary>
    bool GroupsOutsideSpawns => false;

    /// <summary>
    /// True when the calling thread is running a task of this strategy. Inside a task a thread helps
    /// only with that task's own spawns (decision 0007), and once it blocks none can appear for it
    /// (it ran or published them before blocking): such an awaiter waits for its future alone instead
    /// of waking every few milliseconds to look for work. False (the default) keeps the looking.
    /// </summary>
    bool CallerRunsTask => false;

    /// <summary>True when some worker is idle (looking for work or parked) and could run shared work now: a hint for splitting work.</summary>
    bool HasIdleWorker => false;

    /// <summary>
    /// Called on a worker before it runs an item that runs several tasks (a spawn batch): the calling
    /// worker's marker, told before each of them that a new task starts, so that only what that task
    /// spawns counts as its own when it helps while waiting (decision 0007). Null (the default) off
    /// the workers, or when the strategy does not track task starts. Looked up once per item rather
    /// than once per task: finding the calling worker reads a thread static, which is a call into the
    /// runtime on Linux (and a helper call in ReadyToRun code).
    /// </summary>
    ITaskStartMarker? TaskStartMarker() => null;

    /// <summary>Queues an item where any worker may take it (not the calling worker's own queue): work split off a running batch.</summary>
    void EnqueueShared(WorkItem item) => Enqueue(item);

    /// <summary>
    /// True when the calling thread is a worker of this strategy with items of its own queued, which
    /// only it runs before they are shared or stolen (false by default: unknown). A task about to wait
    /// for a partner checks this before it spins: the partner may be one of those items.
    /// </summary>
    bool CallerHasQueuedWork => false;

    /// <summary>The calling thread is about to block for real (not helping). Pair with <see cref="EndBlocking"/>.</summary>
    void BeginBlocking();

    /// <summary>The calling thread stopped blocking.</summary>
    void EndBlocking();

    /// <summary>True when no item is queued and no worker is running one (blocked workers count as idle).</summary>
    bool IsIdle { get; }

    /// <summary>
    /// True when work is queued but no thread may take it: every worker and compensating spare is
    /// blocked, and <see cref="EngineOptions.MaxBlockingCompensation"/> spares run already. A sample, for
    /// diagnostics (a Wyn program's deadlock report), not for synchronization.
    /// </summary>
    bool IsStarved => false;

    /// <summary>Stops the workers; returns false if they did not all finish within <paramref name="timeout"/>.</summary>
    bool Stop(ShutdownMode mode, TimeSpan timeout);

    /// <summary>What the strategy did so far.</summary>
    SchedulerStatistics GetStatistics();
}
