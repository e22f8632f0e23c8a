namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// What the current thread is to the schedulers of one strategy: the worker it hosts (of one
/// scheduler at most) and its spawn rings (it may spawn into several), by scheduler slot. One
/// thread-static for both, so a spawn looks the thread up once (a thread-static read is a call on
/// Linux). <typeparamref name="TWorker"/> is the strategy's worker type, which keeps strategies apart.
/// </summary>
internal sealed class ThreadRole<TWorker> where TWorker : class
{
    [ThreadStatic] private static ThreadRole<TWorker>? t_current;

    /// <summary>The worker this thread runs, or null for an outside thread.</summary>
    public TWorker? Worker;

    /// <summary>Spawn rings by scheduler slot; a slot is reused after its scheduler is disposed, hence the owner check.</summary>
    private SpawnRing?[]? _rings;

    /// <summary>The calling thread's role, or null if it never spawned into or worked for such a scheduler.</summary>
    public static ThreadRole<TWorker>? Current => t_current;

    /// <summary>The calling thread's role, created on first use.</summary>
    public static ThreadRole<TWorker> CurrentOrNew() => t_current ??= new ThreadRole<TWorker>();

    /// <summary>This thread's ring for the scheduler <paramref name="owner"/> in <paramref name="slot"/>, if it has one.</summary>
    public SpawnRing? RingOf(object owner, int slot)
    {
        SpawnRing?[]? rings = _rings;
        return rings is not null && (uint)slot < (uint)rings.Length && rings[slot] is { } ring && ReferenceEquals(ring.Owner, owner) ? ring : null;
    }

    /// <summary>Records <paramref name="ring"/> as this thread's ring for the scheduler in <paramref name="slot"/>.</summary>
    public void SetRing(int slot, SpawnRing ring)
    {
        if (_rings is null || _rings.Length <= slot)
            Array.Resize(ref _rings, Math.Max(slot + 1, 4));
        _rings[slot] = ring;
    }
}
