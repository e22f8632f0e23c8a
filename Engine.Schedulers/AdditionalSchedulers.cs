namespace Wyn.Engine.Schedulers;

/// <summary>
/// The strategies beyond the built-in pair (batched, inline): work-stealing, channels, threadpool.
/// A second module, so each set of strategies registers itself without editing the other's list.
/// </summary>
public sealed class AdditionalSchedulers : ISchedulerModule
{
    public void Register(SchedulerCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Register(new WorkStealingSchedulerFactory());
        catalog.Register(new ChannelsSchedulerFactory());
        catalog.Register(new ThreadPoolSchedulerFactory());
    }
}
