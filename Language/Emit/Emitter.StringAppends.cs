using System.Reflection.Emit;
using Wyn.Language.Binding;
using Wyn.Language.Lowering;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// String variables that a loop appends to live in a <see cref="StringAppender"/> local instead of a
/// string local (<see cref="StringAppends"/> chooses them): a store makes a fresh appender, an append
/// adds to it, a read makes the string (<c>s.len()</c> need not).
/// </summary>
internal sealed partial class Emitter
{
    /// <summary>The current method's variables kept in a <see cref="StringAppender"/>.</summary>
    private readonly HashSet<VariableSymbol> _appendedStrings = [];

    /// <summary>Script globals that no function names: the entry owns them as it owns its locals.</summary>
    private HashSet<VariableSymbol> _entryOwnedGlobals = [];

    private static HashSet<VariableSymbol> GlobalsOnlyTheEntryNames(BoundProgram program)
    {
        var named = new HashSet<VariableSymbol>();
        foreach (var function in program.Functions)
        {
            if (!VariableUse.Collect(function.Body, named))
            {
                return [];   // a node the walk does not know: any global may be named there
            }
        }

        return program.Globals.Where(global => !named.Contains(global)).ToHashSet();
    }

    private BoundBlock WithStringAppends(BoundBlock lowered) =>
        StringAppends.Rewrite(
            lowered,
            variable => variable.Kind == VariableKind.Local || (_isEntry && variable.Kind == VariableKind.Global && _entryOwnedGlobals.Contains(variable)),
            _appendedStrings);

    private void EmitStringAppend(BoundStringAppend append)
    {
        foreach (var piece in append.Pieces)
        {
            var local = LocalFor(append.Variable);
            _il.Emit(OpCodes.Ldloc, local);
            EmitExpression(piece);
            Call(typeof(StringAppender), nameof(StringAppender.Append), typeof(StringAppender), typeof(string));
            _il.Emit(OpCodes.Stloc, local);
        }
    }

    /// <summary>Loads the variable's string when it lives in an appender; false for any other variable.</summary>
    private bool TryEmitLoadAppended(VariableSymbol variable)
    {
        if (!_appendedStrings.Contains(variable))
        {
            return false;
        }

        _il.Emit(OpCodes.Ldloc, LocalFor(variable));
        Call(typeof(StringAppender), nameof(StringAppender.Text), typeof(StringAppender));
        return true;
    }

    /// <summary>Stores the string on the stack into the variable's appender; false for any other variable.</summary>
    private bool TryEmitStoreAppended(VariableSymbol variable)
    {
        if (!_appendedStrings.Contains(variable))
        {
            return false;
        }

        Call(typeof(StringAppender), nameof(StringAppender.Of), typeof(string));
        _il.Emit(OpCodes.Stloc, LocalFor(variable));
        return true;
    }

    /// <summary><c>s.len()</c> of a variable in an appender, without making its string; false otherwise.</summary>
    private bool TryEmitAppendedLength(BoundExpression value)
    {
        if (value is not BoundVariable { Variable: var variable } || !_appendedStrings.Contains(variable))
        {
            return false;
        }

        _il.Emit(OpCodes.Ldloc, LocalFor(variable));
        Call(typeof(StringAppender), nameof(StringAppender.Utf8Length), typeof(StringAppender));
        return true;
    }
}
