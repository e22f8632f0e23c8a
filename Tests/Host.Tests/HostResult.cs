namespace Wyn.Host.Tests;

/// <summary>What one run of wyn-host produced.</summary>
internal sealed record HostResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>The stderr lines, without the empty last one.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:F0} ms\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
