namespace Wyn.Host.CommandLine;

/// <summary>The command line cannot be understood; reported as one line and exit code 64.</summary>
internal sealed class UsageException(string message) : Exception(message);
