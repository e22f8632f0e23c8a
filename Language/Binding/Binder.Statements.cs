using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

internal sealed partial class Binder
{
    private BoundStatement BindStatement(StatementSyntax syntax) => syntax switch
    {
        BlockSyntax block => BindBlock(block, isFunctionTail: false),
        EmptyStatementSyntax empty => new BoundBlock([], empty.Span),
        VariableDeclarationSyntax declaration => BindVariableDeclaration(declaration),
        ExpressionStatementSyntax expression => BindExpressionStatement(expression),
        AssignmentSyntax assignment => BindAssignment(assignment),
        IfSyntax conditional => BindIf(conditional, isFunctionTail: false),
        WhileSyntax loop => BindWhile(loop),
        ForSyntax loop => BindFor(loop),
        BreakSyntax brk => BindLoopExit(brk.Span, "break", new BoundBreak(brk.Span)),
        ContinueSyntax cont => BindLoopExit(cont.Span, "continue", new BoundContinue(cont.Span)),
        ReturnSyntax ret => BindReturn(ret),
        NestedFunctionSyntax nested => ReportNested(nested),
        _ => new BoundBlock([], syntax.Span), // error nodes were reported by the parser
    };

    private BoundStatement ReportNested(NestedFunctionSyntax nested)
    {
        _diagnostics.ReportNestedFunction(nested.Function.NameSpan, nested.Function.Name);
        return new BoundBlock([], nested.Span);
    }

    /// <summary>
    /// Binds a block in a new scope. In tail position of a function with a return type, the last
    /// statement may be an expression: it is the implicit return value (also inside a trailing if/else).
    /// </summary>
    private BoundBlock BindBlock(BlockSyntax block, bool isFunctionTail)
    {
        var saved = _scope;
        _scope = new Scope(_scope);
        var statements = new List<BoundStatement>(block.Statements.Count);
        var last = LastMeaningful(block.Statements);
        foreach (var statement in block.Statements)
        {
            statements.Add(isFunctionTail && ReferenceEquals(statement, last) ? BindTail(statement) : BindStatement(statement));
        }

        _scope = saved;
        return new BoundBlock(statements, block.Span);
    }

    private static StatementSyntax? LastMeaningful(IReadOnlyList<StatementSyntax> statements)
    {
        for (var i = statements.Count - 1; i >= 0; i--)
        {
            if (statements[i] is not EmptyStatementSyntax)
            {
                return statements[i];
            }
        }

        return null;
    }

    private BoundStatement BindTail(StatementSyntax statement) => statement switch
    {
        ExpressionStatementSyntax expression when expression.Expression is not SpawnSyntax =>
            BindImplicitReturn(expression),
        IfSyntax conditional => BindIf(conditional, isFunctionTail: true),
        BlockSyntax block => BindBlock(block, isFunctionTail: true),
        _ => BindStatement(statement),
    };

    private BoundStatement BindImplicitReturn(ExpressionStatementSyntax statement)
    {
        var value = BindExpression(statement.Expression, allowVoid: true);
        if (value.Type == WynType.Void || (value is BoundBuiltinCall { Builtin: Binding.Builtin.Panic }))
        {
            // `panic(...)` or a call of a function without value as the last statement: not a return value.
            return new BoundExpressionStatement(value, statement.Span);
        }

        return new BoundReturn(CheckAssignable(_function!.ReturnType!, value, statement.Expression.Span), statement.Span);
    }

    private BoundStatement BindVariableDeclaration(VariableDeclarationSyntax syntax)
    {
        // The initializer is bound before the name is declared: in `var x = x + 1` it sees the outer x.
        var declaredType = syntax.Type is { } typeSyntax ? BindType(typeSyntax) : null;
        var initializer = BindExpression(syntax.Initializer);
        if (declaredType is not null)
        {
            initializer = CheckAssignable(declaredType, initializer, syntax.Initializer.Span);
        }

        var type = declaredType ?? initializer.Type;
        ExcuseUnknownArrayOfBrokenName(syntax.Name, type);
        var kind = _isTopLevel && ReferenceEquals(_scope, _globalScope) ? VariableKind.Global : VariableKind.Local;
        var variable = new VariableSymbol(syntax.Name, type, syntax.IsConst, kind, syntax.NameSpan);
        if (!_scope.TryDeclare(variable))
        {
            _diagnostics.ReportDuplicateVariable(syntax.NameSpan, syntax.Name);
        }

        if (kind == VariableKind.Global)
        {
            _globals.Add(variable);
        }

        return new BoundVariableDeclaration(variable, initializer, syntax.Span);
    }

