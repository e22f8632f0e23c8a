namespace Wyn.Engine;

/// <summary>Marks a region where the calling thread really blocks; see <see cref="WynEngine.EnterBlocking"/>.</summary>
public readonly struct BlockingScope : IDisposable
{
    private readonly IScheduler? _scheduler;

    internal BlockingScope(IScheduler scheduler)
    {
        _scheduler = scheduler;
        scheduler.BeginBlocking();
    }

    /// <summary>Ends the blocking region.</summary>
    public void Dispose() => _scheduler?.EndBlocking();
}
