namespace Wyn.Engine;

/// <summary>
/// Per-thread counters of one engine, summed on read. A shared counter incremented by every task on
/// every thread would bounce its cache line between cores on each spawn; a per-thread slot is
/// written only by its owner and costs a plain increment.
/// </summary>
internal sealed class EngineCounters
{
    private sealed class Slot
    {
        public long Spawned;
        public long Succeeded;
        public long Faulted;
        public long Cancelled;
        public long FuturesConsumed;
        public long FuturesRented;
        public EngineCounters? Owner;
    }

    [ThreadStatic] private static Slot?[]? t_slots;

    private readonly int _engineId;
    private readonly object _lock = new();
    private readonly List<Slot> _slots = [];

    public EngineCounters(int engineId) => _engineId = engineId;

    private Slot Current
    {
        get
        {
            Slot?[]? slots = t_slots;
            if (slots is not null && (uint)_engineId < (uint)slots.Length && slots[_engineId] is { } slot && slot.Owner == this)
                return slot;
            return Register();
        }
    }

    public void CountSpawned() => Current.Spawned++;

    /// <summary>A spawn that rented a future slot (one slot lookup for both counters).</summary>
    public void CountSpawnedWithFuture()
    {
        Slot slot = Current;
        slot.Spawned++;
        slot.FuturesRented++;
    }

    /// <summary>A promise rented a future slot.</summary>
    public void CountFutureRented() => Current.FuturesRented++;

    /// <summary>A future of this engine was consumed (awaited) or preserved: its slot is no longer outstanding.</summary>
    public void CountConsumed() => Current.FuturesConsumed++;

    public void CountFinished(int phase)
    {
        Slot slot = Current;
        switch (phase)
        {
            case SlotState.Succeeded: slot.Succeeded++; break;
            case SlotState.Faulted: slot.Faulted++; break;
            default: slot.Cancelled++; break;
        }
    }

    public (long Spawned, long Succeeded, long Faulted, long Cancelled, long FuturesRented, long FuturesConsumed) Read()
    {
        long spawned = 0, succeeded = 0, faulted = 0, cancelled = 0, rented = 0, consumed = 0;
        lock (_lock)
        {
            foreach (Slot s in _slots)
            {
                spawned += Volatile.Read(ref s.Spawned);
                succeeded += Volatile.Read(ref s.Succeeded);
                faulted += Volatile.Read(ref s.Faulted);
                cancelled += Volatile.Read(ref s.Cancelled);
                consumed += Volatile.Read(ref s.FuturesConsumed);
                rented += Volatile.Read(ref s.FuturesRented);
            }
        }
        return (spawned, succeeded, faulted, cancelled, rented, consumed);
    }

    private Slot Register()
    {
        Slot?[]? slots = t_slots;
        if (slots is null || slots.Length <= _engineId)
        {
            Array.Resize(ref slots, Math.Max(_engineId + 1, (slots?.Length ?? 4) * 2));
            t_slots = slots;
        }
        var slot = new Slot { Owner = this };
        lock (_lock)
            _slots.Add(slot);
        slots[_engineId] = slot;
        return slot;
    }
}
