namespace Wyn.Engine.Memory;

/// <summary>
/// Base class of every object a <see cref="SlabPool{T}"/> hands out. The pool owns the bookkeeping
/// fields; the derived class owns its payload.
/// </summary>
/// <remarks>
/// A rented item is identified by the pair (item, <see cref="Generation"/>). Returning the item bumps
/// the generation with a compare-and-swap, so a second return, or any later use of the old pair,
/// is detected instead of silently touching the item's next life.
/// </remarks>
public abstract class PooledItem
{
    /// <summary>Slot index inside the owning pool (chunk * chunkSize + offset); -1 when not from a pool.</summary>
    internal int SlotId = -1;

    /// <summary>Next slot in whichever free list holds this item (shared list or a thread cache); -1 ends it.</summary>
    internal int NextFree = -1;

    /// <summary>Even = free in the pool, odd = rented. Bumped by one on rent and on return.</summary>
    internal int GenerationField;

    /// <summary>The pool that made this item; null once the pool released it.</summary>
    internal object? Owner;

    /// <summary>The current generation. A handle taken at rent time stays valid while this equals it.</summary>
    public int Generation => Volatile.Read(ref GenerationField);

    /// <summary>True while the item is rented (between Rent and Return).</summary>
    public bool IsRented => (Volatile.Read(ref GenerationField) & 1) == 1;

    /// <summary>
    /// Called by the pool after a successful return, before the item can be rented again: clear
    /// references the next user must not see (and the garbage collector need not keep).
    /// </summary>
    protected internal virtual void ResetForReuse()
    {
    }
}
