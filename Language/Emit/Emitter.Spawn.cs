using System.Reflection;
using System.Reflection.Emit;
using Wyn.Engine;
using Wyn.Language.Binding;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// <c>spawn f(a, b)</c> → <c>State.Spawn&lt;(A, B), R&gt;(cachedThunk, (a, b))</c>. The thunk is a static method
/// that unpacks the value-tuple state and calls <c>f</c> directly; its delegate is created once in the
/// type initializer, so a spawn allocates nothing but what the engine needs. The thunk reports a
/// failure to the run (ending the program) and always marks the task finished.
/// A spawn with a future also passes the task's starting Wyn depth (<see cref="WynStackGuard.SpawnDepth"/>)
/// as the state's last item, so that a spawn recursion whose levels await each other reaches the
/// depth limit and panics <c>stack overflow</c> like a plain one. A fire-and-forget spawn starts at
/// depth 0: nothing can await it, so it never nests inside its spawner.
/// </summary>
internal sealed partial class Emitter
{
    private void EmitSpawn(BoundSpawn spawn)
    {
        if (SpawnsResumable(spawn.Function))
        {
            EmitResumableSpawn(spawn, _resumableMethods[spawn.Function]);
            return;
        }

        var (stateType, resultType) = SpawnTypes(spawn.Function, withDepth: true);
        var field = SpawnDelegate(spawn.Function, fireAndForget: false);
        _il.Emit(OpCodes.Ldsfld, _stateField);
        _il.Emit(OpCodes.Ldsfld, field);
        EmitSpawnState(spawn.Arguments, stateType!, withDepth: true);
        _il.Emit(OpCodes.Callvirt, GenericInstanceMethod(nameof(WynRunState.Spawn), 2).MakeGenericMethod(stateType!, resultType));
    }

    /// <summary>
    /// <c>futs.push(spawn f(a))</c> → <c>State.PushSpawn(futs, cachedThunk, a)</c>: the task may write its
    /// value straight into the array (WynFutureArray.InPlace.cs). The array is evaluated before the
    /// arguments, as for any push.
    /// </summary>
    private void EmitPushSpawn(BoundExpression array, BoundSpawn spawn)
    {
        var (stateType, resultType) = SpawnTypes(spawn.Function, withDepth: true);
        var field = SpawnDelegate(spawn.Function, fireAndForget: false);
        _il.Emit(OpCodes.Ldsfld, _stateField);
        EmitExpression(array);
        _il.Emit(OpCodes.Ldsfld, field);
        EmitSpawnState(spawn.Arguments, stateType!, withDepth: true);
        _il.Emit(OpCodes.Callvirt, PushSpawnMethod.MakeGenericMethod(stateType!, resultType));
        _pushSpawnShapes.Add((stateType!, resultType));
    }

    /// <summary>True when <paramref name="array"/> is an array of futures of exactly the spawn's result type.</summary>
    private static bool PushesInPlace(BoundExpression array, BoundSpawn spawn)
    {
        var arrayType = ClrTypes.Of(array.Type);
        return ClrTypes.IsFutureArray(arrayType) && arrayType.GetGenericArguments()[0] == SpawnTypes(spawn.Function, withDepth: true).Result;
    }

    private static MethodInfo PushSpawnMethod => GenericInstanceMethod(nameof(WynRunState.PushSpawn), 2);

