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
            // Arrays of futures keep 8-byte handles instead of whole WynFutures (see WynFutureArray).
            ArrayType { Element: { } element } when element.Resolve() is FutureType future => typeof(WynFutureArray<>).MakeGenericType(Of(future.Result)),
            ArrayType array => typeof(WynArray<>).MakeGenericType(Of(array.Element ?? WynType.Int)),
            FutureType future => typeof(WynFuture<>).MakeGenericType(Of(future.Result)),
            _ => throw new InvalidOperationException($"type {type} reached the emitter"),
        };
    }

    /// <summary>The CLR type of the elements of an array type made by <see cref="Of"/>: <c>WynFuture&lt;T&gt;</c> for a <c>WynFutureArray&lt;T&gt;</c>.</summary>
    public static Type ElementOf(Type arrayType) =>
        IsFutureArray(arrayType)
            ? typeof(WynFuture<>).MakeGenericType(arrayType.GetGenericArguments()[0])
            : arrayType.GetGenericArguments()[0];

    public static bool IsFutureArray(Type arrayType) =>
        arrayType.IsGenericType && arrayType.GetGenericTypeDefinition() == typeof(WynFutureArray<>);

    /// <summary>The CLR return type of a function: void for functions without a value.</summary>
    public static Type ReturnOf(WynType type) => type.Resolve() == WynType.Void ? typeof(void) : Of(type);
}
