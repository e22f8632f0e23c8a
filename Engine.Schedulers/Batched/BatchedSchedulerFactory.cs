namespace Wyn.Engine.Schedulers;

/// <summary>Registers <see cref="BatchedScheduler"/> as <c>batched</c>.</summary>
public sealed class BatchedSchedulerFactory : ISchedulerFactory
{
    public const string StrategyName = "batched";

    public string Name => StrategyName;

    public string Description => "one global queue under a lock, work moved in batches (default)";

    public IScheduler Create(SchedulerContext context) => new BatchedScheduler(context);
}
