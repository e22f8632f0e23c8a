using System.Runtime.CompilerServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// Spawned work with a result: the function, its state and the slot of the future it completes.
/// A pooled object that lives only while queued — it goes back to its pool before the work runs —
/// so the pool's working set is the queue length, not the number of outstanding futures.
/// Each cell sits in exactly one queue position and whoever removes it runs (or cancels) it, so
/// no claim is needed.
/// </summary>
internal sealed class TaskCell<TState, TResult> : WorkItem
{
    private Func<TState, TResult>? _work;
    private TState _state = default!;
    private int _slot;
    private int _generation;
    private SlabPool<TaskCell<TState, TResult>>? _pool;
    private EngineCounters? _counters;

    public static TaskCell<TState, TResult> Create() => new();

    public void Initialize(SlabPool<TaskCell<TState, TResult>> pool, EngineCounters counters, Func<TState, TResult> work, TState state, int slot, int generation)
    {
        // A cell belongs to one pool (one engine) for life: set those once, saving two GC write
        // barriers per spawn.
        if (_pool is null)
        {
            _pool = pool;
            _counters = counters;
        }
        // The runner leaves the delegate in place (see Recycle): a cell reused for the same function
        // skips the store and its GC write barrier.
        if (!ReferenceEquals(_work, work))
            _work = work;
        _state = state;
        _slot = slot;
        _generation = generation;
    }

    // Slots are numbered per result type (one table per T), hence the type check.
    public override bool Completes(int futureSlot, Type resultType) => _slot == futureSlot && resultType == typeof(TResult);

    // Read before Execute, which recycles the cell first thing.
    internal override TaskLineage AsRoot => new(typeof(TResult), _slot, _generation);

    public override void Execute()
    {
        Func<TState, TResult> work = _work!;
        TState state = _state;
        int slot = _slot;
        EngineCounters counters = _counters!;
        Recycle();
        TResult result;
        try
        {
            result = work(state);
        }
        catch (Exception e)
        {
            counters.CountFaulted();
            FutureTable<TResult>.SetException(slot, e);
            return;
        }
        FutureTable<TResult>.SetResult(slot, result);
    }

    public override void Cancel()
    {
        int slot = _slot;
        EngineCounters counters = _counters!;
        Recycle();
        counters.CountCancelled();
        FutureTable<TResult>.SetCancelled(slot);
    }

    private void Recycle()
    {
        // The runner writes nothing to the cell (see SlabPool.RentExclusive): the delegate stays until
        // the next spawn overwrites it (spawn delegates are static or cached, per the Spawn contract),
        // and the state is cleared only when it could keep objects alive.
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TState>())
            _state = default!;
        _pool!.ReturnExclusive(this);
    }
}
