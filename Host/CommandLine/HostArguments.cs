namespace Wyn.Host.CommandLine;

/// <summary>The command line, understood.</summary>
/// <param name="Command">What to do.</param>
/// <param name="FilePath">The Wyn program (run and check), as the user typed it.</param>
/// <param name="ProgramArguments">Everything after <c>--</c>; handed to the program.</param>
/// <param name="ConfigurationArguments">
/// Configuration settings from the command line, normalised to <c>--Key=value</c> tokens for the
/// configuration command-line provider (short forms such as <c>--scheduler</c> are mapped there).
/// </param>
/// <param name="ConfigFilePath">The configuration file named by <c>--config</c>, or null for wyn.json next to the binary.</param>
/// <param name="Stats">Print the engine's statistics after the run.</param>
/// <param name="Verbose">Log the chosen options and the compile and run timings to stderr.</param>
internal sealed record HostArguments(
    HostCommand Command,
    string? FilePath,
    IReadOnlyList<string> ProgramArguments,
    IReadOnlyList<string> ConfigurationArguments,
    string? ConfigFilePath,
    bool Stats,
    bool Verbose);
