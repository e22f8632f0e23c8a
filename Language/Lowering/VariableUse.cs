using Wyn.Language.Binding;

namespace Wyn.Language.Lowering;

/// <summary>Where a variable is used in a bound tree (lowering passes that move or change its storage ask).</summary>
internal static class VariableUse
{
    /// <summary>True when <paramref name="node"/> reads or writes <paramref name="variable"/> (or is a node this walk does not know: then it may).</summary>
    public static bool Mentions(BoundNode node, VariableSymbol variable) => node switch
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

    /// <summary>
    /// Adds every variable <paramref name="node"/> reads or writes to <paramref name="variables"/>;
    /// false when the tree has a node this walk does not know (then the set may be incomplete).
    /// </summary>
    public static bool Collect(BoundNode node, ISet<VariableSymbol> variables) => node switch
    {
        BoundVariable v => Note(v.Variable, variables),
        BoundLiteral or BoundErrorExpression or BoundBreak or BoundContinue => true,
        BoundArrayLiteral a => a.Elements.All(e => Collect(e, variables)),
        BoundIndex i => Collect(i.Target, variables) && Collect(i.Index, variables),
        BoundUnary u => Collect(u.Operand, variables),
        BoundBinary b => Collect(b.Left, variables) && Collect(b.Right, variables),
        BoundTernary t => Collect(t.Condition, variables) && Collect(t.WhenTrue, variables) && Collect(t.WhenFalse, variables),
        BoundConversion c => Collect(c.Operand, variables),
        BoundInterpolation s => s.Parts.All(p => Collect(p, variables)),
        BoundCall c => c.Arguments.All(a => Collect(a, variables)),
        BoundBuiltinCall c => c.Arguments.All(a => Collect(a, variables)) && c.Named.Values.All(a => Collect(a, variables)),
        BoundSpawn s => s.Arguments.All(a => Collect(a, variables)),
        BoundAwait a => Collect(a.Operand, variables),
        BoundBlock b => b.Statements.All(s => Collect(s, variables)),
        BoundVariableDeclaration d => Note(d.Variable, variables) && Collect(d.Initializer, variables),
        BoundExpressionStatement e => Collect(e.Expression, variables),
        BoundAssignment a => Collect(a.Target, variables) && Collect(a.Value, variables),
        BoundCompoundAssignment a => Collect(a.Target, variables) && Collect(a.Value, variables),
        BoundIf i => Collect(i.Condition, variables) && Collect(i.Then, variables) && (i.Else is not { } e || Collect(e, variables)),
        BoundWhile w => Collect(w.Condition, variables) && Collect(w.Body, variables) && (w.Step is not { } s || Collect(s, variables)),
        BoundForRange f => Note(f.Variable, variables) && Collect(f.Start, variables) && Collect(f.End, variables) && Collect(f.Body, variables),
        BoundForEach f => Collect(f.Source, variables) && Collect(f.Body, variables),
        BoundReturn r => r.Value is not { } value || Collect(value, variables),
        _ => false,
    };

    private static bool Note(VariableSymbol variable, ISet<VariableSymbol> variables)
    {
        variables.Add(variable);
        return true;
    }
}
