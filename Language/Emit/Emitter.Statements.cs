using System.Reflection.Emit;
using Wyn.Language.Binding;

namespace Wyn.Language.Emit;

internal sealed partial class Emitter
{
    private void EmitStatement(BoundStatement statement)
    {
        switch (statement)
        {
            case BoundBlock block:
                foreach (var inner in block.Statements)
                {
                    EmitStatement(inner);
                }

                break;
            case BoundVariableDeclaration declaration:
                EmitExpression(declaration.Initializer);
                EmitStoreVariable(declaration.Variable);
                break;
            case BoundExpressionStatement expression:
                EmitExpressionStatement(expression.Expression);
                break;
            case BoundAssignment assignment:
                EmitAssignment(assignment);
                break;
            case BoundStringAppend append:
                EmitStringAppend(append);
                break;
            case BoundIf conditional:
                EmitIf(conditional);
                break;
            case BoundWhile loop:
                EmitWhile(loop);
                break;
            case BoundBreak:
                _il.Emit(OpCodes.Br, _loops.Peek().Break);
                break;
            case BoundContinue:
                _il.Emit(OpCodes.Br, _loops.Peek().Continue);
                break;
            case BoundReturn ret:
                EmitReturn(ret);
                break;
            default:
                throw new InvalidOperationException($"statement {statement.GetType().Name} reached the emitter unlowered");
        }
    }

    private void EmitExpressionStatement(BoundExpression expression)
    {
        if (expression is BoundSpawn { IsFireAndForget: true } spawn)
        {
            EmitFireAndForget(spawn);
            return;
        }

        EmitExpression(expression);
        if (expression.Type.Resolve() != WynType.Void)
        {
            _il.Emit(OpCodes.Pop);
        }
    }

    private void EmitAssignment(BoundAssignment assignment)
    {
        switch (assignment.Target)
        {
            case BoundVariable variable:
                EmitExpression(assignment.Value);
                EmitStoreVariable(variable.Variable);
                break;
            case BoundIndex index:
                var arrayType = ClrTypes.Of(index.Target.Type);
                EmitExpression(index.Target);
                EmitExpression(index.Index);
                EmitExpression(assignment.Value);
                EmitLine(index.PanicSpan);
                _il.Emit(OpCodes.Callvirt, arrayType.GetMethod("Set")!);
                break;
            default:
                throw new InvalidOperationException("invalid assignment target reached the emitter");
        }
    }

    private void EmitIf(BoundIf conditional)
    {
        var otherwise = _il.DefineLabel();
        var end = _il.DefineLabel();
        EmitExpression(conditional.Condition);
        _il.Emit(OpCodes.Brfalse, otherwise);
        EmitStatement(conditional.Then);
        if (conditional.Else is { } elseBranch)
        {
            _il.Emit(OpCodes.Br, end);
            _il.MarkLabel(otherwise);
            EmitStatement(elseBranch);
        }
        else
        {
            _il.MarkLabel(otherwise);
        }

        _il.MarkLabel(end);
    }

    /// <summary>Condition at the bottom (one branch per iteration); <c>continue</c> goes to the step.</summary>
    private void EmitWhile(BoundWhile loop)
    {
        var test = _il.DefineLabel();
        var body = _il.DefineLabel();
        var step = _il.DefineLabel();
        var end = _il.DefineLabel();
        _il.Emit(OpCodes.Br, test);
        _il.MarkLabel(body);
        _loops.Push((end, step));
        EmitStatement(loop.Body);
        _loops.Pop();
        _il.MarkLabel(step);
        if (loop.Step is { } increment)
        {
            EmitStatement(increment);
        }

        _il.MarkLabel(test);
        EmitExpression(loop.Condition);
        _il.Emit(OpCodes.Brtrue, body);
        _il.MarkLabel(end);
    }

    private void EmitReturn(BoundReturn ret)
    {
        if (_isEntry)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ret);
            return;
        }

        if (ret.Value is { } value)
        {
            EmitExpression(value);
        }

        _il.Emit(OpCodes.Ret);
    }
}
