using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

/// <summary>
/// Resolves names and types and performs every check of WYN-CORE.md. Program-level passes live here;
/// statements, expressions and calls are in the other parts of this partial class.
/// Order: (1) declare every function signature, (2) bind the top level in source order (globals,
/// script statements), (3) bind every function body, (4) whole-program checks (unresolved <c>[]</c>,
/// global writes from spawned code, channel element types).
/// </summary>
internal sealed partial class Binder
{
    private static readonly HashSet<string> TypeNames = new(StringComparer.Ordinal) { "int", "float", "bool", "string" };

    private readonly DiagnosticBag _diagnostics;
    private readonly Scope _globalScope = new(null);
    private readonly Dictionary<string, FunctionSymbol> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<FunctionSymbol, BoundBlock> _bodies = [];
    private readonly List<VariableSymbol> _globals = [];
    private readonly List<(ArrayType Type, TextSpan Span)> _emptyArrays = [];

    /// <summary>
    /// Arrays of unknown element type held by a variable whose uses may not have been bound: its name is
    /// a reserved word, or appears in a statement that failed to parse (perhaps the push that would have
    /// fixed the type). "Cannot infer" for them would be a follow-on error.
    /// </summary>
    private readonly List<ArrayType> _excusedEmptyArrays = [];
    private readonly HashSet<FunctionSymbol> _spawnTargets = [];
    /// <summary>The first pass's channel flow, which types <c>recv</c> in the second pass (null in the first).</summary>
    private readonly ChannelFlow? _channels;

    // Per-body state.
    private FunctionSymbol? _function;
    private Scope _scope;
    private Scope _functionScope;
    private int _loopDepth;
    private bool _isTopLevel;

    /// <summary>Locals of the body being bound that a bare <c>x = e</c> declared inside an inner block (see <see cref="WithZeroStarts"/>).</summary>
    private List<VariableSymbol> _blockDeclaredLocals = [];

    /// <summary>The function being bound has a statement that failed to parse or was rejected: a bare `return` there may be the front of it (`return as`).</summary>
    private bool _functionHasBrokenStatement;

    private Binder(DiagnosticBag diagnostics, ChannelFlow? channels)
    {
        _diagnostics = diagnostics;
        _channels = channels;
        _scope = _globalScope;
        _functionScope = _globalScope;
    }

    /// <summary>True when the program receives from a channel, so a second pass may be needed to type it.</summary>
    public bool UsesReceive { get; private set; }

    public static BoundProgram Bind(CompilationUnitSyntax unit, DiagnosticBag diagnostics)
    {
        // `recv` is typed by what is sent on that channel (WYN-CORE §6; see ChannelFlow). The first
        // pass types it as int; only when the program receives and sends something else is a second
        // pass needed, which types each `recv` from the first pass's channel flow.
        var firstDiagnostics = diagnostics.CreateEmptyCopy();
        var first = new Binder(firstDiagnostics, null);
        var program = first.BindProgram(unit);
        var flow = ChannelFlow.Of(program);
        if (!first.UsesReceive || !flow.SendsNonInt)
        {
            first.CheckChannelTypes(flow);
            diagnostics.AddRange(firstDiagnostics);
            return program;
        }

        var second = new Binder(diagnostics, flow);
        program = second.BindProgram(unit);
        second.CheckChannelTypes(ChannelFlow.Of(program));
        return program;
    }

    private BoundProgram BindProgram(CompilationUnitSyntax unit)
    {
        DeclareFunctions(unit);
        var main = _functions.GetValueOrDefault("main");
        _mainFunction = main;
        if (main is not null)
        {
            CheckMainSignature(main);
        }

        var initialization = BindTopLevel(unit, hasMain: main is not null);

        var functions = new List<BoundFunction>();
        foreach (var function in _functions.Values)
        {
            functions.Add(new BoundFunction(function, GetBody(function)));
        }

        foreach (var (type, span) in _emptyArrays)
        {
            if (type.Resolve() is ArrayType { Element: null } unknown
                && !_excusedEmptyArrays.Exists(excused => ReferenceEquals(excused.Resolve(), unknown)))
            {
                _diagnostics.ReportCannotInferEmptyArray(span);
            }
        }

        CheckGlobalWritesFromSpawnedCode();
        return new BoundProgram(functions, _globals, initialization, main);
    }

    // ---- declarations ------------------------------------------------------------------------

