using Wyn.Language.Syntax;

namespace Wyn.Language.Binding;

/// <summary>
/// Which channel handles can reach which <c>send</c>/<c>recv</c>, so that every channel gets its own
/// element type (WYN-CORE §6: "the element type is fixed by the first send"), although handles are
/// plain ints (§7) that travel through variables, parameters, return values, arrays and futures.
/// </summary>
/// <remarks>
/// <para>
/// A flow-insensitive union-find over "places" an int handle can be in: a variable (by declaration
/// position, so the keys are the same when the binder runs a second time), a function's return
/// value, a <c>channel(cap)</c> call. <c>var x = e</c>, <c>x = e</c>, passing an argument, returning a
/// value, pushing into an array or putting it in a literal, and iterating an array join the places
/// involved. Containers are transparent: an array of handles, or a future of one, is in the same
/// group as its elements (conservative: two channels in one array share a type).
/// </para>
/// <para>
/// The first binder pass types every <c>recv</c> as int and records the flow; the second pass types
/// <c>recv(ch)</c> with the element type sent in <c>ch</c>'s group. Only a group that receives two
/// different types (say, one helper <c>fn drain(ch: int)</c> called with an int channel and a string
/// channel) is an error. A <c>recv</c> whose group nobody sends in falls back to the one type the whole
/// program sends, if there is one.
/// </para>
/// <para>
/// A handle can also travel through a channel or a <c>Shared</c> cell. Those are not transparent
/// (a channel of handles carries ints, whatever its handles carry), so each group has a
/// <em>contents</em> group, as in Steensgaard's points-to analysis: <c>ch.send(v)</c> puts
/// <c>v</c>'s place in the contents of <c>ch</c>'s group, <c>ch.recv()</c> comes from there, and
/// likewise <c>Shared.new(v)</c>, <c>Shared.set(c, v)</c> and <c>Shared.get(c)</c>. When two groups
/// join, so do their contents. Handles sent through one channel (or stored in one cell) therefore
/// share a group, as the handles in one array do.
/// </para>
/// </remarks>
internal sealed class ChannelFlow
{
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

    /// <summary>A group's representative → the place its channels or cells hold (created on first use).</summary>
    private readonly Dictionary<string, string> _contents = new(StringComparer.Ordinal);
    private readonly List<(string? Key, WynType Type, TextSpan Span)> _sends = [];
    private FunctionSymbol? _function;

    /// <summary>Sends in source-walk order: the channel's key (null when it cannot be traced), the value's type and span.</summary>
    public IReadOnlyList<(string? Key, WynType Type, TextSpan Span)> Sends => _sends;

    public static ChannelFlow Of(BoundProgram program)
    {
        var flow = new ChannelFlow();
        flow.Visit(program.Initialization);
        foreach (var function in program.Functions)
        {
            flow._function = function.Symbol;
            flow.Visit(function.Body);
        }

        return flow;
    }

    /// <summary>The place a value comes from, or null when it is not traceable (a literal, arithmetic, …).</summary>
    public string? KeyOf(BoundExpression expression) => expression switch
    {
        BoundVariable variable => VariableKey(variable.Variable),
        BoundBuiltinCall { Builtin: Builtin.ChannelNew } created => $"new@{created.Span.Start}",
        BoundBuiltinCall { Builtin: Builtin.SharedNew } created => $"shared@{created.Span.Start}",
        BoundBuiltinCall { Builtin: Builtin.ChannelReceive or Builtin.SharedGet, Arguments: [var holder, ..] } => ContentsOf(KeyOf(holder)),
        BoundBuiltinCall { Builtin: Builtin.Pop or Builtin.AwaitAll or Builtin.AwaitAny, Arguments: [var container, ..] } => KeyOf(container),
        BoundCall call => ReturnKey(call.Function),
        BoundSpawn spawn => ReturnKey(spawn.Function),
        BoundAwait awaited => KeyOf(awaited.Operand),
        BoundIndex index when index.Target.Type.Resolve() is ArrayType => KeyOf(index.Target),
        BoundTernary ternary => KeyOf(ternary.WhenTrue) ?? KeyOf(ternary.WhenFalse),
        BoundArrayLiteral literal => $"array@{literal.Span.Start}",
        _ => null,
    };

    /// <summary>The representative of <paramref name="key"/>'s group.</summary>
    public string Find(string key)
    {
        while (_parent.TryGetValue(key, out var parent) && parent != key)
        {
            var grandparent = _parent.GetValueOrDefault(parent, parent);
            _parent[key] = grandparent;
            key = grandparent;
        }

        return key;
    }

    /// <summary>
    /// The element type of the channel <paramref name="channel"/> may be: the type sent in its group,
    /// else the single type the whole program sends, else null (int).
    /// </summary>
    public WynType? ElementTypeOf(BoundExpression channel)
    {
        if (KeyOf(channel) is { } key)
        {
            var group = Find(key);
            foreach (var (sendKey, type, _) in _sends)
            {
                if (sendKey is not null && Find(sendKey) == group && Usable(type))
                {
                    return type.Resolve();
                }
            }
        }

        var sent = _sends.Select(s => s.Type.Resolve()).Where(Usable).ToList();
        return sent.Count > 0 && sent.All(t => TypeRules.Same(t, sent[0])) ? sent[0] : null;
    }

    /// <summary>True when some value other than an int is sent (only then does <c>recv</c> need a second pass).</summary>
    public bool SendsNonInt => _sends.Any(s => Usable(s.Type) && s.Type.Resolve() != WynType.Int);

