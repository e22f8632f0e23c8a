namespace Wyn.Engine;

/// <summary>
/// A task, as the future it completes: (result type, slot, generation), or none (default). The
/// work-stealing strategy stamps each item its workers queue with the task that spawned it
/// (<see cref="WorkItem.Lineage"/>), so that a thread awaiting that task may run the item: it is work
/// of the task it waits for (docs/decisions/0007-helping-rule.md, session 14).
/// </summary>
internal readonly struct TaskLineage(Type? resultType, int slot, int generation)
{
    private readonly Type? _resultType = resultType;
    private readonly int _slot = slot;
    private readonly int _generation = generation;

    /// <summary>True for no task: an item queued from outside the workers, or by a task run from a spawn batch.</summary>
    public bool IsNone => _resultType is null;

    /// <summary>True when this is the task whose future is (<paramref name="slot"/>, <paramref name="generation"/>) of <paramref name="resultType"/>.</summary>
    public bool Is(int slot, int generation, Type resultType) =>
        _slot == slot && _generation == generation && ReferenceEquals(_resultType, resultType);
}
