namespace Wyn.Language.Runtime;

/// <summary>
/// One failure of a Wyn program (a panic, a deadlock) travels to many places: up every level of a
/// chain of tasks that await each other, and into every wait that <see cref="WynContext.Fail"/>
/// wakes. Rethrowing the same exception object each time made .NET append each level's frames to
/// its one stack trace, copying the whole trace every time: unwinding a chain of a few thousand
/// levels took minutes at full CPU, and a thousand woken threads rethrowing one object at once
/// starved the process so that it did not exit after its report (docs/guarantees.md, "Known defects
/// (fixed)"). So the runtime throws a fresh copy of a Wyn failure wherever it passes it on: the same
/// type, message and line, with the first exception (and its stack) as the inner exception, and a
/// stack trace of its own that covers one level only. The program's report is unchanged: it is
/// made from the first failure recorded (<see cref="WynContext.Failure"/>).
/// </summary>
internal static class WynFailures
{
    /// <summary>A fresh copy of <paramref name="failure"/> if it is a Wyn panic or deadlock, else itself (for a future that fails with it).</summary>
    public static Exception Copy(Exception failure) => failure switch
    {
        WynPanicException panic => panic.Rethrown(),
        WynDeadlockException deadlock => deadlock.Rethrown(),
        _ => failure,
    };

    /// <summary>Throws a fresh copy of <paramref name="failure"/> if it is a Wyn panic or deadlock; returns otherwise.</summary>
    public static void ThrowCopy(Exception failure)
    {
        switch (failure)
        {
            case WynPanicException panic:
                throw panic.Rethrown();
            case WynDeadlockException deadlock:
                throw deadlock.Rethrown();
        }
    }
}
