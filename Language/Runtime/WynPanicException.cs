namespace Wyn.Language.Runtime;

/// <summary>
/// A Wyn panic (division by zero, index out of range, failed conversion, <c>panic(msg)</c>, ...).
/// The runtime only knows the Wyn source line (passed by the generated code as the last argument of
/// every helper that can panic); the facade adds the file when it prints
/// <c>panic at FILE:LINE: MESSAGE</c>.
/// </summary>
public sealed class WynPanicException : Exception
{
    public WynPanicException(string message, int line)
        : base(message)
    {
        Line = line;
    }

    public WynPanicException()
        : this("panic", 0)
    {
    }

    public WynPanicException(string message)
        : this(message, 0)
    {
    }

    public WynPanicException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private WynPanicException(string message, int line, WynPanicException original)
        : base(message, original)
    {
        Line = line;
        _original = original;
    }

    private readonly WynPanicException? _original;

    /// <summary>The 1-based Wyn source line of the panicking call (0 when unknown).</summary>
    public int Line { get; }

    /// <summary>The same panic as a new exception, the first one as its inner exception (see <see cref="WynFailures"/>).</summary>
    internal WynPanicException Rethrown() => new(Message, Line, _original ?? this);
}
