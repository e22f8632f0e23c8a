namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// What a thread that is not a worker (main, a request thread) is doing for a scheduler: whether it
/// is running tasks itself (help, or its own awaited spawn), how deeply nested, for which scheduler,
/// and whether the innermost of them is blocked. Inside such a task the thread helps with nothing
/// but its own awaited spawn (decision 0007); work-stealing also counts it busy while it runs.
/// </summary>
internal sealed class OutsideRunner
{
    [ThreadStatic]
    private static OutsideRunner? t_current;

    private object? _owner;
    private int _depth;

    /// <summary>Set while the innermost task this thread runs is blocked for real (work-stealing's busy count).</summary>
    public bool Blocked;

    /// <summary>How many tasks this thread is running nested, one inside another (each counted busy by work-stealing).</summary>
    public int Depth => _depth;

    /// <summary>True while the calling thread is running a task it took itself, for any scheduler.</summary>
    public static bool IsRunningTask => t_current is { _depth: > 0 };

    /// <summary>The calling thread's record, when it is running a task of <paramref name="owner"/>.</summary>
    public static OutsideRunner? RunningFor(object owner) =>
        t_current is { _depth: > 0 } runner && ReferenceEquals(runner._owner, owner) ? runner : null;

    /// <summary>
    /// The calling thread, running a task of <paramref name="owner"/>, blocks for real: returns its
    /// record (now marked blocked) so the caller takes it out of its busy count, or null when it runs
    /// no task of that owner or is marked already. Pair with <see cref="Unblock"/>.
    /// </summary>
    public static OutsideRunner? Block(object owner)
    {
        if (RunningFor(owner) is not { Blocked: false } runner)
            return null;
        runner.Blocked = true;
        return runner;
    }

    /// <summary>The calling thread stopped blocking: its record, no longer marked, for the caller to count busy again; null when <see cref="Block"/> did not mark it.</summary>
    public static OutsideRunner? Unblock(object owner)
    {
        if (RunningFor(owner) is not { Blocked: true } runner)
            return null;
        runner.Blocked = false;
        return runner;
    }

    /// <summary>The calling thread starts running a task of <paramref name="owner"/>; pair with <see cref="Leave"/>.</summary>
    public static void Enter(object owner)
    {
        OutsideRunner runner = t_current ??= new OutsideRunner();
        if (runner._depth++ == 0)
            runner._owner = owner;
    }

    public static void Leave()
    {
        OutsideRunner runner = t_current!;
        if (--runner._depth == 0)
            runner._owner = null;
    }
}
