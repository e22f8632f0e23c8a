namespace Wyn.Engine;

/// <summary>
/// Per-thread counters of one engine's rare events (failed and cancelled work), summed on read. The
/// common events cost nothing extra: spawns and completions are the rents and returns that the task
/// cell pools count anyway, and outstanding futures are counted per engine by the future tables
/// (see <see cref="WynEngine.GetStatistics"/>). A shared counter would bounce its cache line between
/// cores; a per-thread slot is written only by its owner.
/// </summary>
internal sealed class EngineCounters
{
    private sealed class Slot
    {
        public long Faulted;
        public long Cancelled;
        public long Batched;
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

    public void CountFaulted() => Current.Faulted++;

    public void CountCancelled() => Current.Cancelled++;

    /// <summary>Tasks of a spawn batch, counted as spawned and started when the batch is sealed (SpawnBatch).</summary>
    public void CountBatched(int tasks) => Current.Batched += tasks;

    public (long Faulted, long Cancelled, long Batched) Read()
    {
        long faulted = 0, cancelled = 0, batched = 0;
        lock (_lock)
        {
            foreach (Slot s in _slots)
            {
                faulted += Volatile.Read(ref s.Faulted);
                cancelled += Volatile.Read(ref s.Cancelled);
                batched += Volatile.Read(ref s.Batched);
            }
        }
        return (faulted, cancelled, batched);
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
