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
                && !statements.Skip(i + 2).Any(later => VariableUse.Mentions(later, future)))
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
}
