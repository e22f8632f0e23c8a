namespace Wyn.Engine;

/// <summary>Marks a region where the calling thread really blocks; see <see cref="WynEngine.EnterBlocking"/>.</summary>
public readonly struct BlockingScope : IDisposable
{
    private readonly IScheduler? _scheduler;

    internal BlockingScope(IScheduler scheduler)
    {
        _scheduler = scheduler;
        // A task run from a spawn batch hands its siblings on before it blocks, and a spawner lets go
        // of its open batches (decision 0008).
        SpawnBatch.ShedRunning();
        SpawnBatch.ReleaseOpen();
        scheduler.BeginBlocking();
    }

    /// <summary>Ends the blocking region.</summary>
    public void Dispose() => _scheduler?.EndBlocking();
}
