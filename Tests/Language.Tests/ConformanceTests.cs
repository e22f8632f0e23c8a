using System.Text;

namespace Wyn.Language.Tests;

/// <summary>
/// The Wyn conformance corpus: every program in <c>Programs/</c> is compiled and run on every scheduler
/// strategy, and its exit code, exact stdout, diagnostics and stderr are compared with its
/// <c>.expected</c> file (format in <c>Programs/README.md</c>).
/// </summary>
public sealed class ConformanceTests
{
    [Theory]
    [ConformanceCases(ConformanceCaseKind.Runnable)]
    [ConformanceCases(ConformanceCaseKind.SchedulerRejected)]
    [ConformanceCases(ConformanceCaseKind.ExcludedByProgram)]
    [ConformanceCases(ConformanceCaseKind.HeavyOutsideStress)]
    public void Program_behaves_as_its_expectation_says(string program, string scheduler)
    {
        var compilePath = ConformanceCorpus.CompilePath(program);
        var expectation = ConformanceCorpus.LoadExpectation(program);

        // Decode without stripping a byte-order mark: skipping it is the compiler's job (WYN-CORE §1).
        var source = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(File.ReadAllBytes(ConformanceCorpus.SourceFile(program)));
        var compilation = WynCompiler.Compile(source, compilePath);

        foreach (var diagnostic in compilation.Diagnostics)
        {
            CheckDiagnosticFormat(diagnostic, compilePath, source);
        }

        if (expectation.ExpectsCompileErrors)
        {
            CheckDiagnostics(expectation, compilation);
            return;
        }

        Assert.True(
            compilation.Success && compilation.Program is not null,
            "expected the program to compile, got:\n" + string.Join('\n', compilation.Diagnostics));

        var run = ConformanceRun.Execute(compilation.Program, scheduler, expectation.Workers, expectation.Timeout);
        Assert.False(
            run.Hung,
            $"program did not finish within {expectation.Timeout.TotalSeconds} s on '{scheduler}' (hang or undetected deadlock)\n"
            + $"stdout so far:\n{run.Stdout}\nstderr so far:\n{run.Stderr}");
        Assert.True(run.Escaped is null, $"WynProgram.Run threw (it must never throw): {run.Escaped}");

        // Stdout first (the most telling difference), with the exit code and stderr alongside,
        // because a wrong stdout is usually explained by a panic message.
        Assert.True(
            expectation.Stdout == run.Stdout,
            $"stdout differs (exit code {run.ExitCode})\n--- expected stdout\n{expectation.Stdout}--- actual stdout\n{run.Stdout}--- stderr\n{run.Stderr}");
        Assert.True(
            expectation.ExitCode == run.ExitCode,
            $"exit code: expected {expectation.ExitCode}, got {run.ExitCode}\nstderr:\n{run.Stderr}");
        if (expectation.StderrFragments.Count == 0)
        {
            Assert.True(run.Stderr.Length == 0, $"expected empty stderr, got:\n{run.Stderr}");
        }

        foreach (var fragment in expectation.StderrFragments)
        {
            Assert.True(run.Stderr.Contains(fragment, StringComparison.Ordinal), $"stderr should contain '{fragment}', got:\n{run.Stderr}");
        }
    }

    private static void CheckDiagnostics(ConformanceExpectation expectation, Compilation compilation)
    {
        var actual = compilation.Diagnostics.ToList();
        var report = "actual diagnostics:\n" + string.Join('\n', actual.Select(d => $"{d.Line}:{d.Column}: error: {d.Message}"));

        Assert.False(compilation.Success, "expected compile errors, but the program compiled\n" + report);
        Assert.True(compilation.Program is null, "a program with errors must not be runnable (Program must be null)");

        var unmatched = new List<Diagnostic>(actual);
        foreach (var expected in expectation.Diagnostics)
        {
            var match = unmatched.FirstOrDefault(d => expected.Matches(d.Line, d.Column, d.Message));
            Assert.True(match is not null, $"missing diagnostic '{expected.Text}'\n{report}");
            unmatched.Remove(match);
        }

        Assert.True(unmatched.Count == 0, $"unexpected extra diagnostics (every error must be listed in the .expected file)\n{report}");
    }

    /// <summary>WYN-CORE §8: <c>FILE:LINE:COL: error: MESSAGE</c>, the source line, a caret line under the span.</summary>
    private static void CheckDiagnosticFormat(Diagnostic diagnostic, string compilePath, string source)
    {
        var sourceLines = source.Split('\n');
        Assert.InRange(diagnostic.Line, 1, sourceLines.Length);
        Assert.True(diagnostic.Column >= 1, $"column must be 1-based: {diagnostic.Line}:{diagnostic.Column}");
        Assert.Equal(compilePath, diagnostic.Path);

        var expectedSourceLine = sourceLines[diagnostic.Line - 1].TrimEnd('\r');
        var lines = diagnostic.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 3, $"a diagnostic prints as three lines (header, source, carets), got:\n{diagnostic}");
        Assert.Equal($"{compilePath}:{diagnostic.Line}:{diagnostic.Column}: error: {diagnostic.Message}", lines[0]);
        Assert.Equal(expectedSourceLine, lines[1]);

        var caretLine = lines[2].TrimEnd();
        var indent = new string(' ', diagnostic.Column - 1);
        Assert.True(
            caretLine.StartsWith(indent, StringComparison.Ordinal)
            && caretLine.Length > indent.Length
            && caretLine[indent.Length..].All(c => c == '^'),
            $"caret line must put '^' under column {diagnostic.Column}:\n{diagnostic}");
    }
}
