namespace Wyn.Language.Syntax;

/// <summary>A type annotation: a name (<c>int</c>, <c>string</c>…), <c>[T]</c> or <c>Future&lt;T&gt;</c>.</summary>
public abstract record TypeSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record NamedTypeSyntax(string Name, TextSpan Span) : TypeSyntax(Span);

public sealed record ArrayTypeSyntax(TypeSyntax Element, TextSpan Span) : TypeSyntax(Span);

public sealed record GenericTypeSyntax(string Name, IReadOnlyList<TypeSyntax> Arguments, TextSpan Span) : TypeSyntax(Span);

/// <summary>A type written in a form core Wyn does not have (<c>int?</c>, <c>(int, string)</c>, <c>{string: int}</c>, <c>fn(int) -> int</c>), reported as not supported yet.</summary>
public sealed record UnsupportedTypeSyntax(string Feature, TextSpan Span) : TypeSyntax(Span);

public sealed record ParameterSyntax(string Name, TextSpan NameSpan, TypeSyntax Type, TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>A Rust-style <c>mut</c> before the name (<c>fn f(mut x: int)</c>): reported, otherwise ignored.</summary>
    public TextSpan? MutSpan { get; init; }
}

/// <summary>
/// <c>fn name(params) -> T { body }</c> or <c>fn name(params) => expr</c>; an expression body is stored as
/// <see cref="ExpressionBody"/> and its return type may be inferred.
/// </summary>
public sealed record FunctionDeclarationSyntax(
    string Name,
    TextSpan NameSpan,
    IReadOnlyList<ParameterSyntax> Parameters,
    TypeSyntax? ReturnType,
    BlockSyntax? Body,
    ExpressionSyntax? ExpressionBody,
    TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>Set when the declaration has generic parameters (<c>fn id&lt;T&gt;</c>), which core rejects.</summary>
    public TextSpan? GenericParametersSpan { get; init; }

    /// <summary>The names between the angle brackets (<c>T</c>): types named so are not reported again as unknown.</summary>
    public IReadOnlyList<string> GenericParameterNames { get; init; } = [];
}

/// <summary>The whole file: functions, globals and top-level statements in source order.</summary>
public sealed record CompilationUnitSyntax(
    IReadOnlyList<FunctionDeclarationSyntax> Functions,
    IReadOnlyList<StatementSyntax> TopLevelStatements,
    TextSpan Span) : SyntaxNode(Span);
