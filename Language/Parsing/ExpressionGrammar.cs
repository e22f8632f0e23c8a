using Pidgin;
using Pidgin.Expression;
using Wyn.Language.Syntax;
using static Pidgin.Parser;
using static Pidgin.Parser<Wyn.Language.Syntax.Token>;
using static Wyn.Language.Parsing.TokenParsers;

namespace Wyn.Language.Parsing;

/// <summary>
/// Expressions. Precedence comes from one table (<see cref="OperatorTable"/>, tightest first) fed to
/// Pidgin's <see cref="ExpressionParser"/>; every node gets the span from its first to its last token.
/// </summary>
internal static class ExpressionGrammar
{
    public static readonly Parser<Token, ExpressionSyntax> Expression =
        Rec(() => ExpressionParser.Build(Term!, OperatorTable!)).Named("expression");

    /// <summary>
    /// The condition of <c>if</c> / <c>while</c> and the source of <c>for</c>: an expression whose own
    /// terms never start with '{', which there is the body. Otherwise <c>while { … }</c> or
    /// <c>if x > { … }</c> read the body as a map literal ("not supported yet") and took the next
    /// statement as the body. Inside brackets a map literal is still recognised (and rejected).
    /// </summary>
    public static readonly Parser<Token, ExpressionSyntax> Condition =
        Rec(() => ExpressionParser.Build(ConditionTerm!, OperatorTable!)).Named("expression");

    // ---- terms -------------------------------------------------------------------------------

    private static readonly Parser<Token, ExpressionSyntax> IntegerLiteral =
        Token(t => t.Kind == TokenKind.Integer)
            .Select(ExpressionSyntax (t) => new IntegerLiteralSyntax(t.IntegerValue, t.Span)
            {
                // The lexer lets 2^63 through (as long.MinValue) so that it can be negated; see the binder.
                IsUnnegatedMinimum = t.IntegerValue == long.MinValue && !t.Text.StartsWith("0x", StringComparison.Ordinal) && !t.Text.StartsWith("0b", StringComparison.Ordinal),
            })
            .Named("number");

    private static readonly Parser<Token, ExpressionSyntax> FloatLiteral =
        Token(t => t.Kind == TokenKind.Float).Select(ExpressionSyntax (t) => new FloatLiteralSyntax(t.FloatValue, t.Span)).Named("number");

    private static readonly Parser<Token, ExpressionSyntax> BoolLiteral =
        Token(t => t.IsKeyword("true") || t.IsKeyword("false"))
            .Select(ExpressionSyntax (t) => new BoolLiteralSyntax(t.Text == "true", t.Span)).Named("'true' or 'false'");

    private static readonly Parser<Token, ExpressionSyntax> StringLiteral =
        Token(t => t.Kind == TokenKind.String).Select(ExpressionSyntax (t) => MakeString(t)).Named("string");

    // `channel` is reserved but is also the builtin `channel(cap)`, so it may be used as a name.
    private static readonly Parser<Token, ExpressionSyntax> Name =
        Token(t => t.Kind == TokenKind.Identifier || t.IsKeyword("channel"))
            .Select(ExpressionSyntax (t) => new NameSyntax(t.Text, t.Span)).Named("name");

    private static readonly Parser<Token, ExpressionSyntax> Parenthesized =
        Map(
            (open, items, close) => items.Count == 1
                ? new ParenthesizedSyntax(items[0], TextSpan.Cover(open.Span, close.Span))
                : (ExpressionSyntax)new UnsupportedExpressionSyntax(items.Count == 0 ? "empty tuples" : "tuples", TextSpan.Cover(open.Span, close.Span)),
            OpenParen,
            Rec(() => Expression).SeparatedAtLeastOnce(Comma).Select(items => items.ToList()),
            CloseParen).Named("parenthesized expression");

