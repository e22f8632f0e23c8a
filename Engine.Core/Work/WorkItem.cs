using Wyn.Engine.Memory;

namespace Wyn.Engine;

/// <summary>
/// A unit of work a scheduler moves around: queued, then executed once or cancelled once. Work items
/// are pooled objects; a strategy keeps each queued item in exactly one queue position, and whoever
/// removes it from there runs it (or cancels it) — so no claim is needed.
/// </summary>
public abstract class WorkItem : PooledItem
{
    /// <summary>Runs the work. Never throws. Called once per enqueue.</summary>
    public abstract void Execute();

    /// <summary>Completes the work as cancelled. Never throws. Called instead of <see cref="Execute"/>.</summary>
    public abstract void Cancel();

    /// <summary>True when this item completes the future of result type <paramref name="resultType"/> in <paramref name="futureSlot"/>.</summary>
    public virtual bool Completes(int futureSlot, Type resultType) => false;

    /// <summary>
    /// Runs the work that completes the future in <paramref name="futureSlot"/> and nothing else here;
    /// an item holding more tasks (a spawn batch) queues the others for anyone. Called instead of
    /// <see cref="Execute"/> on an item for which <see cref="Completes"/> answered true.
    /// </summary>
    public virtual void ExecuteOnly(int futureSlot) => Execute();

    /// <summary><see cref="ExecuteOnly"/> for an awaited future's slot, <see cref="Execute"/> without one (a nested run by a helping worker).</summary>
    public void Execute(int? futureSlot)
    {
        if (futureSlot is int slot)
            ExecuteOnly(slot);
        else
            Execute();
    }

    /// <summary>
    /// Set by a work-stealing worker when it queues the item: the task that spawned it
    /// (<see cref="TaskLineage"/>); none for items queued from elsewhere. Written before the item is
    /// published in a queue and not changed while it is queued.
    /// </summary>
    internal TaskLineage Lineage;

    /// <summary>This item as a task (the future it completes), or none when it is not one task (a spawn batch, a fire-and-forget action).</summary>
    internal virtual TaskLineage AsRoot => default;

    /// <summary>True while its spawner may still add tasks to it (an open spawn batch): thieves leave it to the spawner a little longer.</summary>
    public virtual bool IsFilling => false;

    /// <summary>
    /// For a thief about to take a lone item that <see cref="IsFilling"/>: true when it may take it now.
    /// An open spawn batch answers false at first and asks its spawner to close it (the spawner's next
    /// spawn does); it answers true once its spawner has stayed quiet a while, and the thief then pays
    /// for sealing an open batch (SpawnBatch.Seal). Other items answer true.
    /// </summary>
    public virtual bool MayTakeWhileFilling() => true;
}
