using System.Reflection;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>The runtime helpers generated code calls, looked up once by exact signature.</summary>
internal static class RuntimeMethods
{
    public static MethodInfo Get(Type owner, string name, params Type[] parameters) =>
        owner.GetMethod(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance, parameters)
        ?? throw new InvalidOperationException($"runtime method {owner.Name}.{name} not found");

    /// <summary>A generic static method by name and generic arity (the runtime has one of each).</summary>
    public static MethodInfo Generic(Type owner, string name, params Type[] typeArguments) =>
        owner.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == typeArguments.Length)
            .MakeGenericMethod(typeArguments);

    private static readonly Type Context = typeof(WynContext);

    public static readonly MethodInfo StackGuard = Get(typeof(WynStackGuard), nameof(WynStackGuard.Check), typeof(int), typeof(int));
    public static readonly MethodInfo Panic = Get(typeof(WynPanics), nameof(WynPanics.Panic), typeof(string), typeof(int));
    public static readonly MethodInfo Div = Get(typeof(WynInt), nameof(WynInt.Div), typeof(long), typeof(long), typeof(int));
    public static readonly MethodInfo Mod = Get(typeof(WynInt), nameof(WynInt.Mod), typeof(long), typeof(long), typeof(int));

    public static readonly MethodInfo FormatInt = Get(typeof(WynFormat), nameof(WynFormat.Int), typeof(long));
    public static readonly MethodInfo FormatFloat = Get(typeof(WynFormat), nameof(WynFormat.Float), typeof(double));
    public static readonly MethodInfo FormatBool = Get(typeof(WynFormat), nameof(WynFormat.Bool), typeof(bool));

    public static readonly MethodInfo Println = Get(typeof(WynConsole), nameof(WynConsole.Println), Context, typeof(string));
    public static readonly MethodInfo Print = Get(typeof(WynConsole), nameof(WynConsole.Print), Context, typeof(string[]), typeof(string), typeof(string));

    public static readonly MethodInfo StringLength = Get(typeof(WynStrings), nameof(WynStrings.Len), typeof(string));
    public static readonly MethodInfo StringAt = Get(typeof(WynStrings), nameof(WynStrings.At), typeof(string), typeof(long), typeof(int));
    public static readonly MethodInfo Concat = Get(typeof(string), nameof(string.Concat), typeof(string), typeof(string));
    public static readonly MethodInfo ConcatMany = Get(typeof(string), nameof(string.Concat), typeof(string[]));
    public static readonly MethodInfo Repeat = Get(typeof(WynStrings), nameof(WynStrings.Repeat), typeof(string), typeof(long), typeof(int));
    public static readonly MethodInfo StringCompare = Get(typeof(WynStrings), nameof(WynStrings.Compare), typeof(string), typeof(string));
    public static readonly MethodInfo StringEqual = Get(typeof(WynStrings), nameof(WynStrings.Equal), typeof(string), typeof(string));
}