    private void EmitFireAndForget(BoundSpawn spawn)
    {
        var (stateType, _) = SpawnTypes(spawn.Function, withDepth: false);
        var field = SpawnDelegate(spawn.Function, fireAndForget: true);
        _il.Emit(OpCodes.Ldsfld, _stateField);
        _il.Emit(OpCodes.Ldsfld, field);
        if (stateType is null)
        {
            _il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetMethod(nameof(WynRunState.Run), Type.EmptyTypes.Prepend(typeof(Action)).ToArray())!);
        }
        else
        {
            EmitSpawnState(spawn.Arguments, stateType, withDepth: false);
            _il.Emit(OpCodes.Callvirt, GenericInstanceMethod(nameof(WynRunState.Run), 1).MakeGenericMethod(stateType));
        }
    }

    private static MethodInfo GenericInstanceMethod(string name, int arity) =>
        typeof(WynRunState).GetMethods().Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == arity);

    /// <summary>
    /// The state passed to the thunk: nothing, the single item, or a <see cref="SpawnArguments{T1, T2}"/>
    /// of all items. The items are the arguments, then (<paramref name="withDepth"/>) the task's starting depth.
    /// </summary>
    private static (Type? State, Type Result) SpawnTypes(FunctionSymbol function, bool withDepth)
    {
        var parameters = StateItems(function, withDepth);
        var result = ClrTypes.Of(function.ReturnType!);
        var state = parameters.Length switch
        {
            0 => null,
            1 => parameters[0],
            _ => TupleType(parameters),
        };
        return (state, result);
    }

    /// <summary>
    /// A <see cref="SpawnArguments{T1, T2}"/> of the types (a Language type rather than a value tuple,
    /// so that ReadyToRun can precompile the engine over it: see SpawnArguments.cs); beyond seven, the
    /// eighth slot (Rest) nests another, as C# does with tuples.
    /// </summary>
    private static Type TupleType(ReadOnlySpan<Type> types)
    {
        if (types.Length <= 7)
        {
            return SpawnArgumentsTypes[types.Length].MakeGenericType(types.ToArray());
        }

        return typeof(SpawnArguments<,,,,,,,>).MakeGenericType([.. types[..7], TupleType(types[7..])]);
    }

    private static readonly Type[] SpawnArgumentsTypes =
    [
        typeof(void), typeof(SpawnArguments<>), typeof(SpawnArguments<,>), typeof(SpawnArguments<,,>), typeof(SpawnArguments<,,,>),
        typeof(SpawnArguments<,,,,>), typeof(SpawnArguments<,,,,,>), typeof(SpawnArguments<,,,,,,>),
    ];

    private static Type[] StateItems(FunctionSymbol function, bool withDepth)
    {
        var items = function.Parameters.Select(p => ClrTypes.Of(p.Type));
        return (withDepth ? items.Append(typeof(int)) : items).ToArray();
    }

    private void EmitSpawnState(IReadOnlyList<BoundExpression> arguments, Type stateType, bool withDepth)
    {
        foreach (var argument in arguments)
        {
            EmitExpression(argument);
        }

        if (withDepth)
        {
            EmitSpawnDepth();
        }

        if (arguments.Count + (withDepth ? 1 : 0) >= 2)
        {
            // All arguments are on the stack in order; build the innermost (Rest) tuple first.
            var chain = new List<Type>();
            for (var type = stateType; ; type = type.GetGenericArguments()[7])
            {
                chain.Add(type);
                if (type.GetGenericArguments().Length < 8)
                {
                    break;
                }
            }

            for (var i = chain.Count - 1; i >= 0; i--)
            {
                _il.Emit(OpCodes.Newobj, chain[i].GetConstructor(chain[i].GetGenericArguments())!);
            }
        }
    }

    /// <summary>The static field holding the cached delegate for spawning <paramref name="function"/>; created on first use.</summary>
    private FieldBuilder SpawnDelegate(FunctionSymbol function, bool fireAndForget)
    {
        if (_spawnDelegates.TryGetValue((function, fireAndForget), out var existing))
        {
            return existing;
        }

        var (stateType, resultType) = SpawnTypes(function, withDepth: !fireAndForget);
        var parameterTypes = stateType is null ? Type.EmptyTypes : [stateType];
        var thunk = _type.DefineMethod(
            $"{(fireAndForget ? "run" : "spawn")}_{function.Name}",
            MethodAttributes.Public | MethodAttributes.Static,
            fireAndForget ? typeof(void) : resultType,
            parameterTypes);
        thunk.SetImplementationFlags(WynMethodFlags);
        if (fireAndForget && _resumableMethods.TryGetValue(function, out var resumable))
        {
            EmitResumableThunk(thunk.GetILGenerator(), function, resumable, stateType);
        }
        else
        {
            EmitThunk(thunk.GetILGenerator(), function, stateType, resultType, fireAndForget);
        }

        var delegateType = (fireAndForget, stateType) switch
        {
            (true, null) => typeof(Action),
            (true, _) => typeof(Action<>).MakeGenericType(stateType),
            (false, null) => typeof(Func<>).MakeGenericType(resultType),
            (false, _) => typeof(Func<,>).MakeGenericType(stateType, resultType),
        };
        var field = _type.DefineField($"delegate_{thunk.Name}", delegateType, FieldAttributes.Public | FieldAttributes.Static | FieldAttributes.InitOnly);
        _delegateInitializers.Add((field, thunk, delegateType, null));
        _spawnDelegates[(function, fireAndForget)] = field;
        return field;
    }

    private void EmitThunk(ILGenerator il, FunctionSymbol function, Type? stateType, Type resultType, bool fireAndForget)
    {
        var target = _methods[function];
        var result = fireAndForget ? null : il.DeclareLocal(resultType);
        var failure = il.DeclareLocal(typeof(Exception));
        var skip = il.DefineLabel();

        il.BeginExceptionBlock();

        // After a failure the program is ending: tasks that have not started yet do nothing.
        il.Emit(OpCodes.Ldsfld, _stateField);
        il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetProperty(nameof(WynRunState.HasFailed))!.GetMethod!);
        il.Emit(OpCodes.Brtrue, skip);

        var parameterCount = function.Parameters.Count;
        var itemCount = parameterCount + (fireAndForget ? 0 : 1);
        for (var i = 0; i < parameterCount; i++)
        {
            EmitLoadStateItem(il, stateType!, itemCount, i);
        }

        if (fireAndForget)
        {
            il.Emit(OpCodes.Ldc_I4_0); // starts at depth 0; its prologue checks the real stack
        }
        else
        {
            // The inherited depth, checked here (the prologue checks only every 16 levels): against the
            // limit, and the real stack, for a task may start nested in another's frames while it helps.
            EmitLoadStateItem(il, stateType!, itemCount, parameterCount);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, LineOf(function.Declaration?.NameSpan ?? default));
            il.Emit(OpCodes.Call, RuntimeMethods.StackGuard);
        }

        il.Emit(OpCodes.Call, target);
        if (target.ReturnType != typeof(void))
        {
            if (result is not null)
            {
                il.Emit(OpCodes.Stloc, result);
                if (function.ReturnType?.Resolve() is FutureType inner)
                {
                    // A task whose value is itself a future (`fn start() -> Future<int> => spawn g()`):
                    // every await of the task's future hands out a copy of that inner future, so it
                    // must carry a preserved (multi-await) handle, as a copied future does (FutureSharing).
                    il.Emit(OpCodes.Ldloca, result);
                    il.Emit(OpCodes.Call, typeof(FutureSharing<>).MakeGenericType(ClrTypes.Of(inner.Result)).GetMethod(nameof(FutureSharing<int>.Share))!);
                    il.Emit(OpCodes.Stloc, result);
                }
            }
            else
            {
                il.Emit(OpCodes.Pop);
            }
        }

        il.MarkLabel(skip);

        il.BeginCatchBlock(typeof(Exception));
        EmitTaskFailed(il, failure);
        if (!fireAndForget)
        {
            // The awaiter sees the program's failure: a fresh copy of a Wyn panic or deadlock, else this one.
            il.Emit(OpCodes.Ldsfld, _stateField);
            il.Emit(OpCodes.Ldloc, failure);
            il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetMethod(nameof(WynRunState.PassOnToAwaiter))!);
            il.Emit(OpCodes.Rethrow);
        }

        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldsfld, _stateField);
        il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetMethod(nameof(WynRunState.TaskFinished))!);
        il.EndExceptionBlock();

        if (result is not null)
        {
            il.Emit(OpCodes.Ldloc, result);
        }

        il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// A spawn with a future of a resumable function goes through a promise (WynRunState.SpawnResumable)
    /// unless its value is a future: such a task needs the sharing the blocking thunk does (FutureSharing).
    /// </summary>
    /// <remarks>Also pushed with <c>futs.push(spawn f(…))</c>: as a plain push of that future, not in place.</remarks>
    private bool SpawnsResumable(FunctionSymbol function) =>
        _resumableMethods.ContainsKey(function) && function.ReturnType?.Resolve() is not FutureType;

    /// <summary><c>spawn f(a, b)</c> → <c>State.SpawnResumable&lt;(A, B, int), R&gt;(cachedStart, (a, b, depth))</c> (decision 0013).</summary>
    private void EmitResumableSpawn(BoundSpawn spawn, MethodBuilder resumable)
    {
        var (stateType, resultType) = SpawnTypes(spawn.Function, withDepth: true);
        if (!_resumableStarts.TryGetValue(spawn.Function, out var field))
        {
            var start = _type.DefineMethod($"start_{spawn.Function.Name}", MethodAttributes.Public | MethodAttributes.Static, resumable.ReturnType, [stateType!]);
            start.SetImplementationFlags(WynMethodFlags);
            var il = start.GetILGenerator();
            var parameterCount = spawn.Function.Parameters.Count;
            for (var i = 0; i < parameterCount; i++)
            {
                EmitLoadStateItem(il, stateType!, parameterCount + 1, i);
            }

            // The inherited depth, checked as the blocking thunk does (EmitThunk).
            EmitLoadStateItem(il, stateType!, parameterCount + 1, parameterCount);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, LineOf(spawn.Function.Declaration?.NameSpan ?? default));
            il.Emit(OpCodes.Call, RuntimeMethods.StackGuard);
            il.Emit(OpCodes.Call, resumable);
            il.Emit(OpCodes.Ret);

            var delegateType = typeof(Func<,>).MakeGenericType(stateType!, resumable.ReturnType);
            var fieldType = typeof(Func<,>).MakeGenericType(stateType!, typeof(ValueTask<>).MakeGenericType(resultType));
            // A function without a value returns a plain ValueTask: its start is wrapped once, here, as
            // one whose value is Unit (the type of its future).
            var adapter = resumable.ReturnType == typeof(ValueTask)
                ? typeof(WynRunState).GetMethod(nameof(WynRunState.StartWithoutValue))!.MakeGenericMethod(stateType!)
                : null;
            field = _type.DefineField($"delegate_{start.Name}", fieldType, FieldAttributes.Public | FieldAttributes.Static | FieldAttributes.InitOnly);
            _delegateInitializers.Add((field, start, delegateType, adapter));
            _resumableStarts[spawn.Function] = field;
        }

        _il.Emit(OpCodes.Ldsfld, _stateField);
        _il.Emit(OpCodes.Ldsfld, field);
        EmitSpawnState(spawn.Arguments, stateType!, withDepth: true);
        _il.Emit(OpCodes.Callvirt, GenericInstanceMethod(nameof(WynRunState.SpawnResumable), 2).MakeGenericMethod(stateType!, resultType));
    }

    /// <summary>
    /// The thunk of a fire-and-forget spawn of a function with a resumable version (decision 0013):
    /// it starts that version; if the task suspends, the thunk returns and the task is marked finished
    /// (or failed) when it completes (<see cref="WynRunState.FinishedOrTracked"/>), on whichever worker
    /// resumed it.
    /// </summary>
    private void EmitResumableThunk(ILGenerator il, FunctionSymbol function, MethodBuilder resumable, Type? stateType)
    {
        var finished = il.DeclareLocal(typeof(bool));
        var failure = il.DeclareLocal(typeof(Exception));
        var skip = il.DefineLabel();
        var done = il.DefineLabel();
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Stloc, finished);

        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldsfld, _stateField);
        il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetProperty(nameof(WynRunState.HasFailed))!.GetMethod!);
        il.Emit(OpCodes.Brtrue, skip);

        var parameterCount = function.Parameters.Count;
        for (var i = 0; i < parameterCount; i++)
        {
            EmitLoadStateItem(il, stateType!, parameterCount, i);
        }

        il.Emit(OpCodes.Ldc_I4_0); // starts at depth 0, as any fire-and-forget task
        il.Emit(OpCodes.Call, resumable);
        var valueType = ClrTypes.ReturnOf(function.ReturnType!);
        var track = valueType == typeof(void)
            ? typeof(WynRunState).GetMethod(nameof(WynRunState.FinishedOrTracked), [typeof(ValueTask)])!
            : GenericInstanceMethod(nameof(WynRunState.FinishedOrTracked), 1).MakeGenericMethod(valueType);
        var task = il.DeclareLocal(resumable.ReturnType);
        il.Emit(OpCodes.Stloc, task);
        il.Emit(OpCodes.Ldsfld, _stateField);
        il.Emit(OpCodes.Ldloc, task);
        il.Emit(OpCodes.Callvirt, track);
        il.Emit(OpCodes.Stloc, finished);
        il.MarkLabel(skip);

        il.BeginCatchBlock(typeof(Exception));
        EmitTaskFailed(il, failure);

        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldloc, finished);
        il.Emit(OpCodes.Brfalse, done);
        il.Emit(OpCodes.Ldsfld, _stateField);
        il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetMethod(nameof(WynRunState.TaskFinished))!);
        il.MarkLabel(done);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ret);
    }

    /// <summary>In a thunk's catch block: stores the exception in <paramref name="failure"/> and reports it (WynRunState.TaskFailed).</summary>
    private void EmitTaskFailed(ILGenerator il, LocalBuilder failure)
    {
        il.Emit(OpCodes.Stloc, failure);
        il.Emit(OpCodes.Ldsfld, _stateField);
        il.Emit(OpCodes.Ldloc, failure);
        il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetMethod(nameof(WynRunState.TaskFailed))!);
    }

    /// <summary>Loads item <paramref name="index"/> of a thunk's state (argument 0) of <paramref name="itemCount"/> items.</summary>
    private static void EmitLoadStateItem(ILGenerator il, Type stateType, int itemCount, int index)
    {
        if (itemCount == 1)
        {
            il.Emit(OpCodes.Ldarg_0);
            return;
        }

        // Item i lives in Rest.Rest…(i / 7 times).Item(i % 7 + 1).
        il.Emit(OpCodes.Ldarga_S, (byte)0);
        var tuple = stateType;
        for (var level = 0; level < index / 7; level++)
        {
            var rest = tuple.GetField("Rest")!;
            il.Emit(OpCodes.Ldflda, rest);
            tuple = rest.FieldType;
        }

        il.Emit(OpCodes.Ldfld, tuple.GetField($"Item{index % 7 + 1}")!);
    }

    /// <summary>The depth a task spawned here starts at: this function's depth plus <see cref="WynStackGuard.SpawnDepth"/>.</summary>
    private void EmitSpawnDepth()
    {
        if (_depthArgument < 0)
        {
            _il.Emit(OpCodes.Ldc_I4, WynStackGuard.SpawnDepth);
            return;
        }

        _il.Emit(OpCodes.Ldarg, _depthArgument);
        _il.Emit(OpCodes.Ldc_I4, WynStackGuard.SpawnDepth);
        _il.Emit(OpCodes.Add);
    }
}
