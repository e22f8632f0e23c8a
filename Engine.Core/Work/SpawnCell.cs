using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>Spawned work with a result: the work item and its future's completion cell in one pooled object.</summary>
internal sealed class SpawnCell<TState, TResult> : FutureCell<TResult>
{
    private Func<TState, TResult>? _work;
    private TState _state = default!;
    private SlabPool<SpawnCell<TState, TResult>>? _pool;
    private EngineCounters? _counters;

    public static SpawnCell<TState, TResult> Create() => new();

    public void Initialize(WynEngine engine, SlabPool<SpawnCell<TState, TResult>> pool, Func<TState, TResult> work, TState state)
    {
        Engine = engine;
        _pool = pool;
        _counters = engine.Counters;
        _work = work;
        _state = state;
        MarkPending();
    }

    protected override void RunClaimed()
    {
        Func<TState, TResult> work = _work!;
        TState state = _state;
        _work = null;
        _state = default!;
        try
        {
            SetResult(work(state));
        }
        catch (Exception e)
        {
            SetException(e);
        }
    }

    protected override void OnFinished(int phase) => _counters!.CountFinished(phase);

    protected override void Consume(int generation) => _pool!.Return(this, generation);
}
