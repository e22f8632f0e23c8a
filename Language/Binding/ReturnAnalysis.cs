namespace Wyn.Language.Binding;

/// <summary>
/// Decides whether a statement can complete normally ("fall off the end"). Conservative and
/// structural: a return, a panic, an if/else whose branches both end, or a <c>while true</c> loop
/// without <c>break</c> ends; anything else may fall through.
/// </summary>
internal static class ReturnAnalysis
{
    public static bool AlwaysEnds(BoundStatement statement) => statement switch
    {
        BoundReturn => true,
        BoundExpressionStatement { Expression: BoundBuiltinCall { Builtin: Builtin.Panic } } => true,
        BoundBlock block => block.Statements.Any(AlwaysEnds),
        BoundIf { Else: { } otherwise } conditional => AlwaysEnds(conditional.Then) && AlwaysEnds(otherwise),
        BoundWhile { Condition: BoundLiteral { Value: true } } loop => !ContainsBreak(loop.Body),
        _ => false,
    };

    private static bool ContainsBreak(BoundStatement statement) => statement switch
    {
        BoundBreak => true,
        BoundBlock block => block.Statements.Any(ContainsBreak),
        BoundIf conditional => ContainsBreak(conditional.Then) || (conditional.Else is { } otherwise && ContainsBreak(otherwise)),
        _ => false, // a break inside a nested loop leaves that loop, not this one
    };
}
