using Wyn.Engine.Memory.Internal;

namespace Wyn.Engine.Memory;

public sealed partial class SlotAllocator
{
    /// <summary>
    /// Up to half a thread cache of free ids, moved between a thread cache and the shared free list
    /// as one unit (a "magazine", after Bonwick's allocator): a spill or a refill copies the ids and
    /// does one compare-and-swap, whatever their number.
    /// </summary>
    private sealed class Magazine(int index, int capacity) : IStackNode
    {
        public readonly int[] Ids = new int[capacity];
        public int Count;
        private int _next = -1;

        public int Index { get; } = index;

        public int Next
        {
            get => Volatile.Read(ref _next);
            set => _next = value;
        }
    }

    // The shared free list: a lock-free stack of full magazines, and beside it a stack of empty ones
    // for reuse (TaggedStack: tagged heads against ABA).
    //
    // The list used to be a chain of single ids linked through per-chunk arrays: a refill then
    // followed 128 dependent links, most of them cache misses, and a spill wrote 128 links. At W1's 1M
    // futures in flight the two took ~17% of the spawning thread's time (decision 0004, session 10).
    private readonly TaggedStack<Magazine> _full;
    private readonly TaggedStack<Magazine> _empty;
    private PaddedInt _sharedCount;

    // Index -> magazine. Grows under _growLock and is published with a volatile write; magazines are
    // never dropped (their number is bounded by the retained ids over the magazine size, plus the
    // chunks' first fills), so an index read from a stack's head always names a live magazine.
    private Magazine[] _magazines = [];
    private int _magazineCount;

    private Magazine MagazineAt(int index) => Volatile.Read(ref _magazines)[index];

    /// <summary>Copies <c>ids[from..from+count)</c> (count at most a magazine) into a magazine on the shared free list.</summary>
    private void PushIds(int[] ids, int from, int count)
    {
        Magazine magazine = _empty.Pop() ?? NewMagazine();
        Array.Copy(ids, from, magazine.Ids, 0, count);
        magazine.Count = count;
        _full.Push(magazine);
        Interlocked.Add(ref _sharedCount.Value, count);
    }

    /// <summary>Moves one magazine of ids from the shared free list to the top of <paramref name="cache"/>; false when the list is empty.</summary>
    private bool TakeMagazine(ThreadCache cache)
    {
        Magazine? magazine = _full.Pop();
        if (magazine is null)
            return false;
        int count = magazine.Count;
        Array.Copy(magazine.Ids, 0, cache.Ids, cache.Count, count);
        cache.Count += count;
        magazine.Count = 0;
        _empty.Push(magazine);
        Interlocked.Add(ref _sharedCount.Value, -count);
        return true;
    }

    private Magazine NewMagazine()
    {
        lock (_growLock)
        {
            int index = _magazineCount;
            var magazine = new Magazine(index, _magazineSize);
            if (index == _magazines.Length)
            {
                var grown = new Magazine[Math.Max(16, index * 2)];
                Array.Copy(_magazines, grown, index);
                grown[index] = magazine;
                Volatile.Write(ref _magazines, grown);
            }
            else
            {
                Volatile.Write(ref _magazines[index], magazine);
            }
            _magazineCount = index + 1;
            return magazine;
        }
    }
}
