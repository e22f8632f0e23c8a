namespace Wyn.Engine;

/// <summary>What happens to an exception from fire-and-forget work, which nobody awaits.</summary>
public enum UnhandledFailurePolicy
{
    /// <summary>Report it to the logger (and the <see cref="WynEngine.UnhandledFailure"/> event) and go on.</summary>
    Log,

    /// <summary>Report it, then stop the engine in cancel mode.</summary>
    StopEngine,

    /// <summary>Report it, then end the process (<see cref="Environment.FailFast(string, Exception)"/>).</summary>
    Crash,
}
