namespace Wyn.Engine;

/// <summary>
/// Options of a <see cref="WynEngine"/>, bound from the configuration section <c>Wyn:Engine</c>
/// (<see cref="SectionName"/>) and validated when the engine starts.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Wyn:Engine";

    /// <summary>
    /// Upper bounds, far above any useful value, that catch typos of a few digits: 10,000 workers
    /// (16 MiB stacks each) ended in a segfault after 40 s, a future chunk of 100,000,000 slots took
    /// 10 GB for a five-task program, and a batch of 2,000,000,000 overflowed the queue arithmetic.
    /// </summary>
    public const int MaxWorkers = 1024;

    /// <inheritdoc cref="MaxWorkers"/>
    public const int MaxBatchSize = 65_536;

    /// <inheritdoc cref="MaxWorkers"/>
    public const int MaxChunkSize = 1_048_576;

    /// <summary>Scheduler strategy by name: batched (default), work-stealing, channels, threadpool, inline.</summary>
    public string Scheduler { get; set; } = "batched";

    /// <summary>Worker threads. Default: the number of processors.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Most work items moved per lock acquisition (batched) or per steal. Spawns from threads outside
    /// the workers are grouped into spawn batches of half this, 2 to 64 tasks (decision 0008).
    /// </summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Task slots per chunk of the task pools (spawned work and its completion cell).</summary>
    public int TaskChunkSize { get; set; } = 4096;

    /// <summary>Future slots per chunk of the future pools (completion cells with no work: promises).</summary>
    public int FutureChunkSize { get; set; } = 1024;

    /// <summary>Free slots a pool keeps after a burst; beyond that they go back to the garbage collector.</summary>
    public int PoolRetainedLimit { get; set; } = 65_536;

    /// <summary>What happens to a failure of fire-and-forget work.</summary>
    public UnhandledFailurePolicy UnhandledFailurePolicy { get; set; } = UnhandledFailurePolicy.Log;

    /// <summary>How <see cref="WynEngine.Stop"/> and host shutdown treat queued work.</summary>
    public ShutdownMode ShutdownMode { get; set; } = ShutdownMode.Drain;

    /// <summary>How long a stop may take before it gives up waiting for workers.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Extra threads the engine may add while workers are blocked (channel receive, sleep), so parallelism is kept.
    /// A task blocked in a channel or a sleep holds its thread, so a program with N tasks blocked at
    /// once before the one that releases them runs needs N threads on the FIFO strategies; but every
    /// spare costs a thread start and its memory. 1024 was the fastest of 256, 1024, 2048 and 10,000
    /// for ten thousand tasks sleeping 100 ms each, and covers a thousand blocked receivers
    /// (docs/guarantees.md, "Known defects").
    /// </summary>
    public int MaxBlockingCompensation { get; set; } = 1024;

    /// <summary>A copy, so that a running engine's options cannot change under it.</summary>
    public EngineOptions Clone() => (EngineOptions)MemberwiseClone();
}
