using System.Runtime.CompilerServices;

namespace Wyn.Engine.Memory;

public sealed partial class SlotAllocator
{
    /// <summary>
    /// Free ids owned by one thread, plus that thread's counters. Only the owner writes it, so it
    /// needs no synchronisation; <see cref="GetCounters"/> reads the counters racily (longs are atomic
    /// on 64-bit), which is exact once the allocator is quiescent.
    /// </summary>
    internal sealed class ThreadCache(SlotAllocator owner, int size)
    {
        public readonly SlotAllocator Owner = owner;
        public readonly int[] Ids = new int[size];
        public int Count;
        public long Rented;
        public long Returned;

        /// <summary>Rents and returns per owner tag (see <see cref="RentTagged"/>), indexed by tag.</summary>
        public long[] TagRented = [];
        public long[] TagReturned = [];

        public void GrowTags(int tag)
        {
            int size = Math.Max(tag + 1, TagRented.Length * 2);
            long[] rented = new long[size], returned = new long[size];
            TagRented.CopyTo(rented, 0);
            TagReturned.CopyTo(returned, 0);
            // The reader (GetTagCounters) may be summing the old arrays; it sees either, both exact
            // up to the increments that race with it anyway.
            Volatile.Write(ref TagReturned, returned);
            Volatile.Write(ref TagRented, rented);
        }
    }

    // One slot per live allocator id; ids are recycled, hence the Owner check.
    [ThreadStatic] private static ThreadCache?[]? t_caches;

    private readonly object _cachesLock = new();
    private readonly List<ThreadCache> _caches = [];

    /// <summary>
    /// The calling thread's caches of every allocator, read once. A thread-static read is a call on
    /// Linux; code that rents from several allocators in a row (a spawn rents a future slot and a task
    /// cell) reads it once and passes it to the overloads that take it.
    /// </summary>
    public readonly struct ThreadCaches
    {
        internal readonly ThreadCache?[]? Caches;

        internal ThreadCaches(ThreadCache?[]? caches) => Caches = caches;
    }

    /// <summary>The calling thread's caches; valid on this thread only.</summary>
    public static ThreadCaches CurrentThreadCaches
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(t_caches);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ThreadCache CurrentCache() => CacheIn(t_caches);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ThreadCache CacheIn(ThreadCache?[]? caches)
    {
        if (caches is not null && (uint)_id < (uint)caches.Length)
        {
            ThreadCache? cache = caches[_id];
            if (cache is not null && ReferenceEquals(cache.Owner, this))
                return cache;
        }
        return CreateCache();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ThreadCache CreateCache()
    {
        ThreadCache?[]? caches = t_caches;
        if (caches is null || caches.Length <= _id)
        {
            Array.Resize(ref caches, Math.Max(_id + 1, (caches?.Length ?? 4) * 2));
            t_caches = caches;
        }
        var cache = new ThreadCache(this, _cacheSize);
        lock (_cachesLock)
            _caches.Add(cache);
        caches[_id] = cache;
        return cache;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int RentSlow(ThreadCache cache)
    {
        if (!TakeMagazine(cache))
            AllocateChunk(cache);
        return cache.Ids[--cache.Count];
    }

    /// <summary>Moves the older half of a full cache to the shared list, or releases it when the shared list is at its cap.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SpillHalf(ThreadCache cache)
    {
        int half = cache.Count / 2;
        if (Volatile.Read(ref _sharedCount.Value) + half > _retainedLimit)
        {
            Release(cache.Ids, 0, half);
        }
        else
        {
            PushIds(cache.Ids, 0, half);
        }
        // Keep the newer (cache-warm) half.
        Array.Copy(cache.Ids, half, cache.Ids, 0, cache.Count - half);
        cache.Count -= half;
    }
}