    // `[a, b]`; `[x for x in xs]` (a list comprehension) is recognised by the `for` after the elements,
    // without backtracking: re-parsing the elements would make nested brackets exponential.
    private static readonly Parser<Token, ExpressionSyntax> ArrayLiteral =
        Map(
            (open, items, end) => end.Comprehension
                ? new UnsupportedExpressionSyntax("list comprehensions", TextSpan.Cover(open.Span, end.Close.Span))
                : (ExpressionSyntax)new ArrayLiteralSyntax(items.ToList(), TextSpan.Cover(open.Span, end.Close.Span)),
            OpenBracket,
            Rec(() => Expression).SeparatedAndOptionallyTerminated(Comma),
            OneOf(
                CloseBracket.Select(close => (Comprehension: false, Close: close)),
                Keyword("for")
                    .Then(BalancedSkipper.Group.Or(Token(t => !t.IsPunctuation("]") && t.Kind != TokenKind.EndOfFile).IgnoreResult()).SkipMany())
                    .Then(CloseBracket)
                    .Select(close => (Comprehension: true, Close: close)))
                .Labelled("']'"))   // not "']' or 'for'": a comprehension is not core, so never suggest one
        .Named("array literal");

    private static readonly Parser<Token, Unit> LambdaRest =
        BalancedSkipper.Group.Optional()
            .Then(Punct("->").Then(MemberName).Optional())
            .Then(Punct("=>").Then(Rec(() => Expression)).IgnoreResult().Or(BalancedSkipper.Group).Optional())
            .IgnoreResult();

    private static readonly Parser<Token, Unit> LambdaBody =
        Lookahead(OpenBrace).Then(BalancedSkipper.Group).Or(Rec(() => Expression).IgnoreResult()).Optional().IgnoreResult();

