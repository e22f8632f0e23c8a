namespace Wyn.Engine.Schedulers;

/// <summary>Registers <see cref="WorkStealingScheduler"/> as <c>work-stealing</c>.</summary>
public sealed class WorkStealingSchedulerFactory : ISchedulerFactory
{
    public const string StrategyName = "work-stealing";

    public string Name => StrategyName;

    public string Description => "a lock-free Chase–Lev deque per worker, a global injection queue, random-victim stealing of half a queue";

    public IScheduler Create(SchedulerContext context) => new WorkStealingScheduler(context);
}