    private void DeclareFunctions(CompilationUnitSyntax unit)
    {
        foreach (var declaration in unit.Functions)
        {
            var parameters = new List<VariableSymbol>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in declaration.Parameters)
            {
                if (!seen.Add(parameter.Name))
                {
                    _diagnostics.ReportDuplicateParameter(parameter.NameSpan, parameter.Name);
                }

                parameters.Add(new VariableSymbol(parameter.Name, BindType(parameter.Type), false, VariableKind.Parameter, parameter.NameSpan));
            }

            var function = new FunctionSymbol(declaration.Name, parameters, declaration)
            {
                ReturnType = declaration.ReturnType is { } returnType ? BindType(returnType)
                    : declaration.Body is not null ? WynType.Void
                    : null,
            };

            if (!_functions.TryAdd(declaration.Name, function))
            {
                _diagnostics.ReportDuplicateFunction(declaration.NameSpan, declaration.Name);
            }
        }
    }

    /// <summary>The program's <c>main</c>, if it has one (its expression body's type is checked as it is bound).</summary>
    private FunctionSymbol? _mainFunction;

    private void CheckMainSignature(FunctionSymbol main)
    {
        var declaration = main.Declaration!;
        if (declaration.Parameters.Count > 0)
        {
            _diagnostics.ReportInvalidMain(declaration.Parameters[0].Span, "main takes no parameters");
        }

        if (declaration.ReturnType is { } returnType && main.ReturnType != WynType.Int && main.ReturnType != WynType.Error)
        {
            _diagnostics.ReportInvalidMain(returnType.Span, "main must return int or nothing");
        }
    }

    private WynType BindType(TypeSyntax syntax)
    {
        switch (syntax)
        {
            case NamedTypeSyntax named when TypeNames.Contains(named.Name):
                return named.Name switch
                {
                    "int" => WynType.Int,
                    "float" => WynType.Float,
                    "bool" => WynType.Bool,
                    _ => WynType.String,
                };
            case ArrayTypeSyntax array:
                return new ArrayType(BindType(array.Element));
            case GenericTypeSyntax { Name: "Future", Arguments: [NamedTypeSyntax { Name: "nothing" }] }:
                // The future of a call without a value: diagnostics print it as `Future<nothing>`, so
                // that spelling is accepted (sweep 5: it was "unknown type 'nothing'"; program 277).
                return new FutureType(WynType.Void);
            case GenericTypeSyntax { Name: "Future", Arguments.Count: 1 } future:
                return new FutureType(BindType(future.Arguments[0]));
            case NamedTypeSyntax { Name: "nothing" } nothing:
                _diagnostics.ReportNothingType(nothing.Span);
                return WynType.Error;
            case NamedTypeSyntax { Name: "Future" } named:
                _diagnostics.ReportFutureTypeArguments(named.Span, 0);
                return WynType.Error;
            case GenericTypeSyntax { Name: "Future" } future:
                _diagnostics.ReportFutureTypeArguments(future.Span, future.Arguments.Count);
                return WynType.Error;
            case NamedTypeSyntax named:
                _diagnostics.ReportUnknownType(named.Span, named.Name);
                return WynType.Error;
            case GenericTypeSyntax generic:
                _diagnostics.ReportUnknownType(generic.Span, generic.Name);
                return WynType.Error;
            case UnsupportedTypeSyntax unsupported:
                _diagnostics.ReportUnsupported(unsupported.Span, unsupported.Feature);
                return WynType.Error;
            default:
                return WynType.Error;
        }
    }

    private static bool ContainsBrokenStatement(StatementSyntax statement) => statement switch
    {
        ErrorStatementSyntax or RejectedStatementSyntax => true,
        BlockSyntax block => block.Statements.Any(ContainsBrokenStatement),
        IfSyntax conditional => ContainsBrokenStatement(conditional.Then) || (conditional.Else is { } otherwise && ContainsBrokenStatement(otherwise)),
        WhileSyntax loop => ContainsBrokenStatement(loop.Body),
        ForSyntax loop => ContainsBrokenStatement(loop.Body),
        _ => false,
    };

    // ---- top level ---------------------------------------------------------------------------

    private BoundBlock BindTopLevel(CompilationUnitSyntax unit, bool hasMain)
    {
        _function = null;
        _isTopLevel = true;
        _scope = _globalScope;
        _functionScope = _globalScope;
        var statements = new List<BoundStatement>();
        foreach (var statement in unit.TopLevelStatements)
        {
            if (hasMain && statement is not (VariableDeclarationSyntax or EmptyStatementSyntax or RejectedStatementSyntax or ErrorStatementSyntax))
            {
                _diagnostics.ReportStatementBesideMain(statement.Span);
                continue;
            }

            statements.Add(BindStatement(statement));
        }

        _isTopLevel = false;
        return new BoundBlock(statements, unit.Span);
    }

    // ---- function bodies ---------------------------------------------------------------------

    private BoundBlock GetBody(FunctionSymbol function)
    {
        if (_bodies.TryGetValue(function, out var body))
        {
            return body;
        }

        body = BindFunctionBody(function);
        _bodies[function] = body;
        return body;
    }

    /// <summary>The return type, binding an expression body now if it must be inferred.</summary>
    private WynType GetReturnType(FunctionSymbol function, TextSpan useSite)
    {
        if (function.ReturnType is { } known)
        {
            return known;
        }

        if (function.IsInferring)
        {
            _diagnostics.ReportCannotInferReturnType(useSite, function.Name);
            return WynType.Error;
        }

        _ = GetBody(function);
        return function.ReturnType ?? WynType.Error;
    }

    private BoundBlock BindFunctionBody(FunctionSymbol function)
    {
        // Save the caller's state: inferring a return type can start binding another body midway.
        var (savedFunction, savedScope, savedFunctionScope, savedLoops, savedTopLevel) = (_function, _scope, _functionScope, _loopDepth, _isTopLevel);
        var savedBroken = _functionHasBrokenStatement;
        var savedBlockDeclared = _blockDeclaredLocals;
        _blockDeclaredLocals = [];
        _function = function;
        _functionHasBrokenStatement = function.Declaration?.Body is { } block && ContainsBrokenStatement(block);
        _isTopLevel = false;
        _loopDepth = 0;
        _functionScope = new Scope(_globalScope);
        _scope = _functionScope;
        foreach (var parameter in function.Parameters)
        {
            _functionScope.TryDeclare(parameter);
        }

        var declaration = function.Declaration!;
        BoundBlock body;
        if (declaration.ExpressionBody is { } expression)
        {
            function.IsInferring = function.ReturnType is null;
            var value = BindExpression(expression, allowVoid: true);
            function.IsInferring = false;
            bool panics = value is BoundBuiltinCall { Builtin: Binding.Builtin.Panic };
            if (function.ReturnType is null && ReferenceEquals(function, _mainFunction)
                && value.Type != WynType.Int && value.Type != WynType.Void && value.Type != WynType.Error)
            {
                // As for a declared return type (CheckMainSignature): sweep 9 found `fn main() => "s"`
                // compiled to an invalid program (an internal compiler error at 1:1).
                _diagnostics.ReportInvalidMain(expression.Span, $"main must return int or nothing, and this body is {value.Type.Name}");
                function.ReturnType = WynType.Error;
            }

            function.ReturnType ??= value.Type;
            // `=> panic(…)` ends the function as `{ panic(…) }` does, whatever it is declared to return (sweep 9).
            BoundStatement statement = function.ReturnType == WynType.Void || function.ReturnType == WynType.Error || panics
                ? new BoundExpressionStatement(value, expression.Span)
                : new BoundReturn(CheckAssignable(function.ReturnType, value, expression.Span), expression.Span);
            body = new BoundBlock([statement], expression.Span);
        }
        else
        {
            body = BindBlock(declaration.Body!, isFunctionTail: function.ReturnType != WynType.Void);
            var returnType = function.ReturnType!;
            // A body with a statement that failed to parse (say `return 1 +`) may well have returned:
            // "must return a value" there would be a follow-on error.
            if (returnType != WynType.Void && returnType != WynType.Error && !ReturnAnalysis.AlwaysEnds(body) && !ContainsBrokenStatement(declaration.Body!))
            {
                var closing = new TextSpan(Math.Max(declaration.Body!.Span.End - 1, 0), 1);
                _diagnostics.ReportMissingReturn(closing, function.Name, returnType.Name);
            }

            body = WithZeroStarts(body, _blockDeclaredLocals);
        }

        (_function, _scope, _functionScope, _loopDepth, _isTopLevel) = (savedFunction, savedScope, savedFunctionScope, savedLoops, savedTopLevel);
        _functionHasBrokenStatement = savedBroken;
        _blockDeclaredLocals = savedBlockDeclared;
        return body;
    }

    // ---- whole-program checks ----------------------------------------------------------------

    /// <summary>WYN-CORE §6: a function reachable from a spawn must not write globals.</summary>
    private void CheckGlobalWritesFromSpawnedCode()
    {
        var reachable = new HashSet<FunctionSymbol>();
        var pending = new Stack<FunctionSymbol>(_spawnTargets);
        while (pending.TryPop(out var function))
        {
            if (!reachable.Add(function))
            {
                continue;
            }

            foreach (var callee in function.Callees)
            {
                pending.Push(callee);
            }
        }

        foreach (var function in reachable)
        {
            foreach (var (global, target) in function.GlobalWrites)
            {
                _diagnostics.ReportGlobalWriteFromSpawned(target, global.Name, function.Name);
            }
        }
    }

    /// <summary>Every channel carries one element type: two sends of different types into one flow group are an error.</summary>
    private void CheckChannelTypes(ChannelFlow flow)
    {
        var firstByGroup = new Dictionary<string, WynType>(StringComparer.Ordinal);
        foreach (var (key, type, span) in flow.Sends)
        {
            var resolved = type.Resolve();
            if (resolved == WynType.Error || !resolved.IsResolved)
            {
                continue;
            }

            // A send whose channel cannot be traced shares one group with the other untraceable ones.
            var group = key is null ? "?" : flow.Find(key);
            if (!firstByGroup.TryGetValue(group, out var first))
            {
                firstByGroup[group] = resolved;
            }
            else if (!TypeRules.Same(first, resolved))
            {
                _diagnostics.ReportChannelElementConflict(span, first.Name, resolved.Name);
            }
        }
    }
}
