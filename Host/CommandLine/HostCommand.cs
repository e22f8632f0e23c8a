namespace Wyn.Host.CommandLine;

/// <summary>What the user asked wyn-host to do.</summary>
internal enum HostCommand
{
    /// <summary>Compile and run a program (the default).</summary>
    Run,

    /// <summary>Compile only and report diagnostics.</summary>
    Check,

    /// <summary>Print usage.</summary>
    Help,

    /// <summary>Print the version.</summary>
    Version,

    /// <summary>Run a scheduler experiment file (Host/Bench).</summary>
    Bench,
}
