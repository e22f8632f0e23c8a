namespace Wyn.Language;

/// <summary>Options for <see cref="WynCompiler.Compile(string, string, WynCompileOptions)"/>.</summary>
public sealed class WynCompileOptions
{
    public static readonly WynCompileOptions Default = new();

    /// <summary>
    /// Emit into a collectible assembly, so the program's code is unloaded when the program is no longer
    /// referenced (for long-lived hosts that compile many programs). Off by default: the runtime does not
    /// tier up (no dynamic PGO) methods of collectible assemblies, which made recursive code such as
    /// fib(35) about 2.5× slower than in a non-collectible one (measured; see docs/language.md).
    /// </summary>
    public bool Collectible { get; init; }

    /// <summary>
    /// Let fire-and-forget tasks that use channels suspend where they would block, instead of holding
    /// a thread (decision 0013). On by default; it takes effect only where the runtime supports it
    /// (.NET 10 started with <c>DOTNET_RuntimeAsync=1</c>, as the <c>wyn-host</c> script does), and
    /// the program then behaves the same, with fewer threads. Off: every task blocks its thread.
    /// </summary>
    public bool SuspendingTasks { get; init; } = true;
}
