namespace Wyn.Engine;

/// <summary>Counters a strategy reports. Zero where a strategy has no such notion (a thread pool does not steal).</summary>
public sealed record SchedulerStatistics
{
    public int Workers { get; init; }
    public long Executed { get; init; }
    public long Batches { get; init; }
    public long Steals { get; init; }
    public long Parks { get; init; }
    public long QueueDepth { get; init; }
    public long PeakQueueDepth { get; init; }

    /// <summary>Times a spawner outside the workers waited for them to take the queue down (backpressure).</summary>
    public long SpawnerWaits { get; init; }
    public long CompensationThreads { get; init; }
}
