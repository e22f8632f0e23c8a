using System.Diagnostics;
using Wyn.Language;

namespace Wyn.Host.Running;

/// <summary>A compiled program and how long reading and compiling it took.</summary>
internal sealed record CompiledFile(Compilation Compilation, TimeSpan Elapsed);

/// <summary>
/// Reads and compiles the program on a thread-pool thread while the host is being built. The two
/// are independent and both mostly first-call costs (JIT, type loading), so on a multi-core machine
/// they overlap instead of adding up — a measurable part of wyn-host's start-up (docs/host.md).
/// Failures (a missing file...) surface when the result is awaited, after configuration problems
/// have been reported, so the order of error reports does not depend on timing.
/// </summary>
internal static class BackgroundCompilation
{
    public static Task<CompiledFile> Start(string path) => Task.Run(() =>
    {
        var clock = Stopwatch.StartNew();
        string source = SourceFile.Read(path);
        Compilation compilation = WynCompiler.Compile(source, SourceFile.DisplayName(path));
        return new CompiledFile(compilation, clock.Elapsed);
    });
}
