namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// A one-shot timer that a spawning thread arms instead of waking a sleeping worker for a lone item
/// (batched and work-stealing, EnqueueExternal): most lone spawns are awaited by their spawner at
/// once and run by it, and a futex wake per spawn would cost more than the work. If the item is
/// still where it was when the timer fires, <c>tick</c> moves it and wakes a worker — a delay of
/// <c>delayMilliseconds</c> at most, never a loss. Arming an armed backstop is one atomic exchange.
/// </summary>
internal sealed class Backstop(Action tick, int delayMilliseconds) : IDisposable
{
    private readonly object _createLock = new();
    private Timer? _timer;
    private int _armed;

    /// <summary>True from <see cref="Arm"/> until the tick starts.</summary>
    public bool IsArmed => Volatile.Read(ref _armed) != 0;

    /// <summary>Makes sure a tick comes within the delay.</summary>
    public void Arm()
    {
        if (Interlocked.Exchange(ref _armed, 1) != 0)
            return;
        Timer timer = _timer ?? CreateTimer();
        timer.Change(delayMilliseconds, Timeout.Infinite);
    }

    private Timer CreateTimer()
    {
        lock (_createLock)
            return _timer ??= new Timer(static s => ((Backstop)s!).Fire(), this, Timeout.Infinite, Timeout.Infinite);
    }

    private void Fire()
    {
        // Disarmed first: a spawn during the tick arms a new one rather than relying on this one.
        Volatile.Write(ref _armed, 0);
        tick();
    }

    public void Dispose()
    {
        lock (_createLock)
            _timer?.Dispose();
    }
}
