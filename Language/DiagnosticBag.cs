using Wyn.Language.Syntax;

namespace Wyn.Language;

/// <summary>
/// Diagnostics as data: every compile error of every phase is reported through exactly one
/// <c>ReportX</c> method here, so message wording lives in one place and phases never throw.
/// </summary>
internal sealed class DiagnosticBag
{
    private readonly SourceText _source;
    private readonly List<Diagnostic> _diagnostics = [];

    /// <summary>Where each diagnostic of <see cref="_diagnostics"/> starts (same index), to find follow-on errors at a name.</summary>
    private readonly List<int> _starts = [];

    /// <summary>Indexes of the "reserved word used as a name" diagnostics themselves (never dropped as follow-on errors).</summary>
    private readonly HashSet<int> _reservedNameDiagnostics = [];
    private readonly HashSet<(int, string)> _seen = [];

    public DiagnosticBag(SourceText source) => _source = source;

    public int Count => _diagnostics.Count;

    /// <summary>Where "undefined function" was reported (so `spawn g()` with no `g` gets no second error).</summary>
    private readonly HashSet<int> _undefinedFunctions = [];

    public bool IsUndefinedFunctionAt(int start) => _undefinedFunctions.Contains(start);

    /// <summary>An empty bag for the same source (for a trial pass whose diagnostics may be discarded).</summary>
    public DiagnosticBag CreateEmptyCopy()
    {
        var copy = new DiagnosticBag(_source) { SuppressUndefinedNames = SuppressUndefinedNames };
        copy.UnsupportedDeclarations.UnionWith(UnsupportedDeclarations);
        copy.NamesInBrokenStatements.UnionWith(NamesInBrokenStatements);
        copy.TokensAfterUnterminatedStrings.UnionWith(TokensAfterUnterminatedStrings);
        copy.ReservedWordsUsedAsNames.UnionWith(ReservedWordsUsedAsNames);
        copy.BadCharacters.AddRange(BadCharacters);
        return copy;
    }

    public void AddRange(DiagnosticBag other)
    {
        for (int i = 0; i < other._diagnostics.Count; i++)
        {
            if (other._reservedNameDiagnostics.Contains(i))
            {
                _reservedNameDiagnostics.Add(_diagnostics.Count);
            }

            _diagnostics.Add(other._diagnostics[i]);
            _starts.Add(other._starts[i]);
        }
    }

