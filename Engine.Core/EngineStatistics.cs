namespace Wyn.Engine;

/// <summary>A snapshot of what an engine did; see <see cref="WynEngine.GetStatistics"/>.</summary>
public sealed record EngineStatistics
{
    public string Scheduler { get; init; } = "";
    public int Workers { get; init; }
    public long TasksSpawned { get; init; }
    public long TasksCompleted { get; init; }
    public long TasksFaulted { get; init; }
    public long TasksCancelled { get; init; }
    public long Batches { get; init; }
    public long Steals { get; init; }
    public long Parks { get; init; }
    public long QueueDepth { get; init; }
    public long PeakQueueDepth { get; init; }

    /// <summary>Times a spawner outside the workers waited for them to take the queue down (backpressure).</summary>
    public long SpawnerWaits { get; init; }
    public long CompensationThreads { get; init; }
    public long PoolChunksAllocated { get; init; }
    public long PoolChunksRetired { get; init; }
    public long PoolSlotsOutstanding { get; init; }
}
