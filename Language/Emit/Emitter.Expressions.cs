using System.Reflection.Emit;
using Wyn.Language.Binding;
using Wyn.Language.Runtime;
using Wyn.Language.Syntax;

namespace Wyn.Language.Emit;

internal sealed partial class Emitter
{
    /// <summary>Pushes the value of <paramref name="expression"/>; nothing for expressions of type nothing.</summary>
    private void EmitExpression(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundLiteral literal:
                EmitLiteral(literal.Value, literal.Span);
                break;
            case BoundVariable variable when variable.Type.Resolve() is FutureType:
                EmitVariableAddress(variable.Variable);
                EmitShareFuture(variable.Type);
                break;
            case BoundVariable variable:
                EmitLoadVariable(variable.Variable);
                break;
            case BoundArrayLiteral array:
                EmitArrayLiteral(array);
                break;
            case BoundIndex index:
                EmitIndex(index);
                break;
            case BoundUnary unary:
                EmitExpression(unary.Operand);
                if (unary.Operator == BoundUnaryOperator.Not)
                {
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Ceq);
                }
                else
                {
                    _il.Emit(OpCodes.Neg);
                }

                break;
            case BoundBinary binary:
                EmitBinary(binary);
                break;
            case BoundTernary ternary:
                var otherwise = _il.DefineLabel();
                var end = _il.DefineLabel();
                EmitExpression(ternary.Condition);
                _il.Emit(OpCodes.Brfalse, otherwise);
                EmitExpression(ternary.WhenTrue);
                _il.Emit(OpCodes.Br, end);
                _il.MarkLabel(otherwise);
                EmitExpression(ternary.WhenFalse);
                _il.MarkLabel(end);
                break;
            case BoundConversion conversion:
                EmitConversion(conversion);
                break;
            case BoundInterpolation interpolation:
                EmitInterpolation(interpolation);
                break;
            case BoundCall call:
                foreach (var argument in call.Arguments)
                {
                    EmitExpression(argument);
                }

                EmitDepthPlusOne();
                if (_emittingResumable && _resumableMethods.TryGetValue(call.Function, out var resumable))
                {
                    _il.Emit(OpCodes.Call, resumable);
                    EmitAwaitValueTask(ClrTypes.ReturnOf(call.Function.ReturnType!));
                }
                else
                {
                    _il.Emit(OpCodes.Call, _methods[call.Function]);
                }

