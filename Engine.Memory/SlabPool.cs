using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Wyn.Engine.Memory;

/// <summary>
/// A slab allocator of pooled objects: items are created a chunk at a time and handed out and taken
/// back through a <see cref="SlotAllocator"/> (per-thread caches over a lock-free shared free list).
/// A rented item's handle is (item, generation); a second return or a stale handle is detected.
/// </summary>
public sealed class SlabPool<T> : IDisposable where T : PooledItem
{
    private readonly Func<T> _factory;
    private readonly SlotAllocator _slots;
    private readonly Storage _storage;
    private readonly int _mask;

    /// <summary>Creates a pool whose items are made by <paramref name="factory"/>.</summary>
    public SlabPool(Func<T> factory, SlabPoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _storage = new Storage(this);
        _slots = new SlotAllocator(options ?? new SlabPoolOptions(), _storage);
        _mask = _slots.ChunkSize - 1;
    }

    /// <summary>Items created per chunk (the configured size rounded up to a power of two).</summary>
    public int ChunkSize => _slots.ChunkSize;

    /// <summary>Takes an item. Its <see cref="PooledItem.Generation"/> is the handle's token until it is returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Rent() => Rent(SlotAllocator.CurrentThreadCaches);

    /// <summary><see cref="Rent()"/> with the calling thread's caches already read (see <see cref="SlotAllocator.CurrentThreadCaches"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Rent(SlotAllocator.ThreadCaches caches)
    {
        int id = _slots.Rent(caches);
        T item = _storage.Chunks[id >> _slots.ChunkShift]![id & _mask] ?? _storage.CreateItem(id);
        Debug.Assert((item.GenerationField & 1) == 0, "a free item has an even generation");
        // The id came out of this thread's cache, so the item is exclusively ours: a plain increment.
        // Other threads learn about the item through whatever hands it over (a queue, a fence).
        item.GenerationField++;
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
        // Compare-and-swap, not a plain write: two holders of copies of one handle may race to return
        // it; exactly one wins and the other learns that its handle is stale.
        if ((generation & 1) == 0 || Interlocked.CompareExchange(ref item.GenerationField, generation + 1, generation) != generation)
            ThrowStale(item, generation);
        item.ResetForReuse();
        _slots.Return(item.SlotId);
    }

    /// <summary>
    /// Takes an item for engine-internal use with no handle: its generation is not touched, so an item
    /// that another thread used last is only read here before the caller overwrites its payload. Give
    /// it back with <see cref="ReturnExclusive"/> only.
    /// </summary>
    /// <remarks>
    /// Why it matters: a task cell is filled by the spawning thread and returned by the worker that ran
    /// it. Every write the worker makes to the cell (a generation bump, clearing fields) leaves the
    /// cache line modified in the worker's core, and the spawner's next rent of that cell then stalls
    /// on fetching it back — measured as the largest single cost of a spawn from main in W1.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T RentExclusive(SlotAllocator.ThreadCaches caches)
    {
        int id = _slots.Rent(caches);
        return _storage.Chunks[id >> _slots.ChunkShift]![id & _mask] ?? _storage.CreateItem(id);
    }

    /// <summary>
    /// Gives back an item taken with <see cref="RentExclusive"/> that the caller owns exclusively
    /// (engine-internal code that removed it from the only place referring to it): no generation, no
    /// compare-and-swap, no double-return detection, no write to the item at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReturnExclusive(T item)
    {
        if (!ReferenceEquals(item.Owner, this))
            ThrowForeign();
        _slots.Return(item.SlotId);
    }

    /// <summary>True when (<paramref name="item"/>, <paramref name="generation"/>) is a live rented handle of this pool.</summary>
    public bool IsCurrent(T item, int generation) =>
        ReferenceEquals(item.Owner, this) && (generation & 1) == 1 && Volatile.Read(ref item.GenerationField) == generation;

    /// <summary>Releases free items to the garbage collector; see <see cref="SlotAllocator.Trim"/>.</summary>
    public void Trim() => _slots.Trim();

    /// <summary>A snapshot of the counters.</summary>
    public SlabPoolCounters GetCounters() => _slots.GetCounters();

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowForeign() =>
        throw new InvalidOperationException("The item does not belong to this pool (a foreign handle).");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStale(T item, int generation) =>
        throw new InvalidOperationException(
            $"Stale handle: the item was already returned (handle generation {generation}, item generation {Volatile.Read(ref item.GenerationField)}).");

    /// <summary>
    /// Chunks of items, created and dropped as the allocator asks. A chunk starts as an array of empty
    /// places; each item is made the first time its id is rented. Making all of a chunk's items at once
    /// (4,096 task cells by default) cost a program's first spawn of each kind of task some 0.3 ms
    /// (W5 through wyn-host: its first two round trips took 0.6–1 ms; docs/benchmarks.md, session 10).
    /// </summary>
    private sealed class Storage(SlabPool<T> pool) : SlotAllocator.IStorage
    {
        public T?[]?[] Chunks = new T?[]?[4];

        public void CreateChunk(int chunkId, int chunkSize)
        {
            var items = new T?[chunkSize];
            if (chunkId >= Chunks.Length)
            {
                var grown = new T?[]?[Math.Max(chunkId + 1, Chunks.Length * 2)];
                Array.Copy(Chunks, grown, Chunks.Length);
                Volatile.Write(ref Chunks, grown);
            }
            Volatile.Write(ref Chunks[chunkId], items);
        }

        /// <summary>
        /// Makes the item of a rented id that has none yet. The renter holds the id alone, so the
        /// plain store is safe: the id reaches another thread only through the allocator's free list,
        /// whose compare-and-swap publishes the store, or through the renter's own cache.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public T CreateItem(int id)
        {
            T item = pool._factory();
            item.Owner = pool;
            item.SlotId = id;
            item.GenerationField = 0;
            Chunks[id >> pool._slots.ChunkShift]![id & pool._mask] = item;
            return item;
        }

        public void ReleaseChunk(int chunkId)
        {
            foreach (T? item in Chunks[chunkId]!)
            {
                if (item is not null)
                    item.Owner = null;   // a stale handle to a dropped item can never be returned here
            }
            Volatile.Write(ref Chunks[chunkId], null);
        }
    }
}
