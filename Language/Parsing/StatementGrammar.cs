using Pidgin;
using Wyn.Language.Syntax;
using static Pidgin.Parser;
using static Pidgin.Parser<Wyn.Language.Syntax.Token>;
using static Wyn.Language.Parsing.TokenParsers;

namespace Wyn.Language.Parsing;

/// <summary>
/// Statements, declarations and the whole file. Every statement in a list is parsed through
/// <see cref="Recovering"/>: when it fails, the error becomes an <see cref="ErrorStatementSyntax"/> and
/// parsing resumes at the next statement boundary, so all syntax errors of a file are reported.
/// </summary>
internal static class StatementGrammar
{
    private static readonly Parser<Token, ExpressionSyntax> Expression = ExpressionGrammar.Expression;

    // ---- types -------------------------------------------------------------------------------

    // Type forms of features core Wyn does not have (§10) are parsed whole, so that the error says
    // "not supported yet" at the type instead of "expected type, found '('" and a cascade after it.
    private static readonly Parser<Token, TypeSyntax> UnsupportedType = Rec(() => OneOf(
        Lookahead(OpenParen).Before(BalancedSkipper.Group)
            .Select(TypeSyntax (t) => new UnsupportedTypeSyntax("tuples", t.Span)),
        // `{K: V}` only: a bare `{` after `->` is a function body with the return type missing.
        Try(Lookahead(OpenBrace.Before(Identifier).Before(Colon))).Before(BalancedSkipper.Group)
            .Select(TypeSyntax (t) => new UnsupportedTypeSyntax("maps", t.Span)),
        Keyword("fn").Before(BalancedSkipper.Group.Optional()).Before(Punct("->").Then(Type!).Optional())
            .Select(TypeSyntax (t) => new UnsupportedTypeSyntax("function types (lambdas)", t.Span))));

    private static readonly Parser<Token, TypeSyntax> CoreType = Rec(() => OneOf(
        Map(
            (open, element, close) => (TypeSyntax)new ArrayTypeSyntax(element, TextSpan.Cover(open.Span, close.Span)),
            OpenBracket, Type!, CloseBracket),
        UnsupportedType,
        Map(
            (name, arguments) => arguments.HasValue
                ? new GenericTypeSyntax(name.Text, arguments.Value.Arguments, TextSpan.Cover(name.Span, arguments.Value.Close.Span))
                : (TypeSyntax)new NamedTypeSyntax(name.Text, name.Span),
            Identifier,
            Map(
                (_, arguments, close) => (Arguments: (IReadOnlyList<TypeSyntax>)arguments.ToList(), Close: close),
                Punct("<"), Type!.SeparatedAtLeastOnce(Comma), Punct(">")).Optional())));

    /// <summary>A type; <c>T?</c> (an optional) is parsed and reported as not supported yet.</summary>
    public static readonly Parser<Token, TypeSyntax> Type = Rec(() =>
        Map(
            (type, question) => question.HasValue ? new UnsupportedTypeSyntax("optionals", TextSpan.Cover(type.Span, question.Value.Span)) : type,
            CoreType!,
            Punct("?").Optional()))
        .Named("type");

    // ---- simple statements -------------------------------------------------------------------

    private static readonly Parser<Token, StatementSyntax> Empty =
        Semicolon.Select(StatementSyntax (t) => new EmptyStatementSyntax(t.Span));

    // A missing '}' at end of file is recorded in the block rather than failing it, so the errors
    // inside the block are still reported (the block would otherwise be discarded by recovery).
    public static readonly Parser<Token, BlockSyntax> Block = Rec(() =>
        Map(
            (open, statements, close) => new BlockSyntax(statements, TextSpan.Cover(open.Span, close.Token.Span))
            {
                MissingCloseBrace = close.Closed ? null : close.Token.Span,
            },
            OpenBrace,
            StatementList(CloseBrace),
            CloseBrace.Select(t => (Closed: true, Token: t)).Or(Lookahead(EndOfFile).Select(t => (Closed: false, Token: t)))))
        .Named("block");

