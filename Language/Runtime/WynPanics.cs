using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Wyn.Language.Runtime;

/// <summary><c>panic(msg)</c>, <c>assert_eq(a, b)</c> and the stack-depth guard of function prologues.</summary>
public static class WynPanics
{
    [DoesNotReturn]
    public static void Panic(string message, int line) => throw new WynPanicException(message, line);

    public static void AssertEq<T>(T left, T right, int line)
    {
        if (!WynEquality.AreEqual(left, right))
        {
            var text = new StringBuilder("assertion failed: ");
            WynFormat.AppendElement(text, left);
            text.Append(" != ");
            WynFormat.AppendElement(text, right);
            throw new WynPanicException(text.ToString(), line);
        }
    }

    /// <summary>
    /// Called in every Wyn function prologue: unbounded recursion becomes the Wyn panic
    /// "stack overflow" while enough stack is left to unwind, instead of killing the host process.
    /// </summary>
    public static void CheckStack(int line)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WynPanicException("stack overflow", line);
        }
    }
}
