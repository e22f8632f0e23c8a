using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

/// <summary>Base of the bound (typed) tree. Spans are kept so the emitter can give panics their Wyn line.</summary>
internal abstract record BoundNode(TextSpan Span);

internal abstract record BoundExpression(WynType Type, TextSpan Span) : BoundNode(Span);

internal sealed record BoundErrorExpression(TextSpan Span) : BoundExpression(WynType.Error, Span);

/// <summary>A constant: long, double, bool or string.</summary>
internal sealed record BoundLiteral(object Value, WynType Type, TextSpan Span) : BoundExpression(Type, Span);

internal sealed record BoundVariable(VariableSymbol Variable, TextSpan Span) : BoundExpression(Variable.Type, Span);

internal sealed record BoundArrayLiteral(IReadOnlyList<BoundExpression> Elements, ArrayType ArrayType, TextSpan Span) : BoundExpression(ArrayType, Span);

/// <summary><c>target[index]</c> on an array or a string.</summary>
internal sealed record BoundIndex(BoundExpression Target, BoundExpression Index, WynType Type, TextSpan Span) : BoundExpression(Type, Span)
{
    /// <summary>Where an out-of-range panic is reported: the <c>[</c>, so a target that spans lines does not name its first line.</summary>
    public TextSpan PanicSpan { get; init; } = Span;
}

internal enum BoundUnaryOperator
{
    NegateInt,
    NegateFloat,
    Not,
}

internal sealed record BoundUnary(BoundUnaryOperator Operator, BoundExpression Operand, WynType Type, TextSpan Span) : BoundExpression(Type, Span);

internal enum BoundBinaryOperator
{
    AddInt, SubtractInt, MultiplyInt, DivideInt, RemainderInt,
    AddFloat, SubtractFloat, MultiplyFloat, DivideFloat, RemainderFloat,
    Concatenate, RepeatString,
    EqualInt, NotEqualInt, LessInt, LessOrEqualInt, GreaterInt, GreaterOrEqualInt,
    EqualFloat, NotEqualFloat, LessFloat, LessOrEqualFloat, GreaterFloat, GreaterOrEqualFloat,
    EqualBool, NotEqualBool,
    EqualString, NotEqualString, LessString, LessOrEqualString, GreaterString, GreaterOrEqualString,
    EqualArray, NotEqualArray,
    And, Or,
}

/// <summary>A binary operation whose operands already have the operator's operand types (conversions are explicit nodes).</summary>
internal sealed record BoundBinary(BoundExpression Left, BoundBinaryOperator Operator, BoundExpression Right, WynType Type, TextSpan Span) : BoundExpression(Type, Span)
{
    /// <summary>Where a panic (division by zero, a repetition too large) is reported: the operator, so <c>a\n    / b</c> names the operator's line.</summary>
    public TextSpan PanicSpan { get; init; } = Span;
}

internal sealed record BoundTernary(BoundExpression Condition, BoundExpression WhenTrue, BoundExpression WhenFalse, WynType Type, TextSpan Span) : BoundExpression(Type, Span);

/// <summary>An explicit conversion the language performs implicitly: int→float promotion, value→string for '+' and interpolation.</summary>
internal sealed record BoundConversion(BoundExpression Operand, WynType Type, TextSpan Span) : BoundExpression(Type, Span);

/// <summary>An interpolated string: the parts are already strings.</summary>
internal sealed record BoundInterpolation(IReadOnlyList<BoundExpression> Parts, TextSpan Span) : BoundExpression(WynType.String, Span);

internal sealed record BoundCall(FunctionSymbol Function, IReadOnlyList<BoundExpression> Arguments, WynType Type, TextSpan Span) : BoundExpression(Type, Span);

/// <summary>A call of a builtin; <see cref="Named"/> holds named arguments (print's sep/end).</summary>
internal sealed record BoundBuiltinCall(Builtin Builtin, IReadOnlyList<BoundExpression> Arguments, WynType Type, TextSpan Span) : BoundExpression(Type, Span)
{
    public IReadOnlyDictionary<string, BoundExpression> Named { get; init; } = new Dictionary<string, BoundExpression>();

    /// <summary>
    /// Where a panic in the call is reported: the called name, so a method call on a receiver that spans
    /// lines (<c>text\n    .to_int()</c>) names the method's line, not the receiver's first line.
    /// </summary>
    public TextSpan PanicSpan { get; init; } = Span;
}

/// <summary><c>spawn f(args)</c>. As a statement (<see cref="IsFireAndForget"/>) nobody can await it.</summary>
internal sealed record BoundSpawn(FunctionSymbol Function, IReadOnlyList<BoundExpression> Arguments, bool IsFireAndForget, WynType Type, TextSpan Span) : BoundExpression(Type, Span);

/// <summary><c>await e</c>; when the operand is a variable or array element the value is memoized in that storage location.</summary>
internal sealed record BoundAwait(BoundExpression Operand, WynType Type, TextSpan Span) : BoundExpression(Type, Span);