    private static bool Usable(WynType type) => type.Resolve() is var t && t != WynType.Error && t.IsResolved;

    private static string VariableKey(VariableSymbol variable) => $"var@{variable.Declaration.Start}:{variable.Name}";

    private static string ReturnKey(FunctionSymbol function) => $"return:{function.Name}";

    /// <summary>The place that the channels or cells of <paramref name="key"/>'s group hold; null for an untraceable holder.</summary>
    private string? ContentsOf(string? key)
    {
        if (key is null)
        {
            return null;
        }

        var root = Find(key);
        if (!_contents.TryGetValue(root, out var contents))
        {
            contents = $"contents:{root}";
            _contents[root] = contents;
        }

        return contents;
    }

    private void Union(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return;
        }

        var rootA = Find(a);
        var rootB = Find(b);
        if (rootA == rootB)
        {
            return;
        }

        _parent[rootA] = rootB;

        // What the two groups hold is one group too (after the join above, so that a group that
        // holds itself ends the recursion).
        if (_contents.Remove(rootA, out var contentsA))
        {
            if (_contents.TryGetValue(rootB, out var contentsB))
            {
                Union(contentsA, contentsB);
            }
            else
            {
                _contents[rootB] = contentsA;
            }
        }
    }

    private void Flow(string? place, BoundExpression value)
    {
        Union(place, KeyOf(value));
        Visit(value);
    }

    // ---- walk -----------------------------------------------------------------------------------

    private void Visit(BoundStatement statement)
    {
        switch (statement)
        {
            case BoundBlock block:
                foreach (var inner in block.Statements)
                {
                    Visit(inner);
                }

                break;
            case BoundVariableDeclaration declaration:
                Flow(VariableKey(declaration.Variable), declaration.Initializer);
                break;
            case BoundExpressionStatement expression:
                Visit(expression.Expression);
                break;
            case BoundAssignment assignment:
                Visit(assignment.Target);
                Flow(KeyOf(assignment.Target), assignment.Value);
                break;
            case BoundCompoundAssignment compound:
                Visit(compound.Target);
                Visit(compound.Value);
                break;
            case BoundIf conditional:
                Visit(conditional.Condition);
                Visit(conditional.Then);
                if (conditional.Else is { } otherwise)
                {
                    Visit(otherwise);
                }

                break;
            case BoundWhile loop:
                Visit(loop.Condition);
                Visit(loop.Body);
                if (loop.Step is { } step)
                {
                    Visit(step);
                }

                break;
            case BoundForRange range:
                Visit(range.Start);
                Visit(range.End);
                Visit(range.Body);
                break;
            case BoundForEach each:
                Flow(VariableKey(each.Element), each.Source);
                Visit(each.Body);
                break;
            case BoundReturn { Value: { } value }:
                Flow(_function is null ? null : ReturnKey(_function), value);
                break;
        }
    }

    private void Visit(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundCall call:
                FlowArguments(call.Function, call.Arguments);
                break;
            case BoundSpawn spawn:
                FlowArguments(spawn.Function, spawn.Arguments);
                break;
            case BoundBuiltinCall { Builtin: Builtin.ChannelSend, Arguments: [var channel, var value] } send:
                Visit(channel);
                Flow(ContentsOf(KeyOf(channel)), value);
                _sends.Add((KeyOf(channel), value.Type, value.Span));
                break;
            case BoundBuiltinCall { Builtin: Builtin.SharedNew, Arguments: [var initial] } created:
                Flow(ContentsOf(KeyOf(created)), initial);
                break;
            case BoundBuiltinCall { Builtin: Builtin.SharedSet, Arguments: [var cell, var value] }:
                Visit(cell);
                Flow(ContentsOf(KeyOf(cell)), value);
                break;
            case BoundBuiltinCall { Builtin: Builtin.Push, Arguments: [var array, var element] }:
                Visit(array);
                Flow(KeyOf(array), element);
                break;
            case BoundBuiltinCall builtin:
                foreach (var argument in builtin.Arguments)
                {
                    Visit(argument);
                }

                foreach (var named in builtin.Named.Values)
                {
                    Visit(named);
                }

                break;
            case BoundArrayLiteral literal:
                foreach (var element in literal.Elements)
                {
                    Flow(KeyOf(literal), element);
                }

                break;
            case BoundIndex index:
                Visit(index.Target);
                Visit(index.Index);
                break;
            case BoundUnary unary:
                Visit(unary.Operand);
                break;
            case BoundBinary binary:
                Visit(binary.Left);
                Visit(binary.Right);
                break;
            case BoundTernary ternary:
                Visit(ternary.Condition);
                Union(KeyOf(ternary.WhenTrue), KeyOf(ternary.WhenFalse));
                Visit(ternary.WhenTrue);
                Visit(ternary.WhenFalse);
                break;
            case BoundConversion conversion:
                Visit(conversion.Operand);
                break;
            case BoundInterpolation interpolation:
                foreach (var part in interpolation.Parts)
                {
                    Visit(part);
                }

                break;
            case BoundAwait awaited:
                Visit(awaited.Operand);
                break;
        }
    }

    private void FlowArguments(FunctionSymbol function, IReadOnlyList<BoundExpression> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            Flow(i < function.Parameters.Count ? VariableKey(function.Parameters[i]) : null, arguments[i]);
        }
    }
}
