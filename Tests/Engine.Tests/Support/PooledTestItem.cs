using Wyn.Engine.Memory;

namespace Wyn.Engine.Tests.Support;

/// <summary>
/// A pooled item for pool tests. <see cref="Holder"/> is claimed by whoever rents the item, so a pool
/// that hands one item to two renters at once is caught by the second claim failing.
/// </summary>
public sealed class PooledTestItem : PooledItem
{
    private static int s_created;

    /// <summary>A serial number, unique per created item (never reused, unlike slot ids).</summary>
    public int Serial { get; } = Interlocked.Increment(ref s_created);

    /// <summary>0 when free; the renter's id while rented.</summary>
    public int Holder;

    /// <summary>How many times the pool reset the item for reuse.</summary>
    public int Resets;

    /// <summary>Claims the item for <paramref name="holder"/>; false if someone else holds it.</summary>
    public bool TryHold(int holder) => Interlocked.CompareExchange(ref Holder, holder, 0) == 0;

    /// <summary>Lets go of the item; false if <paramref name="holder"/> was not holding it.</summary>
    public bool TryLetGo(int holder) => Interlocked.CompareExchange(ref Holder, 0, holder) == holder;

    protected internal override void ResetForReuse() => Resets++;
}
