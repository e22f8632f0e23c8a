using System.Runtime.CompilerServices;

namespace Wyn.Engine.Memory;

public sealed partial class SlotAllocator
{
    private readonly object _growLock = new();
    private int[]?[] _next;            // chunk id -> free-list links; null once the chunk is dropped
    private int[] _chunkLive;          // chunk id -> ids not yet released
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
                if (chunkId == _next.Length)
                {
                    var grown = new int[]?[_next.Length * 2];
                    Array.Copy(_next, grown, _next.Length);
                    Array.Resize(ref _chunkLive, grown.Length);
                    Volatile.Write(ref _next, grown);
                }
            }
            // Storage first, then links, then the count: a racing PopBatch that validates ids
            // against _chunkCount never indexes a missing chunk.
            _storage.CreateChunk(chunkId, _chunkSize);
            var links = new int[_chunkSize];
            Volatile.Write(ref _next[chunkId], links);
            _chunkLive[chunkId] = _chunkSize;
            if (chunkId == _chunkCount)
                Volatile.Write(ref _chunkCount, _chunkCount + 1);
            _chunksAllocated++;
        }

        int firstId = chunkId << _chunkShift;
        int toCache = Math.Min(_chunkSize, Math.Max(1, _cacheSize / 2));
        // Hand out the lowest ids last (the cache is a stack), so a fresh chunk is walked upwards.
        for (int i = toCache - 1; i >= 0; i--)
            cache.Ids[cache.Count++] = firstId + i;
        if (toCache < _chunkSize)
        {
            int[] links = _next[chunkId]!;
            for (int i = toCache; i < _chunkSize - 1; i++)
                links[i] = firstId + i + 1;
            PushChain(firstId + toCache, firstId + _chunkSize - 1, _chunkSize - toCache);
        }
    }

    /// <summary>Drops a free id for good; drops its chunk's storage when it was the chunk's last.</summary>
    /// <summary>Releases <c>ids[from..from+count)</c>: one lock for all of them (a spill over the retention cap gives back half a thread cache at once).</summary>
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
                    Volatile.Write(ref _next[chunkId], null);
                    _storage.ReleaseChunk(chunkId);
                    _retiredChunkIds.Push(chunkId);
                    _chunksRetired++;
                }
            }
        }
    }
}
