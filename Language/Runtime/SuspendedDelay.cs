namespace Wyn.Language.Runtime;

/// <summary>
/// A task suspended in <c>sleep</c> (decision 0013): a timer queues its resumption on the engine,
/// and no thread waits meanwhile. It counts as a sleeper for the deadlock watch from creation until
/// its resumption is queued (so a program whose only runnable work is a sleeping task is never
/// "idle"), and a program failure resumes it at once, as it wakes a sleeping thread.
/// </summary>
internal sealed class SuspendedDelay : OneTimeSuspension
{
    private readonly WynContext _context;
    private readonly CancellationTokenRegistration _onFailure;
    private readonly Timer _timer;
    private int _fired;

    public SuspendedDelay(WynContext context, int milliseconds)
        : base(context)
    {
        _context = context;
        context.EnterSleep();
        _onFailure = context.FailureToken.UnsafeRegister(static state => ((SuspendedDelay)state!).Fire(), this);
        _timer = new Timer(static state => ((SuspendedDelay)state!).Fire(), this, milliseconds, Timeout.Infinite);
    }

    /// <summary>Completes (through a queued resumption, on a worker, never on the timer's thread) once the time has passed.</summary>
    public ValueTask WaitAsync() => Awaitable;

    private void Fire()
    {
        if (Interlocked.Exchange(ref _fired, 1) != 0)
        {
            return;
        }

        _onFailure.Unregister();
        _timer?.Dispose();   // null when the failure token had fired inside the constructor
        try
        {
            QueueResumption();
        }
        finally
        {
            // After the resumption is queued: the watch sees the engine busy or this sleeper, never neither.
            _context.ExitSleep();
        }
    }
}
