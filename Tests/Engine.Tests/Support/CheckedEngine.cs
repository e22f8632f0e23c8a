namespace Wyn.Engine.Tests.Support;

/// <summary>
/// An engine for a test that is not a contract test. A test ends with <see cref="StopAndAssertNoLeaks"/>:
/// the engine stops (bounded) and every pool slot it rented must be back — checked before the pools
/// are dropped, which would hide a leak. <see cref="Dispose"/> only cleans up and never throws, so
/// it cannot replace the exception of a failing test (an exception from a finally block would).
/// </summary>
public sealed class CheckedEngine : IDisposable
{
    public CheckedEngine(string scheduler, int workers = 2) =>
        Engine = WynEngine.Create(new EngineOptions { Scheduler = scheduler, Workers = workers, ShutdownTimeout = TimeSpan.FromSeconds(30) });

    public WynEngine Engine { get; }

    /// <summary>Stops the engine and fails unless it stopped in time and all pool slots were returned.</summary>
    public void StopAndAssertNoLeaks()
    {
        if (!Engine.IsStopped)
            Assert.True(Bounded.Run(() => Engine.Stop(ShutdownMode.Drain, TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(40), "engine stop", Engine));
        Bounded.Wait(() => Engine.GetPoolCounters().Outstanding == 0, TimeSpan.FromSeconds(10), "pool counters back to zero", Engine);
    }

    public void Dispose()
    {
        try
        {
            if (!Engine.IsStopped)
                Engine.Stop(ShutdownMode.Cancel, TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Best effort: the test already failed or will report its own failure.
        }
        Engine.Dispose();
    }
}
