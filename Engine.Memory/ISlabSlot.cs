namespace Wyn.Engine.Memory;

/// <summary>
/// A struct stored in a <see cref="Slab{TSlot}"/>. The slab keeps each slot's generation inside the
/// slot (even = free, odd = rented) so that the owner can pack its own state next to it in one
/// cache line.
/// </summary>
public interface ISlabSlot<TSlot> where TSlot : struct, ISlabSlot<TSlot>
{
    /// <summary>The slot's generation field.</summary>
    static abstract ref int Generation(ref TSlot slot);
}
