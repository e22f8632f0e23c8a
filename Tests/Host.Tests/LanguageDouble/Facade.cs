using System.Text.RegularExpressions;
using Wyn.Engine;

namespace Wyn.Language;

public static partial class WynCompiler
{
    public static Compilation Compile(string source, string path)
    {
        var steps = new List<Func<TextWriter, TextWriter, int?>>();
        var diagnostics = new List<Diagnostic>();
        string[] lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            string text = line.Trim();
            int lineNumber = i + 1;
            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("fn main", StringComparison.Ordinal) || text == "}")
                continue;
            Match m;
            if ((m = Println().Match(text)).Success)
            {
                string value = m.Groups[1].Value;
                steps.Add((o, _) => { o.WriteLine(value); return null; });
            }
            else if ((m = Panic().Match(text)).Success)
            {
                string message = m.Groups[1].Value;
                steps.Add((_, e) => { e.WriteLine($"panic at {path}:{lineNumber}: {message}"); return 1; });
            }
            else if ((m = Return().Match(text)).Success)
            {
                int code = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                steps.Add((_, _) => code);
            }
            else if ((m = SleepForever().Match(text)).Success)
            {
                int ms = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                steps.Add((_, _) => { while (true) Thread.Sleep(ms); });
            }
            else
            {
                int column = line.Length - line.TrimStart().Length + 1;
                diagnostics.Add(new Diagnostic(path, lineNumber, column, text.Length, "statement not understood by the language double", line));
            }
        }
        return new Compilation(diagnostics, diagnostics.Count == 0 ? new WynProgram(steps) : null);
    }

    [GeneratedRegex("""^println\("([^"]*)"\)$""")]
    private static partial Regex Println();

    [GeneratedRegex("""^panic\("([^"]*)"\)$""")]
    private static partial Regex Panic();

    [GeneratedRegex("""^return (\d+)$""")]
    private static partial Regex Return();

    [GeneratedRegex("""^while true \{ sleep_ms\((\d+)\) \}$""")]
    private static partial Regex SleepForever();
}

public sealed class Compilation(IReadOnlyList<Diagnostic> diagnostics, WynProgram? program)
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
    public bool Success => Diagnostics.Count == 0;
    public WynProgram? Program { get; } = program;
}

public sealed class Diagnostic(string path, int line, int column, int length, string message, string sourceLine)
{
    public string Path { get; } = path;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public int Length { get; } = length;
    public string Message { get; } = message;
    public string SourceLine { get; } = sourceLine;

    public override string ToString() =>
        $"{Path}:{Line}:{Column}: error: {Message}\n{SourceLine}\n{new string(' ', Column - 1)}{new string('^', Math.Max(1, Length))}";
}

public sealed class WynProgram(List<Func<TextWriter, TextWriter, int?>> steps)
{
    public int Run(WynEngine engine, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        // Touch the engine the way a real program would, so --stats has something to show.
        _ = engine.Spawn(static () => 1).Await();
        foreach (Func<TextWriter, TextWriter, int?> step in steps)
        {
            if (step(stdout, stderr) is int code)
                return code;
        }
        return 0;
    }
}
