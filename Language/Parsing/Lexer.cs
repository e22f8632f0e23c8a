using System.Globalization;
using System.Text;
using Pidgin;
using Wyn.Language.Syntax;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace Wyn.Language.Parsing;

/// <summary>
/// Turns source text into tokens. Built from Pidgin character parsers, all static and built once.
/// Trivia (whitespace, comments, a BOM) is handled in exactly one place: <see cref="WithTrailingTrivia"/>.
/// The lexer never fails: an unknown character becomes a <see cref="TokenKind.BadCharacter"/> token and
/// a malformed literal carries <see cref="Token.Error"/>, so the parser can still report everything else.
/// </summary>
internal static class Lexer
{
    private static readonly Parser<char, Unit> LineComment =
        Try(String("//")).Then(AnyCharExcept('\n').SkipMany()).Labelled("comment");

    private static readonly Parser<char, Unit> BlockComment =
        Try(String("/*")).Then(Any.SkipUntil(Try(String("*/")).IgnoreResult().Or(End))).Labelled("comment");

    private static readonly Parser<char, Unit> Trivia =
        OneOf(Token(c => char.IsWhiteSpace(c) || c == '\uFEFF').IgnoreResult(), LineComment, BlockComment)
            .SkipMany()
            .Labelled("whitespace");

