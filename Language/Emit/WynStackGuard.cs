using System.ComponentModel;
using System.Runtime.CompilerServices;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// Called from function prologues every 16 levels of Wyn calls (more often for big functions: Emitter.StackCheckMaskFor). Two limits: the real stack (a task may
/// run nested inside another task's frames while it helps an await, on a worker stack we do not size),
/// and a fixed depth. The fixed depth matters even with a huge stack: unwinding a panic through
/// frames takes the runtime ~2 µs each, so runaway recursion is stopped after a million levels
/// (about 2 s on main's 256 MB stack) rather than at the end of the stack. Public only because
/// generated code calls it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WynStackGuard
{
    /// <summary>
    /// Deepest Wyn recursion allowed within one task (or main): deep enough for finite recursions a
    /// Go or Rust programmer would write (a million levels, program 286), shallow enough that an
    /// unbounded one is reported within seconds. It was 100,000 until session 14.
    /// </summary>
    public const int MaximumDepth = 1_000_000;

    /// <summary>
    /// How much deeper than its spawner a spawned task with a future starts. A spawn whose spawner
    /// awaits it nests like a call, but each level holds a helping worker's frames or a whole blocked
    /// thread, so it counts as many calls: a chain of spawns that await each other may be
    /// <see cref="MaximumDepth"/> / 40 = 25,000 deep, and one that never ends panics <c>stack overflow</c>
    /// before the engine runs out of the threads it may add (about 50,000 levels at the default
    /// <c>MaxBlockingCompensation</c> of 1,024; docs/language.md, "Stack overflow").
    /// </summary>
    public const int SpawnDepth = 40;

    public static void Check(int depth, int line)
    {
        if (depth > MaximumDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WynPanicException("stack overflow", line);
        }
    }
}
