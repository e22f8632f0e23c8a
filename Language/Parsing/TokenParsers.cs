using Pidgin;
using Wyn.Language.Syntax;
using static Pidgin.Parser<Wyn.Language.Syntax.Token>;

namespace Wyn.Language.Parsing;

/// <summary>Leaf parsers over the token stream: one token of a given spelling or kind, each labelled.</summary>
internal static class TokenParsers
{
    public static Parser<Token, Token> Punct(string text) =>
        Token(t => t.Kind == TokenKind.Punctuation && t.Text == text).Labelled($"'{text}'");

    public static Parser<Token, Token> Keyword(string text) =>
        Token(t => t.Kind == TokenKind.Keyword && t.Text == text).Labelled($"'{text}'");

    public static readonly Parser<Token, Token> Identifier =
        Token(t => t.Kind == TokenKind.Identifier).Labelled("identifier");

    /// <summary>
    /// The name a declaration introduces (<c>var x</c>, <c>fn f</c>, <c>for i</c>): an identifier, or a
    /// reserved word, which the parser accepts so that the one error is "'match' is a reserved word"
    /// at the name (reported by <see cref="SyntaxErrorCollector"/>) instead of a cascade.
    /// </summary>
    public static readonly Parser<Token, Token> DeclaredName =
        Token(t => t.Kind is TokenKind.Identifier or TokenKind.Keyword).Labelled("identifier");

    /// <summary>A member name after '.': any word, because builtins use reserved words (<c>Task.channel</c>, <c>f.await()</c>).</summary>
    public static readonly Parser<Token, Token> MemberName =
        Token(t => t.Kind is TokenKind.Identifier or TokenKind.Keyword).Labelled("member name");

    public static readonly Parser<Token, Token> EndOfFile =
        Token(t => t.Kind == TokenKind.EndOfFile).Labelled("end of file");

    public static readonly Parser<Token, Token> NotEndOfFile =
        Token(t => t.Kind != TokenKind.EndOfFile);

    public static readonly Parser<Token, Token> OpenBrace = Punct("{");
    public static readonly Parser<Token, Token> CloseBrace = Punct("}");
    public static readonly Parser<Token, Token> OpenParen = Punct("(");
    public static readonly Parser<Token, Token> CloseParen = Punct(")");
    public static readonly Parser<Token, Token> OpenBracket = Punct("[");
    public static readonly Parser<Token, Token> CloseBracket = Punct("]");
    public static readonly Parser<Token, Token> Comma = Punct(",");
    public static readonly Parser<Token, Token> Colon = Punct(":");
    public static readonly Parser<Token, Token> Semicolon = Punct(";");
}
