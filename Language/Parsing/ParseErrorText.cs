using Pidgin;
using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>Turns a Pidgin parse error into "expected X, found Y" and the span of the offending token.</summary>
internal static class ParseErrorText
{
    public static (string Message, TextSpan Span) Describe(ParseError<Token> error, IReadOnlyList<Token>? stream)
    {
        var token = error.Unexpected.HasValue
            ? error.Unexpected.Value
            : stream is { Count: > 0 } ? stream[Math.Clamp(error.ErrorOffset, 0, stream.Count - 1)] : new Token(TokenKind.EndOfFile, "end of file", default);

        if (error.Message is { } custom)
        {
            return (custom, token.Span);
        }

        var labels = error.Expected
            .Select(e => e.Label ?? (e.IsEof ? "end of file" : string.Join(" ", e.Tokens.Select(t => t.Text))))
            .Where(l => !string.IsNullOrEmpty(l))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var found = token.Describe();
        if (labels.Count == 0 || labels.Count > 6)
        {
            return ($"unexpected {found}", token.Span);
        }

        var expected = labels.Count == 1
            ? labels[0]
            : string.Join(", ", labels.Take(labels.Count - 1)) + " or " + labels[^1];
        return ($"expected {expected}, found {found}{Hint(labels, token)}", token.Span);
    }

    /// <summary>
    /// The two slips a user of another language makes most (sweep 5, program 279): `if x = 2 {`
    /// (assignment where a comparison was meant) and `var y = x++` (`++`/`--` are statements in Wyn).
    /// </summary>
    private static string Hint(List<string> labels, Token token)
    {
        if (token.Kind == TokenKind.Punctuation && token.Text == "=" && labels.Any(l => l.Contains('{', StringComparison.Ordinal)))
        {
            return "; to compare, write '=='";
        }

        if (token.Kind != TokenKind.Punctuation)
        {
            return string.Empty;
        }

        // Operators of other languages that Wyn does not have (WYN-CORE §5, §7; program 281).
        return token.Text switch
        {
            "++" or "--" => $"; '{token.Text}' is a statement of its own ('x{token.Text}'), not part of an expression",
            "**" => "; Wyn has no '**' operator: write Math.pow(a, b)",
            "&" => "; Wyn has no '&' operator (no bit operations): for logic, write 'and'",
            "|" => "; Wyn has no '|' operator (no bit operations): for logic, write 'or'",
            _ => string.Empty,
        };
    }
}
