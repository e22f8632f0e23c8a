using System.Diagnostics;

namespace Wyn.Engine.Memory;

public sealed partial class SlabPool<T>
{
    private readonly object _growLock = new();
    private T?[]?[] _chunks;          // chunk id -> items; an entry is null once released
    private int[] _chunkLive;         // chunk id -> items not yet released
    private readonly Stack<int> _retiredChunkIds = new();
    private int _chunkCount;
    private long _chunksAllocated;
    private long _chunksRetired;
    private long _itemsReleased;

    private T? Resolve(int slotId)
    {
        T?[]?[] chunks = Volatile.Read(ref _chunks);
        int chunk = slotId / _chunkSize;
        return (uint)chunk < (uint)chunks.Length ? chunks[chunk]?[slotId - chunk * _chunkSize] : null;
    }

    /// <summary>Creates a chunk; half a cache goes to the caller's cache, the rest to the shared list.</summary>
    private void AllocateChunk(ThreadCache cache)
    {
        var items = new T?[_chunkSize];
        int chunkId;
        lock (_growLock)
        {
            if (_retiredChunkIds.Count > 0)
            {
                chunkId = _retiredChunkIds.Pop();
            }
            else
            {
                chunkId = _chunkCount++;
                if (chunkId == _chunks.Length)
                {
                    var grown = new T?[]?[_chunks.Length * 2];
                    Array.Copy(_chunks, grown, _chunks.Length);
                    var live = new int[grown.Length];
                    Array.Copy(_chunkLive, live, _chunkLive.Length);
                    _chunkLive = live;
                    Volatile.Write(ref _chunks, grown);
                }
            }
            for (int i = 0; i < items.Length; i++)
            {
                T item = _factory();
                item.Owner = this;
                item.SlotId = chunkId * _chunkSize + i;
                item.GenerationField = 0;
                items[i] = item;
            }
            _chunkLive[chunkId] = _chunkSize;
            Volatile.Write(ref _chunks[chunkId], items);
            _chunksAllocated++;
        }

        int toCache = Math.Min(_chunkSize, Math.Max(1, _cacheSize / 2));
        for (int i = 0; i < toCache; i++)
            cache.Items[cache.Count++] = items[i];
        if (toCache < _chunkSize)
        {
            for (int i = toCache; i < _chunkSize - 1; i++)
                items[i]!.NextFree = items[i + 1]!.SlotId;
            PushChain(items[toCache]!, items[_chunkSize - 1]!, _chunkSize - toCache);
        }
    }

    /// <summary>Drops a free item for the garbage collector; retires its chunk when it was the chunk's last.</summary>
    private void Release(T item)
    {
        Debug.Assert((item.GenerationField & 1) == 0, "only free items are released");
        int chunkId = item.SlotId / _chunkSize;
        lock (_growLock)
        {
            T?[]? chunk = _chunks[chunkId];
            Debug.Assert(chunk is not null && ReferenceEquals(chunk[item.SlotId - chunkId * _chunkSize], item));
            chunk[item.SlotId - chunkId * _chunkSize] = null;
            _itemsReleased++;
            if (--_chunkLive[chunkId] == 0)
            {
                Volatile.Write(ref _chunks[chunkId], null);
                _retiredChunkIds.Push(chunkId);
                _chunksRetired++;
            }
        }
        // Detach from the pool: a stale handle to this object can never be returned here again.
        item.Owner = null;
    }
}
