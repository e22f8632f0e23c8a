namespace Wyn.Engine.Schedulers;

/// <summary>Registers <see cref="ThreadPoolScheduler"/> as <c>threadpool</c>.</summary>
public sealed class ThreadPoolSchedulerFactory : ISchedulerFactory
{
    public const string StrategyName = "threadpool";

    public string Name => StrategyName;

    public string Description => "runners on the .NET ThreadPool draining the engine's queue (what a .NET user would do)";

    public IScheduler Create(SchedulerContext context) => new ThreadPoolScheduler(context);
}
