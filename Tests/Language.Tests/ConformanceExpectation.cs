using System.Globalization;

namespace Wyn.Language.Tests;

/// <summary>
/// What one corpus program must do, read from its sibling <c>.expected</c> file.
/// The format is documented in <c>Programs/README.md</c>; this parser is strict so that a typo in an
/// expectation fails loudly instead of silently checking less.
/// </summary>
public sealed class ConformanceExpectation
{
    /// <summary>Placeholder in expectation text that stands for the program's compile path.</summary>
    public const string PathPlaceholder = "{path}";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private ConformanceExpectation(
        int exitCode,
        string expectedStdout,
        IReadOnlyList<ExpectedDiagnostic> diagnostics,
        IReadOnlyList<string> stderrFragments,
        TimeSpan timeout,
        int? workers,
        IReadOnlyList<string> excludedSchedulers)
    {
        ExitCode = exitCode;
        Stdout = expectedStdout;
        Diagnostics = diagnostics;
        StderrFragments = stderrFragments;
        Timeout = timeout;
        Workers = workers;
        ExcludedSchedulers = excludedSchedulers;
    }

    public int ExitCode { get; }

    /// <summary>Exact expected standard output ("" when the file has no <c># stdout:</c> section).</summary>
    public string Stdout { get; }

    /// <summary>Compile errors the program must produce; empty for programs that must compile and run.</summary>
    public IReadOnlyList<ExpectedDiagnostic> Diagnostics { get; }

    /// <summary>Substrings standard error must contain; when empty, standard error must be empty.</summary>
    public IReadOnlyList<string> StderrFragments { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Worker count to run with (<c># workers: N</c>); null leaves the engine's default.</summary>
    public int? Workers { get; }

    /// <summary>
    /// Schedulers this program does not run on (<c># not-on: NAME</c>), for programs whose meaning
    /// WYN-CORE lets a scheduler change, e.g. a channel protocol that needs the spawner to keep running
    /// while a spawned task blocks, which a scheduler that runs each spawn at the spawn site cannot do.
    /// </summary>
    public IReadOnlyList<string> ExcludedSchedulers { get; }

    public bool ExpectsCompileErrors => Diagnostics.Count > 0;

    public static ConformanceExpectation Parse(string text, string compilePath)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int? exitCode = null;
        string expectedStdout = "";
        var diagnostics = new List<ExpectedDiagnostic>();
        var stderrFragments = new List<string>();
        var timeout = DefaultTimeout;
        int? workers = null;
        var excludedSchedulers = new List<string>();
        var inDiagnosticsBlock = false;

        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line == "# stdout:")
            {
                // Everything after this line is the verbatim expected output, so it must come last.
                expectedStdout = string.Join('\n', lines, index + 1, lines.Length - index - 1);
                break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith('#'))
            {
                if (!inDiagnosticsBlock)
                {
                    throw new FormatException($"line {index + 1}: text outside a section: '{line}'");
                }

                diagnostics.Add(ExpectedDiagnostic.Parse(line));
                continue;
            }

            inDiagnosticsBlock = false;
            var (key, value) = SplitDirective(line, index + 1);
            switch (key)
            {
                case "exit":
                    exitCode = int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    break;
                case "diagnostics":
                    inDiagnosticsBlock = true;
                    break;
                case "stderr-contains":
                    stderrFragments.Add(value.Replace(PathPlaceholder, compilePath, StringComparison.Ordinal));
                    break;
                case "timeout":
                    timeout = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture));
                    break;
                case "workers":
                    workers = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "not-on":
                    excludedSchedulers.Add(value);
                    break;
                case "note":
                    break;
                default:
                    throw new FormatException($"line {index + 1}: unknown directive '{key}'");
            }
        }

        if (exitCode is null)
        {
            throw new FormatException("missing '# exit: N'");
        }

        if (diagnostics.Count > 0 && (exitCode != 2 || expectedStdout.Length > 0))
        {
            throw new FormatException("a program with expected diagnostics must have '# exit: 2' and no stdout");
        }

        return new ConformanceExpectation(exitCode.Value, expectedStdout, diagnostics, stderrFragments, timeout, workers, excludedSchedulers);
    }

    private static (string Key, string Value) SplitDirective(string line, int lineNumber)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (!line.StartsWith("# ", StringComparison.Ordinal) || colon < 0)
        {
            throw new FormatException($"line {lineNumber}: expected '# key: value', got '{line}'");
        }

        return (line[2..colon], line[(colon + 1)..].Trim());
    }
}

/// <summary>
/// One expected compile error: <c>LINE:COL[|LINE:COL…]: error: FRAGMENT[ | FRAGMENT…]</c>.
/// Several positions or several message alternatives are allowed only where WYN-CORE.md leaves the
/// choice open; within one alternative, <c>...</c> separates fragments that must appear in order.
/// </summary>
public sealed class ExpectedDiagnostic
{
    private const string ErrorMarker = ": error: ";

    private ExpectedDiagnostic(string text, IReadOnlyList<(int Line, int Column)> positions, IReadOnlyList<string[]> messageAlternatives)
    {
        Text = text;
        Positions = positions;
        MessageAlternatives = messageAlternatives;
    }

    public string Text { get; }

    public IReadOnlyList<(int Line, int Column)> Positions { get; }

    public IReadOnlyList<string[]> MessageAlternatives { get; }

    public static ExpectedDiagnostic Parse(string line)
    {
        var marker = line.IndexOf(ErrorMarker, StringComparison.Ordinal);
        if (marker < 0)
        {
            throw new FormatException($"diagnostic line without '{ErrorMarker.Trim()}': '{line}'");
        }

        var positions = line[..marker].Split('|').Select(ParsePosition).ToArray();
        var alternatives = line[(marker + ErrorMarker.Length)..]
            .Split(" | ")
            .Select(alternative => alternative.Split("...").Select(fragment => fragment.Trim()).Where(fragment => fragment.Length > 0).ToArray())
            .ToArray();
        if (alternatives.Any(fragments => fragments.Length == 0))
        {
            throw new FormatException($"empty message alternative in '{line}'");
        }

        return new ExpectedDiagnostic(line, positions, alternatives);
    }

    public bool Matches(int line, int column, string message) =>
        Positions.Contains((line, column)) && MessageAlternatives.Any(fragments => ContainsInOrder(message, fragments));

    private static bool ContainsInOrder(string message, string[] fragments)
    {
        var from = 0;
        foreach (var fragment in fragments)
        {
            var found = message.IndexOf(fragment, from, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            from = found + fragment.Length;
        }

        return true;
    }

    private static (int Line, int Column) ParsePosition(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 2)
        {
            throw new FormatException($"bad position '{text}', expected LINE:COL");
        }

        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
