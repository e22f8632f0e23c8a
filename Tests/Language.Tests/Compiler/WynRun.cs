using Wyn.Engine;
using Wyn.Language;

namespace Wyn.Language.Tests.Compiler;

/// <summary>Compiles and runs a Wyn program on a fresh engine and captures what it printed.</summary>
internal static class WynRun
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr, IReadOnlyList<Diagnostic> Diagnostics);

    public static Outcome Execute(string source, string scheduler = "batched", int workers = 2, string path = "test.wyn")
    {
        var compilation = WynCompiler.Compile(source, path);
        if (!compilation.Success)
        {
            return new Outcome(2, string.Empty, string.Join("\n", compilation.Diagnostics), compilation.Diagnostics);
        }

        using var engine = WynEngine.Create(o =>
        {
            o.Scheduler = scheduler;
            o.Workers = workers;
        });
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exitCode = compilation.Program!.Run(engine, stdout, stderr);
        return new Outcome(exitCode, stdout.ToString(), stderr.ToString(), []);
    }
}
