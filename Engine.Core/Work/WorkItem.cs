using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// A unit of work a scheduler moves around: queued, then executed once or cancelled once.
/// Work items are pooled objects, so a queue may hold an entry whose item has since been reused;
/// <see cref="Execute"/> and <see cref="Cancel"/> claim the item atomically, so such a stale entry
/// either runs the item's current work exactly once (and the newer entry then finds it claimed) or
/// does nothing.
/// </summary>
public abstract class WorkItem : PooledItem
{
    /// <summary>Runs the work unless it was already claimed (run inline by an awaiter, or cancelled). Never throws.</summary>
    public abstract void Execute();

    /// <summary>Completes the work as cancelled unless it was already claimed. Never throws.</summary>
    public abstract void Cancel();
}