    private static readonly Parser<Token, ExpressionSyntax> MapLiteral =
        Lookahead(OpenBrace).Before(BalancedSkipper.Group)
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax("map literals", t.Span));

    /// <summary>Lambdas (<c>fn(x) =&gt; x</c>, <c>|x| x</c>), <c>Some</c>/<c>None</c>, <c>match</c>, <c>self</c>: swallowed and reported as not supported yet (map literals: <see cref="MapLiteral"/>).</summary>
    private static readonly Parser<Token, ExpressionSyntax> Unsupported = OneOf(
        Keyword("fn").Before(LambdaRest)
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax("lambdas", t.Span)),
        // `|x, y| body` and `|| body`: the parameters and the body (a block or an expression) are
        // swallowed with the bars, so the names in them are not reported as undefined.
        Token(t => t.IsPunctuation("|"))
            .Before(Token(t => !t.IsPunctuation("|") && t.Kind != TokenKind.EndOfFile).SkipMany())
            .Before(Punct("|"))
            .Before(LambdaBody)
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax("lambdas", t.Span)),
        Token(t => t.IsPunctuation("||"))
            .Before(LambdaBody)
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax("lambdas", t.Span)),
        Token(t => t.IsKeyword("Some") || t.IsKeyword("None"))
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax("optionals (Some/None)", t.Span)),
        Keyword("match").Before(Rec(() => Expression).Optional()).Before(BalancedSkipper.Group.Optional())
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax(Keywords.Unsupported["match"], t.Span)),
        Keyword("self")
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax(Keywords.Unsupported["self"], t.Span)));

    // `Point { x: 1, y: 2 }`: a name, '{', a name and ':' can only be a struct literal (a block never
    // starts with `name:`), so it is one "not supported yet" instead of a cascade of syntax errors.
    private static readonly Parser<Token, ExpressionSyntax> StructLiteral =
        Try(Identifier.Before(Lookahead(OpenBrace.Then(Identifier).Then(Colon))))
            .Before(BalancedSkipper.Group)
            .Select(ExpressionSyntax (t) => new UnsupportedExpressionSyntax("struct literals", t.Span));

    private static readonly Parser<Token, ExpressionSyntax> Term =
        OneOf(IntegerLiteral, FloatLiteral, StringLiteral, BoolLiteral, StructLiteral, Name, Parenthesized, ArrayLiteral, MapLiteral, Unsupported)
            .Named("expression");

    private static readonly Parser<Token, ExpressionSyntax> ConditionTerm =
        OneOf(IntegerLiteral, FloatLiteral, StringLiteral, BoolLiteral, StructLiteral, Name, Parenthesized, ArrayLiteral, Unsupported)
            .Named("expression");

    // ---- operators ---------------------------------------------------------------------------

    private static readonly Parser<Token, ArgumentSyntax> Argument =
        Map(
            (name, value) => name.HasValue
                ? new ArgumentSyntax(name.Value.Text, name.Value.Span, value)
                : new ArgumentSyntax(null, default, value),
            Try(Identifier.Before(Colon)).Optional(),
            Rec(() => Expression)).Named("argument");

    private static readonly Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>> CallSuffix =
        Map(
            (_, arguments, close) => new Func<ExpressionSyntax, ExpressionSyntax>(callee =>
                new CallSyntax(callee, arguments, TextSpan.Cover(callee.Span, close.Span))),
            OpenParen,
            Argument.SeparatedAndOptionallyTerminated(Comma).Select(a => (IReadOnlyList<ArgumentSyntax>)a.ToList()),
            CloseParen).Named("call");

    private static readonly Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>> IndexSuffix =
        Map(
            (open, index, slice, close) => new Func<ExpressionSyntax, ExpressionSyntax>(target => slice
                ? new UnsupportedExpressionSyntax("slices", TextSpan.Cover(target.Span, close.Span))
                : new IndexSyntax(target, index.GetValueOrDefault()!, open.Span, TextSpan.Cover(target.Span, close.Span))),   // a null index (`xs[]`) is reported by the binder
            OpenBracket,
            Rec(() => Expression).Optional(),
            Token(t => t.IsPunctuation(":") || t.IsPunctuation("..") || t.IsPunctuation("..=")).Then(Rec(() => Expression).Optional()).Select(_ => true).Or(Return(false)),
            CloseBracket).Named("index");

    // `e.await()` is the legacy spelling of `await e`.
    private static readonly Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>> LegacyAwaitSuffix =
        Try(Punct(".").Then(Keyword("await"))).Then(OpenParen).Then(CloseParen)
            .Select(close => new Func<ExpressionSyntax, ExpressionSyntax>(operand =>
                new AwaitSyntax(operand, TextSpan.Cover(operand.Span, close.Span))));

    private static readonly Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>> MemberSuffix =
        Punct(".").Then(OneOf(
                MemberName.Select(name => new Func<ExpressionSyntax, ExpressionSyntax>(target =>
                    new MemberAccessSyntax(target, name.Text, name.Span, TextSpan.Cover(target.Span, name.Span)))),
                // `pair.0`: a tuple field (§10).
                Token(t => t.Kind is TokenKind.Integer or TokenKind.Float).Select(field => new Func<ExpressionSyntax, ExpressionSyntax>(target =>
                    new UnsupportedExpressionSyntax("tuples", TextSpan.Cover(target.Span, field.Span))))))
            .Named("member access");

    private static Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>> Prefix(Parser<Token, Token> op, Func<Token, ExpressionSyntax, ExpressionSyntax> make) =>
        op.Select(t => new Func<ExpressionSyntax, ExpressionSyntax>(operand => make(t, operand)));

    private static readonly Parser<Token, Func<ExpressionSyntax, ExpressionSyntax>>[] Prefixes =
    [
        Prefix(Punct("-"), (t, e) => new UnarySyntax(UnaryOperator.Negate, e, t.Span, TextSpan.Cover(t.Span, e.Span))),
        Prefix(Keyword("not").Or(Punct("!")), (t, e) => new UnarySyntax(UnaryOperator.Not, e, t.Span, TextSpan.Cover(t.Span, e.Span))),
        Prefix(Keyword("await"), (t, e) => new AwaitSyntax(e, TextSpan.Cover(t.Span, e.Span))),
        Prefix(Keyword("spawn"), (t, e) => new SpawnSyntax(e, TextSpan.Cover(t.Span, e.Span))),
    ];

    private static Parser<Token, Func<ExpressionSyntax, ExpressionSyntax, ExpressionSyntax>> Binary(Parser<Token, Token> op, BinaryOperator kind) =>
        op.Select(t => new Func<ExpressionSyntax, ExpressionSyntax, ExpressionSyntax>((left, right) =>
            new BinarySyntax(left, kind, t.Span, right, TextSpan.Cover(left.Span, right.Span))));

    private static readonly Parser<Token, Func<ExpressionSyntax, ExpressionSyntax, ExpressionSyntax>> TernaryOperator =
        Punct("?").Then(Rec(() => Expression)).Before(Colon)
            .Select(whenTrue => new Func<ExpressionSyntax, ExpressionSyntax, ExpressionSyntax>((condition, whenFalse) =>
                new TernarySyntax(condition, whenTrue, whenFalse, TextSpan.Cover(condition.Span, whenFalse.Span))));

    /// <summary>WYN-CORE §5 precedence, tightest first.</summary>
    private static readonly IEnumerable<OperatorTableRow<Token, ExpressionSyntax>>[] OperatorTable =
    [
        [Operator.PostfixChainable(LegacyAwaitSuffix, CallSuffix, IndexSuffix, MemberSuffix)],
        [Operator.PrefixChainable(Prefixes)],
        [
            Operator.InfixL(Binary(Punct("*"), BinaryOperator.Multiply)),
            Operator.InfixL(Binary(Punct("/"), BinaryOperator.Divide)),
            Operator.InfixL(Binary(Punct("%"), BinaryOperator.Remainder)),
        ],
        [
            Operator.InfixL(Binary(Punct("+"), BinaryOperator.Add)),
            Operator.InfixL(Binary(Punct("-"), BinaryOperator.Subtract)),
        ],
        [
            Operator.InfixL(Binary(Punct("=="), BinaryOperator.Equal)),
            Operator.InfixL(Binary(Punct("!="), BinaryOperator.NotEqual)),
            Operator.InfixL(Binary(Punct("<="), BinaryOperator.LessOrEqual)),
            Operator.InfixL(Binary(Punct(">="), BinaryOperator.GreaterOrEqual)),
            Operator.InfixL(Binary(Punct("<"), BinaryOperator.Less)),
            Operator.InfixL(Binary(Punct(">"), BinaryOperator.Greater)),
        ],
        [Operator.InfixL(Binary(Keyword("and").Or(Punct("&&")), BinaryOperator.And))],
        [Operator.InfixL(Binary(Keyword("or").Or(Punct("||")), BinaryOperator.Or))],
        [Operator.InfixR(TernaryOperator)],
    ];

    // ---- string interpolation ----------------------------------------------------------------

    // The stream of an interpolation ends in an end-of-file token standing for its `}`: name it so,
    // or `"${1 2}"` says "expected end of file" inside a string (sweep 5, program 276).
    private static readonly Parser<Token, ExpressionSyntax> InterpolatedExpression =
        Rec(() => Expression).Before(EndOfFile.Labelled("'}' to end the interpolation"));

    private static StringLiteralSyntax MakeString(Token token)
    {
        var segments = new List<StringSegmentSyntax>(token.StringParts.Count);
        foreach (var part in token.StringParts)
        {
            if (part.ExpressionTokens is not { } tokens)
            {
                segments.Add(new StringSegmentSyntax(part.Literal, null, part.Span));
                continue;
            }

            segments.Add(new StringSegmentSyntax(null, ParseInterpolation(tokens, part.Span), part.Span));
        }

        return new StringLiteralSyntax(segments, token.Span);
    }

    private static ExpressionSyntax ParseInterpolation(IReadOnlyList<Token> tokens, TextSpan span)
    {
        if (tokens.Count == 0)
        {
            return new ErrorExpressionSyntax("empty interpolation '${}'", span);
        }

        var end = tokens[^1].Span.End;
        var stream = tokens.Where(t => t.Kind != TokenKind.BadCharacter).Append(new Token(TokenKind.EndOfFile, "'}'", new TextSpan(end, 0))).ToArray();
        if (NestingGuard.FindTooDeep(stream) is { } deep)
        {
            return new ErrorExpressionSyntax(NestingGuard.Message, deep.Span);
        }

        try
        {
            if (!NestingGuard.EnterInterpolation())
            {
                // Sweep 9: 30,000 levels of "${"${…}"}" got past the bracket count (each level is
                // parsed on its own) and ended as an internal compiler error.
                return new ErrorExpressionSyntax(NestingGuard.InterpolationMessage, span);
            }

            var result = InterpolatedExpression.Parse(stream);
            if (result.Success)
            {
                return result.Value;
            }

            var (message, errorSpan) = ParseErrorText.Describe(result.Error!, stream);
            return new ErrorExpressionSyntax(message, errorSpan);
        }
        finally
        {
            NestingGuard.LeaveInterpolation();
        }
    }
}
