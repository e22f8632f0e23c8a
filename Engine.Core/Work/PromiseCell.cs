using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>A pooled completion cell with no work of its own, completed by whoever holds the <see cref="Promise{T}"/>.</summary>
internal sealed class PromiseCell<T> : FutureCell<T>
{
    private SlabPool<PromiseCell<T>>? _pool;

    public static PromiseCell<T> Create() => new();

    public void Initialize(WynEngine engine, SlabPool<PromiseCell<T>> pool)
    {
        Engine = engine;
        _pool = pool;
        MarkPending();
    }

    internal override bool HasWork => false;

    protected override void RunClaimed() =>
        throw new InvalidOperationException("A promise has no work of its own.");

    protected override void Consume(int generation) => _pool!.Return(this, generation);
}
