using System.Runtime.CompilerServices;
using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using Wyn.Language.Binding;
using Wyn.Language.Lowering;
using Wyn.Language.Runtime;
using Wyn.Language.Syntax;

namespace Wyn.Language.Emit;

/// <summary>
/// Emits the lowered, bound program as real IL into an in-memory assembly (collectible on request): one static
/// method per Wyn function (int → long, direct calls, no boxing), globals as static fields, and for
/// each spawned function a static thunk plus a delegate cached in a static field, so a spawn
/// allocates no closure. Every Wyn method takes a hidden <c>depth</c> argument; every 16 levels (more often for big functions) the
/// prologue checks the stack (<see cref="WynStackGuard"/>), so unbounded recursion is a
/// <c>stack overflow</c> panic instead of a crash, at the price of one mask-and-branch per call.
/// </summary>
internal sealed partial class Emitter
{
    private const int StackCheckMask = 15;

    /// <summary>
    /// Stack a function's frames may take between two checks: well inside the margin the check keeps
    /// (RuntimeHelpers.TryEnsureSufficientExecutionStack: 128 KB on 64-bit).
    /// </summary>
    private const int StackBytesBetweenChecks = 32 * 1024;

    /// <summary>An upper bound on a frame's bytes per character of its function's source (locals and the JIT's temporaries).</summary>
    private const int FrameBytesPerSourceChar = 4;

    /// <summary>
    /// The prologue's check interval, as a mask of the depth: every 16 levels for a function of up to
    /// ~500 characters, every level from ~8,000. A function with thousands of live locals has a frame
    /// of ~20 KB, and 16 of them overshot the check's margin: the host died of a .NET stack overflow
    /// (sweep 9), where WYN-CORE §6 wants the `stack overflow` panic.
    /// </summary>
    private static int StackCheckMaskFor(int sourceLength)
    {
        long frame = 512 + ((long)FrameBytesPerSourceChar * sourceLength);
        long levels = Math.Clamp(StackBytesBetweenChecks / frame, 1, StackCheckMask + 1);
        return (int)(BitOperations.RoundUpToPowerOf2((ulong)levels + 1) >> 1) - 1;   // the largest power of two ≤ levels, minus one
    }

    private static int s_assemblyCounter;

    private readonly SourceText _source;
    private readonly TypeBuilder _type;
    private readonly FieldBuilder _contextField;
    private readonly FieldBuilder _stateField;
    private readonly Dictionary<VariableSymbol, FieldBuilder> _globals = [];
    private readonly Dictionary<FunctionSymbol, MethodBuilder> _methods = [];

    // Resumable versions (decision 0013): for functions that use channels, when the runtime can run them.
    private readonly bool _suspendingTasks;
    private readonly Dictionary<FunctionSymbol, MethodBuilder> _resumableMethods = [];
    private bool _emittingResumable;
    private readonly Dictionary<FunctionSymbol, FieldBuilder> _resumableStarts = [];
    private readonly Dictionary<(FunctionSymbol, bool), FieldBuilder> _spawnDelegates = [];
    // Each spawn delegate's field, its thunk, the delegate type, and an optional static method the delegate is passed through once.
    private readonly List<(FieldBuilder Field, MethodBuilder Thunk, Type DelegateType, MethodInfo? Adapter)> _delegateInitializers = [];
    private readonly HashSet<(Type State, Type Result)> _pushSpawnShapes = [];

    // Per-method state.
    private ILGenerator _il = null!;
    private Dictionary<VariableSymbol, LocalBuilder> _locals = [];
    private Dictionary<VariableSymbol, int> _parameters = [];
    private int _depthArgument;
    private bool _isEntry;
    private Type _returnType = typeof(void);
    private readonly Stack<(Label Break, Label Continue)> _loops = new();

