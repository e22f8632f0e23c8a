namespace Wyn.Language.Syntax;

public abstract record StatementSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record BlockSyntax(IReadOnlyList<StatementSyntax> Statements, TextSpan Span) : StatementSyntax(Span)
{
    /// <summary>Set when the file ended before the closing '}' (the span of the end of file).</summary>
    public TextSpan? MissingCloseBrace { get; init; }
}

public sealed record EmptyStatementSyntax(TextSpan Span) : StatementSyntax(Span);

/// <summary><c>var x = e</c>, <c>var x: T = e</c> or <c>const X = e</c>.</summary>
public sealed record VariableDeclarationSyntax(bool IsConst, string Name, TextSpan NameSpan, TypeSyntax? Type, ExpressionSyntax Initializer, TextSpan Span) : StatementSyntax(Span)
{
    /// <summary>A Rust-style <c>mut</c> before the name (<c>var mut x = 1</c>): reported, otherwise ignored.</summary>
    public TextSpan? MutSpan { get; init; }
}

public sealed record ExpressionStatementSyntax(ExpressionSyntax Expression, TextSpan Span) : StatementSyntax(Span);

public enum AssignmentOperator
{
    Assign,
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
}

/// <summary><c>target = e</c> and the compound forms; <c>x++</c> is parsed as <c>x += 1</c>.</summary>
public sealed record AssignmentSyntax(ExpressionSyntax Target, AssignmentOperator Operator, ExpressionSyntax Value, TextSpan OperatorSpan, TextSpan Span) : StatementSyntax(Span)
{
    /// <summary>Set for <c>x++</c> / <c>x--</c>, which need a number (<c>s += 1</c> appends to a string, <c>s++</c> is an error).</summary>
    public bool IsIncrement { get; init; }
}

public sealed record IfSyntax(ExpressionSyntax Condition, StatementSyntax Then, StatementSyntax? Else, TextSpan Span) : StatementSyntax(Span);

public sealed record WhileSyntax(ExpressionSyntax Condition, StatementSyntax Body, TextSpan Span) : StatementSyntax(Span);

/// <summary><c>for i in a..b</c> / <c>a..=b</c> (RangeEnd set) or <c>for x in xs</c> / <c>for i, x in xs</c>.</summary>
public sealed record ForSyntax(
    string FirstName,
    TextSpan FirstNameSpan,
    string? SecondName,
    TextSpan SecondNameSpan,
    ExpressionSyntax Source,
    ExpressionSyntax? RangeEnd,
    bool RangeInclusive,
    StatementSyntax Body,
    TextSpan Span) : StatementSyntax(Span);

public sealed record BreakSyntax(TextSpan Span) : StatementSyntax(Span);

public sealed record ContinueSyntax(TextSpan Span) : StatementSyntax(Span);

public sealed record ReturnSyntax(ExpressionSyntax? Value, TextSpan Span) : StatementSyntax(Span)
{
    /// <summary>
    /// The value starts on a line after the <c>return</c>. It is the return value only in a function
    /// that returns one; elsewhere <c>return</c> stands alone and the next line is dead code.
    /// </summary>
    public bool ValueOnNextLine { get; init; }
}

/// <summary>A statement that failed to parse; recovery skipped to the next statement boundary.</summary>
public sealed record ErrorStatementSyntax(string Message, TextSpan ErrorSpan, TextSpan Span) : StatementSyntax(Span)
{
    /// <summary>Every name in the tokens of the failed statement: it may have declared any of them.</summary>
    public IReadOnlyCollection<string> NamesInside { get; init; } = [];
}

/// <summary>A declaration that appears where only statements may (a nested <c>fn</c>), kept so the binder can report it.</summary>
public sealed record NestedFunctionSyntax(FunctionDeclarationSyntax Function) : StatementSyntax(Function.Span);

/// <summary>A statement-level construct core Wyn rejects: <c>let</c>, <c>struct</c>, <c>match</c>…</summary>
public sealed record RejectedStatementSyntax(string Message, TextSpan ErrorSpan, TextSpan Span) : StatementSyntax(Span)
{
    /// <summary>The name a rejected declaration would have declared (<c>Point</c> in <c>struct Point {…}</c>), if any.</summary>
    public string? DeclaredName { get; init; }
}
