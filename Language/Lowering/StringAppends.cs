using Wyn.Language.Binding;

namespace Wyn.Language.Lowering;

/// <summary>
/// Finds string variables that a loop appends to, <c>s = s + a + b</c> (what <c>s += a</c> lowers to)
/// or <c>s = "${s}…"</c>, and turns each such assignment into a <see cref="BoundStringAppend"/>. The
/// emitter keeps those variables in a <c>StringAppender</c> (a builder) instead of a string, so
/// building a string one piece at a time is linear, not quadratic (100,000 one-character appends
/// took 2.4 s). Every other use of the variable still sees a plain string.
/// </summary>
/// <remarks>
/// Why this keeps the meaning: the pieces are evaluated in the same order, after reading <c>s</c>, and
/// none of them may name <c>s</c> (<c>s = s + "x" + s</c> would see the half-built value, so it is
/// left alone). Only variables that one method invocation owns qualify (locals; for the entry, also
/// script globals that no function names): Wyn has no closures, so nothing else can read the
/// appender while it changes. Appends outside loops are left alone: there is nothing to gain.
/// </remarks>
internal static class StringAppends
{
    /// <summary>The lowered <paramref name="body"/> with its appends rewritten; <paramref name="appended"/> gets their variables.</summary>
    public static BoundBlock Rewrite(BoundBlock body, Func<VariableSymbol, bool> owned, ISet<VariableSymbol> appended) =>
        (BoundBlock)Rewrite(body, owned, appended, inLoop: false);

    private static BoundStatement Rewrite(BoundStatement statement, Func<VariableSymbol, bool> owned, ISet<VariableSymbol> appended, bool inLoop)
    {
        switch (statement)
        {
            case BoundBlock block:
                List<BoundStatement>? rewritten = null;
                for (int i = 0; i < block.Statements.Count; i++)
                {
                    var inner = Rewrite(block.Statements[i], owned, appended, inLoop);
                    if (rewritten is null && !ReferenceEquals(inner, block.Statements[i]))
                    {
                        rewritten = [.. block.Statements.Take(i)];
                    }

                    rewritten?.Add(inner);
                }

                return rewritten is null ? block : block with { Statements = rewritten };
            case BoundIf conditional:
                var then = Rewrite(conditional.Then, owned, appended, inLoop);
                var otherwise = conditional.Else is { } elseBranch ? Rewrite(elseBranch, owned, appended, inLoop) : null;
                return ReferenceEquals(then, conditional.Then) && ReferenceEquals(otherwise, conditional.Else)
                    ? conditional
                    : conditional with { Then = then, Else = otherwise };
            case BoundWhile loop:
                var body = Rewrite(loop.Body, owned, appended, inLoop: true);
                return ReferenceEquals(body, loop.Body) ? loop : loop with { Body = body };
            case BoundAssignment { Target: BoundVariable { Variable: var variable } } assignment
                when inLoop && variable.Type.Resolve() == WynType.String && owned(variable) && Pieces(assignment.Value, variable) is { } pieces:
                appended.Add(variable);
                return new BoundStringAppend(variable, pieces, assignment.Span);
            default:
                return statement;
        }
    }

    /// <summary>What <paramref name="value"/> appends to <paramref name="variable"/>, or null when it is not <c>variable + …</c>.</summary>
    private static List<BoundExpression>? Pieces(BoundExpression value, VariableSymbol variable)
    {
        var pieces = new List<BoundExpression>();
        var current = value;
        while (current is BoundBinary { Operator: BoundBinaryOperator.Concatenate } concatenation)
        {
            pieces.Add(concatenation.Right);
            current = concatenation.Left;
        }

        pieces.Reverse();
        if (current is BoundInterpolation { Parts: [BoundVariable first, ..] } interpolation && pieces.Count == 0)
        {
            current = first;
            pieces.AddRange(interpolation.Parts.Skip(1));
        }

        if (current is not BoundVariable start || !ReferenceEquals(start.Variable, variable) || pieces.Count == 0
            || pieces.Any(piece => VariableUse.Mentions(piece, variable)))
        {
            return null;
        }

        return pieces;
    }
}
