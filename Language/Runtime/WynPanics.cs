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
    /// <remarks>
    /// <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/> is too slow to run on every call
    /// (it roughly tripled the time of a recursive fib). So each thread remembers the lowest stack
    /// address already validated by it (minus a margin well inside the 64+ KB it guarantees), and the
    /// common case is one thread-static read, a subtraction and a compare; the full check runs only
    /// when the stack grows below the validated region, i.e. about once per <see cref="ValidationStep"/>
    /// bytes of new depth.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckStack(int line)
    {
        byte marker = 0;
        nint here = Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref marker);
        // here >= limit (validated) makes the difference small and non-negative; a deeper frame makes it
        // negative, and an unset limit (0) makes it the full address — both are huge as unsigned.
        if ((nuint)(here - t_validatedLimit) > MaxStackSpan)
        {
            ValidateStack(here, line);
        }
    }

    /// <summary>Bytes of new depth validated by one full check (well under its 64 KB guarantee).</summary>
    private const int ValidationStep = 16 * 1024;

    /// <summary>No thread stack is this large, so a larger distance means "not validated".</summary>
    private const ulong MaxStackSpan = 1UL << 32;

    [ThreadStatic] private static nint t_validatedLimit;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ValidateStack(nint here, int line)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WynPanicException("stack overflow", line);
        }

        nint limit = here - ValidationStep;
        if (t_validatedLimit == 0 || limit < t_validatedLimit)
        {
            t_validatedLimit = limit;
        }
    }
}
