namespace Wyn.Language.Syntax;

public enum TokenKind
{
    Identifier,
    Keyword,
    Integer,
    Float,
    String,
    Punctuation,
    BadCharacter,
    EndOfFile,
}

/// <summary>One piece of a string literal: literal text, or the tokens of an interpolated <c>${expr}</c>.</summary>
public sealed record StringPart(string? Literal, IReadOnlyList<Token>? ExpressionTokens, TextSpan Span);

/// <summary>
/// A lexed token. <see cref="Text"/> is the spelling for identifiers, keywords and punctuation;
/// literals carry their value. <see cref="Error"/> is set for malformed tokens (reported once,
/// the token is still usable so parsing can go on).
/// </summary>
public sealed record Token(TokenKind Kind, string Text, TextSpan Span)
{
    public long IntegerValue { get; init; }

    public double FloatValue { get; init; }

    public IReadOnlyList<StringPart> StringParts { get; init; } = [];

    /// <summary>Set by the lexer when this is the first token on its source line (used for error recovery).</summary>
    public bool IsFirstOnLine { get; init; }

    public string? Error { get; init; }

    /// <summary>
    /// When set, each error of this token at its own place, reported instead of <see cref="Error"/> at the
    /// whole token: the bad escapes of a string that is otherwise sound (polish 6, program 282).
    /// </summary>
    public IReadOnlyList<(TextSpan Span, string Message)>? LocatedErrors { get; init; }

    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;

    public bool IsPunctuation(string text) => Kind == TokenKind.Punctuation && Text == text;

    public bool IsKeyword(string text) => Kind == TokenKind.Keyword && Text == text;

    public string Describe() => Kind switch
    {
        // The end of an interpolation `${…}` is an end-of-input token spelled "'}'" (ExpressionGrammar).
        TokenKind.EndOfFile when Text == "'}'" => "'}' (end of the interpolation)",
        TokenKind.EndOfFile => "end of file",
        TokenKind.String => "string literal",
        TokenKind.Integer or TokenKind.Float => $"number '{Text}'",
        TokenKind.Identifier => $"identifier '{Text}'",
        _ => $"'{Text}'",
    };
}
