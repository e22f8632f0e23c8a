using Wyn.Engine.Memory.Internal;

namespace Wyn.Engine.Memory;

public sealed partial class SlotAllocator
{
    // Head of the shared free list: high 32 bits a tag bumped by every successful push or pop, low 32
    // bits (id + 1), 0 meaning empty. Without the tag this interleaving corrupts the list (ABA):
    // thread 1 reads head = A (next B) and is preempted; thread 2 pops A, pops B, pushes A back;
    // thread 1's compare-and-swap (head A -> B) then succeeds and puts the rented B back at the head.
    private PaddedLong _head;
    private PaddedInt _sharedCount;

    private static long Pack(long tag, int id) => (tag << 32) | (uint)(id + 1);
    private static int IdOf(long head) => (int)(uint)head - 1;
    private static long TagOf(long head) => (long)((ulong)head >> 32);

    private int GetNext(int id)
    {
        int[]? links = Volatile.Read(ref _next)[id >> _chunkShift];
        return links is null ? -2 : Volatile.Read(ref links[id & (_chunkSize - 1)]);
    }

    private void SetNext(int id, int next) => _next[id >> _chunkShift]![id & (_chunkSize - 1)] = next;

    /// <summary>Pushes the chain first..last (already linked) with one compare-and-swap.</summary>
    private void PushChain(int first, int last, int count)
    {
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            SetNext(last, IdOf(head));
            // The compare-and-swap is a full fence: the links written above are visible before any
            // thread can observe the new head.
            if (Interlocked.CompareExchange(ref _head.Value, Pack(TagOf(head) + 1, first), head) == head)
                break;
        }
        Interlocked.Add(ref _sharedCount.Value, count);
    }

    /// <summary>Pops up to <paramref name="max"/> ids into <paramref name="cache"/>; returns how many.</summary>
    private int PopBatch(ThreadCache cache, int max)
    {
        int[] ids = cache.Ids;
        int start = cache.Count;
        max = Math.Min(max, ids.Length - start);
        if (max <= 0)
            return 0;
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            int first = IdOf(head);
            if (first < 0)
                return 0;

            // Walk up to max links, copying ids into the cache as we go (one pass over the links;
            // they are what misses the cache). Other threads may pop, reuse or release these ids
            // while we walk, so what we read may be garbage; the tagged compare-and-swap below
            // succeeds only if no push or pop happened since we read the head, and then every link
            // we followed was the list's own. Garbage only makes us retry, and the cache's count is
            // not moved until the compare-and-swap succeeded.
            int[]?[] links = Volatile.Read(ref _next);
            int id = first;
            int taken = 0;
            int after;
            while (true)
            {
                ids[start + taken++] = id;
                int chunk = id >> _chunkShift;
                int[]? chunkLinks = (uint)chunk < (uint)links.Length ? Volatile.Read(ref links[chunk]) : null;
                if (chunkLinks is null)
                {
                    after = -2;   // a dropped or unknown chunk: inconsistent
                    break;
                }
                int next = Volatile.Read(ref chunkLinks[id & (_chunkSize - 1)]);
                if (taken == max || next == -1)
                {
                    after = next;
                    break;
                }
                if (next < 0)
                {
                    after = -2;
                    break;
                }
                id = next;
            }
            if (after < -1)
                continue;
            if (Interlocked.CompareExchange(ref _head.Value, Pack(TagOf(head) + 1, after), head) != head)
                continue;
            cache.Count = start + taken;
            Interlocked.Add(ref _sharedCount.Value, -taken);
            return taken;
        }
    }
}
