namespace Wyn.Language;

/// <summary>The result of <see cref="WynCompiler.Compile"/>: diagnostics, and a program when there are none.</summary>
public sealed class Compilation
{
    internal Compilation(IReadOnlyList<Diagnostic> diagnostics, WynProgram? program)
    {
        Diagnostics = diagnostics;
        Program = program;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool Success => Diagnostics.Count == 0 && Program is not null;

    /// <summary>The runnable program; null when there are errors.</summary>
    public WynProgram? Program { get; }
}