    // `mut` followed by a name (`var mut x`, `fn f(mut x: int)`): Rust's spelling, one error at `mut`
    // and the declaration is read as if it were absent (sweep 5: it was "expected '='" at the name, or
    // "expected ':'" in a parameter list, and the variable's uses were reported as undefined).
    // `var mut = 1` still declares a variable named `mut` (a reserved word: its own error).
    private static readonly Parser<Token, Maybe<Token>> MutBeforeName =
        Try(Keyword("mut").Before(Lookahead(DeclaredName))).Optional();

    private static readonly Parser<Token, StatementSyntax> VariableDeclaration =
        Map(
            (keyword, mut, name, type, _, initializer) => (StatementSyntax)new VariableDeclarationSyntax(
                keyword.Text == "const", name.Text, name.Span, type.GetValueOrDefault(), initializer, TextSpan.Cover(keyword.Span, initializer.Span))
            {
                MutSpan = mut.HasValue ? mut.Value.Span : null,
            },
            Keyword("var").Or(Keyword("const")),
            MutBeforeName,
            DeclaredName,
            Colon.Then(Type).Optional(),
            Punct("=").Named("'=' (a variable needs an initializer)"),
            Expression);

    // `let` is not Wyn; reject it with a hint, and skip the rest of the statement. The name it
    // declares is kept so that its uses are not reported again as undefined.
    private static readonly Parser<Token, StatementSyntax> Let =
        Map(
            (t, name) => (StatementSyntax)new RejectedStatementSyntax("'let' is not Wyn: use 'var' for a mutable variable or 'const' for a constant", t.Span, t.Span)
            {
                DeclaredName = name.HasValue ? name.Value.Text : null,
            },
            Try(Token(t => t.Kind == TokenKind.Identifier && t.Text == "let").Before(Lookahead(Identifier.Or(Keyword("mut"))))),
            Keyword("mut").Optional().Then(Lookahead(Identifier).Optional()))
            .Before(BalancedSkipper.ToStatementBoundary);

    // The name after the keyword (`struct Point`) is kept so that uses of `Point` later are not
    // reported again as undefined: the one error is "structs are not supported yet".
    private static readonly Parser<Token, StatementSyntax> UnsupportedKeyword =
        Map(
            (t, name) => (StatementSyntax)new RejectedStatementSyntax($"{Keywords.Unsupported[t.Text]} are not supported yet", t.Span, t.Span)
            {
                DeclaredName = name.HasValue && t.Text is "struct" or "enum" or "trait" or "type" or "import" ? name.Value.Text : null,
            },
            Token(t => t.Kind == TokenKind.Keyword && Keywords.Unsupported.ContainsKey(t.Text) && t.Text is not ("Some" or "None" or "match")),
            Lookahead(Identifier).Optional())
            .Before(BalancedSkipper.ToStatementBoundary);

    private static readonly Parser<Token, StatementSyntax> Break =
        Keyword("break").Select(StatementSyntax (t) => new BreakSyntax(t.Span));

    private static readonly Parser<Token, StatementSyntax> Continue =
        Keyword("continue").Select(StatementSyntax (t) => new ContinueSyntax(t.Span));

    // Newlines are insignificant (WYN-CORE §1), so `return` followed by an expression on the next
    // line parses that expression as the value; the binder uses it only in a function that returns a
    // value, so a bare `return` followed by more statements in a function without one still reads as
    // users expect (docs/language.md). An expression on the next line that is the target of an
    // assignment (`x = 1`, `xs[i] += 1`, `n++`) is a statement of its own and never taken.
    private static readonly Parser<Token, (ExpressionSyntax Value, bool NextLine)> ReturnValue = OneOf(
        Lookahead(Token(t => !t.IsFirstOnLine)).Then(Expression).Select(e => (e, false)),
        Try(Expression.Before(Not(Lookahead(Token(t => t.Kind == TokenKind.Punctuation && (AssignmentOperators!.ContainsKey(t.Text) || t.Text is "++" or "--"))))))
            .Select(e => (e, true)));

    private static readonly Parser<Token, StatementSyntax> Return =
        Map(
            (keyword, value) => (StatementSyntax)new ReturnSyntax(
                value.HasValue ? value.Value.Value : null, value.HasValue ? TextSpan.Cover(keyword.Span, value.Value.Value.Span) : keyword.Span)
            {
                ValueOnNextLine = value.HasValue && value.Value.NextLine,
            },
            Keyword("return"),
            ReturnValue.Optional());

