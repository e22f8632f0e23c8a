using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

/// <summary>Calls: user functions, builtin functions, namespaced builtins (<c>Math.sqrt</c>) and methods (<c>s.len()</c>).</summary>
internal sealed partial class Binder
{
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal) { "Task", "Shared", "Time", "DateTime", "Math" };

    private BoundExpression BindCall(CallSyntax call)
    {
        switch (call.Callee)
        {
            case NameSyntax name when _functions.TryGetValue(name.Name, out var function):
                var arguments = BindUserArguments(function, call);
                _function?.Callees.Add(function);
                return new BoundCall(function, arguments, GetReturnType(function, name.Span), call.Span);
            case NameSyntax name when _scope.Lookup(name.Name) is { } variable:
                // A variable whose initializer was already an error (`var add = fn(…) …`, a lambda) says nothing more.
                if (variable.Type.Resolve() != WynType.Error)
                {
                    _diagnostics.ReportNotCallable(name.Span);
                }

                foreach (var argument in call.Arguments)
                {
                    BindExpression(argument.Value, allowVoid: true);
                }

                return new BoundErrorExpression(call.Span);
            case NameSyntax name:
                return BindBuiltinFunction(name, call);
            case MemberAccessSyntax { Target: NameSyntax owner } member when Namespaces.Contains(owner.Name) && _scope.Lookup(owner.Name) is null:
                return BindNamespaceCall(owner.Name, member, call);
            case MemberAccessSyntax member:
                return BindMethodCall(member, call);
            case UnsupportedExpressionSyntax or ErrorExpressionSyntax:
                return Error(call); // already reported by the parser
            default:
                _diagnostics.ReportNotCallable(call.Callee.Span);
                return new BoundErrorExpression(call.Span);
        }
    }

    private List<BoundExpression> BindUserArguments(FunctionSymbol function, CallSyntax call)
    {
        var arguments = new List<BoundExpression>();
        foreach (var argument in call.Arguments)
        {
            if (argument.Name is not null)
            {
                _diagnostics.ReportNamedArgumentNotAllowed(argument.NameSpan, function.Name);
            }
        }

        if (call.Arguments.Count != function.Parameters.Count)
        {
            _diagnostics.ReportWrongArgumentCount(call.Callee.Span, function.Name, function.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), call.Arguments.Count);
            foreach (var argument in call.Arguments)
            {
                BindExpression(argument.Value);
            }

            return arguments;
        }

        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var value = BindExpression(call.Arguments[i].Value);
            arguments.Add(CheckAssignable(function.Parameters[i].Type, value, call.Arguments[i].Value.Span));
        }

        return arguments;
    }

    // ---- helpers for builtins -----------------------------------------------------------------

    /// <summary>Binds positional arguments after checking the count; reports named arguments unless allowed.</summary>
    private List<BoundExpression>? BindArguments(CallSyntax call, TextSpan nameSpan, string name, int minimum, int maximum)
    {
        foreach (var argument in call.Arguments.Where(a => a.Name is not null))
        {
            _diagnostics.ReportNamedArgumentNotAllowed(argument.NameSpan, name);
        }

        var values = call.Arguments.Select(a => BindExpression(a.Value)).ToList();
        if (values.Count < minimum || values.Count > maximum)
        {
            var expected = minimum == maximum ? minimum.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{minimum} to {maximum}";
            _diagnostics.ReportWrongArgumentCount(nameSpan, name, expected, values.Count);
            return null;
        }

        return values.Any(v => v.Type == WynType.Error) ? null : values;
    }

    private BoundExpression Builtin(Builtin builtin, WynType type, CallSyntax call, params BoundExpression[] arguments) =>
        new BoundBuiltinCall(builtin, arguments, type, call.Span) { PanicSpan = CalledName(call) };

    /// <summary>The name a call names: the method of <c>x.m()</c> or <c>Math.m()</c>, the function of <c>f()</c>.</summary>
    private static TextSpan CalledName(CallSyntax call) => call.Callee switch
    {
        MemberAccessSyntax member => member.NameSpan,
        NameSyntax name => name.Span,
        _ => call.Span,
    };

    private bool Expect(WynType type, BoundExpression value, CallSyntax call, int index) =>
        CheckType(type, value, call.Arguments[index].Value.Span);

    private BoundExpression? ExpectFloat(BoundExpression value, CallSyntax call, int index)
    {
        if (value.Type.IsNumeric)
        {
            return ToFloat(value);
        }

        CheckType(WynType.Float, value, call.Arguments[index].Value.Span);
        return null;
    }

    private static BoundErrorExpression Error(CallSyntax call) => new(call.Span);

    // ---- free functions ---------------------------------------------------------------------

    private BoundExpression BindBuiltinFunction(NameSyntax name, CallSyntax call)
    {
        switch (name.Name)
        {
            case "print" or "println":
                return BindPrint(name, call);
            case "str":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var value])
                {
                    return Error(call);
                }

                return FormatOrReport(value, call.Arguments[0].Value.Span, call.Span);
            }

            case "int":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var value])
                {
                    return Error(call);
                }

                var type = value.Type.Resolve();
                if (type == WynType.String)
                {
                    return Builtin(Binding.Builtin.StringToInt, WynType.Int, call, value);
                }

                if (type == WynType.Float)
                {
                    return Builtin(Binding.Builtin.FloatToInt, WynType.Int, call, value);
                }

                return Expect(WynType.Int, value, call, 0) ? value : Error(call);
            }

            case "float":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var value])
                {
                    return Error(call);
                }

                var type = value.Type.Resolve();
                if (type == WynType.String)
                {
                    return Builtin(Binding.Builtin.StringToFloat, WynType.Float, call, value);
                }

                return ExpectFloat(value, call, 0) ?? Error(call);
            }

            case "len":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var value])
                {
                    return Error(call);
                }

                return BindLength(value, call, call.Arguments[0].Value.Span);
            }

            case "min" or "max":
            {
                if (BindArguments(call, name.Span, name.Name, 2, 2) is not [var left, var right])
                {
                    return Error(call);
                }

                return BindMinMax(name.Name == "min", left, right, call);
            }

            case "abs_val":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var value])
                {
                    return Error(call);
                }

                if (value.Type == WynType.Int)
                {
                    return Builtin(Binding.Builtin.AbsInt, WynType.Int, call, value);
                }

                return ExpectFloat(value, call, 0) is { } real ? Builtin(Binding.Builtin.AbsFloat, WynType.Float, call, real) : Error(call);
            }

            case "panic":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var value])
                {
                    return Error(call);
                }

                return FormatOrReport(value, call.Arguments[0].Value.Span, call.Span) is var message && message.Type == WynType.String
                    ? Builtin(Binding.Builtin.Panic, WynType.Void, call, message)
                    : Error(call);
            }

            case "assert_eq":
            {
                if (BindArguments(call, name.Span, name.Name, 2, 2) is not [var left, var right])
                {
                    return Error(call);
                }

                if (left.Type.IsNumeric && right.Type.IsNumeric && left.Type != right.Type)
                {
                    left = ToFloat(left);
                    right = ToFloat(right);
                }

                if (left.Type.Resolve() is FutureType)
                {
                    // As `f == f` is an error (futures cannot be compared); arrays of futures compare as `==` does.
                    _diagnostics.ReportTypeMismatch(call.Arguments[0].Value.Span, "a value that can be compared (futures cannot)", left.Type.Name);
                    return Error(call);
                }

                return CheckType(left.Type, right, call.Arguments[1].Value.Span)
                    ? Builtin(Binding.Builtin.AssertEqual, WynType.Void, call, left, right)
                    : Error(call);
            }

            case "await_all" or "await_any":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var futures])
                {
                    return Error(call);
                }

                if (futures.Type.Resolve() is not ArrayType { Element: FutureType future })
                {
                    _diagnostics.ReportTypeMismatch(call.Arguments[0].Value.Span, "an array of futures", futures.Type.Name);
                    return Error(call);
                }

                var result = future.Result.Resolve();
                if (name.Name == "await_any")
                {
                    return Builtin(Binding.Builtin.AwaitAny, result, call, futures);
                }

                if (result == WynType.Void)
                {
                    return Builtin(Binding.Builtin.AwaitAll, WynType.Void, call, futures);
                }

                return Builtin(Binding.Builtin.AwaitAll, new ArrayType(result), call, futures);
            }

            case "channel":
                return BindChannelNew(name, call);
            case "sleep" or "sleep_ms":
            {
                if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var value] || !Expect(WynType.Int, value, call, 0))
                {
                    return Error(call);
                }

                return Builtin(Binding.Builtin.Sleep, WynType.Void, call, value);
            }

            case "time_now":
                return BindArguments(call, name.Span, name.Name, 0, 0) is null ? Error(call) : Builtin(Binding.Builtin.TimeNow, WynType.Float, call);
            case "time_ns":
                return BindArguments(call, name.Span, name.Name, 0, 0) is null ? Error(call) : Builtin(Binding.Builtin.TimeNanoseconds, WynType.Int, call);
            default:
                _diagnostics.ReportUndefinedFunction(name.Span, name.Name);
                foreach (var argument in call.Arguments)
                {
                    BindExpression(argument.Value, allowVoid: true);
                }

                return Error(call);
        }
    }

    private BoundExpression FormatOrReport(BoundExpression value, TextSpan valueSpan, TextSpan callSpan)
    {
        if (value.Type == WynType.String)
        {
            return value;
        }

        if (ToText(value) is { } text)
        {
            return text with { Span = callSpan };
        }

        _diagnostics.ReportTypeMismatch(valueSpan, "a printable value", value.Type.Name);
        return new BoundErrorExpression(callSpan);
    }

    private BoundExpression BindPrint(NameSyntax name, CallSyntax call)
    {
        var parts = new List<BoundExpression>();
        var named = new Dictionary<string, BoundExpression>(StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in call.Arguments)
        {
            var value = BindExpression(argument.Value);
            if (argument.Name is { } argumentName)
            {
                if (argumentName is not ("sep" or "end"))
                {
                    _diagnostics.ReportUnknownNamedArgument(argument.NameSpan, name.Name, argumentName);
                    continue;
                }

                // Each named argument at most once (a second `end:` silently won until session 8).
                if (!given.Add(argumentName))
                {
                    _diagnostics.ReportRepeatedNamedArgument(argument.NameSpan, argumentName);
                }

                if (CheckType(WynType.String, value, argument.Value.Span))
                {
                    named[argumentName] = value;
                }

                continue;
            }

            if (value.Type == WynType.Error)
            {
                continue;
            }

            if (ToText(value) is { } text)
            {
                parts.Add(text);
            }
            else
            {
                _diagnostics.ReportTypeMismatch(argument.Value.Span, "a printable value", value.Type.Name);
            }
        }

        return new BoundBuiltinCall(Binding.Builtin.Print, parts, WynType.Void, call.Span) { Named = named };
    }

    private BoundExpression BindLength(BoundExpression value, CallSyntax call, TextSpan valueSpan)
    {
        switch (value.Type.Resolve())
        {
            case var type when type == WynType.String:
                return Builtin(Binding.Builtin.StringLength, WynType.Int, call, value);
            case ArrayType:
                return Builtin(Binding.Builtin.ArrayLength, WynType.Int, call, value);
            default:
                _diagnostics.ReportTypeMismatch(valueSpan, "a string or an array", value.Type.Name);
                return Error(call);
        }
    }

    private BoundExpression BindMinMax(bool isMin, BoundExpression left, BoundExpression right, CallSyntax call, bool alwaysFloat = false)
    {
        if (!alwaysFloat && left.Type == WynType.Int && right.Type == WynType.Int)
        {
            return Builtin(isMin ? Binding.Builtin.MinInt : Binding.Builtin.MaxInt, WynType.Int, call, left, right);
        }

        var leftFloat = ExpectFloat(left, call, 0);
        var rightFloat = ExpectFloat(right, call, 1);
        if (leftFloat is null || rightFloat is null)
        {
            return Error(call);
        }

        return Builtin(isMin ? Binding.Builtin.MinFloat : Binding.Builtin.MaxFloat, WynType.Float, call, leftFloat, rightFloat);
    }

    // ---- channels ---------------------------------------------------------------------------

    private BoundExpression BindChannelNew(NameSyntax name, CallSyntax call)
    {
        if (BindArguments(call, name.Span, name.Name, 1, 1) is not [var capacity] || !Expect(WynType.Int, capacity, call, 0))
        {
            return Error(call);
        }

        return Builtin(Binding.Builtin.ChannelNew, WynType.Int, call, capacity);
    }

    private BoundExpression BindSend(BoundExpression channel, BoundExpression value, TextSpan valueSpan, CallSyntax call)
    {
        var type = value.Type.Resolve();
        if (type != WynType.Int && type != WynType.Float && type != WynType.Bool && type != WynType.String)
        {
            _diagnostics.ReportTypeMismatch(valueSpan, "int, float, bool or string", type.Name);
            return Error(call);
        }

        // A second element type on one channel is reported by CheckChannelTypes (after binding,
        // over the channel flow), so the send stays a send here.
        return Builtin(Binding.Builtin.ChannelSend, WynType.Void, call, channel, value);
    }

    private BoundExpression BindReceive(BoundExpression channel, CallSyntax call)
    {
        UsesReceive = true;
        return Builtin(Binding.Builtin.ChannelReceive, _channels?.ElementTypeOf(channel) ?? WynType.Int, call, channel);
    }

    // ---- namespaces -------------------------------------------------------------------------

    private BoundExpression BindNamespaceCall(string owner, MemberAccessSyntax member, CallSyntax call)
    {
        var span = member.NameSpan;
        var qualified = owner + "." + member.Name;
        List<BoundExpression>? args;
        switch (owner, member.Name)
        {
            case ("Task", "channel"):
                return BindChannelNew(new NameSyntax(qualified, span), call);
            case ("Task", "send"):
                if ((args = BindArguments(call, span, qualified, 2, 2)) is null || !Expect(WynType.Int, args[0], call, 0))
                {
                    return Error(call);
                }

                return BindSend(args[0], args[1], call.Arguments[1].Value.Span, call);
            case ("Task", "recv"):
                if ((args = BindArguments(call, span, qualified, 1, 1)) is null || !Expect(WynType.Int, args[0], call, 0))
                {
                    return Error(call);
                }

                return BindReceive(args[0], call);
            case ("Task", "close"):
                if ((args = BindArguments(call, span, qualified, 1, 1)) is null || !Expect(WynType.Int, args[0], call, 0))
                {
                    return Error(call);
                }

                return Builtin(Binding.Builtin.ChannelClose, WynType.Void, call, args[0]);
            case ("Shared", "new"):
                if ((args = BindArguments(call, span, qualified, 1, 1)) is null || !Expect(WynType.Int, args[0], call, 0))
                {
                    return Error(call);
                }

                return Builtin(Binding.Builtin.SharedNew, WynType.Int, call, args[0]);
            case ("Shared", "get"):
                if ((args = BindArguments(call, span, qualified, 1, 1)) is null || !Expect(WynType.Int, args[0], call, 0))
                {
                    return Error(call);
                }

                return Builtin(Binding.Builtin.SharedGet, WynType.Int, call, args[0]);
            case ("Shared", "set" or "add" or "sub"):
                if ((args = BindArguments(call, span, qualified, 2, 2)) is null || !Expect(WynType.Int, args[0], call, 0) || !Expect(WynType.Int, args[1], call, 1))
                {
                    return Error(call);
                }

                return member.Name switch
                {
                    "set" => Builtin(Binding.Builtin.SharedSet, WynType.Void, call, args[0], args[1]),
                    "add" => Builtin(Binding.Builtin.SharedAdd, WynType.Int, call, args[0], args[1]),
                    _ => Builtin(Binding.Builtin.SharedSubtract, WynType.Int, call, args[0], args[1]),
                };
            case ("Time", "sleep"):
                if ((args = BindArguments(call, span, qualified, 1, 1)) is null || !Expect(WynType.Int, args[0], call, 0))
                {
                    return Error(call);
                }

                return Builtin(Binding.Builtin.Sleep, WynType.Void, call, args[0]);
            case ("Time", "now_millis"):
                return BindArguments(call, span, qualified, 0, 0) is null ? Error(call) : Builtin(Binding.Builtin.NowMillis, WynType.Int, call);
            case ("DateTime", "micros"):
                return BindArguments(call, span, qualified, 0, 0) is null ? Error(call) : Builtin(Binding.Builtin.Micros, WynType.Int, call);
            case ("Math", "sqrt" or "floor" or "ceil" or "abs"):
            {
                if ((args = BindArguments(call, span, qualified, 1, 1)) is null || ExpectFloat(args[0], call, 0) is not { } value)
                {
                    return Error(call);
                }

                var builtin = member.Name switch
                {
                    "sqrt" => Binding.Builtin.Sqrt,
                    "floor" => Binding.Builtin.Floor,
                    "ceil" => Binding.Builtin.Ceil,
                    _ => Binding.Builtin.AbsMath,
                };
                return Builtin(builtin, WynType.Float, call, value);
            }

            case ("Math", "pow"):
            {
                if ((args = BindArguments(call, span, qualified, 2, 2)) is null
                    || ExpectFloat(args[0], call, 0) is not { } x || ExpectFloat(args[1], call, 1) is not { } y)
                {
                    return Error(call);
                }

                return Builtin(Binding.Builtin.Pow, WynType.Float, call, x, y);
            }

            case ("Math", "min" or "max"):
                if ((args = BindArguments(call, span, qualified, 2, 2)) is null)
                {
                    return Error(call);
                }

                return BindMinMax(member.Name == "min", args[0], args[1], call, alwaysFloat: true);
            default:
                _diagnostics.ReportUnknownMember(span, owner, member.Name);
                foreach (var argument in call.Arguments)
                {
                    BindExpression(argument.Value, allowVoid: true);
                }

                return Error(call);
        }
    }

    // ---- methods ----------------------------------------------------------------------------

    private BoundExpression BindMethodCall(MemberAccessSyntax member, CallSyntax call)
    {
        var receiver = BindExpression(member.Target);
        var type = receiver.Type.Resolve();
        if (type == WynType.Error)
        {
            foreach (var argument in call.Arguments)
            {
                BindExpression(argument.Value, allowVoid: true);
            }

            return Error(call);
        }

        var span = member.NameSpan;
        var name = member.Name;
        if (name == "to_string")
        {
            return BindArguments(call, span, name, 0, 0) is null ? Error(call) : FormatOrReport(receiver, member.Target.Span, call.Span);
        }

        if (name == "len")
        {
            return BindArguments(call, span, name, 0, 0) is null ? Error(call) : BindLength(receiver, call, member.Target.Span);
        }

        List<BoundExpression>? args;
        if (type == WynType.String)
        {
            switch (name)
            {
                case "upper" or "lower" or "trim" or "to_int" or "to_float":
                    if (BindArguments(call, span, name, 0, 0) is null)
                    {
                        return Error(call);
                    }

                    return name switch
                    {
                        "upper" => Builtin(Binding.Builtin.Upper, WynType.String, call, receiver),
                        "lower" => Builtin(Binding.Builtin.Lower, WynType.String, call, receiver),
                        "trim" => Builtin(Binding.Builtin.Trim, WynType.String, call, receiver),
                        "to_int" => Builtin(Binding.Builtin.StringToInt, WynType.Int, call, receiver),
                        _ => Builtin(Binding.Builtin.StringToFloat, WynType.Float, call, receiver),
                    };
                case "contains" or "starts_with" or "ends_with" or "index_of" or "split":
                    if ((args = BindArguments(call, span, name, 1, 1)) is null || !Expect(WynType.String, args[0], call, 0))
                    {
                        return Error(call);
                    }

                    return name switch
                    {
                        "contains" => Builtin(Binding.Builtin.StringContains, WynType.Bool, call, receiver, args[0]),
                        "starts_with" => Builtin(Binding.Builtin.StartsWith, WynType.Bool, call, receiver, args[0]),
                        "ends_with" => Builtin(Binding.Builtin.EndsWith, WynType.Bool, call, receiver, args[0]),
                        "index_of" => Builtin(Binding.Builtin.IndexOf, WynType.Int, call, receiver, args[0]),
                        _ => Builtin(Binding.Builtin.Split, new ArrayType(WynType.String), call, receiver, args[0]),
                    };
                case "replace":
                    if ((args = BindArguments(call, span, name, 2, 2)) is null || !Expect(WynType.String, args[0], call, 0) || !Expect(WynType.String, args[1], call, 1))
                    {
                        return Error(call);
                    }

                    return Builtin(Binding.Builtin.Replace, WynType.String, call, receiver, args[0], args[1]);
                case "substring":
                    if ((args = BindArguments(call, span, name, 2, 2)) is null || !Expect(WynType.Int, args[0], call, 0) || !Expect(WynType.Int, args[1], call, 1))
                    {
                        return Error(call);
                    }

                    return Builtin(Binding.Builtin.Substring, WynType.String, call, receiver, args[0], args[1]);
            }
        }
        else if (type == WynType.Int)
        {
            switch (name)
            {
                case "to_float":
                    return BindArguments(call, span, name, 0, 0) is null ? Error(call) : ToFloat(receiver) with { Span = call.Span };
                case "send":
                    if ((args = BindArguments(call, span, name, 1, 1)) is null)
                    {
                        return Error(call);
                    }

                    return BindSend(receiver, args[0], call.Arguments[0].Value.Span, call);
                case "recv":
                    return BindArguments(call, span, name, 0, 0) is null ? Error(call) : BindReceive(receiver, call);
                case "close":
                    return BindArguments(call, span, name, 0, 0) is null ? Error(call) : Builtin(Binding.Builtin.ChannelClose, WynType.Void, call, receiver);
            }
        }
        else if (type == WynType.Float && name == "to_int")
        {
            return BindArguments(call, span, name, 0, 0) is null ? Error(call) : Builtin(Binding.Builtin.FloatToInt, WynType.Int, call, receiver);
        }
        else if (type is ArrayType array)
        {
            return BindArrayMethod(array, receiver, member, call);
        }

        _diagnostics.ReportUnknownMethod(span, type.Name, name);
        foreach (var argument in call.Arguments)
        {
            BindExpression(argument.Value, allowVoid: true);
        }

        return Error(call);
    }

    private BoundExpression BindArrayMethod(ArrayType array, BoundExpression receiver, MemberAccessSyntax member, CallSyntax call)
    {
        var span = member.NameSpan;
        var name = member.Name;
        List<BoundExpression>? args;
        switch (name)
        {
            case "push":
                if ((args = BindArguments(call, span, name, 1, 1)) is null)
                {
                    return Error(call);
                }

                if (array.Element is null)
                {
                    array.TrySetElement(args[0].Type.Resolve());
                }
                else if (!Expect(array.Element, args[0], call, 0))
                {
                    return Error(call);
                }

                RecordContainerWrite(member.Target);
                return Builtin(Binding.Builtin.Push, WynType.Void, call, receiver, args[0]);
            case "pop":
                if (BindArguments(call, span, name, 0, 0) is null)
                {
                    return Error(call);
                }

                if (array.Element is not { } element)
                {
                    _diagnostics.ReportCannotInferEmptyArray(member.Target.Span);
                    return Error(call);
                }

                RecordContainerWrite(member.Target);
                return Builtin(Binding.Builtin.Pop, element, call, receiver);
            case "contains":
                if ((args = BindArguments(call, span, name, 1, 1)) is null)
                {
                    return Error(call);
                }

                if (array.Element is null || !Expect(array.Element, args[0], call, 0))
                {
                    return Error(call);
                }

                return Builtin(Binding.Builtin.ArrayContains, WynType.Bool, call, receiver, args[0]);
            case "join":
                if ((args = BindArguments(call, span, name, 1, 1)) is null || !Expect(WynType.String, args[0], call, 0))
                {
                    return Error(call);
                }

                if (!TypeRules.Unify(new ArrayType(WynType.String), array))
                {
                    _diagnostics.ReportUnknownMethod(span, array.Name, name);
                    return Error(call);
                }

                return Builtin(Binding.Builtin.Join, WynType.String, call, receiver, args[0]);
            default:
                _diagnostics.ReportUnknownMethod(span, array.Name, name);
                foreach (var argument in call.Arguments)
                {
                    BindExpression(argument.Value, allowVoid: true);
                }

                return Error(call);
        }
    }

    /// <summary>push/pop on an array held in a global changes that global's contents.</summary>
    private void RecordContainerWrite(ExpressionSyntax target)
    {
        if (RootVariable(target) is { } root)
        {
            RecordGlobalWrite(root, target.Span);
        }
    }
}
