namespace Wyn.Engine;

/// <summary>Invalid engine options. The message is one line naming the key, the bad value and what is allowed.</summary>
public sealed class EngineOptionsException : Exception
{
    public EngineOptionsException(string message)
        : base(message)
    {
    }

    public EngineOptionsException()
    {
    }

    public EngineOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
