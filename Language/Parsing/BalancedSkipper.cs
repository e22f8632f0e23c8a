using Pidgin;
using Wyn.Language.Syntax;
using static Pidgin.Parser;
using static Pidgin.Parser<Wyn.Language.Syntax.Token>;

namespace Wyn.Language.Parsing;

/// <summary>
/// Parsers that skip tokens without understanding them: used by error recovery and to swallow
/// constructs core Wyn rejects (a struct body, a lambda) so one error is reported, not a cascade.
/// </summary>
internal static class BalancedSkipper
{
    private static bool IsOpener(Token t) => t.Kind == TokenKind.Punctuation && t.Text is "(" or "[" or "{";

    private static bool IsCloser(Token t) => t.Kind == TokenKind.Punctuation && t.Text is ")" or "]" or "}";

    /// <summary>A bracketed group with everything inside it (any bracket kind, matched by nesting only).</summary>
    public static readonly Parser<Token, Unit> Group = Rec(() =>
        Token(IsOpener).Then(Inner!.SkipMany()).Then(Token(IsCloser).Optional()).IgnoreResult());

    private static readonly Parser<Token, Unit> Inner =
        Group.Or(Token(t => !IsOpener(t) && !IsCloser(t) && t.Kind != TokenKind.EndOfFile).IgnoreResult());

    /// <summary>
    /// Skips to the next statement boundary: stops before a token that starts a new line, before a
    /// closing '}' or end of file, and consumes one trailing ';'. Bracketed groups are skipped whole.
    /// </summary>
    public static readonly Parser<Token, Unit> ToStatementBoundary =
        OneOf(
                Token(t => IsOpener(t) && !t.IsFirstOnLine).Then(Inner.SkipMany()).Then(Token(IsCloser).Optional()).IgnoreResult(),
                Token(t => !t.IsFirstOnLine && t.Kind != TokenKind.EndOfFile && !IsOpener(t) && !t.IsPunctuation("}") && !t.IsPunctuation(";")).IgnoreResult())
            .SkipMany()
            .Then(TokenParsers.Semicolon.Optional())
            .IgnoreResult();

    /// <summary>Like <see cref="ToStatementBoundary"/> but always consumes the current token first.</summary>
    public static readonly Parser<Token, Unit> CurrentThenToStatementBoundary =
        Group.Or(TokenParsers.NotEndOfFile.IgnoreResult()).Then(ToStatementBoundary);
}