    private static readonly Dictionary<string, AssignmentOperator> AssignmentOperators = new(StringComparer.Ordinal)
    {
        ["="] = AssignmentOperator.Assign,
        ["+="] = AssignmentOperator.Add,
        ["-="] = AssignmentOperator.Subtract,
        ["*="] = AssignmentOperator.Multiply,
        ["/="] = AssignmentOperator.Divide,
        ["%="] = AssignmentOperator.Remainder,
    };

    private static readonly Parser<Token, Func<ExpressionSyntax, StatementSyntax>> AssignmentTail = OneOf(
        Map(
            (op, value) => new Func<ExpressionSyntax, StatementSyntax>(target =>
                new AssignmentSyntax(target, AssignmentOperators[op.Text], value, op.Span, TextSpan.Cover(target.Span, value.Span))),
            Token(t => t.Kind == TokenKind.Punctuation && AssignmentOperators.ContainsKey(t.Text)).Named("assignment"),
            Expression),
        Token(t => t.IsPunctuation("++") || t.IsPunctuation("--")).Select(op => new Func<ExpressionSyntax, StatementSyntax>(target =>
            new AssignmentSyntax(
                target,
                op.Text == "++" ? AssignmentOperator.Add : AssignmentOperator.Subtract,
                new IntegerLiteralSyntax(1, op.Span),
                op.Span,
                TextSpan.Cover(target.Span, op.Span))
            {
                IsIncrement = true,
            })));

    private static readonly Parser<Token, StatementSyntax> ExpressionOrAssignment =
        Map(
            (expression, tail) => tail.HasValue ? tail.Value(expression) : new ExpressionStatementSyntax(expression, expression.Span),
            Expression,
            AssignmentTail.Optional());

    // ---- compound statements -----------------------------------------------------------------

    /// <summary>A body: a block, or (braceless) exactly one statement.</summary>
    private static readonly Parser<Token, StatementSyntax> Body =
        Rec(() => Block.Select(StatementSyntax (b) => b).Or(Statement!)).Named("'{'");

    private static readonly Parser<Token, StatementSyntax> If = Rec(() =>
        Map(
            (keyword, condition, then, otherwise) => (StatementSyntax)new IfSyntax(
                condition, then, otherwise.GetValueOrDefault(), TextSpan.Cover(keyword.Span, (otherwise.HasValue ? otherwise.Value : then).Span)),
            Keyword("if"),
            ExpressionGrammar.Condition,
            Body,
            Keyword("else").Then(Body).Optional()));

    private static readonly Parser<Token, StatementSyntax> While =
        Map(
            (keyword, condition, body) => (StatementSyntax)new WhileSyntax(condition, body, TextSpan.Cover(keyword.Span, body.Span)),
            Keyword("while"),
            ExpressionGrammar.Condition,
            Body);

    private static readonly Parser<Token, (Token Operator, ExpressionSyntax End)> RangeTail =
        Punct("..").Or(Punct("..=")).Then(ExpressionGrammar.Condition, (op, end) => (op, end));

    private static readonly Parser<Token, StatementSyntax> For =
        Map(
            (keyword, first, second, source, range, body) => (StatementSyntax)new ForSyntax(
                first.Text,
                first.Span,
                second.HasValue ? second.Value.Text : null,
                second.HasValue ? second.Value.Span : default,
                source,
                range.HasValue ? range.Value.End : null,
                range.HasValue && range.Value.Operator.Text == "..=",
                body,
                TextSpan.Cover(keyword.Span, body.Span)),
            Keyword("for"),
            DeclaredName,
            Comma.Then(DeclaredName).Optional(),
            Keyword("in").Then(ExpressionGrammar.Condition),
            RangeTail.Optional(),
            Body);

    // ---- functions ---------------------------------------------------------------------------

    private static readonly Parser<Token, ParameterSyntax> Parameter =
        Map(
            (mut, name, type) => new ParameterSyntax(name.Text, name.Span, type, TextSpan.Cover(name.Span, type.Span))
            {
                MutSpan = mut.HasValue ? mut.Value.Span : null,
            },
            MutBeforeName,
            DeclaredName,
            Colon.Named("':' and a parameter type").Then(Type)).Named("parameter");

