using System.Runtime.CompilerServices;
using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

internal sealed partial class Binder
{
    /// <summary>Binds an expression; unless <paramref name="allowVoid"/>, a call without a value is an error.</summary>
    private BoundExpression BindExpression(ExpressionSyntax syntax, bool allowVoid = false)
    {
        // The parser caps nesting, but long operator chains still make deep left-leaning trees.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _diagnostics.ReportSyntaxError(syntax.Span, "expression nested too deeply");
            return new BoundErrorExpression(syntax.Span);
        }

        var bound = BindExpressionCore(syntax);
        if (!allowVoid && bound.Type == WynType.Void)
        {
            _diagnostics.ReportNoValue(syntax.Span);
            return new BoundErrorExpression(syntax.Span);
        }

        return bound;
    }

    private BoundExpression BindExpressionCore(ExpressionSyntax syntax) => syntax switch
    {
        IntegerLiteralSyntax { IsUnnegatedMinimum: true } => ReportIntegerOutOfRange(syntax.Span),
        IntegerLiteralSyntax integer => new BoundLiteral(integer.Value, WynType.Int, syntax.Span),
        FloatLiteralSyntax real => new BoundLiteral(real.Value, WynType.Float, syntax.Span),
        BoolLiteralSyntax boolean => new BoundLiteral(boolean.Value, WynType.Bool, syntax.Span),
        StringLiteralSyntax text => BindString(text),
        NameSyntax name => BindName(name),
        ParenthesizedSyntax parenthesized => BindExpressionCore(parenthesized.Inner),
        ArrayLiteralSyntax array => BindArrayLiteral(array),
        IndexSyntax index => BindIndex(index),
        CallSyntax call => BindCall(call),
        MemberAccessSyntax member => ReportBareMember(member),
        UnarySyntax unary => BindUnary(unary),
        BinarySyntax binary => BindBinary(binary),
        TernarySyntax ternary => BindTernary(ternary),
        AwaitSyntax awaitExpression => BindAwait(awaitExpression),
        SpawnSyntax spawn => BindSpawn(spawn, isFireAndForget: false),
        _ => new BoundErrorExpression(syntax.Span), // error nodes were reported by the parser
    };

    // ---- conversions and checks --------------------------------------------------------------

    /// <summary>Checks that <paramref name="value"/> can be stored as <paramref name="expected"/> (no implicit int→float).</summary>
    private BoundExpression CheckAssignable(WynType expected, BoundExpression value, TextSpan span)
    {
        if (TypeRules.Unify(expected, value.Type))
        {
            return value;
        }

        _diagnostics.ReportTypeMismatch(span, expected.Resolve().Name, value.Type.Resolve().Name);
        return new BoundErrorExpression(span);
    }

    private bool CheckType(WynType expected, BoundExpression value, TextSpan span)
    {
        if (TypeRules.Unify(expected, value.Type))
        {
            return true;
        }

        _diagnostics.ReportTypeMismatch(span, expected.Resolve().Name, value.Type.Resolve().Name);
        return false;
    }

    private static BoundExpression ToFloat(BoundExpression value) =>
        value.Type == WynType.Int
            ? value is BoundLiteral { Value: long constant } ? new BoundLiteral((double)constant, WynType.Float, value.Span) : new BoundConversion(value, WynType.Float, value.Span)
            : value;

    /// <summary>Formats a value as text (for '+', interpolation and print); null when the type has no text form.</summary>
    private static BoundExpression? ToText(BoundExpression value)
    {
        var type = value.Type.Resolve();
        if (type == WynType.String)
        {
            return value;
        }

        if (type == WynType.Int || type == WynType.Float || type == WynType.Bool || type == WynType.Error || (type is ArrayType array && !HoldsFutures(array)))
        {
            return new BoundConversion(value, WynType.String, value.Span);
        }

        return null;
    }

    /// <summary>
    /// Futures have no text form (docs/language.md), in an array neither: until sweep 5
    /// `println([spawn f()])` printed `[<future>]` where `println(spawn f())` was a compile error (program 273).
    /// </summary>
    private static bool HoldsFutures(ArrayType array) => array.Element switch
    {
        FutureType => true,
        ArrayType inner => HoldsFutures(inner),
        _ => false,
    };

    // ---- simple expressions ------------------------------------------------------------------

    private BoundExpression BindString(StringLiteralSyntax syntax)
    {
        if (syntax.Segments.All(s => s.Expression is null))
        {
            return new BoundLiteral(string.Concat(syntax.Segments.Select(s => s.Literal)), WynType.String, syntax.Span);
        }

        var parts = new List<BoundExpression>();
        foreach (var segment in syntax.Segments)
        {
            if (segment.Expression is null)
            {
                parts.Add(new BoundLiteral(segment.Literal ?? string.Empty, WynType.String, segment.Span));
                continue;
            }

            var value = BindExpression(segment.Expression);
            if (ToText(value) is { } text)
            {
                parts.Add(text);
            }
            else
            {
                _diagnostics.ReportTypeMismatch(segment.Expression.Span, "a printable value", value.Type.Name);
            }
        }

        return new BoundInterpolation(parts, syntax.Span);
    }

    private BoundExpression BindName(NameSyntax syntax)
    {
        if (_scope.Lookup(syntax.Name) is { } variable)
        {
            return new BoundVariable(variable, syntax.Span);
        }

        _diagnostics.ReportUndefinedName(syntax.Span, syntax.Name);
        return new BoundErrorExpression(syntax.Span);
    }

    private BoundExpression ReportBareMember(MemberAccessSyntax syntax)
    {
        if (syntax.Target is UnsupportedExpressionSyntax or ErrorExpressionSyntax
            || (syntax.Target is NameSyntax target && _scope.Lookup(target.Name) is { } variable && variable.Type.Resolve() == WynType.Error))
        {
            return new BoundErrorExpression(syntax.Span);   // `self.x`, or `p.x` after `var p = <error>`: already reported
        }

        if (syntax.Target is NameSyntax name)
        {
            _diagnostics.ReportUnknownMember(syntax.NameSpan, name.Name, syntax.Name);
            return new BoundErrorExpression(syntax.Span);
        }

        // `5.foo`, `[1].foo`, `f(x).len`: name the value's type (the message said 'this value'), and
        // report what is wrong inside the target too.
        var value = BindExpression(syntax.Target);
        if (value.Type.Resolve() != WynType.Error)
        {
            _diagnostics.ReportNoMemberOfType(syntax.NameSpan, value.Type.Resolve().Name, syntax.Name);
        }
        return new BoundErrorExpression(syntax.Span);
    }

    private BoundExpression BindArrayLiteral(ArrayLiteralSyntax syntax)
    {
        if (syntax.Elements.Count == 0)
        {
            var unknown = new ArrayType(null);
            _emptyArrays.Add((unknown, syntax.Span));
            return new BoundArrayLiteral([], unknown, syntax.Span);
        }

        var elements = syntax.Elements.Select(e => BindExpression(e)).ToList();
        var elementType = elements[0].Type;

        // Mixed int and float elements promote to float, as in arithmetic.
        if (elements.Any(e => e.Type == WynType.Float) && elements.All(e => e.Type.IsNumeric || e.Type == WynType.Error))
        {
            elementType = WynType.Float;
            elements = elements.Select(ToFloat).ToList();
        }

        for (var i = 0; i < elements.Count; i++)
        {
            elements[i] = CheckAssignable(elementType, elements[i], syntax.Elements[i].Span);
        }

        return new BoundArrayLiteral(elements, new ArrayType(elementType), syntax.Span);
    }

    private BoundExpression BindIndex(IndexSyntax syntax)
    {
        if (syntax.Index is null)
        {
            // `xs[]`: the parser accepts an empty pair of brackets so that recovery can go on.
            BindExpression(syntax.Target);
            _diagnostics.ReportMissingIndex(syntax.Span);
            return new BoundErrorExpression(syntax.Span);
        }

        var target = BindExpression(syntax.Target);
        var index = BindExpression(syntax.Index);
        if (target.Type.Resolve() == WynType.Error)
        {
            return new BoundErrorExpression(syntax.Span);   // the target's error was reported (`m["a"]` after a map literal)
        }

        CheckType(WynType.Int, index, syntax.Index.Span);
        switch (target.Type.Resolve())
        {
            case ArrayType { Element: { } element }:
                return new BoundIndex(target, index, element, syntax.Span) { PanicSpan = syntax.BracketSpan };
            case ArrayType:
                _diagnostics.ReportCannotInferEmptyArray(syntax.Target.Span);
                return new BoundErrorExpression(syntax.Span);
            case var type when type == WynType.String:
                return new BoundIndex(target, index, WynType.String, syntax.Span) { PanicSpan = syntax.BracketSpan };
            case var type when type == WynType.Error:
                return new BoundErrorExpression(syntax.Span);
            default:
                _diagnostics.ReportNotIndexable(syntax.Target.Span, target.Type.Name);
                return new BoundErrorExpression(syntax.Span);
        }
    }

    private BoundExpression ReportIntegerOutOfRange(TextSpan span)
    {
        _diagnostics.ReportSyntaxError(span, "integer literal '9223372036854775808' is out of range for int (64-bit); only '-9223372036854775808' fits");
        return new BoundErrorExpression(span);
    }

    private BoundExpression BindUnary(UnarySyntax syntax)
    {
        // `-9223372036854775808` is the smallest int: its digits alone are one past the largest.
        if (syntax is { Operator: UnaryOperator.Negate, Operand: IntegerLiteralSyntax { IsUnnegatedMinimum: true } })
        {
            return new BoundLiteral(long.MinValue, WynType.Int, syntax.Span);
        }

        var operand = BindExpression(syntax.Operand);
        var type = operand.Type.Resolve();
        if (type == WynType.Error)
        {
            return new BoundErrorExpression(syntax.Span);
        }

        switch (syntax.Operator)
        {
            case UnaryOperator.Negate when type == WynType.Int:
                return operand is BoundLiteral { Value: long value }
                    ? new BoundLiteral(unchecked(-value), WynType.Int, syntax.Span)
                    : new BoundUnary(BoundUnaryOperator.NegateInt, operand, WynType.Int, syntax.Span);
            case UnaryOperator.Negate when type == WynType.Float:
                return new BoundUnary(BoundUnaryOperator.NegateFloat, operand, WynType.Float, syntax.Span);
            case UnaryOperator.Not when type == WynType.Bool:
                return new BoundUnary(BoundUnaryOperator.Not, operand, WynType.Bool, syntax.Span);
            default:
                _diagnostics.ReportUndefinedUnaryOperator(syntax.OperatorSpan, syntax.Operator == UnaryOperator.Negate ? "-" : "not", type.Name);
                return new BoundErrorExpression(syntax.Span);
        }
    }

    private BoundExpression BindTernary(TernarySyntax syntax)
    {
        var condition = BindCondition(syntax.Condition);
        var whenTrue = BindExpression(syntax.WhenTrue);
        var whenFalse = BindExpression(syntax.WhenFalse);
        if (whenTrue.Type.IsNumeric && whenFalse.Type.IsNumeric && whenTrue.Type != whenFalse.Type)
        {
            whenTrue = ToFloat(whenTrue);
            whenFalse = ToFloat(whenFalse);
        }

        whenFalse = CheckAssignable(whenTrue.Type, whenFalse, syntax.WhenFalse.Span);
        return new BoundTernary(condition, whenTrue, whenFalse, whenTrue.Type, syntax.Span);
    }

    // ---- binary operators --------------------------------------------------------------------

    private static bool IsComparison(BinaryOperator op) =>
        op is BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual
            or BinaryOperator.Equal or BinaryOperator.NotEqual;

    private static string Spelling(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Remainder => "%",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.And => "and",
        _ => "or",
    };

    private BoundExpression BindBinary(BinarySyntax syntax)
    {
        // `channel<int>(16)` parses as `(channel < int) > (16)`; WYN-CORE §6 `channel(cap)` takes no type
        // argument, so say that (at the '<') instead of "undefined variable 'int'" (program 280).
        if (syntax is { Operator: BinaryOperator.Greater, Left: BinarySyntax { Operator: BinaryOperator.Less, Left: NameSyntax { Name: "channel" } } typed })
        {
            _diagnostics.ReportChannelTypeArgument(typed.OperatorSpan);
            BindExpression(syntax.Right);
            return new BoundErrorExpression(syntax.Span);
        }

        // `a < b < c` parses (comparisons are one left-associative level) but is rejected here.
        if (IsComparison(syntax.Operator) && syntax.Left is BinarySyntax { Operator: var inner } && IsComparison(inner))
        {
            _diagnostics.ReportChainedComparison(syntax.Span);
            BindExpression(syntax.Left);
            BindExpression(syntax.Right);
            return new BoundErrorExpression(syntax.Span);
        }

        var left = BindExpression(syntax.Left);
        var right = BindExpression(syntax.Right);
        return BindBinaryOperation(left, syntax.Operator, right, syntax.OperatorSpan, syntax.Span);
    }

    private BoundExpression BindBinaryOperation(BoundExpression left, BinaryOperator op, BoundExpression right, TextSpan operatorSpan, TextSpan span)
    {
        var leftType = left.Type.Resolve();
        var rightType = right.Type.Resolve();
        if (leftType == WynType.Error || rightType == WynType.Error)
        {
            return new BoundErrorExpression(span);
        }

        if (op is BinaryOperator.And or BinaryOperator.Or)
        {
            if (leftType == WynType.Bool && rightType == WynType.Bool)
            {
                return new BoundBinary(left, op == BinaryOperator.And ? BoundBinaryOperator.And : BoundBinaryOperator.Or, right, WynType.Bool, span);
            }

            return ReportOperator(op, leftType, rightType, operatorSpan, span);
        }

        if (leftType.IsNumeric && rightType.IsNumeric)
        {
            var isFloat = leftType == WynType.Float || rightType == WynType.Float;
            if (isFloat)
            {
                left = ToFloat(left);
                right = ToFloat(right);
            }

            var (bound, resultType) = (op, isFloat) switch
            {
                (BinaryOperator.Add, false) => (BoundBinaryOperator.AddInt, WynType.Int),
                (BinaryOperator.Subtract, false) => (BoundBinaryOperator.SubtractInt, WynType.Int),
                (BinaryOperator.Multiply, false) => (BoundBinaryOperator.MultiplyInt, WynType.Int),
                (BinaryOperator.Divide, false) => (BoundBinaryOperator.DivideInt, WynType.Int),
                (BinaryOperator.Remainder, false) => (BoundBinaryOperator.RemainderInt, WynType.Int),
                (BinaryOperator.Add, true) => (BoundBinaryOperator.AddFloat, WynType.Float),
                (BinaryOperator.Subtract, true) => (BoundBinaryOperator.SubtractFloat, WynType.Float),
                (BinaryOperator.Multiply, true) => (BoundBinaryOperator.MultiplyFloat, WynType.Float),
                (BinaryOperator.Divide, true) => (BoundBinaryOperator.DivideFloat, WynType.Float),
                (BinaryOperator.Remainder, true) => (BoundBinaryOperator.RemainderFloat, WynType.Float),
                (BinaryOperator.Equal, false) => (BoundBinaryOperator.EqualInt, WynType.Bool),
                (BinaryOperator.NotEqual, false) => (BoundBinaryOperator.NotEqualInt, WynType.Bool),
                (BinaryOperator.Less, false) => (BoundBinaryOperator.LessInt, WynType.Bool),
                (BinaryOperator.LessOrEqual, false) => (BoundBinaryOperator.LessOrEqualInt, WynType.Bool),
                (BinaryOperator.Greater, false) => (BoundBinaryOperator.GreaterInt, WynType.Bool),
                (BinaryOperator.GreaterOrEqual, false) => (BoundBinaryOperator.GreaterOrEqualInt, WynType.Bool),
                (BinaryOperator.Equal, true) => (BoundBinaryOperator.EqualFloat, WynType.Bool),
                (BinaryOperator.NotEqual, true) => (BoundBinaryOperator.NotEqualFloat, WynType.Bool),
                (BinaryOperator.Less, true) => (BoundBinaryOperator.LessFloat, WynType.Bool),
                (BinaryOperator.LessOrEqual, true) => (BoundBinaryOperator.LessOrEqualFloat, WynType.Bool),
                (BinaryOperator.Greater, true) => (BoundBinaryOperator.GreaterFloat, WynType.Bool),
                _ => (BoundBinaryOperator.GreaterOrEqualFloat, WynType.Bool),
            };
            return new BoundBinary(left, bound, right, resultType, span) { PanicSpan = operatorSpan };
        }

        if (op == BinaryOperator.Add && (leftType == WynType.String || rightType == WynType.String)
            && ToText(left) is { } leftText && ToText(right) is { } rightText
            && leftType is not ArrayType && rightType is not ArrayType)
        {
            return new BoundBinary(leftText, BoundBinaryOperator.Concatenate, rightText, WynType.String, span);
        }

        if (op == BinaryOperator.Multiply && leftType == WynType.String && rightType == WynType.Int)
        {
            return new BoundBinary(left, BoundBinaryOperator.RepeatString, right, WynType.String, span) { PanicSpan = operatorSpan };
        }

        if (op == BinaryOperator.Multiply && leftType == WynType.Int && rightType == WynType.String)
        {
            return new BoundBinary(right, BoundBinaryOperator.RepeatString, left, WynType.String, span) { PanicSpan = operatorSpan };
        }

        if (leftType == WynType.String && rightType == WynType.String && IsComparison(op))
        {
            var bound = op switch
            {
                BinaryOperator.Equal => BoundBinaryOperator.EqualString,
                BinaryOperator.NotEqual => BoundBinaryOperator.NotEqualString,
                BinaryOperator.Less => BoundBinaryOperator.LessString,
                BinaryOperator.LessOrEqual => BoundBinaryOperator.LessOrEqualString,
                BinaryOperator.Greater => BoundBinaryOperator.GreaterString,
                _ => BoundBinaryOperator.GreaterOrEqualString,
            };
            return new BoundBinary(left, bound, right, WynType.Bool, span);
        }

        if (leftType == WynType.Bool && rightType == WynType.Bool && op is BinaryOperator.Equal or BinaryOperator.NotEqual)
        {
            return new BoundBinary(left, op == BinaryOperator.Equal ? BoundBinaryOperator.EqualBool : BoundBinaryOperator.NotEqualBool, right, WynType.Bool, span);
        }

        if (leftType is ArrayType && rightType is ArrayType && op is BinaryOperator.Equal or BinaryOperator.NotEqual && TypeRules.Unify(leftType, rightType))
        {
            return new BoundBinary(left, op == BinaryOperator.Equal ? BoundBinaryOperator.EqualArray : BoundBinaryOperator.NotEqualArray, right, WynType.Bool, span);
        }

        return ReportOperator(op, leftType, rightType, operatorSpan, span);
    }

    private BoundErrorExpression ReportOperator(BinaryOperator op, WynType left, WynType right, TextSpan operatorSpan, TextSpan span)
    {
        _diagnostics.ReportUndefinedBinaryOperator(operatorSpan, Spelling(op), left.Name, right.Name);
        return new BoundErrorExpression(span);
    }

    // ---- concurrency -------------------------------------------------------------------------

    private BoundExpression BindAwait(AwaitSyntax syntax)
    {
        var operand = BindExpression(syntax.Operand);
        switch (operand.Type.Resolve())
        {
            case FutureType future:
                return new BoundAwait(operand, future.Result.Resolve(), syntax.Span);
            case var type when type == WynType.Error:
                return new BoundErrorExpression(syntax.Span);
            case var type:
                _diagnostics.ReportAwaitNotFuture(syntax.Operand.Span, type.Name);
                return new BoundErrorExpression(syntax.Span);
        }
    }

    private BoundExpression BindSpawn(SpawnSyntax syntax, bool isFireAndForget)
    {
        var operand = syntax.Operand is ParenthesizedSyntax parenthesized ? parenthesized.Inner : syntax.Operand;
        if (operand is not CallSyntax call)
        {
            _diagnostics.ReportSpawnNotCall(syntax.Operand.Span);
            if (operand is not NameSyntax { Name: var functionName } || !_functions.ContainsKey(functionName))
            {
                BindExpression(syntax.Operand, allowVoid: true); // `spawn f` (no call) needs no second error
            }

            return new BoundErrorExpression(syntax.Span);
        }

        if (call.Callee is not NameSyntax name || !_functions.TryGetValue(name.Name, out var function))
        {
            var what = call.Callee switch
            {
                NameSyntax n => $"'{n.Name}' is not one",
                MemberAccessSyntax member => $"'{member.Name}' is a method, not a top-level function",
                _ => "this expression is not one",
            };
            BindExpression(call, allowVoid: true);

            // `spawn g(1)` with no `g` at all: "undefined function 'g'" says it; a second error there is noise.
            if (!_diagnostics.IsUndefinedFunctionAt(call.Callee.Span.Start))
            {
                _diagnostics.ReportSpawnNotTopLevelFunction(call.Callee.Span, what);
            }

            return new BoundErrorExpression(syntax.Span);
        }

        var arguments = BindUserArguments(function, call);
        var resultType = GetReturnType(function, name.Span);
        _spawnTargets.Add(function);
        return new BoundSpawn(function, arguments, isFireAndForget, new FutureType(resultType), syntax.Span);
    }
}
