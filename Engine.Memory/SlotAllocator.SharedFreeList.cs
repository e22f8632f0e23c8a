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
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            int first = IdOf(head);
            if (first < 0)
                return 0;

            // Walk up to max links. Other threads may pop, reuse or release these ids while we walk,
            // so what we read may be garbage; the tagged compare-and-swap below succeeds only if no
            // push or pop happened since we read the head, and then every link we followed was the
            // list's own. Garbage can only make us retry.
            int last = first;
            int taken = 1;
            bool consistent = true;
            while (taken < max)
            {
                int next = GetNext(last);
                if (next == -1) break;
                if (next < 0 || (next >> _chunkShift) >= Volatile.Read(ref _chunkCount)) { consistent = false; break; }
                last = next;
                taken++;
            }
            if (!consistent)
                continue;
            int after = GetNext(last);
            if (after < -1)
                continue;
            if (Interlocked.CompareExchange(ref _head.Value, Pack(TagOf(head) + 1, after), head) != head)
                continue;

            int id = first;
            for (int i = 0; i < taken; i++)
            {
                cache.Ids[cache.Count++] = id;
                id = GetNext(id);
            }
            Interlocked.Add(ref _sharedCount.Value, -taken);
            return taken;
        }
    }
}
