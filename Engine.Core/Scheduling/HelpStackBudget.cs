using System.Runtime.CompilerServices;

namespace Wyn.Engine.Scheduling;

/// <summary>
/// How much of a thread's stack an awaiter may already use and still run other work nested above
/// itself (helping). A task run nested gets only the stack left below its helper's frames, so a
/// helper that is itself deep in a recursion (a task 60,000 calls deep awaiting a spawn) must not
/// take a task that recurses as deep again: that task would overflow a stack that a fresh thread
/// would have had room for. Past the budget the awaiter blocks instead, with compensation, and
/// another thread runs the work with a whole stack.
/// </summary>
/// <remarks>
/// The budget is counted from the thread's base, the stack address its scheduler recorded where the
/// thread starts running tasks (<see cref="MarkBase"/>); a thread no scheduler marked (a program's
/// main thread, a user's thread) is marked at its first wait, which undercounts what it uses below
/// that point but never blocks it more than before. <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/>,
/// which guarantees only 64–128 KB, stays the last check.
/// </remarks>
internal static class HelpStackBudget
{
    /// <summary>Stack an awaiter may use (from its thread's base) and still help: small against the 16 MB worker stacks.</summary>
    public const int Bytes = 1024 * 1024;

    [ThreadStatic] private static nint t_base;

    /// <summary>Records the current stack position as this thread's base. Called by a worker at the top of its loop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MarkBase() => t_base = Here();

    /// <summary>True while this thread has used less than <see cref="Bytes"/> of stack since its base (and the runtime agrees there is room).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool HasRoomToHelp()
    {
        nint here = Here();
        if (t_base == 0)
            t_base = here;
        // Stacks grow down on every platform .NET runs on; a position above the base (a thread whose
        // marked loop returned and that waits from a shallower frame) counts as unused.
        return t_base - here < Bytes && RuntimeHelpers.TryEnsureSufficientExecutionStack();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint Here()
    {
        byte marker = 0;
        return Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref marker);
    }
}