    /// <summary>See <see cref="_excusedEmptyArrays"/>.</summary>
    private void ExcuseUnknownArrayOfBrokenName(string name, WynType type)
    {
        if (type.Resolve() is ArrayType { Element: null } unknown
            && (_diagnostics.NamesInBrokenStatements.Contains(name) || _diagnostics.ReservedWordsUsedAsNames.Contains(name)))
        {
            _excusedEmptyArrays.Add(unknown);
        }
    }

    private BoundStatement BindExpressionStatement(ExpressionStatementSyntax syntax)
    {
        if (syntax.Expression is SpawnSyntax spawn)
        {
            return new BoundExpressionStatement(BindSpawn(spawn, isFireAndForget: true), syntax.Span);
        }

        var expression = BindExpression(syntax.Expression, allowVoid: true);
        return new BoundExpressionStatement(expression, syntax.Span);
    }

    /// <summary>
    /// A bare <c>x = e</c> inside a block declares <c>x</c> for the rest of the function (WYN-CORE §3),
    /// but the block may not run (<c>if c { s = "a" }</c>, a loop run zero times). Such a string or array
    /// local starts as its zero value (<c>""</c>, <c>[]</c>), as a global read before its declaration
    /// does; until session 9 it was a CLR null (<c>s == ""</c> false, <c>s.len()</c> an internal error).
    /// Numbers and bools start as 0 and false already, a future as an awaitable zero.
    /// </summary>
    private static BoundBlock WithZeroStarts(BoundBlock body, List<VariableSymbol> blockDeclared)
    {
        var starts = new List<BoundStatement>();
        foreach (var variable in blockDeclared)
        {
            BoundExpression? zero = variable.Type.Resolve() switch
            {
                var type when type == WynType.String => new BoundLiteral(string.Empty, WynType.String, variable.Declaration),
                ArrayType array => new BoundArrayLiteral([], array, variable.Declaration),
                _ => null,
            };
            if (zero is not null)
            {
                starts.Add(new BoundVariableDeclaration(variable, zero, variable.Declaration));
            }
        }

        return starts.Count == 0 ? body : body with { Statements = [.. starts, .. body.Statements] };
    }

    private BoundStatement BindAssignment(AssignmentSyntax syntax)
    {
        // A bare `x = e` to an undeclared name declares x for the rest of the enclosing function.
        if (syntax is { Operator: AssignmentOperator.Assign, Target: NameSyntax name } && _scope.Lookup(name.Name) is null)
        {
            var value = BindExpression(syntax.Value);
            ExcuseUnknownArrayOfBrokenName(name.Name, value.Type);
            var kind = _isTopLevel ? VariableKind.Global : VariableKind.Local;
            var variable = new VariableSymbol(name.Name, value.Type, false, kind, name.Span);
            (_isTopLevel ? _globalScope : _functionScope).TryDeclare(variable);
            if (kind == VariableKind.Global)
            {
                _globals.Add(variable);
            }
            else if (_scope != _functionScope)
            {
                _blockDeclaredLocals.Add(variable);
            }

            return new BoundVariableDeclaration(variable, value, syntax.Span);
        }

        var target = BindAssignmentTarget(syntax.Target);
        var operand = BindExpression(syntax.Value);
        if (syntax.Operator == AssignmentOperator.Assign)
        {
            return new BoundAssignment(target, CheckAssignable(target.Type, operand, syntax.Value.Span), syntax.Span);
        }

        var binaryOperator = syntax.Operator switch
        {
            AssignmentOperator.Add => BinaryOperator.Add,
            AssignmentOperator.Subtract => BinaryOperator.Subtract,
            AssignmentOperator.Multiply => BinaryOperator.Multiply,
            AssignmentOperator.Divide => BinaryOperator.Divide,
            _ => BinaryOperator.Remainder,
        };

        if (target.Type == WynType.Error || operand.Type == WynType.Error)
        {
            return new BoundBlock([], syntax.Span);
        }

        if (syntax.IsIncrement && target.Type != WynType.Int && target.Type != WynType.Float)
        {
            _diagnostics.ReportUndefinedUnaryOperator(syntax.OperatorSpan, syntax.Operator == AssignmentOperator.Add ? "++" : "--", target.Type.Name);
            return new BoundBlock([], syntax.Span);
        }

        var operation = BindBinaryOperation(target, binaryOperator, operand, syntax.OperatorSpan, syntax.Span);
        if (operation is not BoundBinary binary)
        {
            return new BoundBlock([], syntax.Span);
        }

        if (!TypeRules.Same(binary.Type, target.Type))
        {
            _diagnostics.ReportTypeMismatch(syntax.Value.Span, target.Type.Name, binary.Type.Name);
            return new BoundBlock([], syntax.Span);
        }

        return new BoundCompoundAssignment(target, binary.Operator, binary.Right, syntax.Span);
    }

