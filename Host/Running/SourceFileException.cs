namespace Wyn.Host.Running;

/// <summary>The program file cannot be used; reported as one line and exit code 66.</summary>
internal sealed class SourceFileException(string message) : Exception(message);
