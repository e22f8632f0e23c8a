namespace Wyn.Engine.Tests.Support;

/// <summary>
/// A strategy wrapped so a test can count how often threads begin blocking; everything else goes
/// to the wrapped strategy unchanged.
/// </summary>
public sealed class CountingScheduler(IScheduler inner) : IScheduler
{
    private int _beginBlocking;

    /// <summary>Calls of <see cref="BeginBlocking"/> so far.</summary>
    public int BeginBlockingCalls => Volatile.Read(ref _beginBlocking);

    /// <summary>A catalog holding only <paramref name="strategy"/> (from the default catalog), wrapped; <paramref name="created"/> receives the wrapper.</summary>
    public static SchedulerCatalog CatalogFor(string strategy, Action<CountingScheduler> created)
    {
        var catalog = new SchedulerCatalog();
        catalog.Register(new Factory(SchedulerCatalog.Default.Get(strategy), created));
        return catalog;
    }

    public string Name => inner.Name;
    public void Start() => inner.Start();
    public void Enqueue(WorkItem item) => inner.Enqueue(item);
    public bool TryHelp() => inner.TryHelp();
    public bool TryRunOwnQueued(int futureSlot, Type resultType) => inner.TryRunOwnQueued(futureSlot, resultType);
    public bool GroupsOutsideSpawns => inner.GroupsOutsideSpawns;
    public bool CallerRunsTask => inner.CallerRunsTask;
    public bool HasIdleWorker => inner.HasIdleWorker;
    public ITaskStartMarker? TaskStartMarker() => inner.TaskStartMarker();
    public void EnqueueShared(WorkItem item) => inner.EnqueueShared(item);

    public void BeginBlocking()
    {
        Interlocked.Increment(ref _beginBlocking);
        inner.BeginBlocking();
    }

    public void EndBlocking() => inner.EndBlocking();
    public bool IsIdle => inner.IsIdle;
    public bool IsStarved => inner.IsStarved;
    public bool Stop(ShutdownMode mode, TimeSpan timeout) => inner.Stop(mode, timeout);
    public SchedulerStatistics GetStatistics() => inner.GetStatistics();
    public void Dispose() => inner.Dispose();

    private sealed class Factory(ISchedulerFactory inner, Action<CountingScheduler> created) : ISchedulerFactory
    {
        public string Name => inner.Name;
        public string Description => inner.Description;

        public IScheduler Create(SchedulerContext context)
        {
            var scheduler = new CountingScheduler(inner.Create(context));
            created(scheduler);
            return scheduler;
        }
    }
}
