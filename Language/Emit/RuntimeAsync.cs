using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Wyn.Language.Emit;

/// <summary>
/// Whether this process can run methods the JIT suspends and resumes itself (.NET 10's "runtime
/// async": a method flagged <see cref="AsyncFlag"/> that calls <c>AsyncHelpers.Await</c> on a
/// <see cref="ValueTask"/> is turned into a resumable method by the runtime, its locals and
/// evaluation stack saved on suspension). In .NET 10 the feature is a preview that the process must
/// enable at start with <c>DOTNET_RuntimeAsync=1</c> (the <c>wyn-host</c> script and the test settings
/// set it); without it a type holding such a method fails to load, so the compiler asks here first
/// and otherwise emits only blocking code (decision 0013).
/// </summary>
internal static class RuntimeAsync
{
    /// <summary><c>MethodImplAttributes.Async</c> (0x2000), not yet named in the public enum of .NET 10.</summary>
    public const MethodImplAttributes AsyncFlag = (MethodImplAttributes)0x2000;

    private static readonly Lazy<bool> s_available = new(Probe);

    /// <summary>True when the runtime loads and runs async-flagged methods (probed once per process).</summary>
    public static bool IsAvailable => s_available.Value;

#pragma warning disable SYSLIB5007   // AsyncHelpers is "for evaluation purposes" in .NET 10: see the type's summary.
    /// <summary><c>T AsyncHelpers.Await&lt;T&gt;(ValueTask&lt;T&gt;)</c>, open.</summary>
    public static readonly MethodInfo AwaitValueTaskOfT = typeof(AsyncHelpers).GetMethods()
        .Single(m => m.Name == nameof(AsyncHelpers.Await) && m.IsGenericMethodDefinition
                     && m.GetParameters()[0].ParameterType.IsGenericType
                     && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(ValueTask<>));

    /// <summary><c>void AsyncHelpers.Await(ValueTask)</c>.</summary>
    public static readonly MethodInfo AwaitValueTask = typeof(AsyncHelpers).GetMethod(nameof(AsyncHelpers.Await), [typeof(ValueTask)])!;
#pragma warning restore SYSLIB5007

    private static bool Probe()
    {
        try
        {
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("WynRuntimeAsyncProbe"), AssemblyBuilderAccess.RunAndCollect);
            var type = assembly.DefineDynamicModule("WynRuntimeAsyncProbe")
                .DefineType("Probe", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            var method = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, typeof(ValueTask<long>), [typeof(ValueTask<long>)]);
            method.SetImplementationFlags(MethodImplAttributes.IL | MethodImplAttributes.Managed | AsyncFlag);
            var il = method.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, AwaitValueTaskOfT.MakeGenericMethod(typeof(long)));
            il.Emit(OpCodes.Ldc_I8, 1L);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ret);
            var run = type.CreateType().GetMethod("Run")!.CreateDelegate<Func<ValueTask<long>, ValueTask<long>>>();
            ValueTask<long> result = run(new ValueTask<long>(41));
            return result.IsCompletedSuccessfully && result.Result == 42;
        }
        catch (Exception error) when (error is TypeLoadException or InvalidProgramException or NotSupportedException or BadImageFormatException)
        {
            return false;
        }
    }
}
