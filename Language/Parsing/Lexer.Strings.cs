using System.Globalization;
using System.Text;
using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>
/// String literals (either quote): literal text, escapes and <c>${…}</c> interpolations, whose tokens
/// are lexed here too. A literal ends at its closing quote or, unterminated, before the end of the line.
/// </summary>
internal static partial class Lexer
{
    /// <summary>The error of a string literal that reaches the end of its line without its closing quote.</summary>
    public const string UnterminatedString = "unterminated string literal";

    /// <summary>A piece of a string literal while lexing; merged into <see cref="StringPart"/>s afterwards.</summary>
    private sealed record Piece(string? Text, List<Token>? Tokens, string? Error, TextSpan Span);

    private static Token ReadString(Cursor cursor, char quote)
    {
        var start = cursor.Position;
        cursor.Position++;
        var pieces = new List<Piece>();
        while (!cursor.AtEnd)
        {
            var c = cursor.Peek();
            if (c == '\\')
            {
                pieces.Add(ReadEscape(cursor));
            }
            else if (cursor.StartsWith("${"))
            {
                pieces.Add(ReadInterpolation(cursor));
            }
            else if (c == quote || c == '\n')
            {
                break;
            }
            else
            {
                // A '$' that does not open an interpolation is text; it ends a run so that "${" is always seen.
                var pieceStart = cursor.Position;
                cursor.Position++;
                if (c != '$')
                {
                    cursor.SkipWhile(next => next != quote && next != '\\' && next != '$' && next != '\n');
                }

                pieces.Add(new Piece(cursor.Text[pieceStart..cursor.Position], null, null, cursor.SpanFrom(pieceStart)));
            }
        }

        var closed = !cursor.AtEnd && cursor.Peek() == quote;
        if (closed)
        {
            cursor.Position++;
        }

        return MakeStringToken(pieces, closed, cursor.SpanFrom(start));
    }

    private static Piece ReadEscape(Cursor cursor)
    {
        var start = cursor.Position;
        cursor.Position++;
        if (cursor.AtEnd || cursor.Peek() == '\n')
        {
            return new Piece(string.Empty, null, "unterminated escape sequence", cursor.SpanFrom(start));
        }

        var c = cursor.Peek();
        string? simple = c switch
        {
            'n' => "\n",
            't' => "\t",
            'r' => "\r",
            '\\' => "\\",
            '"' => "\"",
            '\'' => "'",
            '0' => "\0",
            '$' => "$",
            _ => null,
        };
        if (simple is not null)
        {
            cursor.Position++;
            return new Piece(simple, null, null, cursor.SpanFrom(start));
        }

        // \xHH: exactly two hex digits.
        if (c == 'x' && char.IsAsciiHexDigit(cursor.Peek(1)) && char.IsAsciiHexDigit(cursor.Peek(2)))
        {
            var value = (char)Convert.ToInt32(cursor.Text.Substring(cursor.Position + 1, 2), 16);
            cursor.Position += 3;
            return new Piece(value.ToString(), null, null, cursor.SpanFrom(start));
        }

        // \u{H…}: one or more hex digits in braces.
        if (c == 'u' && cursor.Peek(1) == '{')
        {
            var digitsStart = cursor.Position + 2;
            var digitsEnd = digitsStart;
            while (digitsEnd < cursor.Text.Length && char.IsAsciiHexDigit(cursor.Text[digitsEnd]))
            {
                digitsEnd++;
            }

            if (digitsEnd > digitsStart && digitsEnd < cursor.Text.Length && cursor.Text[digitsEnd] == '}')
            {
                cursor.Position = digitsEnd + 1;
                var scalar = UnicodeEscape(cursor.Text[digitsStart..digitsEnd]);
                return scalar is null
                    ? new Piece(string.Empty, null, "invalid \\u{...} escape", cursor.SpanFrom(start))
                    : new Piece(scalar, null, null, cursor.SpanFrom(start));
            }
        }

        // Anything else, including a malformed \x or \u: the escape is the backslash and one character.
        cursor.Position++;
        var message = c switch
        {
            'x' => "invalid \\x escape: write exactly two hex digits, e.g. '\\x41'",
            'u' => "invalid \\u escape: write the code point in hex inside braces, e.g. '\\u{e9}'",
            _ => $"unknown escape sequence '\\{c}'",
        };
        return new Piece(string.Empty, null, message, cursor.SpanFrom(start));
    }

