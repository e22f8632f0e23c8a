namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// One scheduler's spawn rings, one per outside thread that spawned into it: created on a thread's
/// first spawn, found again through the thread's <see cref="ThreadRole{TWorker}"/>, and listed
/// copy-on-write so that workers iterate them without a lock.
/// </summary>
internal sealed class SpawnRingSet(object owner, int slot, int capacity)
{
    private readonly object _lock = new();
    private SpawnRing[] _all = [];

    /// <summary>Every ring created so far (a snapshot; never shrinks).</summary>
    public SpawnRing[] All => Volatile.Read(ref _all);

    /// <summary>The ring of the thread whose role is <paramref name="role"/>, if it has one.</summary>
    public SpawnRing? Of<TWorker>(ThreadRole<TWorker>? role) where TWorker : class => role?.RingOf(owner, slot);

    /// <summary>The calling thread's ring (<paramref name="role"/> is its role, possibly not created yet), created if needed.</summary>
    public SpawnRing ForCallingThread<TWorker>(ThreadRole<TWorker>? role) where TWorker : class
    {
        if (Of(role) is { } existing)
            return existing;
        var ring = new SpawnRing(owner, capacity);
        lock (_lock)
            _all = [.. _all, ring];
        (role ?? ThreadRole<TWorker>.CurrentOrNew()).SetRing(slot, ring);
        return ring;
    }
}
