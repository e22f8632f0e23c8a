namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// A work item that may be reached two ways — through a shared FIFO queue and through the spawning
/// thread's <see cref="RecentSpawns"/> — and is taken exactly once, by whichever gets there first.
/// This is how <see cref="System.Threading.Tasks.Task"/> lets <c>Wait</c> run a task that has not
/// started ("task inlining"), and it is what the FIFO strategies (channels, threadpool) need: an
/// awaiter helping from a FIFO queue would run the <em>oldest</em> work, which awaits in turn, and
/// the help frames would nest as deep as the queue is long. Allocated per spawn: these strategies
/// are baselines, and this is the price .NET's own tasks pay.
/// </summary>
internal sealed class ClaimTicket(WorkItem item)
{
    private WorkItem? _item = item;

    /// <summary>The item, to exactly one caller; null to everybody else.</summary>
    public WorkItem? TryClaim() => Volatile.Read(ref _item) is null ? null : Interlocked.Exchange(ref _item, null);

    /// <summary>The item while nobody has claimed it (it may be claimed the next moment); null after.</summary>
    public WorkItem? Peek() => Volatile.Read(ref _item);
}
