using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>
/// Refuses absurdly deep nesting before the recursive-descent parser sees it, so a 10,000-deep
/// expression is one diagnostic instead of a stack overflow. Counts open brackets and conditionals
/// (<c>c ? x : y</c>) plus runs of prefix operators (<c>- - - x</c>, <c>not not x</c>), the ways an
/// expression nests; strings interpolated inside interpolations count one level each
/// (<see cref="EnterInterpolation"/>).
/// </summary>
internal static class NestingGuard
{
    public const int MaximumDepth = 256;

    public static readonly string Message = $"program nested too deeply (more than {MaximumDepth} levels of brackets or prefix operators)";

    public static readonly string InterpolationMessage = $"program nested too deeply (strings interpolated inside each other more than {MaximumDepth} levels deep)";

    /// <summary>How deep the interpolation being parsed on this thread is (an interpolated string inside an interpolation, and so on).</summary>
    [ThreadStatic]
    private static int t_interpolationDepth;

    /// <summary>Counts one more level of interpolation (undo with <see cref="LeaveInterpolation"/>); false past <see cref="MaximumDepth"/>.</summary>
    public static bool EnterInterpolation() => ++t_interpolationDepth <= MaximumDepth;

    public static void LeaveInterpolation() => t_interpolationDepth--;

    public static Token? FindTooDeep(IReadOnlyList<Token> tokens)
    {
        var depth = 0;
        var prefixRun = 0;
        var openConditionals = 0;
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Punctuation && token.Text is "(" or "[" or "{")
            {
                depth++;
            }
            else if (token.Kind == TokenKind.Punctuation && token.Text is ")" or "]" or "}")
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (token.Kind == TokenKind.Punctuation && token.Text == "?")
            {
                // `c ? x : y` nests its branches as brackets do (sweep 9: 40,000 conditionals nested
                // in their then-branches compiled in 20 s, 100,000 not in 120). A `:` closes the
                // innermost open one; one that belongs to something else (a named argument inside a
                // branch) closes it early, which only ever counts less.
                depth++;
                openConditionals++;
            }
            else if (token.Kind == TokenKind.Punctuation && token.Text == ":" && openConditionals > 0)
            {
                openConditionals--;
                depth = Math.Max(0, depth - 1);
            }

            var isPrefix = (token.Kind == TokenKind.Punctuation && token.Text is "-" or "!")
                || (token.Kind == TokenKind.Keyword && token.Text is "not" or "await" or "spawn");
            prefixRun = isPrefix ? prefixRun + 1 : 0;

            if (depth + prefixRun > MaximumDepth)
            {
                return token;
            }
        }

        return null;
    }
}