    private Emitter(SourceText source, bool collectible, bool suspendingTasks)
    {
        _source = source;
        _suspendingTasks = suspendingTasks;
        var id = Interlocked.Increment(ref s_assemblyCounter);
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"WynProgram{id}"), collectible ? AssemblyBuilderAccess.RunAndCollect : AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule($"WynProgram{id}");
        _type = module.DefineType("WynProgram", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);
        _contextField = _type.DefineField("Context", typeof(WynContext), FieldAttributes.Public | FieldAttributes.Static);
        _stateField = _type.DefineField("State", typeof(WynRunState), FieldAttributes.Public | FieldAttributes.Static);
    }

    /// <summary>The emitted program: its type, the entry method and the fields the runner sets.</summary>
    /// <param name="Spawns">Whether the program contains a <c>spawn</c> (if not, the runtime's spawn path needs no warm-up).</param>
    /// <param name="PushSpawnShapes">The state and result types of its <c>futs.push(spawn f(...))</c> sites (WynRunState.PushSpawn), for the warm-up.</param>
    public sealed record EmittedProgram(
        Type Type, Func<int> Entry, FieldInfo ContextField, FieldInfo StateField, bool Spawns, IReadOnlyList<(Type State, Type Result)> PushSpawnShapes);

    public static EmittedProgram Emit(BoundProgram program, SourceText source, bool collectible, bool suspendingTasks = true)
    {
        if (suspendingTasks && RuntimeAsync.IsAvailable)
        {
            try
            {
                return new Emitter(source, collectible, suspendingTasks: true).EmitProgram(program);
            }
            catch (Exception error) when (error is InvalidProgramException or NotSupportedException or TypeLoadException)
            {
                // The runtime refused a resumable method (a preview feature in .NET 10): the blocking
                // version of the program is always correct.
            }
        }

        return new Emitter(source, collectible, suspendingTasks: false).EmitProgram(program);
    }

    /// <summary>
    /// Wyn functions and spawn thunks are compiled fully optimised on their first call instead of
    /// starting in tier-0 code: a Wyn program is usually one short burst (a benchmark, a script), and
    /// on tiered compilation its hot loops ran several times slower until the background compiler
    /// caught up (W3 at 100K through wyn-host: 3× the C# API's time), while the host itself keeps
    /// tiering for its start-up. Measured in docs/language.md.
    /// </summary>
    internal const MethodImplAttributes WynMethodFlags = MethodImplAttributes.IL | MethodImplAttributes.Managed | MethodImplAttributes.AggressiveOptimization;

    /// <summary>Globals one program may have: the runtime allows 65,535 fields in a type, and the program's type has a few of its own.</summary>
    internal const int MaximumGlobals = 65_000;

    /// <summary>Named locals one function may have: the runtime allows 65,535 locals in a method, and the emitter adds temporaries.</summary>
    internal const int MaximumLocals = 65_000;

    /// <summary>
    /// Where a program's last string constant may start in the runtime's user-string heap (UTF-16,
    /// each with a few bytes of header), whose offsets are 24 bits (16,777,215): a single constant of
    /// ten million characters works, two thousand of five thousand do not (sweep 9).
    /// </summary>
    internal const long MaximumStringHeapOffset = 16_000_000;

    private long _stringHeapBytes;

    private EmittedProgram EmitProgram(BoundProgram program)
    {
        if (program.Globals.Count > MaximumGlobals)
        {
            throw new WynLimitException(program.Globals[MaximumGlobals].Declaration,
                $"too many global variables: a program may have at most {MaximumGlobals:N0} (a limit of the .NET runtime)");
        }

        foreach (var global in program.Globals)
        {
            _globals[global] = _type.DefineField($"g_{global.Name}_{_globals.Count}", ClrTypes.Of(global.Type), FieldAttributes.Public | FieldAttributes.Static);
        }

        foreach (var function in program.Functions)
        {
            var parameterTypes = function.Symbol.Parameters.Select(p => ClrTypes.Of(p.Type)).Append(typeof(int)).ToArray();
            var method = _type.DefineMethod(
                $"wyn_{function.Symbol.Name}",
                MethodAttributes.Public | MethodAttributes.Static,
                ClrTypes.ReturnOf(function.Symbol.ReturnType!),
                parameterTypes);
            method.SetImplementationFlags(WynMethodFlags);
            _methods[function.Symbol] = method;
        }

        if (_suspendingTasks)
        {
            foreach (var function in SuspendingFunctions.Find(program))
            {
                var returnType = ClrTypes.ReturnOf(function.ReturnType!);
                var resumable = _type.DefineMethod(
                    $"wyn_resumable_{function.Name}",
                    MethodAttributes.Public | MethodAttributes.Static,
                    returnType == typeof(void) ? typeof(ValueTask) : typeof(ValueTask<>).MakeGenericType(returnType),
                    function.Parameters.Select(p => ClrTypes.Of(p.Type)).Append(typeof(int)).ToArray());
                resumable.SetImplementationFlags(WynMethodFlags | RuntimeAsync.AsyncFlag);
                _resumableMethods[function] = resumable;
            }
        }

        foreach (var function in program.Functions)
        {
            EmitFunction(function, _methods[function.Symbol], ClrTypes.ReturnOf(function.Symbol.ReturnType!), resumable: false);
            if (_resumableMethods.TryGetValue(function.Symbol, out var resumable))
            {
                EmitFunction(function, resumable, ClrTypes.ReturnOf(function.Symbol.ReturnType!), resumable: true);
            }
        }

        var entry = _type.DefineMethod("Entry", MethodAttributes.Public | MethodAttributes.Static, typeof(int), Type.EmptyTypes);
        EmitEntry(entry, program);
        EmitTypeInitializer();

        var created = _type.CreateType();
        PrepareAll(created);
        var entryDelegate = created.GetMethod("Entry")!.CreateDelegate<Func<int>>();
        // Every spawn, with a future or not, goes through a spawn delegate (SpawnDelegate).
        return new EmittedProgram(created, entryDelegate, created.GetField("Context")!, created.GetField("State")!,
            Spawns: _spawnDelegates.Count > 0, PushSpawnShapes: [.. _pushSpawnShapes]);
    }

    /// <summary>
    /// JIT-compiles every emitted method now, as part of compiling the program, rather than on its
    /// first call while the program runs. A Wyn program is compiled before it runs; without this, the
    /// first spawn of each function paid for the JIT of its spawn thunk inside the program's own
    /// timing (about a millisecond each), which is compile work, not run time.
    /// </summary>
    private static void PrepareAll(Type created)
    {
        foreach (var method in created.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (!method.ContainsGenericParameters)
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }
    }

    private void BeginMethod(ILGenerator il, IEnumerable<VariableSymbol> parameters, int depthArgument, Type returnType, bool isEntry)
    {
        _il = il;
        _locals = [];
        _parameters = [];
        var index = 0;
        foreach (var parameter in parameters)
        {
            _parameters[parameter] = index++;
        }

        _depthArgument = depthArgument;
        _returnType = returnType;
        _isEntry = isEntry;
        _loops.Clear();
        _appendedStrings.Clear();
    }

    /// <summary>
    /// Emits <paramref name="function"/> into <paramref name="method"/>: its plain version, or
    /// (<paramref name="resumable"/>) the version the runtime may suspend, whose IL is the same but for
    /// channel operations and calls of other resumable functions, which it awaits (decision 0013). A
    /// resumable method returns its value unwrapped: the runtime wraps it in the ValueTask.
    /// </summary>
    private void EmitFunction(BoundFunction function, MethodBuilder method, Type returnType, bool resumable)
    {
        var il = method.GetILGenerator();
        BeginMethod(il, function.Symbol.Parameters, function.Symbol.Parameters.Count, returnType, isEntry: false);
        _emittingResumable = resumable;

        // Prologue: check the real stack every 16 levels of Wyn calls, or more often for a big function.
        var skip = il.DefineLabel();
        int mask = StackCheckMaskFor(function.Symbol.Declaration?.Span.Length ?? 0);
        if (mask != 0)
        {
            il.Emit(OpCodes.Ldarg, _depthArgument);
            il.Emit(OpCodes.Ldc_I4, mask);
            il.Emit(OpCodes.And);
            il.Emit(OpCodes.Brtrue, skip);
        }

        il.Emit(OpCodes.Ldarg, _depthArgument);
        il.Emit(OpCodes.Ldc_I4, LineOf(function.Symbol.Declaration?.NameSpan ?? default));
        il.Emit(OpCodes.Call, RuntimeMethods.StackGuard);
        il.MarkLabel(skip);

        var body = WithStringAppends(Lowerer.Lower(function.Body));
        EmitStatement(body);

        // Falling off the end: only reachable for functions without a value (the binder proved the rest).
        if (returnType == typeof(void))
        {
            il.Emit(OpCodes.Ret);
        }
        else
        {
            EmitDefault(returnType);
            il.Emit(OpCodes.Ret);
        }

        _emittingResumable = false;
    }

    /// <summary>Awaits the ValueTask on the stack inside a resumable method, leaving its value (if any).</summary>
    private void EmitAwaitValueTask(Type valueType)
    {
        _il.Emit(OpCodes.Call, valueType == typeof(void) ? RuntimeAsync.AwaitValueTask : RuntimeAsync.AwaitValueTaskOfT.MakeGenericMethod(valueType));
    }

    /// <summary>
    /// Entry(): runs the global initializers / script statements in source order, then main, and
    /// returns the exit code (main's value, or 0).
    /// </summary>
    private void EmitEntry(MethodBuilder entry, BoundProgram program)
    {
        var il = entry.GetILGenerator();
        BeginMethod(il, [], -1, typeof(int), isEntry: true);
        EmitGlobalZeroValues(program);
        _entryOwnedGlobals = GlobalsOnlyTheEntryNames(program);
        EmitStatement(WithStringAppends(Lowerer.Lower(program.Initialization)));
        if (program.Main is { } main)
        {
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Call, _methods[main]);
            if (_methods[main].ReturnType == typeof(long))
            {
                il.Emit(OpCodes.Conv_I4);
                il.Emit(OpCodes.Ret);
                return;
            }
        }

        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>
    /// A function may read a global before the global's declaration has run (a script calls
    /// <c>f()</c> above <c>var s = "abc"</c>, or one global's initializer calls a function that
    /// reads a later one). Value-typed globals then read as their zero value (0, 0.0, false); string
    /// and array globals would read as a CLR null and crash the host, so they start as <c>""</c> and
    /// an empty array, the same "zero value before the declaration" rule (docs/language.md).
    /// </summary>
    private void EmitGlobalZeroValues(BoundProgram program)
    {
        foreach (var global in program.Globals)
        {
            var field = _globals[global];
            if (field.FieldType == typeof(string))
            {
                _il.Emit(OpCodes.Ldstr, string.Empty);
            }
            else if (field.FieldType.IsGenericType
                     && (field.FieldType.GetGenericTypeDefinition() == typeof(WynArray<>) || ClrTypes.IsFutureArray(field.FieldType)))
            {
                _il.Emit(OpCodes.Newobj, field.FieldType.GetConstructor(Type.EmptyTypes)!);
            }
            else
            {
                continue;
            }

            _il.Emit(OpCodes.Stsfld, field);
        }
    }

    private void EmitTypeInitializer()
    {
        if (_delegateInitializers.Count == 0)
        {
            return;
        }

        var il = _type.DefineTypeInitializer().GetILGenerator();
        foreach (var (field, thunk, delegateType, adapter) in _delegateInitializers)
        {
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldftn, thunk);
            il.Emit(OpCodes.Newobj, delegateType.GetConstructor([typeof(object), typeof(IntPtr)])!);
            if (adapter is not null)
            {
                il.Emit(OpCodes.Call, adapter);
            }

            il.Emit(OpCodes.Stsfld, field);
        }

        il.Emit(OpCodes.Ret);
    }

    // ---- small helpers -----------------------------------------------------------------------

    private int LineOf(TextSpan span) => _source.GetLineNumber(Math.Clamp(span.Start, 0, _source.Text.Length));

    private void EmitLine(TextSpan span) => _il.Emit(OpCodes.Ldc_I4, LineOf(span));

    private void EmitContext() => _il.Emit(OpCodes.Ldsfld, _contextField);

    private void EmitDepthPlusOne()
    {
        if (_depthArgument < 0)
        {
            _il.Emit(OpCodes.Ldc_I4_1);
            return;
        }

        _il.Emit(OpCodes.Ldarg, _depthArgument);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Add);
    }

    private void EmitDefault(Type type)
    {
        if (type == typeof(long))
        {
            _il.Emit(OpCodes.Ldc_I8, 0L);
        }
        else if (type == typeof(double))
        {
            _il.Emit(OpCodes.Ldc_R8, 0.0);
        }
        else if (type == typeof(bool) || type == typeof(int))
        {
            _il.Emit(OpCodes.Ldc_I4_0);
        }
        else if (!type.IsValueType)
        {
            _il.Emit(OpCodes.Ldnull);
        }
        else
        {
            var temporary = _il.DeclareLocal(type);
            _il.Emit(OpCodes.Ldloca, temporary);
            _il.Emit(OpCodes.Initobj, type);
            _il.Emit(OpCodes.Ldloc, temporary);
        }
    }

    private LocalBuilder LocalFor(VariableSymbol variable)
    {
        if (!_locals.TryGetValue(variable, out var local))
        {
            if (_locals.Count >= MaximumLocals)
            {
                throw new WynLimitException(variable.Declaration,
                    $"too many local variables in one function: at most {MaximumLocals:N0} (a limit of the .NET runtime; locals of separate blocks count apart)");
            }

            local = _il.DeclareLocal(_appendedStrings.Contains(variable) ? typeof(StringAppender) : ClrTypes.Of(variable.Type));
            _locals[variable] = local;
        }

        return local;
    }

    private void EmitLoadVariable(VariableSymbol variable)
    {
        if (TryEmitLoadAppended(variable))
        {
            return;
        }

        if (_parameters.TryGetValue(variable, out var index))
        {
            _il.Emit(OpCodes.Ldarg, index);
        }
        else if (_globals.TryGetValue(variable, out var field))
        {
            _il.Emit(OpCodes.Ldsfld, field);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, LocalFor(variable));
        }
    }

    private void EmitStoreVariable(VariableSymbol variable)
    {
        if (TryEmitStoreAppended(variable))
        {
            return;
        }

        if (_parameters.TryGetValue(variable, out var index))
        {
            _il.Emit(OpCodes.Starg, index);
        }
        else if (_globals.TryGetValue(variable, out var field))
        {
            _il.Emit(OpCodes.Stsfld, field);
        }
        else
        {
            _il.Emit(OpCodes.Stloc, LocalFor(variable));
        }
    }

    private bool IsGlobal(VariableSymbol variable) => !_parameters.ContainsKey(variable) && _globals.ContainsKey(variable);

    private void EmitVariableAddress(VariableSymbol variable)
    {
        if (_appendedStrings.Contains(variable))
        {
            throw new InvalidOperationException($"the address of string variable '{variable.Name}' was taken");
        }

        if (_parameters.TryGetValue(variable, out var index))
        {
            _il.Emit(OpCodes.Ldarga, index);
        }
        else if (_globals.TryGetValue(variable, out var field))
        {
            _il.Emit(OpCodes.Ldsflda, field);
        }
        else
        {
            _il.Emit(OpCodes.Ldloca, LocalFor(variable));
        }
    }
}
