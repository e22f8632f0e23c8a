using Wyn.Language.Binding;

namespace Wyn.Language.Lowering;

/// <summary>
/// <c>var f = spawn g(x)</c> directly followed by <c>xs.push(f)</c>, where <c>f</c> is used nowhere
/// else, becomes <c>xs.push(spawn g(x))</c>: the form whose task may write its value into the array
/// in place (decision 0009), without an engine future. Written the first way, W1 took 1.6× as long
/// and needed a 16-byte future slot per task.
/// </summary>
/// <remarks>
/// The two forms do the same thing. The spawn's arguments are evaluated before the push in both,
/// and <c>xs</c> must be a local or a parameter, which no call in those arguments can make name
/// another array (a global could be reassigned by a function the arguments call).
/// </remarks>
internal static class SpawnPushFusion
{
    /// <summary>The statements of one block, with every such pair fused.</summary>
    public static IReadOnlyList<BoundStatement> Fuse(IReadOnlyList<BoundStatement> statements)
    {
        List<BoundStatement>? fused = null;
        for (int i = 0; i < statements.Count; i++)
        {
            if (i + 1 < statements.Count
                && TryFuse(statements[i], statements[i + 1], out VariableSymbol? future, out BoundStatement? push)
                && !statements.Skip(i + 2).Any(later => Mentions(later, future)))
            {
                fused ??= [.. statements.Take(i)];
                fused.Add(push);
                i++;
                continue;
            }

            fused?.Add(statements[i]);
        }

        return fused ?? statements;
    }

    private static bool TryFuse(
        BoundStatement first,
        BoundStatement second,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VariableSymbol? future,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoundStatement? push)
    {
        future = null;
        push = null;
        if (first is not BoundVariableDeclaration { Variable: { Kind: VariableKind.Local } declared, Initializer: BoundSpawn { IsFireAndForget: false } spawn }
            || second is not BoundExpressionStatement
            {
                Expression: BoundBuiltinCall
                {
                    Builtin: Builtin.Push,
                    Arguments: [BoundVariable { Variable.Kind: VariableKind.Local or VariableKind.Parameter } array, BoundVariable pushed],
                } call,
            } statement
            || !ReferenceEquals(pushed.Variable, declared)
            || ReferenceEquals(array.Variable, declared))
        {
            return false;
        }

        future = declared;
        push = statement with { Expression = call with { Arguments = [array, spawn] } };
        return true;
    }

    /// <summary>True when <paramref name="node"/> reads or writes <paramref name="variable"/> (or is a node this walk does not know: then it may).</summary>
    private static bool Mentions(BoundNode node, VariableSymbol variable) => node switch
    {
        BoundVariable v => ReferenceEquals(v.Variable, variable),
        BoundLiteral or BoundErrorExpression or BoundBreak or BoundContinue => false,
        BoundArrayLiteral a => a.Elements.Any(e => Mentions(e, variable)),
        BoundIndex i => Mentions(i.Target, variable) || Mentions(i.Index, variable),
        BoundUnary u => Mentions(u.Operand, variable),
        BoundBinary b => Mentions(b.Left, variable) || Mentions(b.Right, variable),
        BoundTernary t => Mentions(t.Condition, variable) || Mentions(t.WhenTrue, variable) || Mentions(t.WhenFalse, variable),
        BoundConversion c => Mentions(c.Operand, variable),
        BoundInterpolation s => s.Parts.Any(p => Mentions(p, variable)),
        BoundCall c => c.Arguments.Any(a => Mentions(a, variable)),
        BoundBuiltinCall c => c.Arguments.Any(a => Mentions(a, variable)) || c.Named.Values.Any(a => Mentions(a, variable)),
        BoundSpawn s => s.Arguments.Any(a => Mentions(a, variable)),
        BoundAwait a => Mentions(a.Operand, variable),
        BoundBlock b => b.Statements.Any(s => Mentions(s, variable)),
        BoundVariableDeclaration d => ReferenceEquals(d.Variable, variable) || Mentions(d.Initializer, variable),
        BoundExpressionStatement e => Mentions(e.Expression, variable),
        BoundAssignment a => Mentions(a.Target, variable) || Mentions(a.Value, variable),
        BoundCompoundAssignment a => Mentions(a.Target, variable) || Mentions(a.Value, variable),
        BoundIf i => Mentions(i.Condition, variable) || Mentions(i.Then, variable) || (i.Else is { } e && Mentions(e, variable)),
        BoundWhile w => Mentions(w.Condition, variable) || Mentions(w.Body, variable) || (w.Step is { } s && Mentions(s, variable)),
        BoundForRange f => Mentions(f.Start, variable) || Mentions(f.End, variable) || Mentions(f.Body, variable),
        BoundForEach f => Mentions(f.Source, variable) || Mentions(f.Body, variable),
        BoundReturn r => r.Value is { } value && Mentions(value, variable),
        _ => true,
    };
}