    private BoundExpression BindAssignmentTarget(ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case NameSyntax name:
                var variable = _scope.Lookup(name.Name);
                if (variable is null)
                {
                    _diagnostics.ReportUndefinedName(name.Span, name.Name);
                    return new BoundErrorExpression(name.Span);
                }

                if (variable.IsConst)
                {
                    // Already an error wherever it is; "cannot write global … in spawned code" would say it twice.
                    _diagnostics.ReportAssignToConst(name.Span, name.Name);
                }
                else
                {
                    RecordGlobalWrite(variable, name.Span);
                }

                return new BoundVariable(variable, name.Span);
            case IndexSyntax index:
                var bound = BindIndex(index);
                if (bound is BoundIndex { Target.Type: not ArrayType })
                {
                    _diagnostics.ReportNotAssignable(syntax.Span);
                    return new BoundErrorExpression(syntax.Span);
                }

                if (RootVariable(index.Target) is { } root)
                {
                    RecordGlobalWrite(root, syntax.Span);
                }

                return bound;
            case ParenthesizedSyntax parenthesized:
                return BindAssignmentTarget(parenthesized.Inner);
            default:
                _diagnostics.ReportNotAssignable(syntax.Span);
                return new BoundErrorExpression(syntax.Span);
        }
    }

    private VariableSymbol? RootVariable(ExpressionSyntax syntax) => syntax switch
    {
        NameSyntax name => _scope.Lookup(name.Name),
        IndexSyntax index => RootVariable(index.Target),
        ParenthesizedSyntax parenthesized => RootVariable(parenthesized.Inner),
        _ => null,
    };

    private void RecordGlobalWrite(VariableSymbol variable, TextSpan target)
    {
        if (variable.Kind == VariableKind.Global && _function is not null)
        {
            _function.GlobalWrites.Add((variable, target));
        }
    }

    private BoundStatement BindIf(IfSyntax syntax, bool isFunctionTail)
    {
        var condition = BindCondition(syntax.Condition);
        var then = BindBody(syntax.Then, isFunctionTail);
        var otherwise = syntax.Else is { } elseSyntax ? BindBody(elseSyntax, isFunctionTail) : null;
        return new BoundIf(condition, then, otherwise, syntax.Span);
    }

    /// <summary>A braceless body gets its own scope too, so a declaration in it does not leak.</summary>
    private BoundStatement BindBody(StatementSyntax syntax, bool isFunctionTail = false)
    {
        if (syntax is BlockSyntax block)
        {
            return BindBlock(block, isFunctionTail);
        }

        // `else if`: an if statement declares nothing in the scope around it (its bodies have their
        // own), so it needs none of its own. With one, a chain of N else-ifs nested N scopes and each
        // name in it was looked up through all of them: 20,000 branches took 15 s to compile (sweep 7).
        if (syntax is IfSyntax)
        {
            return isFunctionTail ? BindTail(syntax) : BindStatement(syntax);
        }

        var saved = _scope;
        _scope = new Scope(_scope);
        var bound = isFunctionTail ? BindTail(syntax) : BindStatement(syntax);
        _scope = saved;
        return bound;
    }

    private BoundExpression BindCondition(ExpressionSyntax syntax)
    {
        var condition = BindExpression(syntax);
        if (condition.Type != WynType.Bool && condition.Type != WynType.Error)
        {
            _diagnostics.ReportConditionNotBool(syntax.Span, condition.Type.Name);
        }

        return condition;
    }

    private BoundStatement BindWhile(WhileSyntax syntax)
    {
        var condition = BindCondition(syntax.Condition);
        _loopDepth++;
        var body = BindBody(syntax.Body);
        _loopDepth--;
        return new BoundWhile(condition, body, syntax.Span);
    }

    private BoundStatement BindFor(ForSyntax syntax)
    {
        var source = BindExpression(syntax.Source);
        var saved = _scope;
        _scope = new Scope(_scope);
        BoundStatement result;
        if (syntax.RangeEnd is { } endSyntax)
        {
            var end = BindExpression(endSyntax);
            CheckType(WynType.Int, source, syntax.Source.Span);
            CheckType(WynType.Int, end, endSyntax.Span);
            if (syntax.SecondName is not null)
            {
                _diagnostics.ReportNotIterable(syntax.SecondNameSpan, "a range with two loop variables");
            }

            var variable = DeclareLoopVariable(syntax.FirstName, WynType.Int, syntax.FirstNameSpan);
            _loopDepth++;
            var body = BindBody(syntax.Body);
            _loopDepth--;
            result = new BoundForRange(variable, source, end, syntax.RangeInclusive, body, syntax.Span);
        }
        else
        {
            var elementType = source.Type.Resolve() switch
            {
                ArrayType { Element: { } known } => known,
                ArrayType => null,
                var type when type == WynType.String => WynType.String,
                var type when type == WynType.Error => WynType.Error,
                _ => null,
            };

            if (elementType is null)
            {
                if (source.Type.Resolve() is ArrayType)
                {
                    // An array whose element type is not known yet (`for x in []`): the one error
                    // that says so (the same one at the same `[]` is not repeated), not "cannot
                    // iterate over [?]" as well (sweep 9).
                    _diagnostics.ReportCannotInferEmptyArray(syntax.Source.Span);
                }
                else
                {
                    _diagnostics.ReportNotIterable(syntax.Source.Span, source.Type.Name);
                }

                elementType = WynType.Error;
            }

            VariableSymbol? index = null;
            VariableSymbol element;
            if (syntax.SecondName is { } second)
            {
                index = DeclareLoopVariable(syntax.FirstName, WynType.Int, syntax.FirstNameSpan);
                element = DeclareLoopVariable(second, elementType, syntax.SecondNameSpan);
            }
            else
            {
                element = DeclareLoopVariable(syntax.FirstName, elementType, syntax.FirstNameSpan);
            }

            _loopDepth++;
            var body = BindBody(syntax.Body);
            _loopDepth--;
            result = new BoundForEach(index, element, source, body, syntax.Span);
        }

        _scope = saved;
        return result;
    }

    private VariableSymbol DeclareLoopVariable(string name, WynType type, TextSpan span)
    {
        var variable = new VariableSymbol(name, type, false, VariableKind.Local, span);
        if (!_scope.TryDeclare(variable))
        {
            _diagnostics.ReportDuplicateVariable(span, name);
        }

        return variable;
    }

    private BoundStatement BindLoopExit(TextSpan span, string keyword, BoundStatement statement)
    {
        if (_loopDepth == 0)
        {
            _diagnostics.ReportOutsideLoop(span, keyword);
        }

        return statement;
    }

    private BoundStatement BindReturn(ReturnSyntax syntax)
    {
        // `return` at the end of a line where no value is wanted: the next line is not its value but
        // dead code after it (still checked, never run).
        if (syntax is { ValueOnNextLine: true, Value: { } deadCode } && (_function is null || _function.ReturnType == WynType.Void))
        {
            BindExpression(deadCode, allowVoid: true);
            return new BoundReturn(null, new TextSpan(syntax.Span.Start, "return".Length));
        }

        if (_function is null)
        {
            if (syntax.Value is { } scriptValue)
            {
                _diagnostics.ReportReturnValueFromScript(scriptValue.Span);
            }

            return new BoundReturn(null, syntax.Span);
        }

        var returnType = _function.ReturnType ?? WynType.Error;
        if (syntax.Value is null)
        {
            if (returnType != WynType.Void && returnType != WynType.Error && !_functionHasBrokenStatement)
            {
                _diagnostics.ReportReturnWithoutValue(syntax.Span, _function.Name, returnType.Name);
            }

            return new BoundReturn(null, syntax.Span);
        }

        var value = BindExpression(syntax.Value, allowVoid: true);
        if (returnType == WynType.Void)
        {
            if (value.Type != WynType.Void && value.Type != WynType.Error)
            {
                _diagnostics.ReportReturnValueFromVoid(syntax.Value.Span, _function.Name);
            }

            return new BoundBlock([new BoundExpressionStatement(value, syntax.Value.Span), new BoundReturn(null, syntax.Span)], syntax.Span);
        }

        return new BoundReturn(CheckAssignable(returnType, value, syntax.Value.Span), syntax.Span);
    }
}
