using Wyn.Language.Binding;
using Wyn.Language.Syntax;

namespace Wyn.Language.Lowering;

/// <summary>
/// Rewrites the bound tree into the few statement forms the emitter knows: for loops become while
/// loops with their bounds evaluated once into hidden locals, and compound assignments become plain
/// assignments that evaluate the target (array and index) once. A spawn kept in a local only to be
/// pushed becomes a push of the spawn (<see cref="SpawnPushFusion"/>).
/// </summary>
internal static class Lowerer
{
    public static BoundBlock Lower(BoundBlock block) => (BoundBlock)LowerStatement(block);

    private static VariableSymbol Temporary(string purpose, WynType type, TextSpan span) =>
        new($"<{purpose}>", type, false, VariableKind.Local, span);

    private static BoundStatement LowerStatement(BoundStatement statement) => statement switch
    {
        BoundBlock block => new BoundBlock(SpawnPushFusion.Fuse(block.Statements.Select(LowerStatement).ToList()), block.Span),
        BoundIf conditional => conditional with
        {
            Then = LowerStatement(conditional.Then),
            Else = conditional.Else is { } otherwise ? LowerStatement(otherwise) : null,
        },
        BoundWhile loop => loop with { Body = LowerStatement(loop.Body) },
        BoundForRange loop => LowerForRange(loop),
        BoundForEach loop => LowerForEach(loop),
        BoundCompoundAssignment compound => LowerCompoundAssignment(compound),
        _ => statement,
    };

    /// <summary>
    /// <c>for i in a..b body</c> →
    /// <c>{ var start = a; var end = b; var k = start; while k &lt; end { var i = k; body } step k = k + 1 }</c>.
    /// The user's <c>i</c> is a fresh copy each iteration, so assigning it does not change the iteration.
    /// </summary>
    private static BoundStatement LowerForRange(BoundForRange loop)
    {
        var span = loop.Span;
        var end = Temporary("end", WynType.Int, span);
        var counter = Temporary("counter", WynType.Int, span);
        var counterValue = new BoundVariable(counter, span);
        var condition = new BoundBinary(
            counterValue,
            loop.Inclusive ? BoundBinaryOperator.LessOrEqualInt : BoundBinaryOperator.LessInt,
            new BoundVariable(end, span),
            WynType.Bool,
            span);
        var body = new BoundBlock([new BoundVariableDeclaration(loop.Variable, counterValue, span), LowerStatement(loop.Body)], span);
        var step = new BoundAssignment(counterValue, new BoundBinary(counterValue, BoundBinaryOperator.AddInt, new BoundLiteral(1L, WynType.Int, span), WynType.Int, span), span);
        var whileLoop = new BoundWhile(condition, body, span) { Step = step };

        if (loop.Inclusive)
        {
            // `a..=long.MaxValue` must not wrap around: stop explicitly after the last value.
            var guard = new BoundIf(
                new BoundBinary(counterValue, BoundBinaryOperator.EqualInt, new BoundVariable(end, span), WynType.Bool, span),
                new BoundBreak(span),
                null,
                span);
            whileLoop = whileLoop with { Body = new BoundBlock([body, guard], span) };
        }

        return new BoundBlock(
            [
                new BoundVariableDeclaration(counter, loop.Start, span),
                new BoundVariableDeclaration(end, loop.End, span),
                whileLoop,
            ],
            span);
    }

    /// <summary>
    /// <c>for i, x in xs body</c> → <c>{ var src = xs; var n = len(src); var k = 0; while k &lt; n { var i = k; var x = src[k]; body } step k = k + 1 }</c>.
    /// The length is read once: pushing inside the loop does not extend it.
    /// </summary>
    private static BoundStatement LowerForEach(BoundForEach loop)
    {
        var span = loop.Span;
        var source = Temporary("source", loop.Source.Type, span);
        var length = Temporary("length", WynType.Int, span);
        var counter = Temporary("counter", WynType.Int, span);
        var sourceValue = new BoundVariable(source, span);
        var counterValue = new BoundVariable(counter, span);
        var lengthCall = new BoundBuiltinCall(
            loop.Source.Type.Resolve() is ArrayType ? Builtin.ArrayLength : Builtin.StringLength,
            [sourceValue],
            WynType.Int,
            span);
        var bodyStatements = new List<BoundStatement>();
        if (loop.Index is { } index)
        {
            bodyStatements.Add(new BoundVariableDeclaration(index, counterValue, span));
        }

        var element = new BoundIndex(sourceValue, counterValue, loop.Element.Type, span);
        BoundExpression stride = new BoundLiteral(1L, WynType.Int, span);
        if (loop.Source.Type.Resolve() is not ArrayType)
        {
            // A string is walked character by character: `s[i]` at a UTF-8 continuation byte is "",
            // so the counter steps over the whole character (its byte length, at least 1) and `i`
            // stays the character's byte position (`s[i] == c`). A hidden copy of the character
            // keeps the stride right even if the body assigns to `c`.
            var character = Temporary("character", WynType.String, span);
            bodyStatements.Add(new BoundVariableDeclaration(character, element, span));
            stride = new BoundBuiltinCall(
                Builtin.MaxInt,
                [new BoundBuiltinCall(Builtin.StringLength, [new BoundVariable(character, span)], WynType.Int, span), stride],
                WynType.Int,
                span);
            bodyStatements.Add(new BoundVariableDeclaration(loop.Element, new BoundVariable(character, span), span));
        }
        else
        {
            bodyStatements.Add(new BoundVariableDeclaration(loop.Element, element, span));
        }

        bodyStatements.Add(LowerStatement(loop.Body));
        var step = new BoundAssignment(counterValue, new BoundBinary(counterValue, BoundBinaryOperator.AddInt, stride, WynType.Int, span), span);
        var condition = new BoundBinary(counterValue, BoundBinaryOperator.LessInt, new BoundVariable(length, span), WynType.Bool, span);
        return new BoundBlock(
            [
                new BoundVariableDeclaration(source, loop.Source, span),
                new BoundVariableDeclaration(length, lengthCall, span),
                new BoundVariableDeclaration(counter, new BoundLiteral(0L, WynType.Int, span), span),
                new BoundWhile(condition, new BoundBlock(bodyStatements, span), span) { Step = step },
            ],
            span);
    }

    /// <summary><c>x op= e</c> → <c>x = x op e</c>; <c>xs[i] op= e</c> → <c>{ var a = xs; var k = i; a[k] = a[k] op e }</c>.</summary>
    private static BoundStatement LowerCompoundAssignment(BoundCompoundAssignment compound)
    {
        var span = compound.Span;
        switch (compound.Target)
        {
            case BoundIndex index:
                var array = Temporary("array", index.Target.Type, span);
                var position = Temporary("index", WynType.Int, span);
                var element = new BoundIndex(new BoundVariable(array, span), new BoundVariable(position, span), index.Type, index.Span) { PanicSpan = index.PanicSpan };
                return new BoundBlock(
                    [
                        new BoundVariableDeclaration(array, index.Target, span),
                        new BoundVariableDeclaration(position, index.Index, span),
                        new BoundAssignment(element, new BoundBinary(element, compound.Operator, compound.Value, index.Type, span), span),
                    ],
                    span);
            default:
                return new BoundAssignment(
                    compound.Target,
                    new BoundBinary(compound.Target, compound.Operator, compound.Value, compound.Target.Type, span),
                    span);
        }
    }
}