    /// <summary>The text of a <c>\u{…}</c> escape, or null when it is not a Unicode scalar value.</summary>
    private static string? UnicodeEscape(string hex)
    {
        // U+FFFE is rejected too: the combinator lexer used it as its "invalid" marker, and the
        // hand-written one keeps the language's behaviour (a noncharacter has no business in a literal).
        if (hex.Length > 6 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF || code == 0xFFFE)
        {
            return null;
        }

        return char.ConvertFromUtf32(code);
    }

    /// <summary>
    /// <c>${ tokens }</c>: the tokens up to the matching <c>}</c>, trivia skipped as anywhere else, so an
    /// interpolation may span lines. When one that spans lines is broken (no <c>}</c> before the end of
    /// the text, or a token inside it is malformed, typically the rest of the line read as a string:
    /// <c>"${1 + 2")</c>), it is read again up to the end of its first line: the string is then
    /// unterminated there, like any string, and the lines after it are lexed as code instead of being
    /// swallowed into the interpolation.
    /// </summary>
    private static Piece ReadInterpolation(Cursor cursor)
    {
        var start = cursor.Position;
        var piece = ReadInterpolation(cursor, stopAtNewline: false);
        var broken = piece.Error is not null || piece.Tokens!.Any(t => t.Error is not null);
        if (broken && cursor.Text.IndexOf('\n', start, cursor.Position - start) >= 0)
        {
            cursor.Position = start;
            piece = ReadInterpolation(cursor, stopAtNewline: true);
        }

        return piece;
    }

    private static Piece ReadInterpolation(Cursor cursor, bool stopAtNewline)
    {
        var start = cursor.Position;
        cursor.Position += 2;
        var tokens = new List<Token>();
        while (true)
        {
            var beforeTrivia = cursor.Position;
            SkipTrivia(cursor);
            if (stopAtNewline && cursor.Text.IndexOf('\n', beforeTrivia, cursor.Position - beforeTrivia) is >= 0 and var newline)
            {
                cursor.Position = newline;
                break;
            }

            if (cursor.AtEnd || cursor.Peek() == '}')
            {
                break;
            }

            tokens.Add(ReadToken(cursor));
        }

        var closed = !cursor.AtEnd && cursor.Peek() == '}';
        if (closed)
        {
            cursor.Position++;
        }

        return new Piece(null, tokens, closed ? null : "unterminated interpolation: expected '}'", cursor.SpanFrom(start));
    }

    private static Token MakeStringToken(List<Piece> pieces, bool closed, TextSpan span)
    {
        var parts = new List<StringPart>();
        var literal = new StringBuilder();
        var literalStart = -1;
        string? error = closed ? null : UnterminatedString;
        var escapeErrors = new List<(TextSpan Span, string Message)>();
        var otherError = !closed;
        foreach (var piece in pieces)
        {
            error ??= piece.Error;
            if (piece.Tokens is null && piece.Error is { } escapeError)
            {
                escapeErrors.Add((piece.Span, escapeError));
            }

            if (piece.Tokens is { } tokens)
            {
                otherError |= piece.Error is not null || tokens.Any(t => t.Error is not null);
                if (literalStart >= 0)
                {
                    parts.Add(new StringPart(literal.ToString(), null, TextSpan.FromBounds(literalStart, piece.Span.Start)));
                    literal.Clear();
                    literalStart = -1;
                }

                parts.Add(new StringPart(null, tokens, piece.Span));
                error ??= tokens.Select(t => t.Error).FirstOrDefault(e => e is not null);
            }
            else
            {
                if (literalStart < 0)
                {
                    literalStart = piece.Span.Start;
                }

                literal.Append(piece.Text);
            }
        }

        if (literalStart >= 0)
        {
            parts.Add(new StringPart(literal.ToString(), null, TextSpan.FromBounds(literalStart, span.End)));
        }

        // Bad escapes in a string that is otherwise sound are each reported at the escape; anything else
        // (unterminated, a broken interpolation) stays one error at the whole string.
        return new Token(TokenKind.String, "string", span)
        {
            StringParts = parts,
            Error = error,
            LocatedErrors = escapeErrors.Count > 0 && !otherError ? escapeErrors : null,
        };
    }
}
