using System.Text;

namespace Wyn.Language;

/// <summary>One compile error, positioned at the construct at fault (WYN-CORE §8).</summary>
public sealed class Diagnostic
{
    internal Diagnostic(string path, int line, int column, int length, string message, string sourceLine)
    {
        Path = path;
        Line = line;
        Column = column;
        Length = length;
        Message = message;
        SourceLine = sourceLine;
    }

    public string Path { get; }

    /// <summary>One-based line.</summary>
    public int Line { get; }

    /// <summary>One-based column, in characters (code points) from the start of the line.</summary>
    public int Column { get; }

    public int Length { get; }

    public string Message { get; }

    public string SourceLine { get; }

    /// <summary><c>PATH:LINE:COL: error: MESSAGE</c>, the source line, and a caret line under the span.</summary>
    public override string ToString()
    {
        // Columns count code points, so the caret line walks the source line by code point (runes).
        var characters = SourceLine.EnumerateRunes().ToList();
        var caret = new StringBuilder();
        for (var i = 0; i < Column - 1; i++)
        {
            // Keep tabs so the caret lines up with the source line however tabs are rendered.
            caret.Append(i < characters.Count && characters[i].Value == '\t' ? '\t' : ' ');
        }

        var available = Math.Max(1, characters.Count - (Column - 1));
        caret.Append('^', Math.Max(1, Math.Min(Length, available)));
        return $"{Path}:{Line}:{Column}: error: {Printable(Message)}\n{Printable(SourceLine)}\n{caret}";
    }

    /// <summary>
    /// <paramref name="text"/> with every control character but tab shown as '?': a source file's
    /// escape sequences or NUL bytes, echoed raw, would reach the user's terminal. One character for
    /// one, so the caret still lines up.
    /// </summary>
    private static string Printable(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c != '\t'))
            return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
                span[i] = char.IsControl(source[i]) && source[i] != '\t' ? '?' : source[i];
        });
    }
}
