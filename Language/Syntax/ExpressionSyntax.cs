namespace Wyn.Language.Syntax;

public abstract record ExpressionSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record IntegerLiteralSyntax(long Value, TextSpan Span) : ExpressionSyntax(Span)
{
    /// <summary>
    /// The decimal literal <c>9223372036854775808</c> (2^63): it fits only as the operand of a unary
    /// minus (<c>-9223372036854775808</c> is the smallest int); anywhere else it is out of range.
    /// </summary>
    public bool IsUnnegatedMinimum { get; init; }
}

public sealed record FloatLiteralSyntax(double Value, TextSpan Span) : ExpressionSyntax(Span);

public sealed record BoolLiteralSyntax(bool Value, TextSpan Span) : ExpressionSyntax(Span);

/// <summary>A string literal; parts alternate literal text and interpolated expressions.</summary>
public sealed record StringLiteralSyntax(IReadOnlyList<StringSegmentSyntax> Segments, TextSpan Span) : ExpressionSyntax(Span);

public sealed record StringSegmentSyntax(string? Literal, ExpressionSyntax? Expression, TextSpan Span);

public sealed record NameSyntax(string Name, TextSpan Span) : ExpressionSyntax(Span);

public sealed record ParenthesizedSyntax(ExpressionSyntax Inner, TextSpan Span) : ExpressionSyntax(Span);

public sealed record ArrayLiteralSyntax(IReadOnlyList<ExpressionSyntax> Elements, TextSpan Span) : ExpressionSyntax(Span);

/// <summary>An argument; <see cref="Name"/> is set for named arguments such as <c>end: ""</c>.</summary>
public sealed record ArgumentSyntax(string? Name, TextSpan NameSpan, ExpressionSyntax Value);

public sealed record CallSyntax(ExpressionSyntax Callee, IReadOnlyList<ArgumentSyntax> Arguments, TextSpan Span) : ExpressionSyntax(Span);

/// <summary><c>target[index]</c>; <see cref="BracketSpan"/> is the <c>[</c> (where an out-of-range panic is reported).</summary>
public sealed record IndexSyntax(ExpressionSyntax Target, ExpressionSyntax Index, TextSpan BracketSpan, TextSpan Span) : ExpressionSyntax(Span);

/// <summary><c>target.name</c>; a method call is a <see cref="CallSyntax"/> whose callee is a member access.</summary>
public sealed record MemberAccessSyntax(ExpressionSyntax Target, string Name, TextSpan NameSpan, TextSpan Span) : ExpressionSyntax(Span);

public enum UnaryOperator
{
    Negate,
    Not,
}

public sealed record UnarySyntax(UnaryOperator Operator, ExpressionSyntax Operand, TextSpan OperatorSpan, TextSpan Span) : ExpressionSyntax(Span);

public sealed record AwaitSyntax(ExpressionSyntax Operand, TextSpan Span) : ExpressionSyntax(Span);

public sealed record SpawnSyntax(ExpressionSyntax Operand, TextSpan Span) : ExpressionSyntax(Span);

public enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

public sealed record BinarySyntax(ExpressionSyntax Left, BinaryOperator Operator, TextSpan OperatorSpan, ExpressionSyntax Right, TextSpan Span) : ExpressionSyntax(Span);

public sealed record TernarySyntax(ExpressionSyntax Condition, ExpressionSyntax WhenTrue, ExpressionSyntax WhenFalse, TextSpan Span) : ExpressionSyntax(Span);

/// <summary>Stands in for an expression that failed to parse (inside an interpolation); carries the message.</summary>
public sealed record ErrorExpressionSyntax(string Message, TextSpan Span) : ExpressionSyntax(Span);

/// <summary>A use of a construct core Wyn does not support yet (a lambda, a map literal…).</summary>
public sealed record UnsupportedExpressionSyntax(string Feature, TextSpan Span) : ExpressionSyntax(Span);
