using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Wyn.Engine.Memory;

/// <summary>
/// A slab allocator of pooled objects: items are created a chunk at a time, handed out and taken back
/// through a per-thread cache, and exchanged between threads through a lock-free shared free list.
/// </summary>
/// <remarks>
/// Layers, fastest first:
/// 1. the calling thread's cache (no synchronisation at all: only its owner touches it);
/// 2. the shared free list (a Treiber stack of slot ids whose head packs a 32-bit tag with the id,
///    so a pop that raced with a pop-push pair of the same slot fails its compare-and-swap — ABA);
/// 3. a new chunk (under a lock; rare by construction).
/// Items move between 1 and 2 in batches of half a cache, so the shared list sees one
/// compare-and-swap per batch, not per item.
/// </remarks>
public sealed partial class SlabPool<T> : IDisposable where T : PooledItem
{
    private readonly Func<T> _factory;
    private readonly int _chunkSize;
    private readonly int _cacheSize;
    private readonly int _retainedLimit;
    private readonly int _id;
    private int _disposed;

    /// <summary>Creates a pool whose items are made by <paramref name="factory"/>.</summary>
    public SlabPool(Func<T> factory, SlabPoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        options ??= new SlabPoolOptions();
        options.Validate();
        _factory = factory;
        _chunkSize = options.ChunkSize;
        _cacheSize = options.ThreadCacheSize;
        _retainedLimit = options.RetainedLimit;
        _chunks = new T?[]?[4];
        _chunkLive = new int[4];
        _id = RecycledIds.Pools.Acquire();
    }

    /// <summary>Items created per chunk.</summary>
    public int ChunkSize => _chunkSize;

    /// <summary>Takes an item. Its <see cref="PooledItem.Generation"/> is the handle's token until it is returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Rent()
    {
        ThreadCache cache = CurrentCache();
        T item = cache.Count > 0 ? cache.Items[--cache.Count]! : RentSlow(cache);
        Debug.Assert((item.GenerationField & 1) == 0, "a free item has an even generation");
        // The item is exclusively ours (it came out of our cache), so a plain increment is enough;
        // publication to other threads happens through whatever hands the item over (a queue).
        item.GenerationField++;
        cache.Rented++;
        return item;
    }

    /// <summary>
    /// Gives an item back. <paramref name="generation"/> is the generation observed at rent time; a
    /// second return or a return with an old generation throws <see cref="InvalidOperationException"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Return(T item, int generation)
    {
        if (!ReferenceEquals(item.Owner, this))
            ThrowForeign();
        // Compare-and-swap, not a plain write: two threads holding copies of one handle may race to
        // return it; exactly one wins and the other learns that its handle is stale.
        if ((generation & 1) == 0 || Interlocked.CompareExchange(ref item.GenerationField, generation + 1, generation) != generation)
            ThrowStale(item, generation);
        item.ResetForReuse();

        ThreadCache cache = CurrentCache();
        if (cache.Count == _cacheSize)
            SpillHalf(cache);
        cache.Items[cache.Count++] = item;
        cache.Returned++;
    }

    /// <summary>True when (<paramref name="item"/>, <paramref name="generation"/>) is a live rented handle of this pool.</summary>
    public bool IsCurrent(T item, int generation) =>
        ReferenceEquals(item.Owner, this) && (generation & 1) == 1 && Volatile.Read(ref item.GenerationField) == generation;

    /// <summary>
    /// Releases every free item in the shared list and in the calling thread's cache to the garbage
    /// collector; chunks whose items are all released are retired. Other threads' caches are left
    /// alone (only their owners may touch them); they hold at most <see cref="SlabPoolOptions.ThreadCacheSize"/> items each.
    /// </summary>
    public void Trim()
    {
        ThreadCache cache = CurrentCache();
        while (cache.Count > 0)
            Release(cache.Items[--cache.Count]!);
        Array.Clear(cache.Items);
        while (true)
        {
            int taken = PopBatch(cache, _cacheSize);
            if (taken == 0) break;
            while (cache.Count > 0)
                Release(cache.Items[--cache.Count]!);
        }
    }

    /// <summary>A snapshot of the counters (sums over every thread that used the pool).</summary>
    public SlabPoolCounters GetCounters()
    {
        long rented = 0, returned = 0;
        lock (_cachesLock)
        {
            foreach (ThreadCache c in _caches)
            {
                rented += Volatile.Read(ref c.Rented);
                returned += Volatile.Read(ref c.Returned);
            }
        }
        return new SlabPoolCounters(
            rented, returned,
            Volatile.Read(ref _chunksAllocated), Volatile.Read(ref _chunksRetired),
            Volatile.Read(ref _itemsReleased), Volatile.Read(ref _sharedCount.Value));
    }

    /// <summary>Frees the pool's id; items still out stay valid objects but can no longer be returned here.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            RecycledIds.Pools.Release(_id);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowForeign() =>
        throw new InvalidOperationException("The item does not belong to this pool (a foreign handle).");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStale(T item, int generation) =>
        throw new InvalidOperationException(
            $"Stale handle: the item was already returned (handle generation {generation}, item generation {Volatile.Read(ref item.GenerationField)}).");
}
