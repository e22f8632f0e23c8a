namespace Wyn.Language.Syntax;

/// <summary>Base of every syntax node: immutable, with the source span it was parsed from.</summary>
public abstract record SyntaxNode(TextSpan Span);
