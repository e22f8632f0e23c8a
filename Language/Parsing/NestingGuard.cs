using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>
/// Refuses absurdly deep nesting before the recursive-descent parser sees it, so a 10,000-deep
/// expression is one diagnostic instead of a stack overflow. Counts open brackets plus runs of
/// prefix operators (<c>- - - x</c>, <c>not not x</c>), which are the two ways an expression nests.
/// </summary>
internal static class NestingGuard
{
    public const int MaximumDepth = 256;

    public static readonly string Message = $"program nested too deeply (more than {MaximumDepth} levels of brackets or prefix operators)";

    public static Token? FindTooDeep(IReadOnlyList<Token> tokens)
    {
        var depth = 0;
        var prefixRun = 0;
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
