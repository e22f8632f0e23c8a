using System.Reflection.Emit;
using Wyn.Language.Binding;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>Builtin calls: each maps to one runtime helper (context first, Wyn line last, where the helper takes them).</summary>
internal sealed partial class Emitter
{
    private void EmitArguments(BoundBuiltinCall call)
    {
        foreach (var argument in call.Arguments)
        {
            EmitExpression(argument);
        }
    }

    private void EmitBuiltin(BoundBuiltinCall call)
    {
        var args = call.Arguments;
        switch (call.Builtin)
        {
            case Builtin.Print:
                EmitPrint(call);
                return;
            case Builtin.Format:
                EmitArguments(call);
                return;
            case Builtin.StringToInt:
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynConvert), nameof(WynConvert.ToInt), typeof(string), typeof(int));
                return;
            case Builtin.StringToFloat:
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynConvert), nameof(WynConvert.ToFloat), typeof(string), typeof(int));
                return;
            case Builtin.IntToFloat:
                EmitArguments(call);
                _il.Emit(OpCodes.Conv_R8);
                return;
            case Builtin.FloatToInt:
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynConvert), nameof(WynConvert.FloatToInt), typeof(double), typeof(int));
                return;
            case Builtin.StringLength when TryEmitAppendedLength(args[0]):
                return;
            case Builtin.StringLength:
                EmitArguments(call);
                _il.Emit(OpCodes.Call, RuntimeMethods.StringLength);
                return;
            case Builtin.ArrayLength:
                EmitArguments(call);
                _il.Emit(OpCodes.Callvirt, ClrTypes.Of(args[0].Type).GetProperty("Count")!.GetMethod!);
                return;
            case Builtin.MinInt or Builtin.MaxInt or Builtin.AbsInt:
                EmitArguments(call);
                Call(typeof(WynMath), call.Builtin switch { Builtin.MinInt => "Min", Builtin.MaxInt => "Max", _ => "AbsVal" }, args.Select(_ => typeof(long)).ToArray());
                return;
            case Builtin.MinFloat or Builtin.MaxFloat or Builtin.AbsFloat:
                EmitArguments(call);
                Call(typeof(WynMath), call.Builtin switch { Builtin.MinFloat => "Min", Builtin.MaxFloat => "Max", _ => "AbsVal" }, args.Select(_ => typeof(double)).ToArray());
                return;
            case Builtin.Sqrt or Builtin.Floor or Builtin.Ceil or Builtin.AbsMath:
                EmitArguments(call);
                Call(typeof(WynMath), call.Builtin switch { Builtin.Sqrt => "Sqrt", Builtin.Floor => "Floor", Builtin.Ceil => "Ceil", _ => "Abs" }, typeof(double));
                return;
            case Builtin.Pow:
                EmitArguments(call);
                Call(typeof(WynMath), "Pow", typeof(double), typeof(double));
                return;
            case Builtin.Panic:
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                _il.Emit(OpCodes.Call, RuntimeMethods.Panic);
                return;
            case Builtin.AssertEqual:
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynPanics), nameof(WynPanics.AssertEq), ClrTypes.Of(args[0].Type)));
                return;
            case Builtin.AwaitAll or Builtin.AwaitAny:
            {
                var result = ((FutureType)((ArrayType)args[0].Type.Resolve()).Element!).Result.Resolve();
                if (_emittingResumable)
                {
                    // Suspend until the work has finished, then wait as below (decision 0013).
                    var futures = _il.DeclareLocal(ClrTypes.Of(args[0].Type));
                    EmitExpression(args[0]);
                    _il.Emit(OpCodes.Stloc, futures);
                    EmitContext();
                    _il.Emit(OpCodes.Ldloc, futures);
                    EmitLine(call.PanicSpan);
                    _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynTasks), call.Builtin == Builtin.AwaitAll ? nameof(WynTasks.WhenAllFinished) : nameof(WynTasks.WhenAnyFinished), ClrTypes.Of(result)));
                    EmitAwaitValueTask(typeof(void));
                    EmitContext();
                    _il.Emit(OpCodes.Ldloc, futures);
                }
                else
                {
                    EmitContext();
                    EmitArguments(call);
                }

                EmitLine(call.PanicSpan);
                if (call.Builtin == Builtin.AwaitAll && result is FutureType inner)
                {
                    // Results that are futures form an array of futures (WynFutureArray), not a WynArray of them.
                    _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynTasks), nameof(WynTasks.AwaitAllFutures), ClrTypes.Of(inner.Result)));
                }
                else
                {
                    _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynTasks), call.Builtin == Builtin.AwaitAll ? nameof(WynTasks.AwaitAll) : nameof(WynTasks.AwaitAny), ClrTypes.Of(result)));
                }

                if (call.Type.Resolve() == WynType.Void)
                {
                    _il.Emit(OpCodes.Pop);
                }

                return;
            }

            case Builtin.ChannelNew:
                EmitContext();
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynChannels), nameof(WynChannels.New), typeof(WynContext), typeof(long), typeof(int));
                return;
            case Builtin.ChannelSend:
                EmitContext();
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                if (_emittingResumable)
                {
                    _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynChannels), nameof(WynChannels.SendSuspending), ClrTypes.Of(args[1].Type)));
                    EmitAwaitValueTask(typeof(void));
                    return;
                }

                _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynChannels), nameof(WynChannels.Send), ClrTypes.Of(args[1].Type)));
                return;
            case Builtin.ChannelReceive:
                EmitContext();
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                if (_emittingResumable)
                {
                    _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynChannels), nameof(WynChannels.RecvSuspending), ClrTypes.Of(call.Type)));
                    EmitAwaitValueTask(ClrTypes.Of(call.Type));
                    return;
                }

                _il.Emit(OpCodes.Call, RuntimeMethods.Generic(typeof(WynChannels), nameof(WynChannels.Recv), ClrTypes.Of(call.Type)));
                return;
            case Builtin.ChannelClose:
                EmitContext();
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynChannels), nameof(WynChannels.Close), typeof(WynContext), typeof(long), typeof(int));
                return;
            case Builtin.SharedNew:
                EmitContext();
                EmitArguments(call);
                Call(typeof(WynShared), nameof(WynShared.New), typeof(WynContext), typeof(long));
                return;
            case Builtin.SharedGet:
                EmitContext();
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynShared), nameof(WynShared.Get), typeof(WynContext), typeof(long), typeof(int));
                return;
            case Builtin.SharedSet or Builtin.SharedAdd or Builtin.SharedSubtract:
                EmitContext();
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynShared), call.Builtin switch { Builtin.SharedSet => "Set", Builtin.SharedAdd => "Add", _ => "Sub" }, typeof(WynContext), typeof(long), typeof(long), typeof(int));
                return;
            case Builtin.Sleep:
                EmitContext();
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                if (_emittingResumable)
                {
                    Call(typeof(WynTime), nameof(WynTime.SleepSuspending), typeof(WynContext), typeof(long), typeof(int));
                    EmitAwaitValueTask(typeof(void));
                    return;
                }

                Call(typeof(WynTime), nameof(WynTime.Sleep), typeof(WynContext), typeof(long), typeof(int));
                return;
            case Builtin.NowMillis:
                Call(typeof(WynTime), nameof(WynTime.NowMillis));
                return;
            case Builtin.Micros:
                Call(typeof(WynTime), nameof(WynTime.Micros));
                return;
            case Builtin.TimeNow:
                Call(typeof(WynTime), nameof(WynTime.TimeNow));
                return;
            case Builtin.TimeNanoseconds:
                Call(typeof(WynTime), nameof(WynTime.TimeNs));
                return;
            case Builtin.Upper or Builtin.Lower or Builtin.Trim:
                EmitArguments(call);
                Call(typeof(WynStrings), call.Builtin.ToString(), typeof(string));
                return;
            case Builtin.StringContains or Builtin.StartsWith or Builtin.EndsWith or Builtin.IndexOf or Builtin.Split:
                EmitArguments(call);
                Call(typeof(WynStrings), call.Builtin == Builtin.StringContains ? "Contains" : call.Builtin.ToString(), typeof(string), typeof(string));
                return;
            case Builtin.Replace:
                EmitArguments(call);
                Call(typeof(WynStrings), nameof(WynStrings.Replace), typeof(string), typeof(string), typeof(string));
                return;
            case Builtin.Substring:
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                Call(typeof(WynStrings), nameof(WynStrings.Substring), typeof(string), typeof(long), typeof(long), typeof(int));
                return;
            case Builtin.Join:
                EmitArguments(call);
                Call(typeof(WynStrings), nameof(WynStrings.Join), typeof(WynArray<string>), typeof(string));
                return;
            case Builtin.Push when args[1] is BoundSpawn { IsFireAndForget: false } spawn && PushesInPlace(args[0], spawn) && !SpawnsResumable(spawn.Function):
                EmitPushSpawn(args[0], spawn);
                return;
            case Builtin.Push:
                EmitArguments(call);
                _il.Emit(OpCodes.Callvirt, ClrTypes.Of(args[0].Type).GetMethod("Push")!);
                return;
            case Builtin.Pop:
                EmitArguments(call);
                EmitLine(call.PanicSpan);
                _il.Emit(OpCodes.Callvirt, ClrTypes.Of(args[0].Type).GetMethod("Pop")!);
                return;
            case Builtin.ArrayContains:
                EmitArguments(call);
                _il.Emit(OpCodes.Callvirt, ClrTypes.Of(args[0].Type).GetMethod("Contains")!);
                return;
            default:
                throw new InvalidOperationException($"builtin {call.Builtin} has no emitter");
        }
    }

    private void Call(Type owner, string name, params Type[] parameters) =>
        _il.Emit(OpCodes.Call, RuntimeMethods.Get(owner, name, parameters));

    /// <summary>print/println: arguments joined by one space (or sep), ended by a newline (or end), in one write.</summary>
    private void EmitPrint(BoundBuiltinCall call)
    {
        if (call.Named.Count == 0)
        {
            EmitContext();
            if (call.Arguments.Count == 1)
            {
                EmitExpression(call.Arguments[0]);
            }
            else
            {
                EmitJoinedWithSpaces(call.Arguments);
            }

            _il.Emit(OpCodes.Call, RuntimeMethods.Println);
            return;
        }

        EmitContext();
        _il.Emit(OpCodes.Ldc_I4, call.Arguments.Count);
        _il.Emit(OpCodes.Newarr, typeof(string));
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldc_I4, i);
            EmitExpression(call.Arguments[i]);
            _il.Emit(OpCodes.Stelem_Ref);
        }

        EmitNamedOrDefault(call, "sep", " ");
        EmitNamedOrDefault(call, "end", "\n");
        _il.Emit(OpCodes.Call, RuntimeMethods.Print);
    }

    private void EmitNamedOrDefault(BoundBuiltinCall call, string name, string fallback)
    {
        if (call.Named.TryGetValue(name, out var value))
        {
            EmitExpression(value);
        }
        else
        {
            _il.Emit(OpCodes.Ldstr, fallback);
        }
    }

    private void EmitJoinedWithSpaces(IReadOnlyList<BoundExpression> parts)
    {
        if (parts.Count == 0)
        {
            _il.Emit(OpCodes.Ldstr, string.Empty);
            return;
        }

        var count = parts.Count * 2 - 1;
        _il.Emit(OpCodes.Ldc_I4, count);
        _il.Emit(OpCodes.Newarr, typeof(string));
        for (var i = 0; i < parts.Count; i++)
        {
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldc_I4, i * 2);
            EmitExpression(parts[i]);
            _il.Emit(OpCodes.Stelem_Ref);
            if (i + 1 < parts.Count)
            {
                _il.Emit(OpCodes.Dup);
                _il.Emit(OpCodes.Ldc_I4, i * 2 + 1);
                _il.Emit(OpCodes.Ldstr, " ");
                _il.Emit(OpCodes.Stelem_Ref);
            }
        }

        _il.Emit(OpCodes.Call, RuntimeMethods.ConcatMany);
    }
}
