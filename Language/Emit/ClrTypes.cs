using Wyn.Engine;
using Wyn.Language.Binding;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>Maps Wyn types to the CLR types generated code uses (int = long, [T] = WynArray&lt;T&gt;, …).</summary>
internal static class ClrTypes
{
    /// <summary>The CLR type of a value; <see cref="WynType.Void"/> maps to <see cref="Unit"/> (for futures of calls without value).</summary>
    public static Type Of(WynType type)
    {
        type = type.Resolve();
        if (type == WynType.Int)
        {
            return typeof(long);
        }

        if (type == WynType.Float)
        {
            return typeof(double);
        }

        if (type == WynType.Bool)
        {
            return typeof(bool);
        }

        if (type == WynType.String)
        {
            return typeof(string);
        }

        if (type == WynType.Void)
        {
            return typeof(Unit);
        }

        return type switch
        {
            ArrayType array => typeof(WynArray<>).MakeGenericType(Of(array.Element ?? WynType.Int)),
            FutureType future => typeof(WynFuture<>).MakeGenericType(Of(future.Result)),
            _ => throw new InvalidOperationException($"type {type} reached the emitter"),
        };
    }

    /// <summary>The CLR return type of a function: void for functions without a value.</summary>
    public static Type ReturnOf(WynType type) => type.Resolve() == WynType.Void ? typeof(void) : Of(type);
}