    private static readonly Parser<char, Unit> Shebang =
        Try(String("#!")).Then(AnyCharExcept('\n').SkipMany());

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c);

    private static readonly Parser<char, Func<TextSpan, Token>> Word =
        Token(IsIdentifierStart).Then(Token(IsIdentifierPart).ManyString(), (first, rest) => first + rest)
            .Select<Func<TextSpan, Token>>(text => span => new Token(
                Keywords.Reserved.Contains(text) ? TokenKind.Keyword : TokenKind.Identifier, text, span))
            .Labelled("identifier");

    private static readonly Parser<char, string> HexNumber =
        Try(Char('0').Then(CIChar('x'))).Then(Token(c => char.IsAsciiHexDigit(c) || c == '_').AtLeastOnceString())
            .Select(digits => "0x" + digits);

    private static readonly Parser<char, string> BinaryNumber =
        Try(Char('0').Then(CIChar('b'))).Then(Token(c => c is '0' or '1' or '_').AtLeastOnceString())
            .Select(digits => "0b" + digits);

    private static readonly Parser<char, Unit> DigitRun =
        Token(char.IsAsciiDigit).Then(Token(c => char.IsAsciiDigit(c) || c == '_').SkipMany());

    // A digit is required after '.', so `5.foo` is `5` `.` `foo` and `0..n` is a range.
    private static readonly Parser<char, Unit> Fraction =
        Try(Char('.').Then(Lookahead(Token(char.IsAsciiDigit)))).Then(DigitRun);

    private static readonly Parser<char, Unit> Exponent =
        Try(CIChar('e').Then(OneOf(Char('+'), Char('-')).Optional()).Then(Lookahead(Token(char.IsAsciiDigit)))).Then(DigitRun);

    private static readonly Parser<char, string> DecimalNumber =
        DigitRun.Then(Fraction.Optional()).Then(Exponent.Optional()).Slice((chars, _) => chars.ToString());

    private static readonly Parser<char, Func<TextSpan, Token>> Number =
        OneOf(HexNumber, BinaryNumber, DecimalNumber).Select(NumberToken).Labelled("number");

    private static Func<TextSpan, Token> NumberToken(string text) => span =>
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

        // 9223372036854775808 is allowed so that `-9223372036854775808` can be written; it wraps to long.MinValue.
        var fits = ulong.TryParse(clean, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude) && magnitude <= 9223372036854775808UL;
        return new Token(TokenKind.Integer, text, span)
        {
            IntegerValue = unchecked((long)magnitude),
            Error = fits ? null : $"integer literal '{text}' is out of range for int (64-bit)",
        };
    };

    // Operators are read as a first character plus an optional continuation chosen by that character,
    // so each token costs one table lookup instead of trying every spelling (longest match wins:
    // `..=` over `..`, `==` over `=`).
    private static readonly Dictionary<char, string[]> Continuations = new()
    {
        ['.'] = [".=", "..", "."],
        ['-'] = [">", "=", "-"],
        ['='] = [">", "="],
        ['!'] = ["="],
        ['<'] = ["="],
        ['>'] = ["="],
        ['&'] = ["&"],
        ['|'] = ["|"],
        ['+'] = ["=", "+"],
        ['*'] = ["="],
        ['/'] = ["="],
        ['%'] = ["="],
        ['('] = [], [')'] = [], ['['] = [], [']'] = [], ['{'] = [], ['}'] = [], [','] = [], [':'] = [], [';'] = [], ['?'] = [],
    };

    private static readonly Dictionary<char, Parser<char, string>> ContinuationParsers = Continuations.ToDictionary(
        pair => pair.Key,
        pair => OneOf(pair.Value.Select(rest => rest.Length == 1 ? String(rest) : Try(String(rest))).Append(Return(string.Empty))));

    private static readonly Parser<char, Func<TextSpan, Token>> Punctuation =
        Token(Continuations.ContainsKey)
            .Then(first => ContinuationParsers[first], (first, rest) => first + rest)
            .Select<Func<TextSpan, Token>>(text => span => new Token(TokenKind.Punctuation, text, span))
            .Labelled("operator");

    private static readonly Parser<char, Func<TextSpan, Token>> BadCharacter =
        Any.Select<Func<TextSpan, Token>>(c => span => new Token(TokenKind.BadCharacter, c.ToString(), span)
        {
            Error = $"unexpected character '{c}'",
        });

    private static readonly Parser<char, Token> AnyToken = Rec(() => OneOf(
        Spanned(StringLiteral('"')),
        Spanned(StringLiteral('\'')),
        Spanned(Number),
        Spanned(Word),
        Spanned(Punctuation),
        Spanned(BadCharacter)));

    /// <summary>The one token helper: a token followed by the trivia after it.</summary>
    private static Parser<char, Token> WithTrailingTrivia(Parser<char, Token> token) => token.Before(Trivia);

    private static readonly Parser<char, List<Token>> AllTokens =
        Char('\uFEFF').Optional().Then(Shebang.Optional()).Then(Trivia).Then(WithTrailingTrivia(AnyToken).Many()).Before(End)
            .Select(tokens => tokens.ToList());

    private static Parser<char, Token> Spanned(Parser<char, Func<TextSpan, Token>> parser) =>
        Map((start, make, end) => make(TextSpan.FromBounds(start, end)), CurrentOffset, parser, CurrentOffset);

    // ---- strings -------------------------------------------------------------------------------

    /// <summary>A piece of a string literal while lexing; merged into <see cref="StringPart"/>s afterwards.</summary>
    private sealed record Piece(string? Text, List<Token>? Tokens, string? Error, TextSpan Span);

    private static Parser<char, Piece> SpannedPiece(Parser<char, Func<TextSpan, Piece>> parser) =>
        Map((start, make, end) => make(TextSpan.FromBounds(start, end)), CurrentOffset, parser, CurrentOffset);

    private static readonly Parser<char, Func<TextSpan, Piece>> Escape =
        Char('\\').Then(OneOf(
            Char('n').ThenReturn("\n"),
            Char('t').ThenReturn("\t"),
            Char('r').ThenReturn("\r"),
            Char('\\').ThenReturn("\\"),
            Char('"').ThenReturn("\""),
            Char('\'').ThenReturn("'"),
            Char('0').ThenReturn("\0"),
            Char('$').ThenReturn("$"),
            Try(Char('x').Then(Token(char.IsAsciiHexDigit).Repeat(2))).Select(hex => ((char)Convert.ToInt32(string.Concat(hex), 16)).ToString()),
            Try(Char('u').Then(Token(char.IsAsciiHexDigit).AtLeastOnceString().Between(Char('{'), Char('}')))).Select(UnicodeEscape),
            AnyCharExcept('\n').Select(c => "\uFFFF" + c)).Optional())
        .Select<Func<TextSpan, Piece>>(text => span =>
            !text.HasValue ? new Piece(string.Empty, null, "unterminated escape sequence", span)
            : text.Value.Length == 2 && text.Value[0] == '\uFFFF' ? new Piece(string.Empty, null, $"unknown escape sequence '\\{text.Value[1]}'", span)
            : text.Value.Length == 1 && text.Value[0] == '\uFFFE' ? new Piece(string.Empty, null, "invalid \\u{...} escape", span)
            : new Piece(text.Value, null, null, span));

    private static string UnicodeEscape(string hex)
    {
        if (hex.Length > 6 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            return "\uFFFE";
        }

        return char.ConvertFromUtf32(code);
    }

    private static readonly Parser<char, Token> InterpolatedToken =
        Not(Lookahead(Char('}'))).Then(Rec(() => AnyToken)).Before(Trivia);

    private static readonly Parser<char, Func<TextSpan, Piece>> Interpolation =
        Try(String("${")).Then(Trivia).Then(InterpolatedToken.Many()).Then(Char('}').Optional(), (tokens, close) => (tokens.ToList(), close.HasValue))
            .Select<Func<TextSpan, Piece>>(result => span => new Piece(null, result.Item1, result.Item2 ? null : "unterminated interpolation: expected '}'", span));

    private static Parser<char, Func<TextSpan, Token>> StringLiteral(char quote)
    {
        var plain = Token(c => c != quote && c != '\\' && c != '$' && c != '\n').AtLeastOnceString()
            .Or(Char('$').Select(c => c.ToString()))
            .Select<Func<TextSpan, Piece>>(text => span => new Piece(text, null, null, span));
        var piece = SpannedPiece(OneOf(Escape, Interpolation, plain));
        return Char(quote).Then(piece.Many()).Then(Char(quote).Optional(), (pieces, close) => (pieces.ToList(), close.HasValue))
            .Select<Func<TextSpan, Token>>(result => span => MakeStringToken(result.Item1, result.Item2, span))
            .Labelled("string");
    }

    private static Token MakeStringToken(List<Piece> pieces, bool closed, TextSpan span)
    {
        var parts = new List<StringPart>();
        var literal = new StringBuilder();
        var literalStart = -1;
        string? error = closed ? null : "unterminated string literal";
        foreach (var piece in pieces)
        {
            error ??= piece.Error;
            if (piece.Tokens is { } tokens)
            {
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

        return new Token(TokenKind.String, "string", span) { StringParts = parts, Error = error };
    }

    // ---- entry point ---------------------------------------------------------------------------

    /// <summary>Lexes the whole text. Appends an end-of-file token; marks the first token of each line.</summary>
    public static List<Token> Lex(SourceText source)
    {
        var result = AllTokens.Parse(source.Text);
        var tokens = result.Success
            ? result.Value
            : [new Token(TokenKind.BadCharacter, "?", new TextSpan(Math.Min(result.Error!.ErrorOffset, source.Text.Length), 0)) { Error = "the program text could not be read" }];
        var lexed = new List<Token>(tokens.Count + 1);
        var previousLine = -1;
        foreach (var token in tokens)
        {
            var line = source.GetLineIndex(token.Span.Start);
            lexed.Add(line != previousLine ? token with { IsFirstOnLine = true } : token);
            previousLine = line;
        }

        lexed.Add(new Token(TokenKind.EndOfFile, "end of file", new TextSpan(source.Text.Length, 0)) { IsFirstOnLine = true });
        return lexed;
    }
}
