using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>Fire-and-forget work: no future; the cell returns itself to its pool when it ran or was cancelled.</summary>
internal sealed class ActionCell<TState> : WorkItem
{
    // 0 = free or not yet published, 1 = pending, 2 = claimed. Claimed once by Execute or Cancel.
    private int _claim;
    private Action<TState>? _work;
    private TState _state = default!;
    private SlabPool<ActionCell<TState>>? _pool;
    private WynEngine? _engine;

    public static ActionCell<TState> Create() => new();

    public void Initialize(WynEngine engine, SlabPool<ActionCell<TState>> pool, Action<TState> work, TState state)
    {
        _engine = engine;
        _pool = pool;
        _work = work;
        _state = state;
        Volatile.Write(ref _claim, 1);
    }

    private bool TryClaim() => Volatile.Read(ref _claim) == 1 && Interlocked.CompareExchange(ref _claim, 2, 1) == 1;

    public override void Execute()
    {
        if (!TryClaim())
            return;
        Action<TState> work = _work!;
        TState state = _state;
        WynEngine engine = _engine!;
        int generation = GenerationField;
        _work = null;
        _state = default!;
        // Give the cell back before running: the work may take long, and nothing reads the cell after.
        _pool!.Return(this, generation);
        try
        {
            work(state);
            engine.Counters.CountFinished(CellState.Succeeded);
        }
        catch (Exception e)
        {
            engine.Counters.CountFinished(CellState.Faulted);
            engine.ReportUnhandledFailure(e);
        }
    }

    public override void Cancel()
    {
        if (!TryClaim())
            return;
        WynEngine engine = _engine!;
        _work = null;
        _state = default!;
        _pool!.Return(this, GenerationField);
        engine.Counters.CountFinished(CellState.Cancelled);
    }

    protected internal override void ResetForReuse()
    {
        _engine = null;
        Volatile.Write(ref _claim, 0);
    }
}
