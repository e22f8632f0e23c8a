using System.Globalization;
using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>Number literals: <c>0x…</c>, <c>0b…</c>, and decimal integers and floats, with <c>_</c> separators.</summary>
internal static partial class Lexer
{
    private static bool IsDigitOrSeparator(char c) => char.IsAsciiDigit(c) || c == '_';

    private static bool IsHexDigitOrSeparator(char c) => char.IsAsciiHexDigit(c) || c == '_';

    private static bool IsBinaryDigitOrSeparator(char c) => c is '0' or '1' or '_';

    /// <summary>
    /// A number literal. Letters or digits glued to its end (`0b102`, `0xFG`, `123abc`, `1e`, `0o17`)
    /// make the whole word one malformed literal: until sweep 5 the literal ended where its digits did,
    /// so `var x = 0b102` silently set x to 2 (and `2` became a statement) and `1e` was reported as the
    /// undefined variable 'e' (program 272).
    /// </summary>
    private static Token ReadNumber(Cursor cursor)
    {
        var start = cursor.Position;
        var token = ReadNumberDigits(cursor);
        if (!IsIdentifierPart(cursor.Peek()))
        {
            return token;
        }

        var digitsEnd = cursor.Position;
        var exponentOnly = false;
        if (cursor.Peek() is 'e' or 'E' && !token.Text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !token.Text.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            // `1e`, `1.5e+`: the sign belongs to the broken exponent, not to a following expression.
            cursor.Position += cursor.Peek(1) is '+' or '-' ? 2 : 1;
            exponentOnly = !IsIdentifierPart(cursor.Peek());
        }

        cursor.SkipWhile(IsIdentifierPart);
        var text = cursor.Text[start..cursor.Position];
        var next = cursor.Text[digitsEnd];
        var lower = text.ToLowerInvariant();
        var reason =
            lower.StartsWith("0b", StringComparison.Ordinal) && char.IsAsciiDigit(next) ? $"'{next}' is not a binary digit"
            : lower.StartsWith("0x", StringComparison.Ordinal) ? $"'{next}' is not a hex digit"
            : exponentOnly ? "the exponent has no digits (e.g. 1e6, 1e-6)"
            : lower.StartsWith("0o", StringComparison.Ordinal) ? "integers are decimal, 0x (hex) or 0b (binary)"
            : "a number cannot be followed by a letter or '_' (names cannot start with a digit)";
        return new Token(token.Kind, text, cursor.SpanFrom(start)) { Error = $"invalid number literal '{text}': {reason}" };
    }

    private static Token ReadNumberDigits(Cursor cursor)
    {
        var start = cursor.Position;
        if (cursor.Peek() == '0' && cursor.Peek(1) is 'x' or 'X')
        {
            return ReadPrefixedInteger(cursor, "0x", IsHexDigitOrSeparator);
        }

        if (cursor.Peek() == '0' && cursor.Peek(1) is 'b' or 'B')
        {
            return ReadPrefixedInteger(cursor, "0b", IsBinaryDigitOrSeparator);
        }

        // A digit is required after '.', so `5.foo` is `5` `.` `foo` and `0..n` is a range; likewise
        // after 'e' and its sign (`2e` is a malformed literal: ReadNumber).
        cursor.Position++;
        cursor.SkipWhile(IsDigitOrSeparator);
        if (cursor.Peek() == '.' && char.IsAsciiDigit(cursor.Peek(1)))
        {
            cursor.Position += 2;
            cursor.SkipWhile(IsDigitOrSeparator);
        }

        if (cursor.Peek() is 'e' or 'E')
        {
            var signLength = cursor.Peek(1) is '+' or '-' ? 1 : 0;
            if (char.IsAsciiDigit(cursor.Peek(1 + signLength)))
            {
                cursor.Position += 2 + signLength;
                cursor.SkipWhile(IsDigitOrSeparator);
            }
        }

        return NumberToken(cursor.Text[start..cursor.Position], cursor.SpanFrom(start));
    }

    /// <summary>A hex or binary literal; its text is spelled with a lower-case prefix whatever the source used.</summary>
    private static Token ReadPrefixedInteger(Cursor cursor, string prefix, Func<char, bool> isDigit)
    {
        var start = cursor.Position;
        cursor.Position += 2;
        var digitsStart = cursor.Position;
        cursor.SkipWhile(isDigit);
        var text = prefix + cursor.Text[digitsStart..cursor.Position];
        if (cursor.Position == digitsStart)
        {
            return new Token(TokenKind.Integer, text, cursor.SpanFrom(start)) { Error = $"integer literal '{text}' has no digits" };
        }

        return NumberToken(text, cursor.SpanFrom(start));
    }

    private static Token NumberToken(string text, TextSpan span)
    {
        var clean = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (clean.StartsWith("0x", StringComparison.Ordinal) || clean.StartsWith("0b", StringComparison.Ordinal))
        {
            var isHex = clean[1] == 'x';
            var digits = clean[2..];
            var ok = ulong.TryParse(digits, isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.AllowBinarySpecifier, CultureInfo.InvariantCulture, out var bits);
            return new Token(TokenKind.Integer, text, span)
            {
                IntegerValue = unchecked((long)bits),
                Error = ok && digits.Length > 0 ? null : $"integer literal '{text}' is out of range",
            };
        }

        if (clean.Contains('.', StringComparison.Ordinal) || clean.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            var value = double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new Token(TokenKind.Float, text, span) { FloatValue = value };
        }

        // 9223372036854775808 is let through so that `-9223372036854775808` can be written; it wraps to
        // long.MinValue, and the binder rejects it unless it is the operand of a unary minus.
        var fits = ulong.TryParse(clean, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude) && magnitude <= 9223372036854775808UL;
        return new Token(TokenKind.Integer, text, span)
        {
            IntegerValue = unchecked((long)magnitude),
            Error = fits ? null : $"integer literal '{text}' is out of range for int (64-bit)",
        };
    }
}
