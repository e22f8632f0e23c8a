using System.Runtime.CompilerServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// Fire-and-forget work: no future. Like <see cref="TaskCell{TState, TResult}"/> it sits in exactly one
/// queue position and goes back to its pool before the work runs.
/// </summary>
internal sealed class ActionCell<TState> : WorkItem
{
    private Action<TState>? _work;
    private TState _state = default!;
    private SlabPool<ActionCell<TState>>? _pool;
    private WynEngine? _engine;

    public static ActionCell<TState> Create() => new();

    public void Initialize(WynEngine engine, SlabPool<ActionCell<TState>> pool, Action<TState> work, TState state)
    {
        // A cell belongs to one pool (one engine) for life.
        if (_pool is null)
        {
            _engine = engine;
            _pool = pool;
        }
        if (!ReferenceEquals(_work, work))
            _work = work;
        _state = state;
    }

    public override void Execute()
    {
        Action<TState> work = _work!;
        TState state = _state;
        WynEngine engine = _engine!;
        Recycle();
        try
        {
            work(state);
        }
        catch (Exception e)
        {
            engine.Counters.CountFaulted();
            engine.ReportUnhandledFailure(e);
        }
    }

    public override void Cancel()
    {
        WynEngine engine = _engine!;
        Recycle();
        engine.Counters.CountCancelled();
    }

    private void Recycle()
    {
        // As TaskCell.Recycle: the runner writes to the cell only what could keep objects alive.
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TState>())
            _state = default!;
        _pool!.ReturnExclusive(this);
    }
}
