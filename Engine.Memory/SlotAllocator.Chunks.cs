using System.Runtime.CompilerServices;

namespace Wyn.Engine.Memory;

public sealed partial class SlotAllocator
{
    private readonly object _growLock = new();
    private int[] _chunkLive = new int[4];   // chunk id -> ids not yet released
    private readonly Stack<int> _retiredChunkIds = new();
    private int _chunkCount;
    private long _chunksAllocated;
    private long _chunksRetired;
    private long _idsReleased;

    /// <summary>Creates a chunk; half a cache of its ids go to the caller's cache, the rest to the shared list.</summary>
    // Fully optimised at once: a process calls this a few times before a burst grows the pool, too few
    // for tiered compilation to replace its tier-0 code before the burst (the first 1M-task W1 round
    // after warm-up spent ~3% of its time here and in CreateChunk's tier-0 loops; docs/benchmarks.md,
    // session 9).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AllocateChunk(ThreadCache cache)
    {
        int chunkId;
        lock (_growLock)
        {
            if (_retiredChunkIds.Count > 0)
            {
                chunkId = _retiredChunkIds.Pop();
            }
            else
            {
                chunkId = _chunkCount;
                if (chunkId == _chunkLive.Length)
                    Array.Resize(ref _chunkLive, _chunkLive.Length * 2);
            }
            _storage.CreateChunk(chunkId, _chunkSize);
            _chunkLive[chunkId] = _chunkSize;
            if (chunkId == _chunkCount)
                Volatile.Write(ref _chunkCount, _chunkCount + 1);
            _chunksAllocated++;
        }

        int firstId = chunkId << _chunkShift;
        int toCache = Math.Min(_chunkSize, Math.Max(1, _cacheSize / 2));
        // The lowest ids go on top (the cache is a stack), so a fresh chunk is handed out upwards.
        for (int i = toCache - 1; i >= 0; i--)
            cache.Ids[cache.Count++] = firstId + i;
        // The rest go to the shared list a magazine at a time, in the same order: the highest ids are
        // pushed first (to the bottom), and each magazine holds its ids downwards (it is copied onto a
        // cache as it is, and a cache hands out its top first).
        for (int end = _chunkSize; end > toCache; end -= _magazineSize)
        {
            int start = Math.Max(toCache, end - _magazineSize);
            Magazine magazine = _empty.Pop() ?? NewMagazine();
            for (int i = 0; i < end - start; i++)
                magazine.Ids[i] = firstId + end - 1 - i;
            magazine.Count = end - start;
            _full.Push(magazine);
            Interlocked.Add(ref _sharedCount.Value, end - start);
        }
    }

    /// <summary>Releases <c>ids[from..from+count)</c>: one lock for all of them (a spill over the retention cap gives back half a thread cache at once). A chunk whose last id goes is dropped.</summary>
    private void Release(int[] ids, int from, int count)
    {
        lock (_growLock)
        {
            for (int i = from; i < from + count; i++)
            {
                int chunkId = ids[i] >> _chunkShift;
                _idsReleased++;
                if (--_chunkLive[chunkId] == 0)
                {
                    _storage.ReleaseChunk(chunkId);
                    _retiredChunkIds.Push(chunkId);
                    _chunksRetired++;
                }
            }
        }
    }
}
