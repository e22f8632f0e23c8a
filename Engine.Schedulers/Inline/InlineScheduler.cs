namespace Wyn.Engine.Schedulers;

/// <summary>
/// Runs each spawned item at the spawn site, on the spawning thread: deterministic, for tests and
/// debugging. There are no workers, so nothing is ever queued and the scheduler is always idle.
/// </summary>
public sealed class InlineScheduler : IScheduler
{
    private volatile bool _stopped;

    public string Name => InlineSchedulerFactory.StrategyName;

    public void Start()
    {
    }

    public void Enqueue(WorkItem item)
    {
        if (_stopped)
        {
            item.Cancel();
            return;
        }
        item.Execute();
    }

    public bool TryHelp() => false;

    public void BeginBlocking()
    {
    }

    public void EndBlocking()
    {
    }

    public bool IsIdle => true;

    public bool Stop(ShutdownMode mode, TimeSpan timeout)
    {
        _stopped = true;
        return true;
    }

    // Every spawn runs at once on its spawner; the engine's own counters tell how many.
    public SchedulerStatistics GetStatistics() => new() { Workers = 0 };

    public void Dispose() => _stopped = true;
}

/// <summary>Registers <see cref="InlineScheduler"/> as <c>inline</c>.</summary>
public sealed class InlineSchedulerFactory : ISchedulerFactory
{
    public const string StrategyName = "inline";

    public string Name => StrategyName;

    public string Description => "runs each spawn at the spawn site (deterministic; tests and debugging)";

    public IScheduler Create(SchedulerContext context) => new InlineScheduler();
}
