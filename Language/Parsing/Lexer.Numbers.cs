using System.Globalization;
using Wyn.Language.Syntax;

namespace Wyn.Language.Parsing;

/// <summary>Number literals: <c>0x…</c>, <c>0b…</c>, and decimal integers and floats, with <c>_</c> separators.</summary>
internal static partial class Lexer
{
    private static bool IsDigitOrSeparator(char c) => char.IsAsciiDigit(c) || c == '_';

    private static bool IsHexDigitOrSeparator(char c) => char.IsAsciiHexDigit(c) || c == '_';

    private static bool IsBinaryDigitOrSeparator(char c) => c is '0' or '1' or '_';

    private static Token ReadNumber(Cursor cursor)
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
        // after 'e' and its sign, so `2e` is `2` followed by the identifier `e`.
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
