namespace Wyn.Language.Runtime;

/// <summary>
/// Thrown on the main thread when it is blocked in a runtime wait that nothing can ever end: the
/// engine is idle, no task sleeps and no wake-up is pending. The message starts with "deadlock";
/// the facade prints <c>"wyn: " + Message</c> to stderr and exits with code 1.
/// </summary>
public sealed class WynDeadlockException : Exception
{
    public WynDeadlockException()
        : base("deadlock")
    {
    }

    public WynDeadlockException(string message)
        : base(message)
    {
    }

    public WynDeadlockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private WynDeadlockException(string message, WynDeadlockException original)
        : base(message, original)
    {
        _original = original;
    }

    private readonly WynDeadlockException? _original;

    /// <summary>The same deadlock as a new exception, the first one as its inner exception (see <see cref="WynFailures"/>).</summary>
    internal WynDeadlockException Rethrown() => new(Message, _original ?? this);
}
