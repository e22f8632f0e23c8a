namespace Wyn.Engine;

/// <summary>
/// A worker's record of where the task it is running started, for an item that runs several tasks
/// (a spawn batch): what a task spawns from its start on counts as its own when it helps while
/// waiting (decision 0007). Obtained once per item from <see cref="IScheduler.TaskStartMarker"/>.
/// </summary>
public interface ITaskStartMarker
{
    /// <summary>A new task starts on this worker inside the running item.</summary>
    void MarkTaskStart();
}
