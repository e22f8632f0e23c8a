namespace Wyn.Language.Syntax;

/// <summary>A range of characters in the source text: every token and node carries one.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));

    public static TextSpan Cover(TextSpan first, TextSpan last) => FromBounds(first.Start, Math.Max(first.End, last.End));
}
