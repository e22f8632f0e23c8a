using System.Threading.Tasks.Sources;

namespace Wyn.Language.Runtime;

/// <summary>
/// A task suspended in <c>sleep</c> (decision 0013): a timer queues its resumption on the engine,
/// and no thread waits meanwhile. It counts as a sleeper for the deadlock watch from creation until
/// its resumption is queued (so a program whose only runnable work is a sleeping task is never
/// "idle"), and a program failure resumes it at once, as it wakes a sleeping thread.
/// </summary>
internal sealed class SuspendedDelay : IValueTaskSource
{
    private static readonly Action<SuspendedDelay> s_resume = static delay => delay._core.SetResult(true);

    private readonly WynContext _context;
    private readonly CancellationTokenRegistration _onFailure;
    private readonly Timer _timer;
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _fired;

    public SuspendedDelay(WynContext context, int milliseconds)
    {
        _context = context;
        // Resumed on the worker that runs the queued resumption, never on the timer's thread.
        _core.RunContinuationsAsynchronously = false;
        context.EnterSleep();
        _onFailure = context.FailureToken.UnsafeRegister(static state => ((SuspendedDelay)state!).Fire(), this);
        _timer = new Timer(static state => ((SuspendedDelay)state!).Fire(), this, milliseconds, Timeout.Infinite);
    }

    public ValueTask WaitAsync() => new(this, _core.Version);

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
            _context.Resumptions.Resume(s_resume, this);
        }
        catch (ObjectDisposedException)
        {
            // The program ended: nobody waits for this task any more.
        }
        finally
        {
            // After the resumption is queued: the watch sees the engine busy or this sleeper, never neither.
            _context.ExitSleep();
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
