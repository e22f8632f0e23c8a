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
/// </summary>
internal sealed partial class Emitter
{
    private void EmitSpawn(BoundSpawn spawn)
    {
        var (stateType, resultType) = SpawnTypes(spawn.Function);
        var field = SpawnDelegate(spawn.Function, fireAndForget: false);
        _il.Emit(OpCodes.Ldsfld, _stateField);
        _il.Emit(OpCodes.Ldsfld, field);
        MethodInfo spawnMethod;
        if (stateType is null)
        {
            spawnMethod = GenericInstanceMethod(nameof(WynRunState.Spawn), 1).MakeGenericMethod(resultType);
        }
        else
        {
            EmitSpawnState(spawn.Arguments, stateType);
            spawnMethod = GenericInstanceMethod(nameof(WynRunState.Spawn), 2).MakeGenericMethod(stateType, resultType);
        }

        _il.Emit(OpCodes.Callvirt, spawnMethod);
    }

    /// <summary>
    /// <c>futs.push(spawn f(a))</c> → <c>State.PushSpawn(futs, cachedThunk, a)</c>: the task may write its
    /// value straight into the array (WynFutureArray.InPlace.cs). The array is evaluated before the
    /// arguments, as for any push.
    /// </summary>
    private void EmitPushSpawn(BoundExpression array, BoundSpawn spawn)
    {
        var (stateType, resultType) = SpawnTypes(spawn.Function);
        var field = SpawnDelegate(spawn.Function, fireAndForget: false);
        _il.Emit(OpCodes.Ldsfld, _stateField);
        EmitExpression(array);
        _il.Emit(OpCodes.Ldsfld, field);
        MethodInfo method;
        if (stateType is null)
        {
            method = PushSpawnMethod(1).MakeGenericMethod(resultType);
        }
        else
        {
            EmitSpawnState(spawn.Arguments, stateType);
            method = PushSpawnMethod(2).MakeGenericMethod(stateType, resultType);
        }

        _il.Emit(OpCodes.Callvirt, method);
    }

    /// <summary>True when <paramref name="array"/> is an array of futures of exactly the spawn's result type.</summary>
    private static bool PushesInPlace(BoundExpression array, BoundSpawn spawn)
    {
        var arrayType = ClrTypes.Of(array.Type);
        return ClrTypes.IsFutureArray(arrayType) && arrayType.GetGenericArguments()[0] == SpawnTypes(spawn.Function).Result;
    }

    private static MethodInfo PushSpawnMethod(int arity) => GenericInstanceMethod(nameof(WynRunState.PushSpawn), arity);

    private void EmitFireAndForget(BoundSpawn spawn)
    {
        var (stateType, _) = SpawnTypes(spawn.Function);
        var field = SpawnDelegate(spawn.Function, fireAndForget: true);
        _il.Emit(OpCodes.Ldsfld, _stateField);
        _il.Emit(OpCodes.Ldsfld, field);
        if (stateType is null)
        {
            _il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetMethod(nameof(WynRunState.Run), Type.EmptyTypes.Prepend(typeof(Action)).ToArray())!);
        }
        else
        {
            EmitSpawnState(spawn.Arguments, stateType);
            _il.Emit(OpCodes.Callvirt, GenericInstanceMethod(nameof(WynRunState.Run), 1).MakeGenericMethod(stateType));
        }
    }

    private static MethodInfo GenericInstanceMethod(string name, int arity) =>
        typeof(WynRunState).GetMethods().Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == arity);

    /// <summary>The state passed to the thunk: nothing, the single argument, or a value tuple of all arguments.</summary>
    private static (Type? State, Type Result) SpawnTypes(FunctionSymbol function)
    {
        var parameters = function.Parameters.Select(p => ClrTypes.Of(p.Type)).ToArray();
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

    private void EmitSpawnState(IReadOnlyList<BoundExpression> arguments, Type stateType)
    {
        foreach (var argument in arguments)
        {
            EmitExpression(argument);
        }

        if (arguments.Count >= 2)
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

        var (stateType, resultType) = SpawnTypes(function);
        var parameterTypes = stateType is null ? Type.EmptyTypes : [stateType];
        var thunk = _type.DefineMethod(
            $"{(fireAndForget ? "run" : "spawn")}_{function.Name}",
            MethodAttributes.Public | MethodAttributes.Static,
            fireAndForget ? typeof(void) : resultType,
            parameterTypes);
        thunk.SetImplementationFlags(WynMethodFlags);
        EmitThunk(thunk.GetILGenerator(), function, stateType, resultType, fireAndForget);

        var delegateType = (fireAndForget, stateType) switch
        {
            (true, null) => typeof(Action),
            (true, _) => typeof(Action<>).MakeGenericType(stateType),
            (false, null) => typeof(Func<>).MakeGenericType(resultType),
            (false, _) => typeof(Func<,>).MakeGenericType(stateType, resultType),
        };
        var field = _type.DefineField($"delegate_{thunk.Name}", delegateType, FieldAttributes.Public | FieldAttributes.Static | FieldAttributes.InitOnly);
        _delegateInitializers.Add((field, thunk, delegateType));
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
        if (parameterCount == 1)
        {
            il.Emit(OpCodes.Ldarg_0);
        }
        else if (parameterCount >= 2)
        {
            for (var i = 0; i < parameterCount; i++)
            {
                // Parameter i lives in Rest.Rest…(i / 7 times).Item(i % 7 + 1).
                il.Emit(OpCodes.Ldarga_S, (byte)0);
                var tuple = stateType!;
                for (var level = 0; level < i / 7; level++)
                {
                    var rest = tuple.GetField("Rest")!;
                    il.Emit(OpCodes.Ldflda, rest);
                    tuple = rest.FieldType;
                }

                il.Emit(OpCodes.Ldfld, tuple.GetField($"Item{i % 7 + 1}")!);
            }
        }

        il.Emit(OpCodes.Ldc_I4_0); // a task starts at Wyn call depth 0 (its prologue checks the real stack)
        il.Emit(OpCodes.Call, target);
        if (target.ReturnType != typeof(void))
        {
            if (result is not null)
            {
                il.Emit(OpCodes.Stloc, result);
            }
            else
            {
                il.Emit(OpCodes.Pop);
            }
        }

        il.MarkLabel(skip);

        il.BeginCatchBlock(typeof(Exception));
        il.Emit(OpCodes.Stloc, failure);
        il.Emit(OpCodes.Ldsfld, _stateField);
        il.Emit(OpCodes.Ldloc, failure);
        il.Emit(OpCodes.Callvirt, typeof(WynRunState).GetMethod(nameof(WynRunState.TaskFailed))!);
        if (!fireAndForget)
        {
            il.Emit(OpCodes.Rethrow); // the awaiter sees the same failure
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
}
