namespace Wyn.Engine.Schedulers;

/// <summary>Registers <see cref="ChannelsScheduler"/> as <c>channels</c>.</summary>
public sealed class ChannelsSchedulerFactory : ISchedulerFactory
{
    public const string StrategyName = "channels";

    public string Name => StrategyName;

    public string Description => "workers fed by one System.Threading.Channels unbounded channel (the simple baseline)";

    public IScheduler Create(SchedulerContext context) => new ChannelsScheduler(context);
}
