namespace Wyn.Engine.Schedulers;

/// <summary>The strategies this assembly contributes to <see cref="SchedulerCatalog.Default"/>.</summary>
public sealed class BuiltInSchedulers : ISchedulerModule
{
    public void Register(SchedulerCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.Register(new BatchedSchedulerFactory());
        catalog.Register(new InlineSchedulerFactory());
    }
}
