using System.Runtime.CompilerServices;
using Wyn.Engine.Memory;

namespace Wyn.Engine;

public sealed partial class WynEngine
{
    private readonly object _poolsLock = new();
    private readonly (long Rented, long Returned) _futureBaseline;
    private readonly List<(IDisposable Pool, Func<SlabPoolCounters> Counters, Action Detach, bool Counted)> _pools = [];

    /// <summary>
    /// The engine's pool of one cell type, found by engine id in a static array of that closed generic
    /// type: two array loads on the spawn path instead of a dictionary lookup.
    /// </summary>
    private static class PoolFor<TCell> where TCell : PooledItem
    {
        private static SlabPool<TCell>?[] s_byEngine = new SlabPool<TCell>?[8];
        private static readonly object s_lock = new();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static SlabPool<TCell> Get(WynEngine engine, Func<TCell> factory, int chunkSize, bool counted = true)
        {
            SlabPool<TCell>?[] pools = Volatile.Read(ref s_byEngine);
            if ((uint)engine.Id < (uint)pools.Length && pools[engine.Id] is { } pool)
                return pool;
            return Create(engine, factory, chunkSize, counted, DefaultThreadCacheSize);
        }

        /// <summary>As <see cref="Get(WynEngine, Func{TCell}, int, bool)"/>, for cells made to the engine's options (a static factory: nothing allocated per call).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static SlabPool<TCell> Get(WynEngine engine, Func<WynEngine, TCell> factory, int chunkSize, bool counted, int threadCacheSize)
        {
            SlabPool<TCell>?[] pools = Volatile.Read(ref s_byEngine);
            if ((uint)engine.Id < (uint)pools.Length && pools[engine.Id] is { } pool)
                return pool;
            return CreateFor(engine, factory, chunkSize, counted, threadCacheSize);
        }

        // Separate, so the closure below is allocated only here (a captured parameter would make its
        // caller allocate the closure on every call, fast path included).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static SlabPool<TCell> CreateFor(WynEngine engine, Func<WynEngine, TCell> factory, int chunkSize, bool counted, int threadCacheSize) =>
            Create(engine, () => factory(engine), chunkSize, counted, threadCacheSize);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static SlabPool<TCell> Create(WynEngine engine, Func<TCell> factory, int chunkSize, bool counted, int threadCacheSize)
        {
            lock (s_lock)
            {
                // A spawn racing with Dispose: no pool may outlive the engine (the detach below runs under this lock).
                engine.ThrowIfDisposed();
                SlabPool<TCell>?[] pools = s_byEngine;
                if ((uint)engine.Id < (uint)pools.Length && pools[engine.Id] is { } existing)
                    return existing;
                if (engine.Id >= pools.Length)
                {
                    var grown = new SlabPool<TCell>?[Math.Max(engine.Id + 1, pools.Length * 2)];
                    Array.Copy(pools, grown, pools.Length);
                    pools = grown;
                }
                var pool = new SlabPool<TCell>(factory, new SlabPoolOptions
                {
                    ChunkSize = chunkSize,
                    ThreadCacheSize = threadCacheSize,
                    RetainedLimit = engine.Options.PoolRetainedLimit,
                });
                pools[engine.Id] = pool;
                Volatile.Write(ref s_byEngine, pools);
                int id = engine.Id;
                engine.AddPool(pool, pool.GetCounters, () =>
                {
                    lock (s_lock)
                    {
                        if (id < s_byEngine.Length && ReferenceEquals(s_byEngine[id], pool))
                            s_byEngine[id] = null;
                    }
                }, counted);
                return pool;
            }
        }
    }

    private void AddPool(IDisposable pool, Func<SlabPoolCounters> counters, Action detach, bool counted)
    {
        lock (_poolsLock)
            _pools.Add((pool, counters, detach, counted));
    }

    /// <summary>
    /// The engine's pool of spawn batches of one type. Not counted with the task pools: a batch is
    /// queue plumbing, not a task, and a thread may hold its last open batch until it spawns again.
    /// </summary>
    internal SlabPool<SpawnBatch<TState, T>> BatchPool<TState, T>() =>
        PoolFor<SpawnBatch<TState, T>>.Get(this, static engine => SpawnBatch<TState, T>.Create(engine), BatchChunkSize, counted: false, BatchThreadCacheSize);

    /// <summary>Spawn batches per pool chunk (each batch holds up to SpawnBatch.MaxCapacity tasks).</summary>
    private const int BatchChunkSize = 64;

    /// <summary>
    /// Free batches a thread keeps (it takes half as many at a time). A batch is about 2 KB and a
    /// thread rents one per 32–64 spawns, or when it splits a batch; with the cell pools' 256, every
    /// thread that ever rented a batch took a whole chunk of 64 (128 KB) and kept it. 1,024
    /// compensating threads, each splitting a batch of sleeping tasks once, held 250 MB of them.
    /// </summary>
    private const int BatchThreadCacheSize = 8;

    /// <summary>Free cells a thread keeps in the task pools (SlabPoolOptions' default): one refill per 128 spawns from a worker.</summary>
    private const int DefaultThreadCacheSize = 256;

    /// <summary>
    /// The engine's pools: task and fire-and-forget cells (per engine) plus the engine's future slots
    /// (in shared tables). Tests assert Outstanding == 0 once all work was awaited.
    /// </summary>
    public SlabPoolCounters GetPoolCounters()
    {
        SlabPoolCounters cells = SumPools(counted: true);
        // Future slots live in tables shared by all engines, which count rents and frees per engine id;
        // an id is reused after an engine is disposed, hence the baseline taken at creation.
        var (futuresRented, futuresReturned) = FutureTables.CountersOf(Id);
        return cells with
        {
            Rented = cells.Rented + futuresRented - _futureBaseline.Rented,
            Returned = cells.Returned + futuresReturned - _futureBaseline.Returned,
        };
    }

    /// <summary>The pools left out of <see cref="GetPoolCounters"/>: the spawn-batch pools (queue plumbing, see <see cref="BatchPool{TState, T}"/>).</summary>
    internal SlabPoolCounters GetBatchPoolCounters() => SumPools(counted: false);

    private SlabPoolCounters SumPools(bool counted)
    {
        long rented = 0, returned = 0, chunks = 0, retired = 0, released = 0;
        int shared = 0;
        lock (_poolsLock)
        {
            foreach (var (_, counters, _, isCounted) in _pools)
            {
                if (isCounted != counted)
                    continue;
                SlabPoolCounters c = counters();
                rented += c.Rented;
                returned += c.Returned;
                chunks += c.ChunksAllocated;
                retired += c.ChunksRetired;
                released += c.ItemsReleased;
                shared += c.SharedFree;
            }
        }
        return new SlabPoolCounters(rented, returned, chunks, retired, released, shared);
    }

    /// <summary>(rented, returned) summed over the task and fire-and-forget cell pools: spawns and starts.</summary>
    private (long Rented, long Returned) CellCounters()
    {
        long rented = 0, returned = 0;
        lock (_poolsLock)
        {
            foreach (var (_, counters, _, counted) in _pools)
            {
                if (!counted)
                    continue;
                SlabPoolCounters c = counters();
                rented += c.Rented;
                returned += c.Returned;
            }
        }
        return (rented, returned);
    }

    private void DisposePools()
    {
        lock (_poolsLock)
        {
            foreach (var (pool, _, detach, _) in _pools)
            {
                detach();
                pool.Dispose();
            }
            _pools.Clear();
        }
    }
}