    private static readonly Parser<Token, (TextSpan Span, IReadOnlyList<string> Names)> GenericParameters =
        Map(
            (open, inside, close) => (TextSpan.Cover(open.Span, close.Span), (IReadOnlyList<string>)inside.Where(t => t.Kind == TokenKind.Identifier).Select(t => t.Text).ToList()),
            Punct("<"),
            Token(t => !t.IsPunctuation(">") && t.Kind != TokenKind.EndOfFile).Many(),
            Punct(">"));

    public static readonly Parser<Token, FunctionDeclarationSyntax> Function = Rec(() =>
        Map(
            (keyword, name, generics, parameters, returnType, body) => new FunctionDeclarationSyntax(
                name.Text,
                name.Span,
                parameters,
                returnType.GetValueOrDefault(),
                body.Block,
                body.Expression,
                TextSpan.Cover(keyword.Span, body.Block?.Span ?? body.Expression!.Span))
            {
                GenericParametersSpan = generics.HasValue ? generics.Value.Span : null,
                GenericParameterNames = generics.HasValue ? generics.Value.Names : [],
            },
            Try(Keyword("fn").Before(Lookahead(DeclaredName))),
            DeclaredName,
            GenericParameters.Optional(),
            OpenParen.Then(Parameter.SeparatedAndOptionallyTerminated(Comma)).Before(CloseParen).Select(p => (IReadOnlyList<ParameterSyntax>)p.ToList()),
            Punct("->").Then(Type).Optional(),
            OneOf(
                Block.Select(b => (Block: (BlockSyntax?)b, Expression: (ExpressionSyntax?)null)),
                Punct("=>").Then(Expression).Select(e => (Block: (BlockSyntax?)null, Expression: (ExpressionSyntax?)e)))
            .Named("function body ('{' or '=>')")))
        .Named("function declaration");

    // ---- statements and lists ----------------------------------------------------------------

    public static readonly Parser<Token, StatementSyntax> Statement = Rec(() => OneOf(
        Empty,
        Block.Select(StatementSyntax (b) => b),
        VariableDeclaration,
        Let,
        If,
        While,
        For,
        Break,
        Continue,
        Return,
        Function.Select(StatementSyntax (f) => new NestedFunctionSyntax(f)),
        UnsupportedKeyword,
        ExpressionOrAssignment))
        .Named("statement");

    /// <summary>
    /// One statement with recovery: on failure, report "expected X, found Y" at the offending token and
    /// skip to the next statement boundary. If the statement failed on its very first token that token is
    /// skipped too, so the list always makes progress.
    /// </summary>
    private static readonly Parser<Token, StatementSyntax> Recovering =
        CurrentOffset.Bind(start => Statement.RecoverWith(error =>
            CurrentOffset.Bind(now =>
                (now == start ? BalancedSkipper.CurrentThenToStatementBoundary : BalancedSkipper.ToStatementBoundary)
                    .Then(Return<StatementSyntax>(MakeErrorStatement(error))))))
        .MapWithInput((tokens, statement) => statement is ErrorStatementSyntax failed ? failed with { NamesInside = NamesIn(tokens) } : statement);

    /// <summary>
    /// The names in a failed statement. It may have declared one of them (`var x = (1 + 2`), so an
    /// "undefined" error for these names elsewhere would be a follow-on error; other names still are
    /// reported, so a syntax error does not hide an unrelated undefined name.
    /// </summary>
    private static HashSet<string> NamesIn(ReadOnlySpan<Token> tokens)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Identifier)
            {
                names.Add(token.Text);
            }
        }

        return names;
    }

    private static StatementSyntax MakeErrorStatement(ParseError<Token> error)
    {
        var (message, span) = ParseErrorText.Describe(error, null);
        return new ErrorStatementSyntax(message, span, span);
    }

    /// <summary>Statements up to (not including) <paramref name="terminator"/> or end of file.</summary>
    private static Parser<Token, IReadOnlyList<StatementSyntax>> StatementList(Parser<Token, Token> terminator) =>
        Not(Lookahead(terminator.Or(EndOfFile))).Then(Recovering).Many().Select(s => (IReadOnlyList<StatementSyntax>)s.ToList());

    public static readonly Parser<Token, IReadOnlyList<StatementSyntax>> File =
        StatementList(EndOfFile).Before(EndOfFile);
}
