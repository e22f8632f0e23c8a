namespace Wyn.Engine;

/// <summary>Creates a scheduler strategy by name; registered in a <see cref="SchedulerCatalog"/> or as a keyed DI service.</summary>
public interface ISchedulerFactory
{
    /// <summary>The name configuration uses (<c>Wyn:Engine:Scheduler</c>).</summary>
    string Name { get; }

    /// <summary>One line for help texts.</summary>
    string Description { get; }

    /// <summary>A new, not yet started scheduler.</summary>
    IScheduler Create(SchedulerContext context);
}

/// <summary>What a strategy gets from the engine.</summary>
/// <param name="Options">The validated engine options.</param>
public sealed record SchedulerContext(EngineOptions Options);

/// <summary>Implemented by an assembly that contributes strategies to <see cref="SchedulerCatalog.Default"/>.</summary>
public interface ISchedulerModule
{
    /// <summary>Adds the module's strategies.</summary>
    void Register(SchedulerCatalog catalog);
}
