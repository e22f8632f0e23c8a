namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// The last few tickets one thread spawned, newest on top, touched by that thread only. When the
/// thread awaits, it helps with these: the newest of its own spawns is usually the awaited child (or
/// the child's sibling, which the await needs next), so helping goes depth first like the call tree
/// instead of breadth first through a shared queue. When full, the oldest entry is forgotten; its
/// ticket is still in the shared queue, so nothing is lost.
/// </summary>
/// <remarks>
/// The helping rule of the FIFO strategies (decision 0007): a thread running a task helps only with
/// spawns made since that task began, its descendants, which cannot hold the future of a task beneath
/// them on this stack. <see cref="EnterTask"/> records where the running task's spawns begin (the
/// <see cref="Floor"/>); entries below it belong to tasks further down the stack, or to tasks this
/// thread ran before, and may be awaiting one of them. Outside any task (a program's main, a request
/// thread) every entry is fair game.
/// </remarks>
internal sealed class RecentSpawns
{
    /// <summary>Tickets a thread remembers for helping; deeper nesting than this falls back to the queue's order.</summary>
    private const int Capacity = 64;

    private readonly ClaimTicket?[] _tickets = new ClaimTicket?[Capacity];
    private readonly long[] _numbers = new long[Capacity];   // push number of each entry
    private int _top;     // index of the next push, modulo capacity
    private int _count;
    private long _pushed;

    /// <summary>Push number of the running task's first spawn on this thread; older entries are not its own.</summary>
    private long _floor;

    /// <summary>Tasks (of any engine whose strategy uses these rings) running on this thread, nested.</summary>
    [ThreadStatic] private static int t_tasksRunning;

    /// <summary>The calling thread's ring: one per thread, for the scheduler it last spawned into.</summary>
    [ThreadStatic] private static RecentSpawns? t_current;

    private RecentSpawns(object owner) => Owner = owner;

    /// <summary>The scheduler this ring belongs to (a thread may spawn into several engines).</summary>
    public readonly object Owner;

    /// <summary>The calling thread's ring for <paramref name="owner"/>, replacing one it kept for another scheduler.</summary>
    public static RecentSpawns For(object owner)
    {
        RecentSpawns? recent = t_current;
        if (recent is null || !ReferenceEquals(recent.Owner, owner))
            t_current = recent = new RecentSpawns(owner);
        return recent;
    }

    /// <summary>The calling thread's ring for <paramref name="owner"/>, if it has one.</summary>
    public static RecentSpawns? Of(object owner) =>
        t_current is { } recent && ReferenceEquals(recent.Owner, owner) ? recent : null;

    /// <summary>
    /// Runs <paramref name="item"/> as a task of the calling thread for <paramref name="scheduler"/>:
    /// what it spawns is its own to help with. A thread that is not one of the scheduler's own
    /// (<paramref name="outsideWorkers"/>) is marked as running its task (<see cref="OutsideRunner"/>),
    /// so that blocking inside it takes the thread out of the busy count.
    /// </summary>
    public static void RunAsTask(WorkItem item, object scheduler, bool outsideWorkers)
    {
        RecentSpawns recent = For(scheduler);
        long outer = recent.EnterTask();
        if (outsideWorkers)
            OutsideRunner.Enter(scheduler);
        try
        {
            item.Execute();
        }
        finally
        {
            if (outsideWorkers)
                OutsideRunner.Leave();
            recent.LeaveTask(outer);
        }
    }

    /// <summary>True while the calling thread runs a task: it may then help only with that task's own spawns.</summary>
    public static bool InsideTask => t_tasksRunning > 0;

    public void Push(ClaimTicket ticket)
    {
        _tickets[_top] = ticket;
        _numbers[_top] = _pushed++;
        _top = (_top + 1) % Capacity;
        if (_count < _tickets.Length)
            _count++;
    }

    /// <summary>A task starts on this thread: only what it spawns from now on is its own. Pass the result to <see cref="LeaveTask"/>.</summary>
    private long EnterTask()
    {
        t_tasksRunning++;
        long outer = _floor;
        _floor = _pushed;
        return outer;
    }

    /// <summary>The task that <see cref="EnterTask"/> returned <paramref name="outer"/> for has finished.</summary>
    private void LeaveTask(long outer)
    {
        _floor = outer;
        t_tasksRunning--;
    }

    /// <summary>The oldest push number a helper on this thread may take: the running task's floor, or any outside a task.</summary>
    private long Limit => InsideTask ? _floor : long.MinValue;

    /// <summary>Claims the newest ticket nobody claimed yet that the calling thread may run, forgetting claimed ones on the way.</summary>
    public WorkItem? TryClaimNewest()
    {
        long limit = Limit;
        while (_count > 0)
        {
            int newest = (_top - 1 + _tickets.Length) % _tickets.Length;
            if (_numbers[newest] < limit)
                return null;   // a task further down the stack spawned it
            _top = newest;
            _count--;
            ClaimTicket ticket = _tickets[newest]!;
            _tickets[newest] = null;
            if (ticket.TryClaim() is { } item)
                return item;
        }
        return null;
    }

    /// <summary>
    /// Claims the unstarted item that completes the future in <paramref name="futureSlot"/>, if it is
    /// among the entries the calling thread may run; null otherwise. Other entries stay.
    /// </summary>
    public WorkItem? TryClaim(int futureSlot, Type resultType)
    {
        long limit = Limit;
        for (int i = 0, at = _top; i < _count; i++)
        {
            at = (at - 1 + _tickets.Length) % _tickets.Length;
            if (_numbers[at] < limit)
                return null;
            // An item is recycled only after it ran, which takes a claim: unclaimed, it still is what it says.
            if (_tickets[at] is { } ticket && ticket.Peek() is { } item && item.Completes(futureSlot, resultType))
                return ticket.TryClaim();
        }
        return null;
    }
}