                break;
            case BoundBuiltinCall builtin:
                EmitBuiltin(builtin);
                break;
            case BoundSpawn spawn:
                EmitSpawn(spawn);
                break;
            case BoundAwait awaitExpression:
                EmitAwait(awaitExpression);
                break;
            default:
                throw new InvalidOperationException($"expression {expression.GetType().Name} reached the emitter");
        }
    }

    private void EmitLiteral(object value, TextSpan span)
    {
        switch (value)
        {
            case long integer:
                _il.Emit(OpCodes.Ldc_I8, integer);
                break;
            case double real:
                _il.Emit(OpCodes.Ldc_R8, real);
                break;
            case bool boolean:
                _il.Emit(boolean ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
                break;
            case string text:
                if (_stringHeapBytes > MaximumStringHeapOffset)
                {
                    throw new WynLimitException(span,
                        $"too much text in string constants: a program may have about {MaximumStringHeapOffset / 2:N0} characters of them before its last one (a limit of the .NET runtime; build long text at run time instead)");
                }

                _stringHeapBytes += (2L * text.Length) + 5;

                _il.Emit(OpCodes.Ldstr, text);
                break;
            default:
                throw new InvalidOperationException("unknown literal");
        }
    }

    private void EmitArrayLiteral(BoundArrayLiteral array)
    {
        var arrayType = ClrTypes.Of(array.ArrayType);
        var elementType = ClrTypes.ElementOf(arrayType);
        if (array.Elements.Count == 0)
        {
            _il.Emit(OpCodes.Newobj, arrayType.GetConstructor(Type.EmptyTypes)!);
            return;
        }

        _il.Emit(OpCodes.Ldc_I4, array.Elements.Count);
        _il.Emit(OpCodes.Newarr, elementType);
        for (var i = 0; i < array.Elements.Count; i++)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldc_I4, i);
            EmitExpression(array.Elements[i]);
            _il.Emit(OpCodes.Stelem, elementType);
        }

        _il.Emit(OpCodes.Call, arrayType.GetMethod("FromArray")!);
    }

    private void EmitIndex(BoundIndex index)
    {
        EmitExpression(index.Target);
        EmitExpression(index.Index);
        EmitLine(index.PanicSpan);
        if (index.Target.Type.Resolve() == WynType.String)
        {
            _il.Emit(OpCodes.Call, RuntimeMethods.StringAt);
        }
        else
        {
            _il.Emit(OpCodes.Callvirt, ClrTypes.Of(index.Target.Type).GetMethod("Get")!);
        }
    }

    private void EmitConversion(BoundConversion conversion)
    {
        EmitExpression(conversion.Operand);
        var from = conversion.Operand.Type.Resolve();
        if (conversion.Type == WynType.Float)
        {
            _il.Emit(OpCodes.Conv_R8);
            return;
        }

        // To string.
        if (from == WynType.Int)
        {
            _il.Emit(OpCodes.Call, RuntimeMethods.FormatInt);
        }
        else if (from == WynType.Float)
        {
            _il.Emit(OpCodes.Call, RuntimeMethods.FormatFloat);
        }
        else if (from == WynType.Bool)
        {
            _il.Emit(OpCodes.Call, RuntimeMethods.FormatBool);
        }
        else if (from is ArrayType)
        {
            var arrayType = ClrTypes.Of(from);
            var method = ClrTypes.IsFutureArray(arrayType) ? nameof(WynFormat.FutureArray) : nameof(WynFormat.Array);
            _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynFormat), method, arrayType.GetGenericArguments()[0]));
        }
    }

    private void EmitInterpolation(BoundInterpolation interpolation) => EmitConcat(interpolation.Parts);

    /// <summary><c>string.Concat(new[] { pieces… })</c>, the pieces evaluated left to right.</summary>
    private void EmitConcat(IReadOnlyList<BoundExpression> pieces)
    {
        _il.Emit(OpCodes.Ldc_I4, pieces.Count);
        _il.Emit(OpCodes.Newarr, typeof(string));
        for (var i = 0; i < pieces.Count; i++)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldc_I4, i);
            EmitExpression(pieces[i]);
            _il.Emit(OpCodes.Stelem_Ref);
        }

        _il.Emit(OpCodes.Call, RuntimeMethods.ConcatMany);
    }

    /// <summary>
    /// <c>a + b + c + …</c> on strings as one <c>string.Concat</c> of all the pieces, evaluated left to
    /// right as before: one allocation for the result instead of one per <c>+</c> (a 100,000-piece
    /// expression allocated ~10 GB of intermediate strings and took 41 s; sweep 7).
    /// </summary>
    private void EmitConcatenation(BoundBinary chain)
    {
        var pieces = new List<BoundExpression>();
        BoundExpression current = chain;
        while (current is BoundBinary { Operator: BoundBinaryOperator.Concatenate } concatenation)
        {
            pieces.Add(concatenation.Right);
            current = concatenation.Left;
        }

        pieces.Add(current);
        pieces.Reverse();
        EmitConcat(pieces);
    }

    private void EmitBinary(BoundBinary binary)
    {
        if (binary.Operator is BoundBinaryOperator.And or BoundBinaryOperator.Or)
        {
            // Short circuit: `a and b` = a ? b : false; `a or b` = a ? true : b.
            var shortCircuit = _il.DefineLabel();
            var end = _il.DefineLabel();
            EmitExpression(binary.Left);
            _il.Emit(binary.Operator == BoundBinaryOperator.And ? OpCodes.Brfalse : OpCodes.Brtrue, shortCircuit);
            EmitExpression(binary.Right);
            _il.Emit(OpCodes.Br, end);
            _il.MarkLabel(shortCircuit);
            _il.Emit(binary.Operator == BoundBinaryOperator.And ? OpCodes.Ldc_I4_0 : OpCodes.Ldc_I4_1);
            _il.MarkLabel(end);
            return;
        }

        if (binary.Operator == BoundBinaryOperator.Concatenate && binary.Left is BoundBinary { Operator: BoundBinaryOperator.Concatenate })
        {
            EmitConcatenation(binary);
            return;
        }

        EmitExpression(binary.Left);
        EmitExpression(binary.Right);
        switch (binary.Operator)
        {
            case BoundBinaryOperator.AddInt or BoundBinaryOperator.AddFloat:
                _il.Emit(OpCodes.Add);
                break;
            case BoundBinaryOperator.SubtractInt or BoundBinaryOperator.SubtractFloat:
                _il.Emit(OpCodes.Sub);
                break;
            case BoundBinaryOperator.MultiplyInt or BoundBinaryOperator.MultiplyFloat:
                _il.Emit(OpCodes.Mul);
                break;
            case BoundBinaryOperator.DivideFloat:
                _il.Emit(OpCodes.Div);
                break;
            case BoundBinaryOperator.RemainderFloat:
                _il.Emit(OpCodes.Rem);
                break;
            case BoundBinaryOperator.DivideInt:
                EmitLine(binary.PanicSpan);
                _il.Emit(OpCodes.Call, RuntimeMethods.Div);
                break;
            case BoundBinaryOperator.RemainderInt:
                EmitLine(binary.PanicSpan);
                _il.Emit(OpCodes.Call, RuntimeMethods.Mod);
                break;
            case BoundBinaryOperator.Concatenate:
                _il.Emit(OpCodes.Call, RuntimeMethods.Concat);
                break;
            case BoundBinaryOperator.RepeatString:
                EmitLine(binary.PanicSpan);
                _il.Emit(OpCodes.Call, RuntimeMethods.Repeat);
                break;
            case BoundBinaryOperator.EqualInt or BoundBinaryOperator.EqualFloat or BoundBinaryOperator.EqualBool:
                _il.Emit(OpCodes.Ceq);
                break;
            case BoundBinaryOperator.NotEqualInt or BoundBinaryOperator.NotEqualFloat or BoundBinaryOperator.NotEqualBool:
                _il.Emit(OpCodes.Ceq);
                EmitNot();
                break;
            case BoundBinaryOperator.LessInt or BoundBinaryOperator.LessFloat:
                _il.Emit(OpCodes.Clt);
                break;
            case BoundBinaryOperator.GreaterInt or BoundBinaryOperator.GreaterFloat:
                _il.Emit(OpCodes.Cgt);
                break;
            case BoundBinaryOperator.LessOrEqualInt:
                _il.Emit(OpCodes.Cgt);
                EmitNot();
                break;
            case BoundBinaryOperator.GreaterOrEqualInt:
                _il.Emit(OpCodes.Clt);
                EmitNot();
                break;
            case BoundBinaryOperator.LessOrEqualFloat:
                // cgt.un is true for "greater or unordered", so its negation is false for NaN, as IEEE wants.
                _il.Emit(OpCodes.Cgt_Un);
                EmitNot();
                break;
            case BoundBinaryOperator.GreaterOrEqualFloat:
                _il.Emit(OpCodes.Clt_Un);
                EmitNot();
                break;
            case BoundBinaryOperator.EqualString:
                _il.Emit(OpCodes.Call, RuntimeMethods.StringEqual);
                break;
            case BoundBinaryOperator.NotEqualString:
                _il.Emit(OpCodes.Call, RuntimeMethods.StringEqual);
                EmitNot();
                break;
            case BoundBinaryOperator.LessString or BoundBinaryOperator.LessOrEqualString or BoundBinaryOperator.GreaterString or BoundBinaryOperator.GreaterOrEqualString:
                _il.Emit(OpCodes.Call, RuntimeMethods.StringCompare);
                _il.Emit(OpCodes.Ldc_I4_0);
                switch (binary.Operator)
                {
                    case BoundBinaryOperator.LessString:
                        _il.Emit(OpCodes.Clt);
                        break;
                    case BoundBinaryOperator.GreaterString:
                        _il.Emit(OpCodes.Cgt);
                        break;
                    case BoundBinaryOperator.LessOrEqualString:
                        _il.Emit(OpCodes.Cgt);
                        EmitNot();
                        break;
                    default:
                        _il.Emit(OpCodes.Clt);
                        EmitNot();
                        break;
                }

                break;
            case BoundBinaryOperator.EqualArray or BoundBinaryOperator.NotEqualArray:
                var comparedType = ClrTypes.Of(binary.Left.Type);
                var equality = ClrTypes.IsFutureArray(comparedType) ? nameof(ArrayEquality.AreFutureArraysEqual) : nameof(ArrayEquality.AreEqual);
                _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(ArrayEquality), equality, comparedType.GetGenericArguments()[0]));
                if (binary.Operator == BoundBinaryOperator.NotEqualArray)
                {
                    EmitNot();
                }

                break;
            default:
                throw new InvalidOperationException($"operator {binary.Operator} reached the emitter");
        }
    }

    /// <summary>A future read out of its storage as a value (a copy): see <see cref="FutureSharing{T}"/>.</summary>
    private void EmitShareFuture(WynType futureType)
    {
        var resultType = ClrTypes.Of(((FutureType)futureType.Resolve()).Result);
        _il.Emit(OpCodes.Call, typeof(FutureSharing<>).MakeGenericType(resultType).GetMethod(nameof(FutureSharing<int>.Share))!);
    }

    private void EmitNot()
    {
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    /// <summary>
    /// <c>await e</c>. A future held in a variable or array element is awaited in that storage, so the
    /// runtime memoizes the value there and a second await returns it: through a reference to a
    /// variable, and by index for an array element (<see cref="WynFutureArray{T}.Await"/>).
    /// </summary>
    private void EmitAwait(BoundAwait awaitExpression)
    {
        var futureType = ClrTypes.Of(awaitExpression.Operand.Type);
        switch (awaitExpression.Operand)
        {
            case BoundVariable variable:
                if (_emittingResumable)
                {
                    EmitSuspendUntilFinished(futureType, () => EmitVariableAddress(variable.Variable));
                }

                EmitContext();
                EmitVariableAddress(variable.Variable);
                // A global may be awaited by several tasks at once (WynFuture.AwaitShared); a local only by its own.
                _il.Emit(OpCodes.Call, futureType.GetMethod(IsGlobal(variable.Variable) ? "AwaitShared" : "Await")!);
                break;
            case BoundIndex { Target.Type: ArrayType } index:
                var arrayType = ClrTypes.Of(index.Target.Type);
                if (_emittingResumable)
                {
                    var array = _il.DeclareLocal(arrayType);
                    var position = _il.DeclareLocal(typeof(long));
                    EmitExpression(index.Target);
                    _il.Emit(OpCodes.Stloc, array);
                    EmitExpression(index.Index);
                    _il.Emit(OpCodes.Stloc, position);
                    EmitContext();
                    _il.Emit(OpCodes.Ldloc, array);
                    _il.Emit(OpCodes.Ldloc, position);
                    EmitLine(index.PanicSpan);
                    _il.Emit(OpCodes.Call, arrayType.GetMethod(nameof(WynFutureArray<long>.WhenFinished))!);
                    EmitAwaitValueTask(typeof(void));
                    EmitContext();
                    _il.Emit(OpCodes.Ldloc, array);
                    _il.Emit(OpCodes.Ldloc, position);
                }
                else
                {
                    EmitContext();
                    EmitExpression(index.Target);
                    EmitExpression(index.Index);
                }

                EmitLine(index.PanicSpan);
                _il.Emit(OpCodes.Call, arrayType.GetMethod("Await")!);
                break;
            default:
                var temporary = _il.DeclareLocal(futureType);
                EmitExpression(awaitExpression.Operand);
                _il.Emit(OpCodes.Stloc, temporary);
                if (_emittingResumable)
                {
                    EmitSuspendUntilFinished(futureType, () => _il.Emit(OpCodes.Ldloca, temporary));
                }

                EmitContext();
                _il.Emit(OpCodes.Ldloca, temporary);
                _il.Emit(OpCodes.Call, futureType.GetMethod("Await")!);
                break;
        }

        if (awaitExpression.Type.Resolve() == WynType.Void)
        {
            _il.Emit(OpCodes.Pop); // the Unit result of a task without value
        }
    }

    /// <summary>
    /// In a resumable version (decision 0013), before the await of the future whose address
    /// <paramref name="emitAddress"/> pushes: suspends until its work has finished. The handle is read
    /// first and passed by value, as an awaited call cannot take a reference (WynFuture.WhenFinished).
    /// </summary>
    private void EmitSuspendUntilFinished(Type futureType, Action emitAddress)
    {
        EmitContext();
        emitAddress();
        _il.Emit(OpCodes.Call, futureType.GetMethod(nameof(WynFuture<long>.HandleOf))!);
        _il.Emit(OpCodes.Call, futureType.GetMethod(nameof(WynFuture<long>.WhenFinished))!);
        EmitAwaitValueTask(typeof(void));
    }
}
