using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

internal abstract record BoundStatement(TextSpan Span) : BoundNode(Span);

internal sealed record BoundBlock(IReadOnlyList<BoundStatement> Statements, TextSpan Span) : BoundStatement(Span);

internal sealed record BoundVariableDeclaration(VariableSymbol Variable, BoundExpression Initializer, TextSpan Span) : BoundStatement(Span);

internal sealed record BoundExpressionStatement(BoundExpression Expression, TextSpan Span) : BoundStatement(Span);

/// <summary><c>target = value</c> where target is a <see cref="BoundVariable"/> or <see cref="BoundIndex"/> on an array.</summary>
internal sealed record BoundAssignment(BoundExpression Target, BoundExpression Value, TextSpan Span) : BoundStatement(Span);

/// <summary><c>target op= value</c>; the lowerer turns it into a plain assignment evaluating the target once.</summary>
internal sealed record BoundCompoundAssignment(BoundExpression Target, BoundBinaryOperator Operator, BoundExpression Value, TextSpan Span) : BoundStatement(Span);

/// <summary>
/// <c>s = s + a + b</c> (also <c>s += a</c>, <c>s = "${s}…"</c>) in a loop, made by lowering: appends the
/// pieces, in order, to the variable's <c>StringAppender</c> (<c>Lowering/StringAppends</c>).
/// </summary>
internal sealed record BoundStringAppend(VariableSymbol Variable, IReadOnlyList<BoundExpression> Pieces, TextSpan Span) : BoundStatement(Span);

internal sealed record BoundIf(BoundExpression Condition, BoundStatement Then, BoundStatement? Else, TextSpan Span) : BoundStatement(Span);

internal sealed record BoundWhile(BoundExpression Condition, BoundStatement Body, TextSpan Span) : BoundStatement(Span)
{
    /// <summary>Runs before re-testing the condition, also after <c>continue</c> (the increment of a lowered for loop).</summary>
    public BoundStatement? Step { get; init; }
}

/// <summary><c>for i in a..b</c> / <c>a..=b</c>.</summary>
internal sealed record BoundForRange(VariableSymbol Variable, BoundExpression Start, BoundExpression End, bool Inclusive, BoundStatement Body, TextSpan Span) : BoundStatement(Span);

/// <summary><c>for x in xs</c> / <c>for i, x in xs</c> (Index may be null).</summary>
internal sealed record BoundForEach(VariableSymbol? Index, VariableSymbol Element, BoundExpression Source, BoundStatement Body, TextSpan Span) : BoundStatement(Span);

internal sealed record BoundBreak(TextSpan Span) : BoundStatement(Span);

internal sealed record BoundContinue(TextSpan Span) : BoundStatement(Span);

internal sealed record BoundReturn(BoundExpression? Value, TextSpan Span) : BoundStatement(Span);

/// <summary>A bound function body ready for lowering and emit.</summary>
internal sealed record BoundFunction(FunctionSymbol Symbol, BoundBlock Body);

/// <summary>The bound program: every function, the globals, and the entry body (script statements or global initializers).</summary>
internal sealed record BoundProgram(
    IReadOnlyList<BoundFunction> Functions,
    IReadOnlyList<VariableSymbol> Globals,
    BoundBlock Initialization,
    FunctionSymbol? Main);
