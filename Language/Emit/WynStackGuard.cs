using System.ComponentModel;
using System.Runtime.CompilerServices;
using Wyn.Language.Runtime;

namespace Wyn.Language.Emit;

/// <summary>
/// Called from function prologues every 16 levels of Wyn calls. Two limits: the real stack (a task may
/// run nested inside another task's frames while it helps an await, on a worker stack we do not size),
/// and a fixed depth. The fixed depth matters even with a huge stack: unwinding a panic through
/// millions of frames takes the runtime seconds, so runaway recursion is stopped early and cheaply.
/// Public only because generated code calls it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WynStackGuard
{
    /// <summary>Deepest Wyn recursion allowed within one task (or main).</summary>
    public const int MaximumDepth = 100_000;

    /// <summary>
    /// How much deeper than its spawner a spawned task with a future starts. A spawn whose spawner
    /// awaits it nests like a call, but each level holds a helping worker's frames or a whole blocked
    /// thread, so it counts as several calls: a chain of spawns that await each other may be
    /// <see cref="MaximumDepth"/> / 4 = 25,000 deep, and one that never ends panics <c>stack overflow</c>
    /// before the engine runs out of the threads it may add (about 50,000 levels at the default
    /// <c>MaxBlockingCompensation</c> of 1,024; docs/language.md, "Stack overflow").
    /// </summary>
    public const int SpawnDepth = 4;

    public static void Check(int depth, int line)
    {
        if (depth > MaximumDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new WynPanicException("stack overflow", line);
        }
    }
}
