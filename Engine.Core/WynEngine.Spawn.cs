using System.Runtime.CompilerServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

public sealed partial class WynEngine
{
    /// <summary>Runs <paramref name="work"/> on the engine; the future yields its value.</summary>
    public Future<T> Spawn<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Spawn(static w => w(), work);
    }

    /// <summary>
    /// Runs <c>work(state)</c> on the engine. Pass a static lambda (or a cached delegate) and put the
    /// arguments in <paramref name="state"/> (a value tuple is fine): then a spawn allocates nothing on
    /// <c>batched</c>, <c>work-stealing</c> and <c>inline</c>. On <c>channels</c> and <c>threadpool</c> the
    /// queue they hand work to (System.Threading.Channels, the .NET thread pool) allocates ~24 bytes
    /// per task (measured in sweep 8).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Future<T> Spawn<TState, T>(Func<TState, T> work, TState state)
    {
        ThrowIfDisposed();
        // One thread-static read serves both rents.
        SlotAllocator.ThreadCaches caches = SlotAllocator.CurrentThreadCaches;
        int slot = FutureTable<T>.Rent(caches, _stateTag, out int generation);
        // From outside the workers: into this thread's open spawn batch (decision 0008).
        SpawnBatch.Route route = _groupsOutsideSpawns ? SpawnBatch<TState, T>.TryAppend(caches, this, work, state, slot) : SpawnBatch.Route.Cell;
        if (route == SpawnBatch.Route.Cell)
        {
            SlabPool<TaskCell<TState, T>> pool = PoolFor<TaskCell<TState, T>>.Get(this, TaskCell<TState, T>.Create, Options.TaskChunkSize);
            TaskCell<TState, T> cell = pool.RentExclusive(caches);
            cell.Initialize(pool, Counters, work, state, slot, generation);
            Submit(cell);
        }
        else if (route == SpawnBatch.Route.NewBatch)
        {
            OpenBatch(caches, work, state, slot);
        }
        return new Future<T>(slot, generation);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OpenBatch<TState, T>(SlotAllocator.ThreadCaches caches, Func<TState, T> work, TState state, int slot) =>
        Submit(SpawnBatch<TState, T>.Open(this, BatchPool<TState, T>(), caches, work, state, slot));

    /// <summary>Queues work split off a spawn batch where any worker may take it (IScheduler.EnqueueShared).</summary>
    internal void SubmitShared(WorkItem item)
    {
        if (_stopped != 0)
        {
            item.Cancel();
            return;
        }
        _scheduler.EnqueueShared(item);
    }

    /// <summary>
    /// True when the calling thread is a worker with tasks of its own queued behind the running one
    /// (<see cref="IScheduler.CallerHasQueuedWork"/>): a task about to wait for a partner should not
    /// spin then, as the partner may be one of them and runs only once this task waits.
    /// </summary>
    public bool CallerHasQueuedWork => _scheduler.CallerHasQueuedWork;

    /// <summary>Runs <paramref name="work"/> on the engine without a future; a failure goes to the unhandled-failure policy.</summary>
    public void Run(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run(static w => w(), work);
    }

    /// <summary>Runs <c>work(state)</c> on the engine without a future (no allocation with a static lambda, as for <see cref="Spawn{TState, T}(Func{TState, T}, TState)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run<TState>(Action<TState> work, TState state)
    {
        ArgumentNullException.ThrowIfNull(work);
        ThrowIfDisposed();
        // From outside the workers, grouped like Spawn (decision 0008): a batch task with no future
        // slot, whose function calls the action (one more delegate call, no allocation).
        if (_groupsOutsideSpawns && TryRunGrouped(RunPair<TState>.Invoke, new RunPair<TState>(work, state)))
            return;
        RunCell(work, state);
    }

    /// <summary>
    /// Runs <c>work(state)</c> on the engine without a future: the value it returns is dropped, a
    /// failure goes to the unhandled-failure policy. The same as <see cref="Run{TState}(Action{TState}, TState)"/>
    /// for work that is a function already; grouped spawns then carry the function itself rather
    /// than an action wrapped around it (one delegate call and 8 bytes less per queued task).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Run<TState, TResult>(Func<TState, TResult> work, TState state)
    {
        ArgumentNullException.ThrowIfNull(work);
        ThrowIfDisposed();
        if (_groupsOutsideSpawns && TryRunGrouped(work, state))
            return;
        RunCell(static pair => pair.Work(pair.State), new FunctionPair<TState, TResult>(work, state));
    }

    /// <summary>Appends a task with no future to the calling thread's spawn batch; false when it must go as a cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryRunGrouped<TState, TResult>(Func<TState, TResult> work, TState state)
    {
        SlotAllocator.ThreadCaches caches = SlotAllocator.CurrentThreadCaches;
        SpawnBatch.Route route = SpawnBatch<TState, TResult>.TryAppend(caches, this, work, state, SpawnBatch.NoFuture);
        if (route == SpawnBatch.Route.NewBatch)
            OpenBatch(caches, work, state, SpawnBatch.NoFuture);
        return route != SpawnBatch.Route.Cell;
    }

    private void RunCell<TState>(Action<TState> work, TState state)
    {
        SlabPool<ActionCell<TState>> pool = PoolFor<ActionCell<TState>>.Get(this, ActionCell<TState>.Create, Options.TaskChunkSize);
        ActionCell<TState> cell = pool.RentExclusive(SlotAllocator.CurrentThreadCaches);
        cell.Initialize(this, pool, work, state);
        Submit(cell);
    }

    /// <summary>A promise: a future completed by the caller rather than by spawned work.</summary>
    public Promise<T> CreatePromise<T>()
    {
        ThrowIfDisposed();
        int slot = FutureTable<T>.Rent(_stateTag, out int generation);
        return new Promise<T>(slot, generation);
    }

    /// <summary>
    /// Work for a disposed engine is refused rather than cancelled, as a stopped engine's is: its pools
    /// are gone, and renting anew would make pools that outlive it and that a later engine given the
    /// same id would take over, cells and batches still tied to this one (session 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ThrowIfDisposed()
    {
        // Not _disposed: Dispose sets that before its stop, whose drain still takes the spawns of running tasks.
        if (_poolsReleased != 0)
            ThrowDisposed();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowDisposed() => throw new ObjectDisposedException(nameof(WynEngine), "This Wyn engine was disposed; spawn on a live engine (a stopped one, not yet disposed, cancels new work instead).");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Submit(WorkItem item)
    {
        // Spawns after a stop are cancelled at once rather than queued where nobody would run them.
        // A spawn that passes this check while a stop begins is handled by the scheduler, which
        // cancels whatever is enqueued after its workers exit.
        if (_stopped != 0)
        {
            item.Cancel();
            return;
        }
        _scheduler.Enqueue(item);
    }

    /// <summary>A function run without a future, as a plain cell's state.</summary>
    private readonly record struct FunctionPair<TState, TResult>(Func<TState, TResult> Work, TState State);

    /// <summary>A fire-and-forget task as a batch entry: the action and its state.</summary>
    private readonly record struct RunPair<TState>(Action<TState> Work, TState State)
    {
        public static readonly Func<RunPair<TState>, Unit> Invoke = static pair =>
        {
            pair.Work(pair.State);
            return default;
        };
    }
}
