namespace Wyn.Language.Syntax;

/// <summary>The program text plus a line table, so spans can be turned into LINE:COL and a source line.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text, string path)
    {
        Text = text;
        Path = path;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = starts.ToArray();
    }

    public string Text { get; }

    public string Path { get; }

    /// <summary>Zero-based line index containing <paramref name="position"/>.</summary>
    public int GetLineIndex(int position)
    {
        var index = Array.BinarySearch(_lineStarts, position);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>
    /// One-based line and column. Columns count characters (Unicode code points, WYN-CORE §8) from
    /// the line start, so an emoji before the error counts once, not as its two UTF-16 halves.
    /// </summary>
    public (int Line, int Column) GetLineAndColumn(int position)
    {
        var line = GetLineIndex(position);
        return (line + 1, CountCharacters(_lineStarts[line], position) + 1);
    }

    /// <summary>Code points in <c>Text[start..end)</c>: a surrogate pair counts once.</summary>
    public int CountCharacters(int start, int end)
    {
        var count = 0;
        for (var i = start; i < end; i++)
        {
            if (!char.IsLowSurrogate(Text[i]) || i == start || !char.IsHighSurrogate(Text[i - 1]))
            {
                count++;
            }
        }

        return count;
    }

    public int GetLineNumber(int position) => GetLineIndex(position) + 1;

    public string GetLineText(int lineIndex)
    {
        var start = _lineStarts[lineIndex];
        var end = lineIndex + 1 < _lineStarts.Length ? _lineStarts[lineIndex + 1] : Text.Length;
        return Text[start..end].TrimEnd('\n', '\r');
    }
}
