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

    /// <summary>
    /// Everything per thread that the engine's hot paths read, behind one thread-static: a
    /// thread-static read is a runtime call on Linux (a call to <c>__tls_get_addr</c>, even in
    /// fully optimised code), and a spawn used to make two, this one and the open-batch lookup of
    /// Engine.Core (docs/decisions/0012-one-thread-static-per-spawn.md).
    /// </summary>
    internal sealed class PerThread
    {
        /// <summary>This thread's cache of each allocator, by allocator id; ids are recycled, hence the Owner check.</summary>
        public ThreadCache?[]? Caches;

        /// <summary>Per-thread state of the layer above, kept here so that one read serves both: Engine.Core's open spawn batches.</summary>
        public object? Upper;
    }

    [ThreadStatic] private static PerThread? t_thread;

    private readonly object _cachesLock = new();
    private readonly List<ThreadCache> _caches = [];

    /// <summary>
    /// The calling thread's caches of every allocator, read once. A thread-static read is a call on
    /// Linux; code that rents from several allocators in a row (a spawn rents a future slot and a task
    /// cell) reads it once and passes it to the overloads that take it.
    /// </summary>
    public readonly struct ThreadCaches
    {
        internal readonly PerThread? Thread;

        internal ThreadCaches(PerThread? thread) => Thread = thread;

        /// <summary>The layer above's per-thread state (<see cref="ThreadUpper"/>) as read with the caches.</summary>
        internal object? Upper
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Thread?.Upper;
        }
    }

    /// <summary>The calling thread's caches; valid on this thread only.</summary>
    public static ThreadCaches CurrentThreadCaches
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(t_thread);
    }

    /// <summary>The calling thread's state of the layer above (Engine.Core's open spawn batches); see <see cref="PerThread.Upper"/>.</summary>
    internal static object? ThreadUpper
    {
        get => t_thread?.Upper;
        set => (t_thread ??= new PerThread()).Upper = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ThreadCache CurrentCache() => CacheIn(t_thread);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ThreadCache CacheIn(PerThread? thread)
    {
        ThreadCache?[]? caches = thread?.Caches;
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
        PerThread thread = t_thread ??= new PerThread();
        ThreadCache?[]? caches = thread.Caches;
        if (caches is null || caches.Length <= _id)
        {
            Array.Resize(ref caches, Math.Max(_id + 1, (caches?.Length ?? 4) * 2));
            thread.Caches = caches;
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
