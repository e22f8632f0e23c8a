using System.Runtime.CompilerServices;

namespace Wyn.Engine.Memory;

/// <summary>
/// A slab of structs: chunks of <typeparamref name="TSlot"/> arrays, slots handed out by id through a
/// <see cref="SlotAllocator"/>. A handle is (id, generation); returning bumps the generation with a
/// compare-and-swap, so a second return or a stale handle is detected. Slots are contiguous, so a
/// million small completion records cost a million times their size, not a million objects.
/// </summary>
public sealed class Slab<TSlot> : IDisposable where TSlot : struct, ISlabSlot<TSlot>
{
    private readonly SlotAllocator _slots;
    private readonly Storage _storage = new();
    private readonly int _shift;
    private readonly int _mask;

    /// <summary>Creates a slab.</summary>
    public Slab(SlabPoolOptions? options = null)
    {
        _slots = new SlotAllocator(options ?? new SlabPoolOptions(), _storage);
        _shift = _slots.ChunkShift;
        _mask = _slots.ChunkSize - 1;
    }

    /// <summary>Slots per chunk (a power of two).</summary>
    public int ChunkSize => _slots.ChunkSize;

    /// <summary>The slot with id <paramref name="id"/> (valid while its chunk lives: between rent and return).</summary>
    public ref TSlot this[int id]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _storage.Chunks[id >> _shift]![id & _mask];
    }

    /// <summary>
    /// The slot <paramref name="id"/>, or a null reference (<see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>)
    /// when no allocated chunk holds it: <see cref="Exists"/> and the indexer in one chunk lookup, for
    /// the await path, which checks every handle it is given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TSlot TryGet(int id)
    {
        TSlot[]?[] chunks = Volatile.Read(ref _storage.Chunks);
        int chunk = id >> _shift;
        if (id < 0 || (uint)chunk >= (uint)chunks.Length || chunks[chunk] is not { } slots)
            return ref Unsafe.NullRef<TSlot>();
        return ref slots[id & _mask];
    }

    /// <summary>True when <paramref name="id"/> names a slot whose chunk is alive.</summary>
    public bool Exists(int id)
    {
        TSlot[]?[] chunks = Volatile.Read(ref _storage.Chunks);
        int chunk = id >> _shift;
        return id >= 0 && chunk < chunks.Length && chunks[chunk] is not null;
    }

    /// <summary>Takes a slot; returns its id and its (odd) generation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Rent(out int generation)
    {
        int id = _slots.Rent();
        ref int g = ref TSlot.Generation(ref this[id]);
        // Exclusively ours (it came out of this thread's cache): a plain increment.
        generation = ++g;
        return id;
    }

    /// <summary>Takes a slot on behalf of owner <paramref name="tag"/>; see <see cref="SlotAllocator.RentTagged"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RentTagged(int tag, out int generation) => RentTagged(SlotAllocator.CurrentThreadCaches, tag, out generation);

    /// <summary><see cref="RentTagged(int, out int)"/> with the calling thread's caches already read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RentTagged(SlotAllocator.ThreadCaches caches, int tag, out int generation)
    {
        RentTagged(caches, tag, out int id, out generation);
        return id;
    }

    /// <summary>
    /// <see cref="RentTagged(SlotAllocator.ThreadCaches, int, out int)"/> returning the slot itself as
    /// well: a caller that initialises the slot looks its chunk up once, not twice (the spawn path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TSlot RentTagged(SlotAllocator.ThreadCaches caches, int tag, out int id, out int generation)
    {
        id = _slots.RentTagged(caches, tag);
        ref TSlot slot = ref this[id];
        ref int g = ref TSlot.Generation(ref slot);
        generation = ++g;
        return ref slot;
    }

    /// <summary>Frees a slot rented with <see cref="RentTagged"/> and already retired with <see cref="TryRetire"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FreeTagged(int id, int tag) => _slots.ReturnTagged(id, tag);

    /// <summary>Counts a tagged slot as given back without freeing it (it stays pinned for good).</summary>
    public void DetachTagged(int tag) => _slots.DetachTagged(tag);

    /// <summary>(rented, returned) for owner <paramref name="tag"/>, over every thread.</summary>
    public (long Rented, long Returned) GetTagCounters(int tag) => _slots.GetTagCounters(tag);

    /// <summary>Gives a slot back; throws <see cref="InvalidOperationException"/> if (id, generation) is not live.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Return(int id, int generation)
    {
        if (!TryRetire(id, generation))
            ThrowStale(id, generation);
        _slots.Return(id);
    }

    /// <summary>Bumps the generation of a live handle (making every copy stale) without freeing the slot yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRetire(int id, int generation) =>
        (generation & 1) == 1 && Exists(id)
        && Interlocked.CompareExchange(ref TSlot.Generation(ref this[id]), generation + 1, generation) == generation;

    /// <summary>Releases free slots; see <see cref="SlotAllocator.Trim"/>.</summary>
    public void Trim() => _slots.Trim();

    /// <summary>A snapshot of the counters.</summary>
    public SlabPoolCounters GetCounters() => _slots.GetCounters();

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStale(int id, int generation) =>
        throw new InvalidOperationException($"Stale handle: slot {id} generation {generation} was already returned.");

    private sealed class Storage : SlotAllocator.IStorage
    {
        public TSlot[]?[] Chunks = new TSlot[]?[4];
        private int _chunksCreated;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // see SlotAllocator.AllocateChunk
        public void CreateChunk(int chunkId, int chunkSize)
        {
            // A chunk id can be reused after its chunk was dropped; seeding generations from a
            // running count keeps a handle into the old chunk from matching a slot of the new one.
            // Slots without references go to the pinned object heap: a burst of ten million futures
            // then costs no gen0 -> gen1 -> gen2 copying of slot arrays that are about to live long.
            TSlot[] slots = RuntimeHelpers.IsReferenceOrContainsReferences<TSlot>()
                ? new TSlot[chunkSize]
                : GC.AllocateArray<TSlot>(chunkSize, pinned: true);
            int seed = (++_chunksCreated << 16) & ~1;
            for (int i = 0; i < slots.Length; i++)
                TSlot.Generation(ref slots[i]) = seed;
            if (chunkId >= Chunks.Length)
            {
                var grown = new TSlot[]?[Math.Max(chunkId + 1, Chunks.Length * 2)];
                Array.Copy(Chunks, grown, Chunks.Length);
                Volatile.Write(ref Chunks, grown);
            }
            Volatile.Write(ref Chunks[chunkId], slots);
        }

        public void ReleaseChunk(int chunkId) => Volatile.Write(ref Chunks[chunkId], null);
    }
}
