using System.Runtime.CompilerServices;

namespace Wyn.Engine.Memory;

public sealed partial class SlabPool<T>
{
    /// <summary>
    /// Free items owned by one thread, plus that thread's counters. Only the owner writes it, so it
    /// needs no synchronisation; <see cref="GetCounters"/> reads the counters racily (longs are atomic
    /// on 64-bit), which is exact once the pool is quiescent.
    /// </summary>
    private sealed class ThreadCache(SlabPool<T> owner, int size)
    {
        public readonly SlabPool<T> Owner = owner;
        public readonly T?[] Items = new T?[size];
        public int Count;
        public long Rented;
        public long Returned;
    }

    // One slot per live pool id: [ThreadStatic] is per closed generic type, not per instance, so the
    // instance picks its cache by id. Ids are recycled, hence the Owner check.
    [ThreadStatic] private static ThreadCache?[]? t_caches;

    private readonly object _cachesLock = new();
    private readonly List<ThreadCache> _caches = [];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ThreadCache CurrentCache()
    {
        ThreadCache?[]? caches = t_caches;
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
    private T RentSlow(ThreadCache cache)
    {
        if (PopBatch(cache, _cacheSize / 2) == 0)
            AllocateChunk(cache);
        return cache.Items[--cache.Count]!;
    }

    /// <summary>Moves the older half of a full cache to the shared list, or releases it when the shared list is at its cap.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SpillHalf(ThreadCache cache)
    {
        int half = cache.Count / 2;
        if (Volatile.Read(ref _sharedCount.Value) + half > _retainedLimit)
        {
            for (int i = 0; i < half; i++)
                Release(cache.Items[i]!);
        }
        else
        {
            for (int i = 0; i < half - 1; i++)
                cache.Items[i]!.NextFree = cache.Items[i + 1]!.SlotId;
            PushChain(cache.Items[0]!, cache.Items[half - 1]!, half);
        }
        // Keep the newer (cache-warm) half at the bottom of the stack.
        Array.Copy(cache.Items, half, cache.Items, 0, cache.Count - half);
        cache.Count -= half;
        Array.Clear(cache.Items, cache.Count, cache.Items.Length - cache.Count);
    }
}