    /// <summary>
    /// The diagnostics in source order. A reserved word declared as a name (<c>var type = 5</c>) is one
    /// error at the declaration: the parser cannot read the word's later uses as a name (`println(type)`
    /// is "expected ')'", `match = 6` a match expression), so errors that start at such a use are dropped.
    /// </summary>
    public IReadOnlyList<Diagnostic> ToSortedList()
    {
        var kept = new List<Diagnostic>(_diagnostics.Count);
        for (int i = 0; i < _diagnostics.Count; i++)
        {
            if (_reservedNameDiagnostics.Contains(i) || !StartsWithReservedWordUsedAsName(_starts[i]))
            {
                kept.Add(_diagnostics[i]);
            }
        }

        return kept.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    /// <summary>Reserved words that the program declared as a variable, parameter, loop variable or function name.</summary>
    public HashSet<string> ReservedWordsUsedAsNames { get; } = new(StringComparer.Ordinal);

    /// <summary>One error at the declaration; its uses are not reported again (<see cref="ToSortedList"/>).</summary>
    public void ReportReservedWordAsName(TextSpan span, string name)
    {
        ReservedWordsUsedAsNames.Add(name);
        int before = _diagnostics.Count;
        Report(span, $"'{name}' is a reserved word and cannot be used as a name");
        if (_diagnostics.Count > before)
        {
            _reservedNameDiagnostics.Add(before);
        }
    }

    private bool StartsWithReservedWordUsedAsName(int start)
    {
        if (ReservedWordsUsedAsNames.Count == 0)
        {
            return false;
        }

        var text = _source.Text;
        int end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end > start
            && (start == 0 || !(char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '_'))
            && ReservedWordsUsedAsNames.Contains(text[start..end]);
    }

    private void Report(TextSpan span, string message)
    {
        // The same message at the same place is noise (e.g. one bad name used twice in one expression).
        if (!_seen.Add((span.Start, message)))
        {
            return;
        }

        var start = Math.Clamp(span.Start, 0, _source.Text.Length);
        var (line, column) = _source.GetLineAndColumn(start);
        var length = _source.CountCharacters(start, Math.Clamp(span.End, start, _source.Text.Length));
        _diagnostics.Add(new Diagnostic(_source.Path, line, column, Math.Max(1, length), message, _source.GetLineText(line - 1)));
        _starts.Add(start);
    }

    // ---- syntax ---------------------------------------------------------------------------------

    public void ReportSyntaxError(TextSpan span, string message) => Report(span, message);

    /// <summary>
    /// Where the token after an unterminated string starts. The string took the rest of its line, often
    /// with the ')' of the call it was in, so "expected ')'" at the next token is a follow-on error.
    /// </summary>
    public HashSet<int> TokensAfterUnterminatedStrings { get; } = [];

    /// <summary>
    /// Where the lexer dropped an unexpected character (already reported). The parser never sees it, so
    /// a parse error later on its line is usually a follow-on (`println(1 @ 2)`: "expected ')', found
    /// number '2'") and is not reported; other lines are unaffected (polish 6, program 283).
    /// </summary>
    public List<int> BadCharacters { get; } = [];

    /// <summary>A statement that failed to parse: reported unless it failed only because of an unterminated string or an unexpected character before it.</summary>
    public void ReportParseError(TextSpan span, string message)
    {
        if (TokensAfterUnterminatedStrings.Contains(span.Start))
        {
            return;
        }

        foreach (var bad in BadCharacters)
        {
            if (bad < span.Start && _source.GetLineNumber(bad) == _source.GetLineNumber(span.Start))
            {
                return;
            }
        }

        Report(span, message);
    }

    /// <summary>An unclosed '{': reported where the parser noticed (end of file, §8), naming the line of the brace.</summary>
    public void ReportMissingCloseBrace(TextSpan span, int openBracePosition) =>
        Report(span, $"expected '}}' to close the '{{' on line {_source.GetLineNumber(openBracePosition)}, found end of file");

    public void ReportMissingIndex(TextSpan span) => Report(span, "expected an index between '[' and ']'");

    public void ReportUnsupported(TextSpan span, string feature) => Report(span, $"{feature} are not supported yet");

    public void ReportNestedFunction(TextSpan span, string name) =>
        Report(span, $"nested functions are not supported yet: declare '{name}' at the top level");

    // ---- names and declarations ---------------------------------------------------------------

    /// <summary>
    /// After syntax errors, a name may be undefined only because its declaration failed to parse; such
    /// follow-on errors are dropped so the real ones stand out.
    /// </summary>
    public bool SuppressUndefinedNames { get; set; }

    /// <summary>Names declared by rejected (§10) declarations such as <c>struct Point</c>: their uses are not errors of their own.</summary>
    public HashSet<string> UnsupportedDeclarations { get; } = new(StringComparer.Ordinal);

    /// <summary>Names that appear in statements that failed to parse (one of them may have declared the name).</summary>
    public HashSet<string> NamesInBrokenStatements { get; } = new(StringComparer.Ordinal);

    public void ReportUndefinedName(TextSpan span, string name)
    {
        if (!SuppressUndefinedNames && !UnsupportedDeclarations.Contains(name) && !NamesInBrokenStatements.Contains(name))
        {
            Report(span, $"undefined variable '{name}'");
        }
    }

    public void ReportUndefinedFunction(TextSpan span, string name)
    {
        _undefinedFunctions.Add(span.Start);
        if (UnsupportedDeclarations.Contains(name) || NamesInBrokenStatements.Contains(name))
        {
            return;
        }

        Report(span, $"undefined function '{name}'");
    }

    public void ReportNothingType(TextSpan span) =>
        Report(span, "'nothing' is only the result type of a future (Future<nothing>); a function without a value has no '-> T', and no variable holds nothing");

    public void ReportUnknownType(TextSpan span, string name)
    {
        if (UnsupportedDeclarations.Contains(name))
        {
            return;
        }

        Report(span, name is "Result" or "Option" or "Optional" or "Map" or "map" or "HashMap" or "Dict" or "dict" or "Tuple" or "tuple"
            ? $"type '{name}' is not supported yet"
            : $"unknown type '{name}'");
    }

    /// <summary>`Future` written without its result type (`[Future]`) or with several: it was "unknown type 'Future'", which misleads.</summary>
    public void ReportFutureTypeArguments(TextSpan span, int given) =>
        Report(span, given == 0
            ? "type 'Future' needs its result type, e.g. Future<int>"
            : $"type 'Future' takes one type argument (its result type, e.g. Future<int>), not {given}");

    public void ReportDuplicateFunction(TextSpan span, string name) => Report(span, $"function '{name}' is already defined");

    public void ReportDuplicateVariable(TextSpan span, string name) => Report(span, $"'{name}' is already declared in this scope");

    public void ReportDuplicateParameter(TextSpan span, string name) => Report(span, $"duplicate parameter '{name}'");

    public void ReportBuiltinRedefined(TextSpan span, string name) => Report(span, $"'{name}' is a builtin function and cannot be redefined");

    public void ReportAssignToConst(TextSpan span, string name) => Report(span, $"cannot assign to constant '{name}'");

    public void ReportNotAssignable(TextSpan span) => Report(span, "this expression cannot be assigned to");

    public void ReportStatementBesideMain(TextSpan span) =>
        Report(span, "top-level statements are not allowed in a program that has 'fn main'; move them into main");

    public void ReportInvalidMain(TextSpan span, string problem) => Report(span, $"invalid 'main': {problem}");

    public void ReportCannotInferEmptyArray(TextSpan span) =>
        Report(span, "cannot infer the element type of '[]': push an element or annotate it, e.g. 'var xs: [int] = []'");

    public void ReportCannotInferReturnType(TextSpan span, string name) =>
        Report(span, $"cannot infer the return type of '{name}' because it uses itself; declare it with '-> T'");

    // ---- types --------------------------------------------------------------------------------

    public void ReportTypeMismatch(TextSpan span, string expected, string actual) =>
        Report(span, $"type mismatch: expected {expected}, found {actual}");

    public void ReportUndefinedBinaryOperator(TextSpan span, string op, string left, string right) =>
        Report(span, $"operator '{op}' cannot be applied to {left} and {right}");

    public void ReportUndefinedUnaryOperator(TextSpan span, string op, string operand) =>
        Report(span, $"operator '{op}' cannot be applied to {operand}");

    public void ReportChannelTypeArgument(TextSpan span) =>
        Report(span, "channel takes no type argument: write channel(16); the element type is fixed by the first send");

    public void ReportChainedComparison(TextSpan span) =>
        Report(span, "comparisons cannot be chained: write 'a < b and b < c'");

    public void ReportNoValue(TextSpan span) => Report(span, "this expression has no value");

    public void ReportConditionNotBool(TextSpan span, string actual) => Report(span, $"condition must be bool, found {actual}");

    public void ReportNotIndexable(TextSpan span, string type) => Report(span, $"cannot index a value of type {type}");

    public void ReportNotIterable(TextSpan span, string type) => Report(span, $"cannot iterate over a value of type {type}");

    // ---- calls --------------------------------------------------------------------------------

    public void ReportWrongArgumentCount(TextSpan span, string name, string expected, int actual) =>
        Report(span, $"'{name}' takes {expected} argument{(expected == "1" ? string.Empty : "s")}, but {actual} {(actual == 1 ? "was" : "were")} given");

    public void ReportUnknownMethod(TextSpan span, string type, string name) => Report(span, $"{type} has no method '{name}'");

    public void ReportUnknownMember(TextSpan span, string owner, string name)
    {
        if (!UnsupportedDeclarations.Contains(owner))
        {
            Report(span, $"'{owner}' has no member '{name}'");
        }
    }

    public void ReportNoMemberOfType(TextSpan span, string type, string name) => Report(span, $"{type} has no member '{name}'");

    public void ReportNeedlessMut(TextSpan span, string advice) => Report(span, $"'mut' is not Wyn: {advice}");

    public void ReportNotCallable(TextSpan span) => Report(span, "this expression cannot be called");

    public void ReportUnknownNamedArgument(TextSpan span, string function, string name) =>
        Report(span, $"'{function}' has no named argument '{name}'");

    public void ReportRepeatedNamedArgument(TextSpan span, string name) => Report(span, $"named argument '{name}' is given twice");

    public void ReportNamedArgumentNotAllowed(TextSpan span, string function) => Report(span, $"'{function}' does not take named arguments");

    // ---- control flow -------------------------------------------------------------------------

    public void ReportMissingReturn(TextSpan span, string name, string type) =>
        Report(span, $"function '{name}' must return a value of type {type} on every path");

    public void ReportReturnValueFromVoid(TextSpan span, string name) =>
        Report(span, $"function '{name}' does not return a value; remove the value or declare '-> T'");

    public void ReportReturnWithoutValue(TextSpan span, string name, string type) =>
        Report(span, $"function '{name}' must return a value of type {type}");

    public void ReportReturnValueFromScript(TextSpan span) => Report(span, "a top-level 'return' cannot return a value");

    public void ReportOutsideLoop(TextSpan span, string keyword) => Report(span, $"'{keyword}' outside a loop");

    // ---- concurrency --------------------------------------------------------------------------

    public void ReportSpawnNotCall(TextSpan span) => Report(span, "'spawn' needs a call of a top-level function, e.g. 'spawn f(x)'");

    /// <param name="what">What the callee is instead: "'println' is not one", "this expression is not one".</param>
    public void ReportSpawnNotTopLevelFunction(TextSpan span, string what) =>
        Report(span, $"'spawn' needs a top-level function; {what}");

    public void ReportAwaitNotFuture(TextSpan span, string type) => Report(span, $"'await' needs a Future, found {type}");

    public void ReportGlobalWriteFromSpawned(TextSpan span, string name, string function) =>
        Report(span, $"cannot write global '{name}' in '{function}', which runs in spawned tasks; use Shared or a channel");

    public void ReportChannelElementConflict(TextSpan span, string first, string second) =>
        Report(span, $"type mismatch: this channel carries {first} (its first send, or a send on a channel whose handle meets this one in a variable, a parameter, an array, or a channel or Shared cell it passes through), but {second} is sent here; a channel has one element type");
}
