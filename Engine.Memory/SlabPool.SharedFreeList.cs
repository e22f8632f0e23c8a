using Wyn.Engine.Memory.Internal;

namespace Wyn.Engine.Memory;

public sealed partial class SlabPool<T>
{
    // Head of the shared free list: high 32 bits a tag bumped by every successful push or pop, low 32
    // bits (slot id + 1), 0 meaning empty. Without the tag, this interleaving corrupts the list (ABA):
    // thread 1 reads head = A (next B) and is preempted; thread 2 pops A, pops B, pushes A back; thread 1's
    // compare-and-swap (head A -> B) then succeeds and puts the rented B back at the head.
    private PaddedLong _head;
    private PaddedInt _sharedCount;

    private static long Pack(long tag, int slotId) => (tag << 32) | (uint)(slotId + 1);
    private static int SlotOf(long head) => (int)(uint)head - 1;
    private static long TagOf(long head) => (long)((ulong)head >> 32);

    /// <summary>Pushes the chain first..last (already linked through NextFree) with one compare-and-swap.</summary>
    private void PushChain(T first, T last, int count)
    {
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            last.NextFree = SlotOf(head);
            // Interlocked.CompareExchange is a full fence: the NextFree writes above are visible
            // before any thread can observe the new head.
            if (Interlocked.CompareExchange(ref _head.Value, Pack(TagOf(head) + 1, first.SlotId), head) == head)
                break;
        }
        Interlocked.Add(ref _sharedCount.Value, count);
    }

    /// <summary>Pops up to <paramref name="max"/> items into <paramref name="cache"/>; returns how many.</summary>
    private int PopBatch(ThreadCache cache, int max)
    {
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            int first = SlotOf(head);
            if (first < 0)
                return 0;

            // Walk up to max nodes. The nodes may be popped, reused or released by other threads while
            // we walk, so what we read may be garbage (even null); the tagged compare-and-swap below
            // succeeds only if no push or pop happened since we read the head, in which case every
            // link we followed was the list's own.
            T? node = Resolve(first);
            int taken = 1;
            bool consistent = node is not null;
            while (consistent && taken < max)
            {
                int next = Volatile.Read(ref node!.NextFree);
                if (next < 0) break;
                T? nextNode = Resolve(next);
                if (nextNode is null) { consistent = false; break; }
                node = nextNode;
                taken++;
            }
            if (!consistent)
            {
                if (Volatile.Read(ref _head.Value) == head)
                    Thread.SpinWait(1); // a racing thread is mid-change; let it finish
                continue;
            }

            int after = Volatile.Read(ref node!.NextFree);
            if (Interlocked.CompareExchange(ref _head.Value, Pack(TagOf(head) + 1, after), head) != head)
                continue;

            // The chain first..node is ours now; copy it into the cache.
            T current = Resolve(first)!;
            for (int i = 0; i < taken; i++)
            {
                cache.Items[cache.Count++] = current;
                if (i + 1 < taken)
                    current = Resolve(current.NextFree)!;
            }
            Interlocked.Add(ref _sharedCount.Value, -taken);
            return taken;
        }
    }
}
