using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Wyn.Engine.Memory.Internal;

namespace Wyn.Engine.Memory;

/// <summary>
/// Hands out integer slot ids backed by chunked storage: the allocation engine under both
/// <see cref="SlabPool{T}"/> (pooled objects) and <see cref="Slab{TSlot}"/> (pooled structs).
/// </summary>
/// <remarks>
/// Layers, fastest first:
/// 1. the calling thread's cache of free ids (no synchronisation: only its owner touches it);
/// 2. the shared free list: a lock-free stack of magazines (arrays of up to half a cache of ids)
///    whose head packs a 32-bit tag with the top magazine, so a pop that raced with a pop-then-push
///    of the same magazine fails its compare-and-swap instead of corrupting the list (ABA);
/// 3. a new chunk, under a lock (rare by construction).
/// Ids move between 1 and 2 a magazine at a time: a copy and one compare-and-swap per half cache.
/// Slot id = chunk id * ChunkSize + offset; ChunkSize is a power of two so the split is a shift.
/// </remarks>
public sealed partial class SlotAllocator : IDisposable
{
    /// <summary>Receives chunk lifecycle events so the owner can create and drop the chunk's storage.</summary>
    public interface IStorage
    {
        /// <summary>Storage for a new chunk is needed before any of its ids is handed out.</summary>
        void CreateChunk(int chunkId, int chunkSize);

        /// <summary>Every id of the chunk was released: drop its storage.</summary>
        void ReleaseChunk(int chunkId);
    }

    private static readonly RecycledIds s_ids = new();

    private readonly IStorage _storage;
    private readonly int _chunkSize;
    private readonly int _chunkShift;
    private readonly int _cacheSize;
    private readonly int _retainedLimit;
    private readonly int _magazineSize;
    private readonly int _id;
    private int _disposed;

    /// <summary>Creates an allocator; <see cref="SlabPoolOptions.ChunkSize"/> is rounded up to a power of two.</summary>
    public SlotAllocator(SlabPoolOptions options, IStorage storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        options.Validate();
        _storage = storage;
        _chunkSize = (int)BitOperations.RoundUpToPowerOf2((uint)options.ChunkSize);
        _chunkShift = BitOperations.Log2((uint)_chunkSize);
        _cacheSize = options.ThreadCacheSize;
        _retainedLimit = options.RetainedLimit;
        _magazineSize = Math.Max(1, _cacheSize / 2);
        _full = new TaggedStack<Magazine>(MagazineAt);
        _empty = new TaggedStack<Magazine>(MagazineAt);
        _id = s_ids.Acquire();
    }

    /// <summary>Ids per chunk (a power of two).</summary>
    public int ChunkSize => _chunkSize;

    /// <summary>log2(<see cref="ChunkSize"/>): <c>id &gt;&gt; ChunkShift</c> is the chunk.</summary>
    public int ChunkShift => _chunkShift;

    /// <summary>Takes a free id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Rent() => Rent(CurrentThreadCaches);

    /// <summary><see cref="Rent()"/> with the calling thread's caches already read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Rent(ThreadCaches caches)
    {
        ThreadCache cache = CacheIn(caches.Thread);
        int id = cache.Count > 0 ? cache.Ids[--cache.Count] : RentSlow(cache);
        cache.Rented++;
        return id;
    }

    /// <summary>
    /// Takes a free id on behalf of the owner <paramref name="tag"/> (a small non-negative number): an
    /// allocator shared by several owners counts each one's rents and returns per thread, with no
    /// shared write, so an owner can tell how many of its ids are outstanding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RentTagged(int tag) => RentTagged(CurrentThreadCaches, tag);

    /// <summary><see cref="RentTagged(int)"/> with the calling thread's caches already read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RentTagged(ThreadCaches caches, int tag)
    {
        ThreadCache cache = CacheIn(caches.Thread);
        int id = cache.Count > 0 ? cache.Ids[--cache.Count] : RentSlow(cache);
        cache.Rented++;
        if ((uint)tag >= (uint)cache.TagRented.Length)
            cache.GrowTags(tag);
        cache.TagRented[tag]++;
        return id;
    }

    /// <summary>Gives back an id rented with <see cref="RentTagged"/> for the same <paramref name="tag"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReturnTagged(int id, int tag)
    {
        ThreadCache cache = CurrentCache();
        if (cache.Count == _cacheSize)
            SpillHalf(cache);
        cache.Ids[cache.Count++] = id;
        cache.Returned++;
        CountTagReturned(cache, tag);
    }

    /// <summary>Counts a tagged id as returned without freeing it (its owner gave it up for good).</summary>
    public void DetachTagged(int tag) => CountTagReturned(CurrentCache(), tag);

    /// <summary>(rented, returned) for <paramref name="tag"/>, summed over every thread.</summary>
    public (long Rented, long Returned) GetTagCounters(int tag)
    {
        long rented = 0, returned = 0;
        lock (_cachesLock)
        {
            foreach (ThreadCache c in _caches)
            {
                long[] r = Volatile.Read(ref c.TagRented), t = Volatile.Read(ref c.TagReturned);
                if ((uint)tag < (uint)r.Length)
                    rented += Volatile.Read(ref r[tag]);
                if ((uint)tag < (uint)t.Length)
                    returned += Volatile.Read(ref t[tag]);
            }
        }
        return (rented, returned);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountTagReturned(ThreadCache cache, int tag)
    {
        if ((uint)tag >= (uint)cache.TagReturned.Length)
            cache.GrowTags(tag);
        cache.TagReturned[tag]++;
    }

    /// <summary>Gives an id back. The caller guarantees it is returned once (generation checks live in the pools).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Return(int id)
    {
        ThreadCache cache = CurrentCache();
        if (cache.Count == _cacheSize)
            SpillHalf(cache);
        cache.Ids[cache.Count++] = id;
        cache.Returned++;
    }

    /// <summary>
    /// Releases every free id in the shared list and in the calling thread's cache; chunks whose ids
    /// are all released are dropped. Other threads' caches are left alone (only their owners may touch
    /// them); each holds at most <see cref="SlabPoolOptions.ThreadCacheSize"/> ids.
    /// </summary>
    public void Trim()
    {
        ThreadCache cache = CurrentCache();
        do
        {
            Release(cache.Ids, 0, cache.Count);
            cache.Count = 0;
        }
        while (TakeMagazine(cache));
    }

    /// <summary>A snapshot of the counters (sums over every thread that used the allocator).</summary>
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
        lock (_growLock)
            return new SlabPoolCounters(rented, returned, _chunksAllocated, _chunksRetired, _idsReleased, Volatile.Read(ref _sharedCount.Value));
    }

    /// <summary>Frees the allocator's id (used to index per-thread caches).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            s_ids.Release(_id);
    }

    [Conditional("DEBUG")]
    private void AssertValidId(int id) => Debug.Assert(id >= 0 && (id >> _chunkShift) < _chunkCount, "an id of this allocator");
}
