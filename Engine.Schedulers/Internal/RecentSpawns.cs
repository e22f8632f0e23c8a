namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// The last few tickets one thread spawned, newest on top, touched by that thread only. When the
/// thread awaits, it helps with these first: the newest of its own spawns is usually the awaited
/// child (or the child's sibling, which the await needs next), so helping goes depth first like the
/// call tree instead of breadth first through a shared queue. When full, the oldest entry is
/// forgotten; its ticket is still in the shared queue, so nothing is lost.
/// </summary>
internal sealed class RecentSpawns(object owner, int capacity)
{
    private readonly ClaimTicket?[] _tickets = new ClaimTicket?[capacity];
    private int _top;     // index of the next push, modulo capacity
    private int _count;

    /// <summary>The scheduler this ring belongs to (a thread may spawn into several engines).</summary>
    public readonly object Owner = owner;

    public void Push(ClaimTicket ticket)
    {
        _tickets[_top] = ticket;
        _top = (_top + 1) % _tickets.Length;
        if (_count < _tickets.Length)
            _count++;
    }

    /// <summary>Claims the newest ticket nobody claimed yet, forgetting the claimed ones on the way.</summary>
    public WorkItem? TryClaimNewest()
    {
        while (_count > 0)
        {
            _top = (_top - 1 + _tickets.Length) % _tickets.Length;
            _count--;
            ClaimTicket ticket = _tickets[_top]!;
            _tickets[_top] = null;
            if (ticket.TryClaim() is { } item)
                return item;
        }
        return null;
    }
}
