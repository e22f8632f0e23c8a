namespace Wyn.Engine.Schedulers.Internal;

/// <summary>
/// One thread's sleep with a wake-up token, in the manner of Rust's <c>thread::park</c>: an
/// <see cref="Unpark"/> that comes before <see cref="Park"/> is not lost — the next Park returns at
/// once and consumes it. Only the owning thread parks; any thread unparks.
/// </summary>
internal sealed class Parker
{
    private readonly object _lock = new();
    private bool _token;

    /// <summary>Sleeps until a token is available (or <paramref name="timeoutMilliseconds"/> passes), then consumes it. True when a token was consumed.</summary>
    public bool Park(int timeoutMilliseconds = Timeout.Infinite)
    {
        lock (_lock)
        {
            // Loop: Monitor.Wait may return without a pulse aimed at us (and on timeout).
            while (!_token)
            {
                if (!Monitor.Wait(_lock, timeoutMilliseconds) && timeoutMilliseconds != Timeout.Infinite)
                    break;
            }
            bool had = _token;
            _token = false;
            return had;
        }
    }

    /// <summary>Makes a token available and wakes the parked thread, if any.</summary>
    public void Unpark()
    {
        lock (_lock)
        {
            _token = true;
            Monitor.Pulse(_lock);
        }
    }
}
